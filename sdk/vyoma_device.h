/*
 * vyoma_device.h - for driver apps: open a device the manifest names and
 * control the real-time clock. The supervisor opens the node itself (the
 * app names a row of the device table, never a path) and gives back an
 * ordinary descriptor: read, write, poll_oneoff and close work on it
 * unchanged. docs/drivers.md has the table and the rules.
 *
 *	[capabilities]
 *	devices = ["hwrng"]
 *
 *	int fd;
 *	int err = vy_device_open("hwrng", VY_DEVICE_READ, &fd);
 *	if (err) ... EACCES/ENOTCAPABLE: not granted; EBUSY: another app
 *	        owns it; ENOENT: this machine has no such device ...
 *	read(fd, buf, 32);
 *
 * Every call returns 0 or an errno value (wasi-libc's numbering).
 * Header-only; an app that calls none of them imports none of them.
 */
#ifndef VYOMA_DEVICE_H
#define VYOMA_DEVICE_H

#include "vyoma.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#define VY_DEVICE_READ 1	/* a descriptor to read (and poll) */
#define VY_DEVICE_WRITE 2	/* a descriptor to write */

/* vy_rtc's operations */
#define VY_RTC_READ 0		/* the RTC's time into *t */
#define VY_RTC_SET 1		/* set the RTC to *t (1970-2099, UTC) */
#define VY_RTC_TO_SYSTEM 2	/* set the system clock from the RTC; *t
				 * gets the time (PID 1 only: EPERM hosted) */

/* A calendar time in UTC. */
struct vy_rtc_time {
	int32_t year, month, day, hour, minute, second;
};

#define VY__DEV(name) __attribute__((import_module("vyoma_device"), \
				     import_name(#name)))

VY__DEV(open) int32_t vy__device_open(const char *name, uint32_t name_len,
				      uint32_t how, int32_t *fd);
VY__DEV(rtc) int32_t vy__rtc(int32_t fd, uint32_t op,
			     struct vy_rtc_time *t);

/* Opens the device `name` (a row of docs/drivers.md) to read or write. */
static inline int vy_device_open(const char *name, unsigned how, int *fd)
{
	int32_t got = -1;
	int rc = vy__device_open(name, (uint32_t)strlen(name), how, &got);

	*fd = got;
	return rc;
}

/* Why a device call failed, in words for the console. */
static inline const char *vy_device_strerror(int err)
{
	switch (err) {
	case ENOENT: return "no such device on this machine";
	case EBUSY: return "another app owns it";
	case EACCES: case ENOTCAPABLE: return "not granted";
	case ENODEV: return "not the device the table names";
	case ENOTSUP: return "not supported by this device";
	case EPERM: return "not permitted";
	case EINVAL: return "invalid argument";
	case EAGAIN: return "busy, try again";
	default: return "input/output error";
	}
}

/* One console line: "<what>: <why> (errno <n>)". */
static inline void vy_device_say(const char *what, int err)
{
	vy_log(what);
	vy_log(": ");
	vy_log(vy_device_strerror(err));
	vy_log(" (errno ");
	vy_log_num((uint64_t)err);
	vy_print(")");
}

/*
 * Waits until stdin (bit 1) or the device fd (bit 2; fd < 0: stdin
 * alone) is readable: a driver whose device produces data serves it and
 * its messages from one loop. A failed poll says stdin, whose read then
 * tells.
 */
static inline uint32_t vy_device_wait(int fd)
{
	__wasi_subscription_t sub[2];
	__wasi_event_t evs[2];
	__wasi_size_t n = 0;

	vy_sub_fd(&sub[n++], 0, 0, 0);
	if (fd >= 0)
		vy_sub_fd(&sub[n++], fd, 0, 1);
	return vy_poll_bits(sub, evs, n, 1);
}

/*
 * Serves the messages waiting after vy_device_wait said stdin: the
 * supervisor's notes go to from_supervisor, other apps' requests to
 * request. Another app's error is no request: answering it could start
 * a loop of errors. Returns 0 when the app is told to quit.
 */
static inline int vy_device_serve(void (*from_supervisor)(const char *text),
				  void (*request)(const char *from,
						  const char *text))
{
	struct vy_event ev;
	enum vy_event_type type;

	while ((type = vy_next_event(&ev, 0)) != VY_EV_TIMEOUT) {
		if (type == VY_EV_QUIT)
			return 0;
		if (type != VY_EV_MESSAGE)
			continue;
		if (!strcmp(ev.from, "supervisor"))
			from_supervisor(ev.text);
		else if (strncmp(ev.text, "error ", 6))
			request(ev.from, ev.text);
	}
	return 1;
}

/* An RTC operation on a descriptor of "rtc0" (opened to read). */
static inline int vy_rtc(int fd, unsigned op, struct vy_rtc_time *t)
{
	return vy__rtc(fd, op, t);
}

#endif
