/*
 * operator - drives the supervisor shell through a script: each command
 * is sent, every reply line is printed as "reply: <text>", and the next
 * command waits for the previous one's final line (rows of a listing do
 * not count until its "end") and then a pause, so that requests the main
 * loop carries out (stop, start, restart) have happened.
 */
#include "vyoma.h"

static const struct {
	const char *command;
	int pause_ms;
} script[] = {
	{ "ps", 0 },
	{ "log chatter", 0 },
	{ "log", 0 },
	{ "stop green", 1500 },
	{ "ps green", 0 },
	{ "stop green", 0 },
	{ "start green", 500 },
	{ "ps green", 0 },
	{ "start green", 0 },
	{ "kill spinner", 300 },
	{ "ps spinner", 0 },
	{ "restart chatter", 1500 },
	{ "ps chatter", 0 },
	{ "log chatter", 0 },
	{ "stop nosuch", 0 },
	{ "stats", 0 },
	{ "uptime", 0 },
	{ "screenshot", 0 },
};

static int is_row(const char *text)
{
	return (strncmp(text, "ps ", 3) == 0 && strncmp(text, "ps end", 6)) ||
	       (strncmp(text, "log ", 4) == 0 && strncmp(text, "log end", 7));
}

int main(void)
{
	struct vy_event ev;
	size_t i;

	/* Let the others start and print before the first listing. */
	vy_next_event(&ev, 500);
	for (i = 0; i < sizeof(script) / sizeof(script[0]); i++) {
		vy_send("supervisor", script[i].command);
		while (vy_next_event(&ev, 5000) != VY_EV_QUIT) {
			if (ev.type != VY_EV_MESSAGE)
				continue;
			vy_log("reply: ");
			vy_print(ev.text);
			if (!is_row(ev.text))
				break;
		}
		if (script[i].pause_ms)
			vy_next_event(&ev, script[i].pause_ms);
	}
	vy_print("script done");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
