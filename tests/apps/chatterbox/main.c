/* chatterbox - prints console lines as fast as it can, forever. */
#include "vyoma.h"

int main(void)
{
	static const char line[] = "blah blah blah blah blah blah.\n";
	static char batch[64 * (sizeof(line) - 1)];
	int i;

	for (i = 0; i < 64; i++)
		memcpy(batch + i * (sizeof(line) - 1), line, sizeof(line) - 1);
	for (;;)
		vy__write_all(batch, sizeof(batch));
}
