/*
 * ps - the apps and instances the supervisor runs, one row each, from
 * its `ps` command (docs/protocol.md): id, parent, the user it runs for,
 * kind, state, CPU time, memory and the name (name#id for an instance).
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static void column(const char *s, int width, bool right)
{
	int pad = width - (int)strlen(s);

	if (right)
		for (; pad > 0; pad--)
			vt_putc(' ');
	vt_puts(s);
	if (!right)
		for (; pad > 0; pad--)
			vt_putc(' ');
	vt_putc(' ');
}

/* "12.345" seconds as M:SS. */
static const char *cpu_time(const char *secs)
{
	static char out[24];
	char b[21], *m;
	int64_t s = 0;
	const char *dot = strchr(secs, '.');
	char whole[21];
	size_t n = dot ? (size_t)(dot - secs) : strlen(secs);

	if (n >= sizeof(whole))
		n = sizeof(whole) - 1;
	memcpy(whole, secs, n);
	whole[n] = '\0';
	vt_parse_int(whole, &s);
	m = vt_utoa((uint64_t)s / 60, b);
	strcpy(out, m);
	strcat(out, ":");
	out[strlen(out) + 2] = '\0';
	out[strlen(out) + 1] = (char)('0' + s % 10);
	out[strlen(out)] = (char)('0' + s % 60 / 10);
	return out;
}

/* bytes as KiB, or M with one decimal over 10 MiB */
static const char *memory(uint64_t bytes)
{
	static char out[24];
	char b[21];

	strcpy(out, vt_utoa((bytes + 1023) / 1024, b));
	strcat(out, "K");
	return out;
}

static int ps_main(int argc, char **argv)
{
	char line[128] = "ps";
	char *answer, *p, *row;
	int rows = 0;

	if (argc > 2)
		vt_usage_error("at most one app or instance", 1);
	if (argc == 2) {
		if (strlen(argv[1]) > 100)
			vt_usage_error("name too long", 1);
		strcat(line, " ");
		strcat(line, argv[1]);
	}
	answer = vt_ask(line, true);
	if (!answer)
		return 1;
	p = answer;
	vt_puts("   ID PARENT USER     KIND    STATE        TIME      MEM NAME\n");
	while ((row = vt_next_line(&p))) {
		const char *err = vt_answer_error(row);
		char *name, *e;

		if (err) {
			vt_warn(argc == 2 ? argv[1] : NULL, err);
			return 1;
		}
		if (strncmp(row, "ps ", 3) || !strncmp(row, "ps end ", 7))
			continue;
		name = row + 3;
		e = strchr(name, ' ');
		if (e)
			*e++ = '\0';
		column(vt_field(e ? e : "", "id"), 5, true);
		column(vt_field(e ? e : "", "parent"), 6, true);
		column(vt_field(e ? e : "", "user"), 8, false);
		column(vt_field(e ? e : "", "kind"), 7, false);
		column(vt_field(e ? e : "", "state"), 10, false);
		column(cpu_time(vt_field(e ? e : "", "cpu")), 6, true);
		column(memory(vt_field_u(e ? e : "", "memory")), 8, true);
		vt_puts(name);
		vt_putc('\n');
		rows++;
	}
	return 0;
}

VT_TOOL(ps_main,
	"Usage: ps [APP|APP#ID|ID]\n"
	"List the apps and instances the supervisor runs: id, parent, user,\n"
	"kind, state, CPU time (M:SS), memory and name. With an argument, only\n"
	"it.\n")
