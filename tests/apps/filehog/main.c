/*
 * filehog - opens 5000 files in its own /data, holds them for a second and
 * exits without closing them: they are the supervisor's descriptors, and
 * must all be released when it ends.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	char name[32], buf[12];
	int i, open_ok = 0;

	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "/data/f%d", i);
		if (open(name, O_CREAT | O_RDWR, 0644) >= 0)
			open_ok++;
	}
	vy_utoa(buf, (uint32_t)open_ok);
	vy_log("open files ");
	vy_print(buf);
	vy_next_event(&ev, 1000);
	return 0;
}
