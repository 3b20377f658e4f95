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

	if (err == EPERM) {
		if (!told_eperm)
			vy_print("rtc: not setting the system clock: only the "
				 "supervisor as PID 1 may (EPERM); carrying on");
		told_eperm = 1;
	} else if (err) {
		vy_device_say("rtc: cannot set the system clock", err);
	}
}

/*
 * SHAPE's fields, in its order and struct vy_rtc_time's: their digits,
 * and what a sane clock holds there (one that lost its battery may hold
 * anything).
 */
static const struct {
	uint8_t offset, digits, min;
	uint16_t max;
} fields[] = {
	{ offsetof(struct vy_rtc_time, year), 4, 0, 9999 },
	{ offsetof(struct vy_rtc_time, month), 2, 1, 12 },
	{ offsetof(struct vy_rtc_time, day), 2, 1, 31 },
	{ offsetof(struct vy_rtc_time, hour), 2, 0, 23 },
	{ offsetof(struct vy_rtc_time, minute), 2, 0, 59 },
	{ offsetof(struct vy_rtc_time, second), 2, 0, 60 },
};
#define FIELDS (sizeof(fields) / sizeof(fields[0]))

static int32_t *field(struct vy_rtc_time *t, size_t i)
{
	return (int32_t *)((char *)t + fields[i].offset);
}

/* "error rtc: <why>" into answer (80 bytes). */
static void rtc_error(char *answer, const char *why)
{
	memcpy(answer, "error rtc: ", 11);
	memcpy(answer + 11, why, strlen(why) + 1);
}

/* "time <the RTC's time>" into answer (80 bytes), or an error. */
static void read_time(char *answer)
{
	struct vy_rtc_time t;
	int err = vy_rtc(rtc, VY_RTC_READ, &t);
	char *end = answer + 5;	/* of the field being written */

	memcpy(answer, "time " SHAPE, sizeof("time " SHAPE));
	for (size_t i = 0; i < FIELDS && !err; i++) {
		int32_t v = *field(&t, i);
		char *digit = end += fields[i].digits;

		end++;	/* past the separator */
		if (v < fields[i].min || v > fields[i].max)
			err = EIO;	/* as the host's own check says */
		else	/* over SHAPE's '0's: the range keeps v in them */
			for (; v; v /= 10)
				*--digit = (char)('0' + v % 10);
	}
	if (err)
		rtc_error(answer, err == EIO ? "the clock holds no valid time" :
			  vy_device_strerror(err));
}

/*
 * Parses SHAPE exactly, up to its NUL (nothing may follow); each
 * separator ends a field. Ranges are the supervisor's to check.
 */
static int parse_time(const char *s, struct vy_rtc_time *t)
{
	size_t done = 0;
	int32_t v = 0;

	for (size_t i = 0; i <= SHAPE_LEN; i++) {
		if (SHAPE[i] == '0') {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			v = v * 10 + (s[i] - '0');
		} else {
			if (s[i] != SHAPE[i])
				return -1;
			if (done < FIELDS)	/* the NUL ends none */
				*field(t, done++) = v;
			v = 0;
		}
	}
	return 0;
}

/*
 * The waiting set is answered: refused (with that line), or carried
 * out: the RTC, then the system clock from it.
 */
static void settle(const char *refusal)
{
	char answer[80];
	int err;

	if (!refusal) {
		err = vy_rtc(rtc, VY_RTC_SET, &pending_time);
		if (err == EINVAL) {
			refusal = "error not a date from 1970 to 2099";
		} else if (err) {
			rtc_error(answer, vy_device_strerror(err));
		} else {
			to_system();
			read_time(answer);
		}
	}
	vy_send(pending_from, refusal ? refusal : answer);
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

/* One answer to each request; a set's waits for the supervisor's word. */
static void request(const char *from, const char *text)
{
	char answer[80];
	const char *reply = answer;
	struct vy_rtc_time t;
	size_t n = strlen(from);

	if (!strcmp(text, "get")) {
		read_time(answer);
	} else if (strncmp(text, "set ", 4) && strcmp(text, "set")) {
		reply = "error unknown request, want: get, "
			"set YYYY-MM-DDTHH:MM:SSZ";
	} else if (parse_time(text + 3 + (text[3] == ' '), &t)) {
		reply = "error want YYYY-MM-DDTHH:MM:SSZ";
	/* Only a set that is taken touches what waits. */
	} else if (pending_from[0]) {
		reply = "error busy: another set is being checked";
	} else if (n >= sizeof(pending_from)) {
		reply = "error cannot tell who asks";
	} else {
		memcpy(pending_from, from, n + 1);
		pending_time = t;
		pending_until = vy_ms() + PEER_WAIT_MS;
		/* The line goes to the supervisor; settle answers from. */
		memcpy(answer, "peer ", 5);
		memcpy(answer + 5, from, n + 1);
		from = "supervisor";
	}
	vy_send(from, reply);
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
