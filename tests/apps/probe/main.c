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

/* Well-formed UTF-8 without NUL: all a receiver should ever see. */
static int well_formed(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 :
			(*s & 0xF0) == 0xE0 ? 2 : (*s & 0xF8) == 0xF0 ? 3 : -1;

		if (n < 0)
			return 0;
		for (s++; n > 0; n--, s++)
			if ((*s & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

int main(void)
{
	struct vy_event ev;
	uint32_t bad = 0;
	char buf[12];

	vy_fill_rect(0, 0, 4000, 4000, 0x404040FF);
	vy_flush();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		char answer[16] = "pong ";
		size_t n = strlen(ev.text);

		if (ev.type != VY_EV_MESSAGE)
			continue;
		bad += !well_formed((const unsigned char *)ev.text);
		/* Answering the supervisor's errors would loop with it. */
		if (strcmp(ev.from, "supervisor") == 0)
			continue;
		vy_fill_rect(0, 0, 4000, 4000, parse_hex(ev.text));
		vy_flush();
		memcpy(answer + 5, ev.text, n < 8 ? n : 8);
		vy_send("reply", answer);
	}
	vy_utoa(buf, bad);
	vy_log("malformed messages received: ");
	vy_print(buf);
	return 0;
}
