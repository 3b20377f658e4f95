/* sink - never reads its stdin: messages to it can only pile up. */
#include <unistd.h>
#include "vyoma.h"

int main(void)
{
	vy_print("sink is not listening");
	for (;;)
		sleep(1);
}
