/*
 * cycler - starts blink (which exits at once) again and again through the
 * shell, 2000 times (10000 when run as "cycler-10k"), and
 * prints the supervisor's RSS from `stats` after the first 1000 and at
 * the end: a leak shows as growth between the two.
 */
#include <stdlib.h>
#include "vyoma.h"

/* Sends a command; returns its reply (valid until the next event). */
static const char *ask(const char *cmd)
{
	static struct vy_event ev;

	vy_send("supervisor", cmd);
	while (vy_next_event(&ev, 5000) == VY_EV_OTHER || ev.type == VY_EV_KEY)
		;
	return ev.type == VY_EV_MESSAGE ? ev.text : "";
}

/* blink's row in ps. */
static const char *blink_row(void)
{
	static char row[512];
	const char *r = ask("ps blink");
	struct vy_event ev;

	strncpy(row, r, sizeof(row) - 1);
	/* Read up to the "ps end 1" that follows the row. */
	while (vy_next_event(&ev, 5000) == VY_EV_MESSAGE &&
	       strncmp(ev.text, "ps end", 6))
		;
	if (ev.type == VY_EV_QUIT)
		exit(0);	/* stopped */
	return row;
}

/* blink's restart count once it has run and ended, else -1. */
static long finished_runs(void)
{
	const char *row = blink_row(), *n;

	if (strstr(row, "state=exited") && (n = strstr(row, "restarts=")))
		return atol(n + 9);
	return -1;
}

static void print_rss(const char *label)
{
	const char *stats = ask("stats"), *rss = strstr(stats, "rss_kib=");
	char buf[16];

	vy_log(label);
	if (rss) {
		vy_utoa(buf, (uint32_t)atol(rss + 8));
		vy_print(buf);
	} else {
		vy_print("?");
	}
}

int main(int argc, char **argv)
{
	struct vy_event ev;
	long cycles = argc > 0 && !strcmp(argv[0], "cycler-10k") ? 10000 : 2000;
	long done = 0, waits = 0;

	/* blink (autostart = false) has been compiled: it can be started. */
	while (!strstr(blink_row(), " state=loaded "))
		if (vy_next_event(&ev, 1) == VY_EV_QUIT)
			return 0;
	while (done < cycles) {
		ask("start blink");
		/* Wait until this run has happened: restarts counts the runs
		 * after the first. */
		while (finished_runs() != done)
			if (++waits % 16 == 0)
				vy_next_event(&ev, 1);
		if (++done == 1000)
			print_rss("rss after 1000 cycles ");
	}
	print_rss("rss at the end ");
	vy_print("cycles done");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
