/*
 * rv-drawhog - does its work inside host calls: one fd_write of 128 KiB of
 * full-window, nearly transparent fill_rect lines keeps the supervisor
 * blending pixels on this app's thread for a long time, with no epoch
 * check (the scheduler only acts at epoch ticks in wasm, and pauses at
 * most 30 ms there). Run with cpu = 1 beside a share-10 spinner on one
 * CPU: it should get about 1/11 of the CPU.
 */
#include "vyoma.h"

static char buf[128u << 10];

int main(void)
{
	static const char line[] = "VYOMA_DRAW:fill_rect:0,0,32767,32767,FFFFFF01\n";
	size_t n = 0;
	int told = 0;

	while (n + sizeof(line) - 1 <= sizeof(buf)) {
		memcpy(buf + n, line, sizeof(line) - 1);
		n += sizeof(line) - 1;
	}
	vy_print("drawing");
	for (;;) {
		uint64_t t0 = vy_ms();
		ssize_t w = write(1, buf, n);

		if (w <= 0)
			return 0;
		vy_log("one write of ");
		vy_log_num((uint64_t)w);
		vy_log(" bytes took ms: ");
		vy_log_num(vy_ms() - t0);
		vy_print("");
		/* Timed once: now it can be killed mid-write. */
		if (!told++)
			vy_send("rv-killer", "mid-write now");
	}
}
