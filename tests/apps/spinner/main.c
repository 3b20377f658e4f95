/* spinner - never yields: only an epoch interrupt can stop it. */
#include "vyoma.h"

int main(void)
{
	volatile unsigned long n = 0;

	vy_print("spinning");
	for (;;)
		n++;
}
