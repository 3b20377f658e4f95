/*
 * longline - finding 9, two roles by app name (argv[0]): "longline-a"
 * sends "longline-b" a message whose delivered line ("@longline-a: ...")
 * is exactly 4096 bytes, the longest legal line, then one short one;
 * "longline-b" reports the length of each message it gets. A 4096-byte
 * line must arrive whole, as one event, followed by the short one.
 */
#include "vyoma.h"

static char body[4096];

int main(int argc, char **argv)
{
	struct vy_event ev;

	if (argc && strcmp(argv[0], "longline-a") == 0) {
		/* "@longline-a: " is 13 bytes. */
		memset(body, 'x', 4096 - 13);
		body[4096 - 13] = '\0';
		vy_send("longline-b", body);
		vy_send("longline-b", "short");
	} else {
		while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
			if (ev.type != VY_EV_MESSAGE)
				continue;
			vy_log("message of ");
			vy_log_num(strlen(ev.text));
			vy_log(" bytes from ");
			vy_print(ev.from);
		}
	}
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
