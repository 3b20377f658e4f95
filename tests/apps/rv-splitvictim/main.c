/*
 * rv-splitvictim - an ordinary SDK app (review finding: a partly read
 * line survives into the next run). It does some start-up work, then
 * prints every event it gets and exits on the message "quit";
 * restart = "always" brings it back. Its second run must start on a
 * line boundary; with the bug it reads the tail of a line another app
 * sent to its first run, and that tail can be any text at all, e.g. a
 * VYOMA_EVENT line no app is supposed to be able to produce.
 */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;

	vy_print("started");
	vy_sleep_ms(400);	/* start-up work: messages queue up */
	for (;;) {
		switch (vy_next_event(&ev, 2000)) {
		case VY_EV_KEY:
			vy_log("KEY event keycode=");
			vy_log_num((uint64_t)ev.keycode);
			vy_log(" codepoint=");
			vy_log_num(ev.codepoint);
			vy_print(" (no key was pressed)");
			break;
		case VY_EV_MESSAGE:
			vy_log("message from ");
			vy_log(ev.from);
			vy_log(": ");
			vy_print(strlen(ev.text) > 20 ? "(long text)" : ev.text);
			if (strcmp(ev.text, "quit") == 0)
				return 0;
			break;
		case VY_EV_OTHER:
			vy_log("other: ");
			vy_print(ev.text);
			break;
		case VY_EV_TIMEOUT:
			break;
		case VY_EV_QUIT:
			return 0;
		default:
			vy_print("some other event");
		}
	}
}
