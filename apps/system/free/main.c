/*
 * free - the machine's memory as procps free shows it, from the
 * supervisor's `memory` command, plus a line for what apps hold.
 */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static int shift = 0;	/* KiB >> shift: -k 0, -m 10, -g 20 */
static bool human;

static void cell(uint64_t kib)
{
	static const char units[] = "KMGT";
	char b[21], s[24];
	int u = 0;

	if (human && !kib) {
		strcpy(s, "0B");
	} else if (human) {
		uint64_t tenths = kib * 10;

		while (tenths >= 10240 && u < 3) {
			tenths /= 1024;
			u++;
		}
		strcpy(s, vt_utoa(tenths / 10, b));
		if (tenths < 100) {
			size_t n = strlen(s);

			s[n] = '.';
			s[n + 1] = (char)('0' + tenths % 10);
			s[n + 2] = '\0';
		}
		strcat(s, (char[]){ units[u], 'i', 0 });
	} else {
		strcpy(s, vt_utoa(kib >> shift, b));
	}
	for (int pad = 12 - (int)strlen(s); pad > 0; pad--)
		vt_putc(' ');
	vt_puts(s);
}

static int free_main(int argc, char **argv)
{
	char *a;
	uint64_t total, avail, used, cache;
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
	avail = vt_field_u(a, "available_kib");
	cache = vt_field_u(a, "buffers_kib") + vt_field_u(a, "cached_kib");
	used = total - vt_field_u(a, "free_kib") - cache;
	vt_puts("               total        used        free      shared"
		"  buff/cache   available\nMem:    ");
	cell(total);
	cell(used);
	cell(vt_field_u(a, "free_kib"));
	cell(vt_field_u(a, "shared_kib"));
	cell(cache);
	cell(avail);
	vt_puts("\nSwap:   ");
	cell(vt_field_u(a, "swap_total_kib"));
	cell(vt_field_u(a, "swap_total_kib") - vt_field_u(a, "swap_free_kib"));
	cell(vt_field_u(a, "swap_free_kib"));
	vt_puts("\nApps:   ");
	cell(vt_field_u(a, "apps_kib") + vt_field_u(a, "supervisor_kib"));
	cell(vt_field_u(a, "apps_kib"));
	vt_puts("   (supervisor and apps; apps' linear memory)\n");
	return 0;
}

VT_TOOL(free_main,
	"Usage: free [-k|-m|-g|-h]\n"
	"Memory in use and free, in KiB (-m MiB, -g GiB, -h readable), and\n"
	"what the supervisor and the apps hold.\n")
