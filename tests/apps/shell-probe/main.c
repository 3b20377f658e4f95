/*
 * shell-probe - runs supervisor commands and prints each reply as
 * "reply: <text>". The same module runs as shell-user and shell-all:
 * which commands succeed depends only on the shell grant in each manifest.
 */
#include "vyoma.h"

static const char *const commands[] = {
	"caps green", "version", "help", "ps", "bogus",
};

/* Rows of a listing ("ps <app> ...") come before its "ps end <n>". */
static int is_row(const char *text)
{
	return (strncmp(text, "ps ", 3) == 0 && strncmp(text, "ps end", 6)) ||
	       (strncmp(text, "log ", 4) == 0 && strncmp(text, "log end", 7));
}

int main(void)
{
	struct vy_event ev;
	size_t i, replies = 0, n = sizeof(commands) / sizeof(commands[0]);

	for (i = 0; i < n; i++)
		vy_send("supervisor", commands[i]);
	while (replies < n && vy_next_event(&ev, 5000) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		vy_log("reply: ");
		vy_print(ev.text);
		replies += !is_row(ev.text);
	}
	return 0;
}
