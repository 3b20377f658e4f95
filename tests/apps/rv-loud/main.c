/*
 * rv-loud - console lines of 4096 control characters, as fast as the
 * rate limit lets them into the log: 100 lines a second, each escaped
 * to 16 KiB, about 1.6 MB/s of log per app. The log is written
 * synchronously under one lock shared with the main thread.
 */
#include "vyoma.h"

static char line[4097];

int main(void)
{
	struct vy_event ev;

	memset(line, 0x01, 4096);
	line[4096] = '\n';
	for (;;) {
		if (write(2, line, sizeof(line)) <= 0)
			break;
		if (vy_next_event(&ev, 0) == VY_EV_QUIT)
			break;
	}
	return 0;
}
