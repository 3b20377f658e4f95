/*
 * operator - drives the supervisor shell through a script: each command
 * is sent, every reply line is printed as "reply: <text>", and the next
 * command waits for the previous one's final line (rows of a listing do
 * not count until its "end"). Where a command's effect comes later (the
 * main loop carries out stop, start and restart), the script then waits,
 * without printing, until a command shows it: until a reply of `check`
 * contains `want` (or, for "cpu=", shows at least that much CPU time).
 */
#include <stdlib.h>
#include "vyoma.h"

static const struct {
	const char *command;
	const char *check, *want;	/* wait after the command, if set */
} script[] = {
	/* Before the first listing, the others have started and printed. */
	{ NULL, "ps green", " state=running " },
	{ NULL, "ps spinner", " state=running " },
	{ NULL, "log chatter", "log end 3" },
	{ "ps", NULL, NULL },
	{ "log chatter", NULL, NULL },
	{ "log", NULL, NULL },
	{ "stop green", "ps green", " state=stopped " },
	{ "ps green", NULL, NULL },
	{ "stop green", NULL, NULL },
	{ "start green", "ps green", " state=running " },
	{ "ps green", NULL, NULL },
	{ "start green", NULL, NULL },
	/* The busy loop has used some CPU time before it is killed. */
	{ NULL, "ps spinner", " cpu=0.2" },
	{ "kill spinner", "ps spinner", " state=stopped " },
	{ "ps spinner", NULL, NULL },
	{ "restart chatter", "log chatter", "log end 6" },
	{ "ps chatter", NULL, NULL },
	{ "log chatter", NULL, NULL },
	{ "stop nosuch", NULL, NULL },
	{ "stats", NULL, NULL },
	{ "uptime", NULL, NULL },
	{ "screenshot", NULL, NULL },
};

static int is_row(const char *text)
{
	return (strncmp(text, "ps ", 3) == 0 && strncmp(text, "ps end", 6)) ||
	       (strncmp(text, "log ", 4) == 0 && strncmp(text, "log end", 7));
}

/* Sends command; calls seen() on each reply line up to the final one.
 * Returns 0 once the supervisor has stopped us. */
static int run(const char *command, int (*seen)(const char *text, const char *want),
	       const char *want, int *found)
{
	struct vy_event ev;

	vy_send("supervisor", command);
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		if (seen)
			*found |= seen(ev.text, want);
		if (!is_row(ev.text))
			return 1;
	}
	return 0;
}

static int print(const char *text, const char *want)
{
	(void)want;
	vy_log("reply: ");
	vy_print(text);
	return 0;
}

/* want " cpu=0.2": at least 0.2 s of CPU; any other want: a substring. */
static int matches(const char *text, const char *want)
{
	const char *cpu = strstr(text, " cpu=");

	if (!strncmp(want, " cpu=", 5))
		return cpu && atof(cpu + 5) >= atof(want + 5);
	return strstr(text, want) != NULL;
}

int main(void)
{
	struct vy_event ev;
	size_t i;

	for (i = 0; i < sizeof(script) / sizeof(script[0]); i++) {
		int found = 0, tries;

		if (script[i].command && !run(script[i].command, print, NULL, &found))
			return 0;
		/* Bounded, so that a broken supervisor fails the test's
		 * checks instead of hanging it. */
		for (tries = 0; script[i].check && tries < 20000; tries++) {
			if (!run(script[i].check, matches, script[i].want, &found))
				return 0;
			if (found)
				break;
			if (vy_next_event(&ev, 5) == VY_EV_QUIT)
				return 0;
		}
		if (script[i].check && !found) {
			vy_log("gave up waiting for ");
			vy_print(script[i].want);
		}
	}
	vy_print("script done");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
