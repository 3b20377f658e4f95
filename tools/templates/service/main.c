/*
 * @NAME@ - @DESCRIPTION@
 *
 * A service, as `vyoma new` made it: it answers each message with one
 * line, to its sender by name (a command waiting in vy_request too):
 *
 *	ping		pong
 *	count		count <how many requests so far>
 *	(other)		error unknown request, want: ping, count
 *
 * The supervisor's lines and other apps' errors are no requests:
 * answering them could start a loop. Try it: `ask @NAME@ ping`. Its test
 * (test.py beside this file) does just that on the console.
 */
#include "vyoma.h"
#include "vyoma_tiny.h"	/* byte-loop memchr, strlen...: about 500 bytes less */

int main(void)
{
	struct vy_event ev;
	uint64_t requests = 0;
	char answer[32];

	vy_print("@NAME@: serving");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE || !strcmp(ev.from, "supervisor") ||
		    !strncmp(ev.text, "error ", 6))
			continue;
		requests++;
		if (!strcmp(ev.text, "ping")) {
			vy_send(ev.from, "pong");
		} else if (!strcmp(ev.text, "count")) {
			memcpy(answer, "count ", 6);
			vy_utoa(answer + 6, requests);
			vy_send(ev.from, answer);
		} else {
			vy_send(ev.from, "error unknown request, want: ping, "
				"count");
		}
	}
	return 0;
}
