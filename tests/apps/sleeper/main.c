/* sleeper - blocked in a long host call (sleep) when asked to stop. */
#include <unistd.h>
#include "vyoma.h"

int main(void)
{
	vy_print("sleeping");
	sleep(30);
	vy_print("woke up");
	return 0;
}
