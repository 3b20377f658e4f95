/*
 * awk - pattern scanning and text processing, a POSIX awk that behaves
 * like gawk in the C locale: awk [-F fs] [-v var=val]... [-f progfile |
 * 'program'] [file | var=val]...
 *
 * main.c owns the command line and the order of a run (BEGIN, records,
 * END); the language lives in the headers beside it, included here in
 * dependency order because an app is built from one translation unit.
 */
#include "vyoma_command.h"
#include "vyoma_process.h"

extern char **environ;

#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vyoma_alloc.h"
#include "base.h"
#include "num.h"
#include "mathx.h"
#include "regex.h"
#include "value.h"
#include "format.h"
#include "lex.h"
#include "parse.h"
#include "io.h"
#include "run.h"
#include "vyoma_tiny.h"


static const char usage[] =
	"usage: awk [-F fs] [-v var=value]... [-f progfile | 'program'] "
	"[file | var=value]...\n"
	"  -F fs         field separator (a regular expression)\n"
	"  -v var=value  assign before the program starts\n"
	"  -f progfile   read the program from a file (may repeat)\n";

static void set_str(int var, const char *s)
{
	cfree(&G[var]);
	G[var].fl = F_STR;
	G[var].s = scstr(s);
}

static void read_progfile(Buf *prog, const char *name)
{
	int fd = strcmp(name, "-") ? open(name, O_RDONLY) : 0;
	char tmp[4096];
	ssize_t r;

	if (fd < 0)
		die("cannot open program file", name);
	while ((r = read(fd, tmp, sizeof(tmp))) > 0)
		bput(prog, tmp, r);
	bputc(prog, '\n');
	if (fd)
		close(fd);
}

static void init_globals(int argc, char **argv, int first_operand)
{
	static const char *const names[] = {
		"NR", "NF", "FNR", "FS", "OFS", "ORS", "RS", "FILENAME",
		"SUBSEP", "RSTART", "RLENGTH", "CONVFMT", "OFMT", "ENVIRON",
		"ARGC", "ARGV"
	};
	Str *k;
	Cell *c;
	char **e;
	int i;

	for (i = 0; i < V_NSPECIAL; i++) {
		k = scstr(names[i]);
		global_slot(k);
		sfree(k);
	}
	set_num(V_NR, 0);
	set_num(V_NF, 0);
	set_num(V_FNR, 0);
	set_str(V_FS, " ");
	set_str(V_OFS, " ");
	set_str(V_ORS, "\n");
	set_str(V_RS, "\n");
	set_str(V_SUBSEP, "\034");
	set_num(V_RSTART, 0);
	set_num(V_RLENGTH, -1);
	set_str(V_CONVFMT, "%.6g");
	set_str(V_OFMT, "%.6g");
	set_str(V_FILENAME, "");
	for (e = environ; e && *e; e++) {
		const char *eq = strchr(*e, '=');

		if (!eq)
			continue;
		k = snew(*e, eq - *e);
		c = aget(getarr(&G[V_ENVIRON]), k, 1);
		sfree(k);
		cfree(c);
		c->fl = F_STR | F_MAYBE;
		c->s = scstr(eq + 1);
	}
	c = aget(getarr(&G[V_ARGV]), k = scstr("0"), 1);
	sfree(k);
	c->fl = F_STR;
	c->s = scstr("awk");
	for (i = first_operand; i < argc; i++) {
		k = num_to_str(i - first_operand + 1, NULL);
		c = aget(getarr(&G[V_ARGV]), k, 1);
		sfree(k);
		c->fl = F_STR | F_MAYBE;
		c->s = scstr(argv[i]);
	}
	set_num(V_ARGC, argc - first_operand + 1);
}

static int run_rules(void)
{
	Str *rec;
	Rule *r;
	int i, rc;

	while ((rec = next_main_record())) {
		set_record(rec);
		for (i = 0; i < nrules; i++) {
			r = &rules[i];
			rc = 0;
			if (r->pat2) {
				if (!r->inrange) {
					r->inrange = evtrue(r->pat) && !pend;
					if (r->inrange && evtrue(r->pat2))
						r->inrange = 0;
					else if (!r->inrange && !pend)
						continue;
				} else if (evtrue(r->pat2)) {
					r->inrange = 0;
				}
			} else if (r->pat && !evtrue(r->pat) && !pend) {
				continue;
			}
			if (!pend) {
				if (r->act) {
					rc = exec(r->act);
				} else {
					Str *s = tostr(get_field(0));
					Str *ors = tostr(&G[V_ORS]);

					swrite(&out1, s->s, s->len);
					swrite(&out1, ors->s, ors->len);
					sfree(s);
					sfree(ors);
				}
			}
			if (pend) {
				rc = pend;
				pend = 0;
			}
			if (rc == J_NEXT)
				break;
			if (rc == J_NEXTFILE) {
				if (main_in)
					in_close(main_in);
				main_in = NULL;
				break;
			}
			if (rc == J_EXIT)
				return rc;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	Buf prog = { 0 };
	const char **assigns = xcalloc(argc, sizeof(char *));
	const char *fs = NULL;
	int i, nassign = 0, have_prog = 0, rc;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i], *v;

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--help")) {
			(void)!write(1, usage, sizeof(usage) - 1);
			return 0;
		}
		if (!strcmp(a, "--version")) {
			(void)!write(1, "awk (VyomaOS) 0.1.0\n", 20);
			return 0;
		}
		if (a[1] != 'F' && a[1] != 'v' && a[1] != 'f')
			die("unknown option", a);
		v = a[2] ? a + 2 : argv[++i];
		if (!v)
			die("option needs an argument:", a);
		if (a[1] == 'F')
			fs = v;
		else if (a[1] == 'v')
			assigns[nassign++] = v;
		else {
			read_progfile(&prog, v);
			have_prog = 1;
		}
	}
	if (!have_prog) {
		if (i >= argc) {
			(void)!write(2, usage, sizeof(usage) - 1);
			return 2;
		}
		bput(&prog, argv[i], strlen(argv[i]));
		bputc(&prog, '\n');
		i++;
	}
	init_globals(argc, argv, i);
	if (fs) {
		cfree(&G[V_FS]);
		G[V_FS].fl = F_STR;
		G[V_FS].s = unescape_str(fs, fs + strlen(fs), 0);
	}
	L.p = prog.p;
	L.line = 1;
	src_end = prog.p + prog.n;
	parse_program();
	for (i = 0; i < nassign; i++) {
		Str *a = scstr(assigns[i]);

		if (!is_assignment(a))
			die("bad -v assignment:", assigns[i]);
		cmdline_assign(assigns[i]);
		sfree(a);
	}
	vs = xcalloc(VS_MAX, sizeof(Cell));
	set_record(snew("", 0));
	xsrandom(1);
	rc = exec(begins);
	pend = 0;
	if (rc != J_EXIT && (nrules || ends))
		run_rules();
	pend = 0;
	exec(ends);
	close_pipes();	/* first, as gawk: what sort prints comes first */
	flush_all();
	return exit_code;
}
