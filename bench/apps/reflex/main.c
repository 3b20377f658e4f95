/*
 * reflex - the input-to-pixel benchmark's app: every key press repaints
 * the whole window in the next colour and flushes at once.
 */
#include "vyoma.h"

int main(void)
{
	static const uint32_t colours[] = { 0x2563EBFF, 0xDC2626FF,
					    0x16A34AFF, 0xFACC15FF };
	struct vy_event ev;
	unsigned n = 0;

	vy_fill_rect(0, 0, 4000, 4000, colours[0]);
	vy_flush();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_KEY || !ev.down)
			continue;
		vy_fill_rect(0, 0, 4000, 4000, colours[++n % 4]);
		vy_flush();
	}
	return 0;
}
