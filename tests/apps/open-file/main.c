/*
 * open-file - asks the supervisor to open each path listed in its
 * /data/open.txt (one a line), and prints every reply, so a test can
 * start an app on a file the way the file manager does.
 */
#include "vyoma.h"

int main(void)
{
	static char list[4096], line[4200];
	struct vy_event ev;
	long n = vy_data_read("open.txt", list, sizeof(list) - 1);
	char *p = list, *nl;

	if (n < 0)
		n = 0;
	list[n] = '\0';
	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (nl > p) {
			memcpy(line, "open ", 5);
			memcpy(line + 5, p, (size_t)(nl - p));
			line[5 + (nl - p)] = '\0';
			vy_send("supervisor", line);
		}
		if (!*nl)
			break;
	}
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		if (ev.type == VY_EV_MESSAGE) {
			vy_log("reply: ");
			vy_print(ev.text);
		}
	return 0;
}
