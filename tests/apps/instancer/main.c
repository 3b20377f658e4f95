/*
 * instancer - asks the shell for two more instances of `green` (each with
 * a window of its own), lists them, sends one a message by its instance
 * name, kills one and waits until it is gone; every reply is printed as
 * "reply: <text>", then "done".
 */
#include <stdbool.h>
#include <stdlib.h>
#include "vyoma.h"

/* The next reply from the supervisor (its text after "@supervisor: "). */
static const char *reply(void)
{
	struct vy_event ev;

	for (;;) {
		if (vy_next_event(&ev, 10000) != VY_EV_MESSAGE) {
			vy_print("no reply");
			exit(1);
		}
		if (strcmp(ev.from, "supervisor") == 0) {
			vy_log("reply: ");
			vy_print(ev.text);
			return ev.text;
		}
	}
}

static void command(const char *text)
{
	vy_send("supervisor", text);
	vy_flush();
}

/* The instance name in "new green#4099 requested". */
static void instance_of(const char *text, char *out, size_t len)
{
	size_t n = 0;

	text += 4;
	while (text[n] && text[n] != ' ' && n + 1 < len) {
		out[n] = text[n];
		n++;
	}
	out[n] = '\0';
}

/* Asks `ps name` until its reply (a row and "ps end", or an error)
 * contains want. */
static void wait_for(const char *name, const char *want)
{
	char line[96] = "ps ";
	bool seen;

	strncat(line, name, sizeof(line) - 4);
	for (;;) {
		const char *text;

		command(line);
		seen = false;
		do {
			text = reply();
			seen |= strstr(text, want) != NULL;
		} while (strncmp(text, "ps end", 6) != 0 &&
			 strncmp(text, "error", 5) != 0);
		if (seen)
			return;
		vy_sleep_ms(20);
	}
}

/*
 * `new green`, asked again while green's module is still being compiled
 * (this app may start first on a busy machine): the instance's name.
 */
static void new_green(char *out, size_t len)
{
	const char *text;

	for (;;) {
		command("new green");
		text = reply();
		if (!strstr(text, "still being compiled"))
			break;
		vy_sleep_ms(20);
	}
	instance_of(text, out, len);
}

int main(void)
{
	char one[48], two[48], line[128];

	new_green(one, sizeof(one));
	new_green(two, sizeof(two));
	wait_for(one, "state=running");
	wait_for(two, "state=running");
	command("new instancer-nothing");
	reply();
	vy_send(two, "hello");
	vy_send("green#99999", "hello");
	vy_flush();
	reply();	/* only the message to no one is answered */
	strcpy(line, "kill ");
	strcat(line, one);
	command(line);
	reply();
	wait_for(one, "error unknown app");
	wait_for(two, "state=running");
	vy_print("done");
	return 0;
}
