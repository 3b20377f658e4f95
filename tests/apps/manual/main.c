/* manual - autostart = false: it must never run unless started by hand. */
#include "vyoma.h"

int main(void)
{
	vy_print("manual ran");
	return 0;
}
