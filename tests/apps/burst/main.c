/*
 * burst - finding 7: 1000 console lines as fast as it can, then exits
 * at once, well inside one second: lines over the rate must still be
 * counted and reported.
 */
#include "vyoma.h"

int main(void)
{
	for (int i = 0; i < 1000; i++) {
		vy_log("burst line ");
		vy_log_num((uint64_t)i);
		vy_print("");
	}
	return 0;
}
