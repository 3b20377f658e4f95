/*
 * settle - a barrier for tests: shows in the transcript that an app has
 * handled, and drawn for, every event queued for it so far, so that a
 * test can wait for that instead of sleeping. Run as "settle-<app>".
 *
 * A round: "ps <app>" gives the events the app has read (in) and has
 * waiting (queued); a message to it then goes behind all of those. An
 * app reads its next event only when it is done with the last, so once
 * ps shows that message read too, everything before it has been handled.
 * Prints "<app> settled <round>" (or "<app> not settled: <why>").
 *
 * A round runs at the start (after the window size every display app is
 * sent before it starts) and on each click in settle's own window, which
 * a test's input script makes its last step.
 */
#include <stdio.h>
#include <stdlib.h>
#include "vyoma.h"

static char app[64], ps_cmd[80];
static int clicks;

static void note(const struct vy_event *ev)
{
	if (ev->type == VY_EV_POINTER && ev->action == VY_PTR_DOWN)
		clicks++;
	else if (ev->type == VY_EV_RESIZE) {
		vy_fill_rect(0, 0, ev->w, ev->h, 0x334155FF);
		vy_flush();
	}
}

/* The row of "ps <app>" ("" if there is none); other events are noted. */
static const char *ps(void)
{
	static char row[1024];
	struct vy_event ev;

	row[0] = '\0';
	vy_send("supervisor", ps_cmd);
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE) {
			note(&ev);
			continue;
		}
		if (!strncmp(ev.text, "ps end", 6) || !strncmp(ev.text, "error", 5))
			return row;
		strncpy(row, ev.text, sizeof(row) - 1);
	}
	exit(0);
}

static long field(const char *row, const char *name)
{
	const char *p = strstr(row, name);

	return p ? atol(p + strlen(name)) : -1;
}

static int ended(const char *row)
{
	static const char *const states[] = {
		"state=exited", "state=failed", "state=stopped", "state=backoff",
	};
	size_t i;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strstr(row, states[i]))
			return 1;
	return 0;
}

static void say(const char *what, const char *detail)
{
	vy_log(app);
	vy_log(what);
	vy_print(detail);
}

static void settle(int round)
{
	const char *row = ps();
	long in = field(row, " in="), queued = field(row, " queued=");
	char buf[12];

	if (in < 0 || queued < 0) {
		say(" not settled: no ps row ", row);
		return;
	}
	vy_send(app, "settle");
	for (;;) {
		struct vy_event ev;

		row = ps();
		if (field(row, " in=") > in + queued)
			break;
		if (ended(row)) {
			say(" not settled: ", row);
			return;
		}
		if (vy_next_event(&ev, 2) == VY_EV_QUIT)
			exit(0);
		note(&ev);
	}
	vy_utoa(buf, (uint32_t)round);
	say(" settled ", buf);
}

int main(int argc, char **argv)
{
	struct vy_event ev;
	int round = 1;

	if (argc < 1 || strncmp(argv[0], "settle-", 7)) {
		vy_print("run me as settle-<app>");
		return 1;
	}
	snprintf(app, sizeof(app), "%s", argv[0] + 7);
	snprintf(ps_cmd, sizeof(ps_cmd), "ps %s", app);
	settle(round++);
	for (;;) {
		while (clicks) {
			clicks--;
			settle(round++);
		}
		if (vy_next_event(&ev, -1) == VY_EV_QUIT)
			return 0;
		note(&ev);
	}
}
