/*
 * uptime - the time of day (UTC), how long the supervisor has run (its
 * `uptime` command) and how many sessions are logged in (its `users`
 * rows: a desktop or a console each, as procps counts utmp's). There is
 * no load average to show.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static void two(uint64_t v)
{
	vt_putc((char)('0' + v / 10 % 10));
	vt_putc((char)('0' + v % 10));
}

static void unit(uint64_t n, const char *what, bool *first)
{
	if (!n)
		return;
	vt_puts(*first ? " " : ", ");
	vt_putu(n);
	vt_putc(' ');
	vt_puts(what);
	if (n != 1)
		vt_putc('s');
	*first = false;
}

static uint64_t sessions(void)
{
	char *answer = vt_ask("users", true), *row;
	uint64_t n = 0;

	while (answer && (row = vt_next_line(&answer)))
		if (!strncmp(row, "users ", 6))
			n += !strcmp(vt_field(row, "desktop"), "1") +
			     !strcmp(vt_field(row, "console"), "1");
	return n;
}

static int uptime_main(int argc, char **argv)
{
	bool pretty = argc > 1 && !strcmp(argv[1], "-p"), first = true;
	char *answer, *p;
	int64_t secs = 0;
	uint64_t now = 0, users;

	if (argc > 1 && !pretty)
		vt_usage_error("extra operand", 1);
	answer = vt_ask("uptime", false);
	if (!answer || strncmp(answer, "uptime ", 7))
		return 1;
	p = answer + 7;
	p[strcspn(p, ".\n")] = '\0';
	vt_parse_int(p, &secs);
	if (pretty) {
		vt_puts("up");
		unit((uint64_t)secs / 86400, "day", &first);
		unit((uint64_t)secs / 3600 % 24, "hour", &first);
		unit((uint64_t)secs / 60 % 60, "minute", &first);
		if (first)
			vt_puts(" 0 minutes");
		vt_putc('\n');
		return 0;
	}
	(void)!__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1000000000, &now);
	now /= 1000000000u;
	vt_putc(' ');
	two(now / 3600 % 24);
	vt_putc(':');
	two(now / 60 % 60);
	vt_putc(':');
	two(now % 60);
	vt_puts(" up ");
	if (secs >= 86400) {
		vt_putu((uint64_t)secs / 86400);
		vt_puts(secs >= 2 * 86400 ? " days, " : " day, ");
	}
	if (secs % 86400 >= 3600) {
		vt_putu((uint64_t)secs % 86400 / 3600);
		vt_putc(':');
		two((uint64_t)secs / 60 % 60);
	} else {
		vt_putu((uint64_t)secs / 60 % 60);
		vt_puts(" min");
	}
	users = sessions();
	vt_puts(",  ");
	vt_putu(users);
	vt_puts(users == 1 ? " user\n" : " users\n");
	return 0;
}

VT_TOOL(uptime_main,
	"Usage: uptime [-p]\n"
	"The time (UTC) and how long the system has been up; -p: only that,\n"
	"in words.\n")
