/* trapper - draws a frame, then executes an unreachable instruction. */
#include "vyoma.h"

int main(void)
{
	vy_fill_rect(0, 0, 4000, 4000, 0xC00000FF);
	vy_flush();
	vy_print("about to trap");
	__builtin_trap();
}
