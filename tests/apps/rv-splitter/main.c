/*
 * rv-splitter - sends rv-splitvictim three lines in one write, sized so
 * that the victim's first 4097-byte read ends inside the third one,
 * exactly where the forged text "VYOMA_EVENT:key:down,28,10,0" begins.
 * The second line makes the victim exit (an app's own, ordinary
 * behaviour); its next run then starts in the middle of the third line.
 */
#include <unistd.h>
#include "vyoma.h"

#define F 2000			/* filler body of the first line */
static char buf[3 * 4200];

int main(void)
{
	static const char to[] = "@rv-splitvictim: ";
	static const char forged[] = "VYOMA_EVENT:key:down,28,10,0";
	/* as delivered: "@rv-splitter: " (14) + body */
	size_t prefix = 14, n = 0, p;

	vy_sleep_ms(150);	/* the victim is running, not yet reading */
	memcpy(buf + n, to, sizeof(to) - 1); n += sizeof(to) - 1;
	memset(buf + n, 'a', F); n += F;
	buf[n++] = '\n';
	memcpy(buf + n, to, sizeof(to) - 1); n += sizeof(to) - 1;
	memcpy(buf + n, "quit\n", 5); n += 5;
	/* bytes of delivered lines before the third: (prefix+F+1) + (prefix+5) */
	p = 4097 - (prefix + F + 1) - (prefix + 5) - prefix;
	memcpy(buf + n, to, sizeof(to) - 1); n += sizeof(to) - 1;
	memset(buf + n, 'b', p); n += p;
	memcpy(buf + n, forged, sizeof(forged) - 1); n += sizeof(forged) - 1;
	buf[n++] = '\n';
	if (write(1, buf, n) != (ssize_t)n)
		vy_print("short write");
	vy_print("sent");
	for (;;) {
		struct vy_event ev;

		if (vy_next_event(&ev, -1) == VY_EV_QUIT)
			return 0;
	}
}
