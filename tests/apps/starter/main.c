/*
 * starter - measures app start to first frame, one app at a time: lists
 * the apps with ps, starts each "g-*" app (autostart = false) in turn,
 * 20 ms apart so they do not compete, then reads every first_frame_us
 * and prints them in one line per 20 apps (the console is rate-capped).
 */
#include <stdlib.h>
#include "vyoma.h"

#define MAX 256

static char names[MAX][40];
static int count;

/* Sends a command and returns the rows and final line it produced. */
static void run(const char *cmd, void (*row)(const char *text))
{
	struct vy_event ev;

	vy_send("supervisor", cmd);
	while (vy_next_event(&ev, 5000) != VY_EV_QUIT && ev.type != VY_EV_TIMEOUT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		if (row)
			row(ev.text);
		if (strncmp(ev.text, "ps ", 3) || !strncmp(ev.text, "ps end", 6))
			return;
	}
}

static void collect(const char *text)
{
	const char *end;

	if (strncmp(text, "ps g-", 5) || count == MAX)
		return;
	end = strchr(text + 3, ' ');
	if (end && end - (text + 3) < 40) {
		memcpy(names[count], text + 3, (size_t)(end - (text + 3)));
		names[count][end - (text + 3)] = '\0';
		count++;
	}
}

static char line[2048];
static int in_line;

static void report(const char *text)
{
	const char *f = strstr(text, "first_frame_us=");

	if (strncmp(text, "ps g-", 5) || !f)
		return;
	strcat(line, " ");
	strncat(line, f + 15, strspn(f + 15, "0123456789"));
	if (++in_line == 20) {
		vy_log("first frames us");
		vy_print(line);
		line[0] = '\0';
		in_line = 0;
	}
}

int main(void)
{
	struct vy_event ev;
	char cmd[64];
	int i;

	vy_next_event(&ev, 300);
	run("ps", collect);
	for (i = 0; i < count; i++) {
		strcpy(cmd, "start ");
		strcat(cmd, names[i]);
		run(cmd, NULL);
		vy_next_event(&ev, 20);
	}
	vy_next_event(&ev, 200);
	run("ps", report);
	if (in_line) {
		vy_log("first frames us");
		vy_print(line);
	}
	vy_print("starter done");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
