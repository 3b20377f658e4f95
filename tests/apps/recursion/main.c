/* recursion - recurses without end: the wasm stack overflows and traps. */
#include "vyoma.h"

static volatile int sink;

/* The compiler cannot see that sink never becomes negative. */
static int deeper(int n)
{
	char pad[64];

	pad[n % 64] = (char)n;
	sink = pad[(n * 7) % 64];
	if (sink < -1000)
		return n;
	return deeper(n + 1) + sink;
}

int main(void)
{
	vy_print("recursing");
	return deeper(0);
}
