/*
 * pkgprobe - the hostile app of the packages tests
 * (tests/integration/packages.py): an app holding the packages
 * capability that asks the supervisor whatever it likes. Each argument
 * is one step, in order:
 *
 *   spawn NAME     runs the command NAME and waits for it
 *   anything else  sent as it is as one supervisor line ("pkg remove x",
 *                  "ps"); its answer is printed as "answer <rc>" and
 *                  then each of its lines as "| <line>"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vyoma_process.h"

static void ask(const char *line)
{
	size_t cap = 1 << 16, len = 0;
	char *out = malloc(cap + 1), *p, *nl;
	int rc = out ? vy_supervise(line, out, cap, &len) : 12;

	printf("answer %d\n", rc);
	if (rc || !out) {
		free(out);
		return;
	}
	out[len < cap ? len : cap] = '\0';
	for (p = out; *p; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		printf("| %.*s\n", (int)(nl ? (size_t)(nl - p) : strlen(p)), p);
	}
	free(out);
}

static void spawn(const char *name)
{
	uint32_t id = 0;
	int status = -1, rc = vy_spawn(name, (const char *[]){ name, NULL },
				       NULL, NULL, NULL, &id);

	if (!rc)
		rc = vy_wait(id, &status, 0);
	printf("spawned %s: %d, status %d\n", name, rc, status);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "spawn ", 6))
			spawn(argv[i] + 6);
		else
			ask(argv[i]);
	}
	return 0;
}
