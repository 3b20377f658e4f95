/*
 * power - the driver of the ACPI power button and the power supply. It
 * owns the button's input events (the supervisor's own reader gets none
 * while it does) and reads the battery and mains rows of sysfs.
 *
 * A press of the button (EV_KEY, KEY_POWER, value 1) tells every
 * subscriber "@<subscriber>: event button", then asks the supervisor to
 * shut down ("@supervisor: poweroff", the one shell command it holds).
 *
 * Requests, one answer line each, to the sender by name:
 *
 *	status		status ac=<online|offline|unknown>
 *			battery=<0-100|none>
 *			state=<Charging|Discharging|Full|Not-charging|unknown>
 *	subscribe	ok, then "event button" on each press (VY_SUBS_MAX)
 *	unsubscribe	ok
 *	(other)		error unknown request, want: status, subscribe,
 *			unsubscribe
 *
 * The sysfs rows are read afresh for each status (open, read, close); a
 * row this machine lacks reads as unknown or none. A machine without a
 * power button still gets status: that is said once and it carries on;
 * any other failure to open the button exits 1, so the restart policy
 * tries again, with back-off.
 */
#include "vyoma.h"
#include "vyoma_device.h"
#include "vyoma_subs.h"

#include <errno.h>
#include "vyoma_tiny.h"


/*
 * struct input_event on x86_64: a 16-byte timeval, u16 type, u16 code,
 * s32 value. The guest is little-endian, as the host is.
 */
#define EVENT_SIZE 24
#define EV_KEY 1
#define KEY_POWER 116

static int button = -1;
static uint8_t events[EVENT_SIZE * 8];
static size_t events_len;
static struct vy_subs subs;
static unsigned int told_rows;	/* a row's failure is said once */

static void pressed(void)
{
	/* Subscribers first: they hear of it before the shutdown starts. */
	for (int i = 0; i < subs.n; i++)
		vy_send(subs.name[i], "event button");
	vy_print("power: button pressed, shutting down");
	vy_send("supervisor", "poweroff");
}

/* The records one read brings; a record split across reads is kept. */
static void read_button(void)
{
	ssize_t n = read(button, events + events_len,
			 sizeof(events) - events_len);
	size_t at;

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		/* Unplugged, or a --device file at its end: status goes on. */
		if (n < 0)
			vy_device_say("power: reading the power button", errno);
		else
			vy_print("power: the power button's events ended");
		close(button);
		button = -1;
		return;
	}
	events_len += (size_t)n;
	for (at = 0; at + EVENT_SIZE <= events_len; at += EVENT_SIZE) {
		uint16_t type, code;
		int32_t value;

		memcpy(&type, events + at + 16, 2);
		memcpy(&code, events + at + 18, 2);
		memcpy(&value, events + at + 20, 4);
		if (type == EV_KEY && code == KEY_POWER && value == 1)
			pressed();
	}
	events_len -= at;
	memmove(events, events + at, events_len);
}

/*
 * The sysfs row `name`, read afresh, its trailing newline cut; NULL if
 * it cannot be read (said once, unless the machine just lacks it).
 */
static const char *read_row(unsigned int bit, const char *name, char *buf,
			    size_t cap)
{
	int fd, err = vy_device_open(name, VY_DEVICE_READ, &fd);
	ssize_t n = 0;

	if (!err) {
		n = read(fd, buf, cap - 1);
		err = n < 0 ? errno : 0;
		close(fd);
	}
	if (err) {
		if (err != ENOENT && !(told_rows & bit)) {
			vy_log("power: reading ");
			vy_device_say(name, err);
		}
		told_rows |= bit;
		return NULL;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return buf;
}

static void status(const char *from)
{
	char answer[96], buf[32];
	const char *v;
	int pct = -1;

	strcpy(answer, "status ac=");
	v = read_row(1, "ac", buf, sizeof(buf));
	strcat(answer, !v ? "unknown" : !strcmp(v, "1") ? "online" :
		       !strcmp(v, "0") ? "offline" : "unknown");
	strcat(answer, " battery=");
	v = read_row(2, "battery", buf, sizeof(buf));
	if (v && *v && strlen(v) <= 3) {
		pct = 0;
		for (; *v >= '0' && *v <= '9'; v++)
			pct = pct * 10 + (*v - '0');
		if (*v || pct > 100)
			pct = -1;
	}
	if (pct < 0)
		strcat(answer, "none");
	else
		vy_utoa(answer + strlen(answer), (uint64_t)pct);
	strcat(answer, " state=");
	v = read_row(4, "battery-status", buf, sizeof(buf));
	/* One word each, so a reader can split the answer at blanks. */
	strcat(answer, !v ? "unknown" :
		       !strcmp(v, "Charging") ? "Charging" :
		       !strcmp(v, "Discharging") ? "Discharging" :
		       !strcmp(v, "Full") ? "Full" :
		       !strcmp(v, "Not charging") ? "Not-charging" : "unknown");
	vy_send(from, answer);
}

static void request(const char *from, const char *text)
{
	if (!strcmp(text, "status")) {
		status(from);
	} else if (!strcmp(text, "subscribe")) {
		vy_send(from, vy_subs_add(&subs, from) ? "ok" :
			"error too many subscribers");
	} else if (!strcmp(text, "unsubscribe")) {
		vy_subs_drop(&subs, from, strlen(from));
		vy_send(from, "ok");
	} else {
		vy_send(from, "error unknown request, want: status, "
			"subscribe, unsubscribe");
	}
}

/* The supervisor's answers: a subscriber that is gone, or a refusal. */
static void supervisor_said(const char *text)
{
	if (!vy_subs_gone(&subs, text) && !strncmp(text, "error ", 6)) {
		/* A poweroff refused, say: someone should look. */
		vy_log("power: the supervisor said: ");
		vy_print(text);
	}
}

int main(void)
{
	int err = vy_device_open("power-button", VY_DEVICE_READ, &button);

	if (err == ENOENT) {
		vy_print("power: no power button on this machine; serving "
			 "status only");
		button = -1;
	} else if (err) {
		vy_device_say("power: cannot open power-button", err);
		return 1;
	}
	if (button >= 0)
		vy_print("power: watching the power button");
	for (;;) {
		uint32_t ready = vy_device_wait(button);

		if (ready & 2)
			read_button();
		if ((ready & 1) && !vy_device_serve(supervisor_said, request))
			break;
	}
	return 0;
}
