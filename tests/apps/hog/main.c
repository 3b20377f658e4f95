/*
 * membomb / hog - ask for more memory than their limit allows ([resources]
 * memory = "1MiB" for membomb, the 64 MiB default for hog). The request
 * must fail inside the app; the app and everyone else carry on.
 */
#include <stdlib.h>
#include "vyoma.h"

#define TOO_MUCH (65u << 20)
#define ENOUGH (32u << 20)
#ifndef TOO_MUCH
#define TOO_MUCH (2u << 20)
#define ENOUGH (256u << 10)
#endif

int main(void)
{
	/* volatile: clang may drop an allocation only compared to NULL. */
	void *volatile big = malloc(TOO_MUCH);
	void *volatile some;

	vy_print(big ? "big allocation ok" : "big allocation refused");
	vy_print(__builtin_wasm_memory_grow(0, TOO_MUCH / 65536) == (size_t)-1 ?
		 "grow refused" : "grow ok");
	some = malloc(ENOUGH);
	vy_print(some ? "small allocation ok" : "small allocation refused");
	free(some);
	return 0;
}
