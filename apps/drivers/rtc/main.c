/*
 * rtc - the driver of the real-time clock. It owns /dev/rtc0 (the CMOS
 * clock, kept in UTC) and at start sets the system clock from it, so
 * the time is right from boot on a machine without network time.
 *
 * Requests, from any app or a command through vy_request; one answer
 * line per request, to the sender by name:
 *
 *	get		time YYYY-MM-DDTHH:MM:SSZ
 *	set <time>	time <the RTC's time, read back>
 *			(<time> as YYYY-MM-DDTHH:MM:SSZ, UTC)
 *	(other)		error unknown request, want: get,
 *			set YYYY-MM-DDTHH:MM:SSZ
 *
 * `set` sets the RTC, then the system clock from it, for an admin
 * only: the driver asks the supervisor who the sender acts for
 * ("@supervisor: peer <sender>", the one shell command it holds) and
 * sets nothing until the answer says admin=1; one set waits for its
 * answer at a time. Errors: "error want YYYY-MM-DDTHH:MM:SSZ" (not that
 * shape), "error setting the clock is for admins", "error busy: another
 * set is being checked", "error cannot tell who asks", "error not a
 * date from 1970 to 2099" (the supervisor's check), "error rtc: <why>".
 *
 * Only the supervisor running as PID 1 may set the system clock; on a
 * developer's machine that is EPERM, said once in the log and otherwise
 * ignored. Without rtc0 there is nothing to serve: it says why and
 * exits 1, so the restart policy tries again, with back-off.
 */
#include "vyoma.h"
#include "vyoma_device.h"

#include <errno.h>

#define SHAPE "0000-00-00T00:00:00Z"	/* '0': a digit */
#define SHAPE_LEN (sizeof(SHAPE) - 1)

static int rtc = -1;
static int told_eperm;
/* The set waiting for the supervisor's word on who asked it. */
static char pending_from[48];
static struct vy_rtc_time pending_time;

static const char *why(int err)
{
	switch (err) {
	case ENOENT: return "no such device on this machine";
	case EBUSY: return "another app owns it";
	case EACCES: case ENOTCAPABLE: return "not granted";
	case ENODEV: return "not the device the table names";
	case ENOTSUP: return "not supported by this device";
	case EPERM: return "not permitted";
	case EINVAL: return "invalid argument";
	default: return "input/output error";
	}
}

static void say(const char *what, int err)
{
	vy_log(what);
	vy_log(": ");
	vy_log(why(err));
	vy_log(" (errno ");
	vy_log_num((uint64_t)err);
	vy_print(")");
}

/* The system clock from the RTC; EPERM is expected when not PID 1. */
static void to_system(void)
{
	struct vy_rtc_time t;
	int err = vy_rtc(rtc, VY_RTC_TO_SYSTEM, &t);

	if (err == EPERM && !told_eperm)
		vy_print("rtc: not setting the system clock: only the "
			 "supervisor as PID 1 may (EPERM); carrying on");
	if (err == EPERM)
		told_eperm = 1;
	else if (err)
		say("rtc: cannot set the system clock", err);
}

static char *put_num(char *p, int32_t v, int digits)
{
	for (int i = digits - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + digits;
}

static int in_range(int32_t v, int32_t lo, int32_t hi)
{
	return v >= lo && v <= hi;
}

/* "time <the RTC's time>" into answer, or an error. */
static void read_time(char *answer)
{
	struct vy_rtc_time t;
	int err = vy_rtc(rtc, VY_RTC_READ, &t);
	char *p = answer;

	/* A clock that lost its battery may hold anything. */
	if (err == EIO) {
		strcpy(answer, "error rtc: the clock holds no valid time");
		return;
	}
	if (err) {
		strcpy(answer, "error rtc: ");
		strcat(answer, why(err));
		return;
	}
	if (!in_range(t.year, 0, 9999) || !in_range(t.month, 1, 12) ||
	    !in_range(t.day, 1, 31) || !in_range(t.hour, 0, 23) ||
	    !in_range(t.minute, 0, 59) || !in_range(t.second, 0, 60)) {
		strcpy(answer, "error rtc: the clock holds no valid time");
		return;
	}
	memcpy(p, "time ", 5);
	p = put_num(p + 5, t.year, 4);
	*p++ = '-';
	p = put_num(p, t.month, 2);
	*p++ = '-';
	p = put_num(p, t.day, 2);
	*p++ = 'T';
	p = put_num(p, t.hour, 2);
	*p++ = ':';
	p = put_num(p, t.minute, 2);
	*p++ = ':';
	p = put_num(p, t.second, 2);
	memcpy(p, "Z", 2);
}

static int32_t get_num(const char *s, int digits)
{
	int32_t v = 0;

	while (digits--)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* Parses SHAPE exactly; ranges are the supervisor's to check. */
static int parse_time(const char *s, struct vy_rtc_time *t)
{
	for (size_t i = 0; i < SHAPE_LEN; i++)
		if (SHAPE[i] == '0' ? s[i] < '0' || s[i] > '9' :
		    s[i] != SHAPE[i])
			return -1;
	if (s[SHAPE_LEN])
		return -1;
	t->year = get_num(s, 4);
	t->month = get_num(s + 5, 2);
	t->day = get_num(s + 8, 2);
	t->hour = get_num(s + 11, 2);
	t->minute = get_num(s + 14, 2);
	t->second = get_num(s + 17, 2);
	return 0;
}

/* The checked set: the RTC, then the system clock; the answer to from. */
static void set_clock(const char *from, struct vy_rtc_time *t)
{
	char answer[80];
	int err = vy_rtc(rtc, VY_RTC_SET, t);

	if (err == EINVAL) {
		vy_send(from, "error not a date from 1970 to 2099");
		return;
	}
	if (err) {
		strcpy(answer, "error rtc: ");
		strcat(answer, why(err));
		vy_send(from, answer);
		return;
	}
	to_system();
	read_time(answer);
	vy_send(from, answer);
}

/*
 * The supervisor's answer to "peer <pending_from>": the set goes ahead
 * for an admin only. Its errors about a client already gone are not
 * this answer; any other error leaves the set undone.
 */
static void peer_said(const char *text)
{
	size_t n = strlen(pending_from), len = strlen(text);
	const char *refusal = "error cannot tell who asks";

	if (!pending_from[0] || !strncmp(text, "error unknown app", 17))
		return;
	if (!strncmp(text, "peer ", 5)) {
		if (strncmp(text + 5, pending_from, n) || text[5 + n] != ' ')
			return;	/* not about the set that waits */
		refusal = len > 8 && !strcmp(text + len - 8, " admin=1") ?
			  NULL : "error setting the clock is for admins";
	} else if (strncmp(text, "error ", 6)) {
		return;
	}
	if (refusal)
		vy_send(pending_from, refusal);
	else
		set_clock(pending_from, &pending_time);
	pending_from[0] = '\0';
}

static void request(const char *from, const char *text)
{
	char answer[80];
	size_t n = strlen(from);

	if (!strcmp(text, "get")) {
		read_time(answer);
	} else if (!strncmp(text, "set ", 4) || !strcmp(text, "set")) {
		if (parse_time(text + 3 + (text[3] == ' '), &pending_time)) {
			vy_send(from, "error want YYYY-MM-DDTHH:MM:SSZ");
			return;
		}
		if (pending_from[0] || n >= sizeof(pending_from)) {
			vy_send(from, pending_from[0] ? "error busy: another "
				"set is being checked" :
				"error cannot tell who asks");
			return;
		}
		memcpy(pending_from, from, n + 1);
		strcpy(answer, "peer ");
		strcat(answer, from);
		vy_send("supervisor", answer);
		return;
	} else {
		strcpy(answer, "error unknown request, want: get, "
		       "set YYYY-MM-DDTHH:MM:SSZ");
	}
	vy_send(from, answer);
}

int main(void)
{
	struct vy_event ev;
	int err = vy_device_open("rtc0", VY_DEVICE_READ, &rtc);

	if (err) {
		say("rtc: cannot open rtc0", err);
		return 1;
	}
	to_system();
	vy_print("rtc: serving /dev/rtc0");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		/*
		 * The supervisor's lines and other apps' errors are no
		 * requests: answering them could start a loop of errors.
		 */
		if (ev.type != VY_EV_MESSAGE)
			continue;
		if (!strcmp(ev.from, "supervisor"))
			peer_said(ev.text);
		else if (strncmp(ev.text, "error ", 6))
			request(ev.from, ev.text);
	}
	return 0;
}
