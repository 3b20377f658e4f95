/*
 * messenger - exercises every message pattern and prints each answer:
 * an @reply before anyone wrote to it (an error), a unicast to probe, a
 * message to an app that does not exist (an error), then a broadcast.
 * probe answers each colour it paints with "pong <colour>".
 */
#include "vyoma.h"

/* Prints the next n messages as "got from <sender>: <text>". */
static void print_replies(int n)
{
	struct vy_event ev;

	while (n > 0 && vy_next_event(&ev, 5000) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		vy_log("got from ");
		vy_log(ev.from);
		vy_log(": ");
		vy_print(ev.text);
		n--;
	}
}

int main(void)
{
	vy_send("reply", "too early");
	vy_send("probe", "0000C0FF");
	vy_send("nosuchapp", "hello?");
	print_replies(3);
	vy_send("broadcast", "C000C0FF");
	print_replies(1);
	return 0;
}
