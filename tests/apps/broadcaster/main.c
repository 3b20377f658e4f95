/*
 * broadcaster - once stats shows every app running, broadcasts once and
 * counts the distinct apps that answer "got hello all": it waits for as
 * many answers as there are other apps, then until a second passes
 * without anything more arriving (an extra answer would show in the
 * count, anything else as "other").
 */
#include <stdlib.h>
#include "vyoma.h"

/* "stats apps=N running=M ...": fills in N and M. */
static void stats(long *apps, long *running)
{
	struct vy_event ev;
	const char *p;

	*apps = *running = -1;
	vy_send("supervisor", "stats");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		if ((p = strstr(ev.text, " apps=")))
			*apps = atol(p + 6);
		if ((p = strstr(ev.text, " running=")))
			*running = atol(p + 9);
		return;
	}
	exit(0);
}

int main(void)
{
	struct vy_event ev;
	char buf[12];
	uint32_t answers = 0, other = 0;
	long apps, running;
	int tries;

	/* Bounded: a broken supervisor fails the count, it does not hang. */
	for (tries = 0; tries < 20000; tries++) {
		stats(&apps, &running);
		if (apps > 0 && running == apps)
			break;
		if (vy_next_event(&ev, 5) == VY_EV_QUIT)
			return 0;
	}
	vy_send("broadcast", "hello all");
	for (;;) {
		int wait = (long)answers < apps - 1 ? 60000 : 1000;

		if (vy_next_event(&ev, wait) == VY_EV_TIMEOUT || ev.type == VY_EV_QUIT)
			break;
		if (ev.type != VY_EV_MESSAGE)
			continue;
		if (strcmp(ev.text, "got hello all") == 0)
			answers++;
		else
			other++;
	}
	vy_utoa(buf, answers);
	vy_log("answers ");
	vy_print(buf);
	vy_utoa(buf, other);
	vy_log("other ");
	vy_print(buf);
	return 0;
}
