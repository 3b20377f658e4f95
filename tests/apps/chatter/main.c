/* chatter - prints three console lines each time it starts, then waits. */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;

	vy_print("chat 1");
	vy_print("chat 2");
	vy_print("chat 3");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
