/*
 * rv3-bomb - review 3: spawns up to 8 copies of itself, each of which
 * does the same, then sleeps for 20 s. How many exist tells whether the
 * 256-per-tree limit holds for the tree it is in.
 *
 *   (no argument)   as the shell's `new` starts it: spawn, then sleep
 *   report          spawn, wait 6 s, then print "bombs N" (ps rows of
 *                   rv3-bomb instances) and "spawn RC" (one more spawn)
 *   load            exit at once, spawning nothing: a caller's way to
 *                   have the module compiled without starting a tree
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "vyoma_process.h"

static int count(void)
{
	static char out[1 << 20];
	size_t len = 0;
	int n = 0;

	if (vy_supervise("ps", out, sizeof(out) - 1, &len))
		return -1;
	out[len < sizeof(out) - 1 ? len : sizeof(out) - 1] = 0;
	for (char *p = out; (p = strstr(p, "ps rv3-bomb#")); p++)
		n++;
	return n;
}

int main(int argc, char **argv)
{
	struct timespec ts = { 20, 0 }, six = { 6, 0 };
	int io[3] = { VY_STDIO_DEFAULT, VY_STDIO_DEFAULT, VY_STDIO_DEFAULT };
	uint32_t id;

	if (argc > 1 && !strcmp(argv[1], "load"))
		return 0;
	for (int i = 0; i < 8; i++)
		if (vy_spawn("rv3-bomb", (const char *[]){ "x", NULL }, NULL,
			     NULL, io, &id))
			break;
	if (argc > 1 && !strcmp(argv[1], "report")) {
		nanosleep(&six, NULL);
		printf("bombs %d\n", count());
		printf("spawn %d\n", vy_spawn("rv3-bomb", (const char *[]){
			"x", "idle", NULL }, NULL, NULL, io, &id));
		fflush(stdout);
		return 0;
	}
	nanosleep(&ts, NULL);
	return 0;
}
