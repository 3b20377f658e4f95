/*
 * libwasi - calls the test library wasitest (tests/libs/wasitest), whose
 * WASI calls are linked to this app's own:
 *   libwasi cat PATH          the library writes the file to stdout
 *   libwasi hold PATH N       the library opens it N times, closing none
 * then prints what the library returned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("lib_wasitest"), import_name("cat")))
int lib_cat(const char *path, size_t len);
__attribute__((import_module("lib_wasitest"), import_name("hold")))
int lib_hold(const char *path, size_t len, int times);

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "cat")) {
		int err = lib_cat(argv[2], strlen(argv[2]));

		printf("cat %d\n", err);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "hold")) {
		printf("held %d\n", lib_hold(argv[2], strlen(argv[2]),
					     atoi(argv[3])));
		return 0;
	}
	fprintf(stderr, "usage: libwasi cat PATH | hold PATH N\n");
	return 2;
}
