/*
 * rv-denied - has a shell grant for one command (help) and asks for
 * another (ps) as fast as it can. Every refusal is logged by shell.c
 * with log_warn, not app_warn: no budget, no rate limit, whatever the
 * console rate limit promises.
 */
#include "vyoma.h"

static char buf[65536];

int main(void)
{
	static const char line[] = "@supervisor: ps\n";
	size_t n = 0;

	while (n + sizeof(line) - 1 <= sizeof(buf)) {
		memcpy(buf + n, line, sizeof(line) - 1);
		n += sizeof(line) - 1;
	}
	for (;;)
		if (write(1, buf, n) <= 0)
			return 0;
}
