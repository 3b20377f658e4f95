/*
 * free - the machine's memory as procps 4's free shows it, from the
 * supervisor's `memory` command, plus a line for what apps hold. As
 * procps 4 counts: buff/cache is Buffers, Cached and SReclaimable, and
 * used is what is not available (total - available).
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static int shift = 0;	/* KiB >> shift: -k 0, -m 10, -g 20 */
static bool human;

static void cell(uint64_t kib)
{
	/* vt_utoa ends the digits at b[20]; a suffix of up to 4 follows. */
	char b[25], *digits, *end = b + 20;
	uint64_t tenths = kib * 10;
	int u = 0;

	if (!human) {
		digits = vt_utoa(kib >> shift, b);
	} else {
		while (tenths >= 10240 && u < 3) {
			tenths /= 1024;
			u++;
		}
		digits = vt_utoa(tenths / 10, b);
		if (!kib) {
			*end++ = 'B';
		} else {
			if (tenths < 100) {
				*end++ = '.';
				*end++ = (char)('0' + tenths % 10);
			}
			*end++ = "KMGT"[u];
			*end++ = 'i';
		}
	}
	*end = '\0';
	for (int pad = 12 - (int)(end - digits); pad > 0; pad--)
		vt_putc(' ');
	vt_puts(digits);
}

static int free_main(int argc, char **argv)
{
	char *a;
	uint64_t total, free_kib, cache, avail, apps;
	int c;

	while ((c = vt_getopt(argc, argv, "kmgh")) != -1)
		switch (c) {
		case 'k': shift = 0; break;
		case 'm': shift = 10; break;
		case 'g': shift = 20; break;
		case 'h': human = true; break;
		}
	a = vt_ask("memory", false);
	if (!a || strncmp(a, "memory ", 7)) {
		if (a)
			vt_warn(NULL, a);
		return 1;
	}
	total = vt_field_u(a, "total_kib");
	free_kib = vt_field_u(a, "free_kib");
	cache = vt_field_u(a, "buffers_kib") + vt_field_u(a, "cached_kib") +
		vt_field_u(a, "sreclaimable_kib");
	avail = vt_field_u(a, "available_kib");
	vt_puts("               total        used        free      shared"
		"  buff/cache   available\nMem:    ");
	cell(total);
	/* procps 4: total - free when available says more than all */
	cell(avail <= total ? total - avail : total - free_kib);
	cell(free_kib);
	cell(vt_field_u(a, "shared_kib"));
	cell(cache);
	cell(avail);
	vt_puts("\nSwap:   ");
	total = vt_field_u(a, "swap_total_kib");
	free_kib = vt_field_u(a, "swap_free_kib");
	cell(total);
	cell(total - free_kib);
	cell(free_kib);
	vt_puts("\nApps:   ");
	apps = vt_field_u(a, "apps_kib");
	cell(apps + vt_field_u(a, "supervisor_kib"));
	cell(apps);
	vt_puts("   (supervisor and apps; apps' linear memory)\n");
	return 0;
}

VT_TOOL(free_main,
	"Usage: free [-k|-m|-g|-h]\n"
	"Memory in use and free, in KiB (-m MiB, -g GiB, -h readable), and\n"
	"what the supervisor and the apps hold.\n")
