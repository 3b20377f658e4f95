/*
 * rv-logsrc - prints two console lines that are valid by the protocol's
 * rules (UTF-8, no NUL): one holding terminal control characters, one
 * whose 200th and 201st bytes are one two-byte character. Another app
 * reads them back through `log` and `caps` (rv-logreader).
 */
#include "vyoma.h"

int main(void)
{
	static char wide[256];
	struct vy_event ev;

	vy_print("\x1b[2J\x1b[31mred\rCR\x07" "bell");
	memset(wide, 'x', 199);
	memcpy(wide + 199, "\xc3\xa9", 3);	/* "é" across byte 200 */
	vy_print(wide);
	vy_send("rv-logreader", "printed");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
