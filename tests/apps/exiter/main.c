/* exiter - exits with status 3 through proc_exit. */
#include <stdlib.h>
#include "vyoma.h"

int main(void)
{
	vy_print("exiting with 3");
	exit(3);
}
