/*
 * devices.h - devices owned by apps (devtable.h, docs/drivers.md). An
 * app that declares `devices = ["hwrng"]` may open those rows, and only
 * those; the supervisor opens the node itself, checks that it is what
 * the table says, and hands the app a descriptor (stream.h). One app
 * owns a device at a time: the first to open it, for the rest of its
 * run. The RTC's controls (read, set, set the system clock) are calls
 * here with checked values, never a raw ioctl.
 */
#ifndef VYOMA_DEVICES_H
#define VYOMA_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devtable.h"

struct app;

/* How an app opens a device: one direction per descriptor. */
#define DEVICES_OPEN_READ 1u
#define DEVICES_OPEN_WRITE 2u

/* The RTC's controls (devices_rtc). */
enum rtc_op { RTC_OP_READ, RTC_OP_SET, RTC_OP_TO_SYSTEM, RTC_OP_COUNT };

/* A calendar time, UTC, as the app gives and gets it. */
struct rtc_fields {
	int32_t year, month, day, hour, minute, second;
};

/*
 * --device NAME=PATH (a developer's machine and the tests): the row NAME
 * is opened at PATH instead, with only its type checked loosely (any
 * character device, FIFO or regular file; no grab). -1 on a bad spec.
 */
int devices_override(const char *spec);

/* Whether RTC_OP_TO_SYSTEM may set the machine's clock (PID 1 only). */
void devices_allow_clock(bool allow);

/*
 * Opens row `device` for app, claiming it. Returns a host descriptor, or
 * a negative WASI errno: NOTCAPABLE (not in its grant), ACCES (not that
 * direction), BUSY (another app owns it, said in the log), NOENT (no
 * such device on this machine), NODEV (the node is not what the table
 * says).
 */
int devices_open(struct app *app, unsigned device, unsigned how);

/* The run of app is over: every device it owned is free. */
void devices_release(struct app *app);

/*
 * An RTC control on a descriptor of row rtc0: fields are read into *t,
 * or (RTC_OP_SET) taken from it after checking that it is a real date
 * from 1970 to 2099. Returns 0 or a WASI errno.
 */
int devices_rtc(int host_fd, enum rtc_op op, struct rtc_fields *t);

/* Is this a date the RTC can hold (1970-2099, a real day)? */
bool devices_rtc_valid(const struct rtc_fields *t);

#endif
