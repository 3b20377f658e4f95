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
 * answer at a time, PEER_WAIT_MS at most. Errors: "error want YYYY-MM-DDTHH:MM:SSZ" (not that
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
#include "vyoma_tiny.h"

#define SHAPE "0000-00-00T00:00:00Z"	/* '0': a digit */
#define SHAPE_LEN (sizeof(SHAPE) - 1)

static int rtc = -1;
static int told_eperm;
/* The set waiting for the supervisor's word on who asked it; the
 * answer never fails to come, but a full queue could drop it. */
#define PEER_WAIT_MS 5000
static char pending_from[48];
static struct vy_rtc_time pending_time;
static uint64_t pending_until;

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
		vy_device_say("rtc: cannot set the system clock", err);
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
		strcat(answer, vy_device_strerror(err));
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
		strcat(answer, vy_device_strerror(err));
		vy_send(from, answer);
		return;
	}
	to_system();
	read_time(answer);
	vy_send(from, answer);
}

/* The waiting set is answered: refused (with that line), or carried out. */
static void settle(const char *refusal)
{
	if (refusal)
		vy_send(pending_from, refusal);
	else
		set_clock(pending_from, &pending_time);
	pending_from[0] = '\0';
}

/*
 * The supervisor's answer to "peer <pending_from>": the set goes ahead
 * for an admin only. Its other lines (say, that an answer found a client
 * already gone) are not this answer; an error about the peer request
 * leaves the set undone.
 */
static void peer_said(const char *text)
{
	size_t n = strlen(pending_from), len = strlen(text);

	if (!pending_from[0])
		return;
	if (!strncmp(text, "peer ", 5)) {
		if (strncmp(text + 5, pending_from, n) || text[5 + n] != ' ')
			return;	/* not about the set that waits */
		settle(len > 8 && !strcmp(text + len - 8, " admin=1") ? NULL :
		       "error setting the clock is for admins");
	} else if (!strncmp(text, "error peer ", 11) ||
		   !strncmp(text, "error permission denied", 23) ||
		   (!strncmp(text, "error '", 7) &&
		    !strncmp(text + 7, pending_from, n) && text[7 + n] == '\'')) {
		settle("error cannot tell who asks");
	}
}

static void request(const char *from, const char *text)
{
	char answer[80];
	struct vy_rtc_time t;
	size_t n = strlen(from);

	if (!strcmp(text, "get")) {
		read_time(answer);
	} else if (!strncmp(text, "set ", 4) || !strcmp(text, "set")) {
		if (parse_time(text + 3 + (text[3] == ' '), &t)) {
			vy_send(from, "error want YYYY-MM-DDTHH:MM:SSZ");
			return;
		}
		/* Only a set that is taken touches what waits. */
		if (pending_from[0] || n >= sizeof(pending_from)) {
			vy_send(from, pending_from[0] ? "error busy: another "
				"set is being checked" :
				"error cannot tell who asks");
			return;
		}
		memcpy(pending_from, from, n + 1);
		pending_time = t;
		pending_until = vy_ms() + PEER_WAIT_MS;
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

/* How long the next wait may be: until the waiting set's deadline. */
static int wait_ms(void)
{
	uint64_t now = vy_ms();

	if (!pending_from[0])
		return -1;
	return pending_until > now ? (int)(pending_until - now) : 0;
}

int main(void)
{
	struct vy_event ev;
	int err = vy_device_open("rtc0", VY_DEVICE_READ, &rtc);

	if (err) {
		vy_device_say("rtc: cannot open rtc0", err);
		return 1;
	}
	to_system();
	vy_print("rtc: serving /dev/rtc0");
	while (vy_next_event(&ev, wait_ms()) != VY_EV_QUIT) {
		if (pending_from[0] && vy_ms() >= pending_until)
			settle("error cannot tell who asks");
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
