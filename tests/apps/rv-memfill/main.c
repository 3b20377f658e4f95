/*
 * rv-memfill - stays inside its own declared limit (memory = "1GiB") and
 * touches 600 MiB of it. The image's VM has 512 MiB of RAM and the
 * supervisor, as PID 1, is the only process there: the kernel's OOM
 * killer never picks init, so running out of memory there is a panic
 * ("Out of memory and no killable processes"). Nothing checks the sum of
 * the apps' limits (or one app's limit) against the machine's memory.
 */
#include <stdlib.h>
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	size_t total = 0;

	while (total < (600u << 20)) {
		/* volatile: the stores must really happen */
		volatile char *p = malloc(16u << 20);
		size_t i;

		if (!p)
			break;
		for (i = 0; i < (16u << 20); i += 4096)
			p[i] = 0x5a;
		total += 16u << 20;
	}
	vy_log("touched MiB: ");
	vy_log_num(total >> 20);
	vy_print("");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
