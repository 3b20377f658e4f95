/*
 * membomb - asks for more memory than its limit allows. Run as membomb
 * ([resources] memory = "1MiB") and as hog (the 64 MiB default), both
 * with this module. Each request must fail inside the app, which carries
 * on; nobody else notices.
 */
#include <stdlib.h>
#include "vyoma.h"

static const struct {
	size_t bytes;
	const char *label;
} sizes[] = {
	{ 65u << 20, "65MiB" },
	{ 32u << 20, "32MiB" },
	{ 256u << 10, "256KiB" },
};

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		/* volatile: clang may drop an allocation only compared to NULL. */
		void *volatile p = malloc(sizes[i].bytes);

		vy_log(sizes[i].label);
		vy_print(p ? " allocation ok" : " allocation refused");
		free(p);
	}
	vy_print(__builtin_wasm_memory_grow(0, (65u << 20) / 65536) ==
		 (size_t)-1 ? "grow refused" : "grow ok");
	return 0;
}
