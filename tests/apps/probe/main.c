/*
 * probe - paints its window in the colour a message names (8 hex digits)
 * and replies "pong <colour>", so a test can see a message arrive as
 * pixels and tell which message it was.
 */
#include "vyoma.h"

static uint32_t parse_hex(const char *s)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8 && s[i]; i++) {
		char c = s[i];

		v = v << 4 | (uint32_t)(c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
	}
	return v;
}

int main(void)
{
	struct vy_event ev;

	vy_fill_rect(0, 0, 4000, 4000, 0x404040FF);
	vy_flush();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		char answer[16] = "pong ";
		size_t n = strlen(ev.text);

		if (ev.type != VY_EV_MESSAGE)
			continue;
		vy_fill_rect(0, 0, 4000, 4000, parse_hex(ev.text));
		vy_flush();
		memcpy(answer + 5, ev.text, n < 8 ? n : 8);
		vy_send("reply", answer);
	}
	return 0;
}
