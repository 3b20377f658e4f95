/*
 * vytool_text.h - what the text tools (head, sort, cut, tr, seq...)
 * share on top of vytool.h: GNU-style options (long names, unique
 * prefixes, options after operands), numbers with size suffixes, and
 * backslash escapes as echo -e, printf and tr read them.
 *
 * Include after vytool.h. Everything is static inline, so a tool links
 * in only what it calls.
 */
#ifndef VYTOOL_TEXT_H
#define VYTOOL_TEXT_H

#include "vytool.h"

/* ---- options -------------------------------------------------------- */

/*
 * Long options are one string, so a table costs two bytes an option
 * plus its name: each entry is the value vtx_getopt returns for it (a
 * byte, never a digit), then '0' (no argument), '1' (required) or '2'
 * (optional, "--name=ARG" only), then the name and its NUL; an empty
 * entry ends the table:
 *
 *	static const char longs[] = "n1lines\0" "q0quiet\0";
 */

static int vtx_usage_status = 1;	/* GNU sort says 2 */

/*
 * Where c is in s, or NULL (c != 0). A plain loop: wasi-libc's strchr,
 * strspn and strcspn are word-at-a-time versions, hundreds of bytes
 * each, and a tool here counts bytes.
 */
static inline const char *vtx_strchr(const char *s, char c)
{
	for (; *s; s++)
		if (*s == c)
			return s;
	return NULL;
}

/* Where the nth (from 0) space-separated word of line starts, or "". */
static inline const char *vtx_word_at(const char *line, int nth)
{
	while (nth-- > 0 && (line = vtx_strchr(line, ' ')))
		line++;
	return line ? line : "";
}

/* A copy of the nth space-separated word of line (up to a space or a
 * newline), or "" if it has none. */
static inline char *vtx_word(const char *line, int nth)
{
	const char *s = vtx_word_at(line, nth), *e = s;
	char *w;

	while (*e && *e != ' ' && *e != '\n')
		e++;
	w = vt_alloc((size_t)(e - s) + 1);
	memcpy(w, s, (size_t)(e - s));
	w[e - s] = '\0';
	return w;
}

/* How many bytes at the start of s are in set. */
static inline size_t vtx_span(const char *s, const char *set)
{
	size_t n = 0;

	while (s[n] && vtx_strchr(set, s[n]))
		n++;
	return n;
}

/* Reports a bad option the GNU way and ends the tool (status 1). */
static inline void vtx__bad(const char *why, const char *arg)
{
	vt_flush();
	vt_eputs(vt_prog);
	vt_eputs(": ");
	vt_eputs(why);
	vt_eputs(" '");
	vt_eputs(arg);
	vt_eputs("'\nTry '");
	vt_eputs(vt_prog);
	vt_eputs(" --help' for more information.\n");
	vt_exit(vtx_usage_status);
}

/* The entry of longs naming arg ("name" or "name=value"), or NULL;
 * a unique prefix will do. */
static inline const char *vtx__find(const char *lo, const char *arg)
{
	const char *hit = NULL;
	size_t n = 0;

	while (arg[n] && arg[n] != '=')
		n++;
	for (; lo && *lo; lo += strlen(lo) + 1) {
		if (strncmp(lo + 2, arg, n))
			continue;
		if (!lo[2 + n])
			return lo;	/* exact */
		if (hit && hit[0] != lo[0])
			vtx__bad("option is ambiguous;", arg);
		hit = lo;
	}
	return hit;
}

static char **vtx__ops;	/* operands met before the options ended */
static int vtx__nops;

/*
 * getopt with long options and GNU's permutation: options may follow
 * operands until "--". Returns the short option, a long option's val
 * (vt_optarg set for an argument), or -1 when the options end: the
 * operands, in their order, are then argv[vt_optind..argc). Unknown
 * options and missing arguments end the tool with GNU's usage message.
 */
static inline int vtx_getopt(int argc, char **argv, const char *spec,
			     const char *lo)
{
	const char *l;
	const char *o;
	char *arg, name[2] = { 0, 0 };
	int ret;

	vt_optarg = NULL;
	if (!vtx__ops)
		vtx__ops = vt_alloc((size_t)argc * sizeof(char *));
	while (!vt__optpos) {
		if (vt_optind >= argc || !strcmp(argv[vt_optind], "--")) {
			/* The stashed operands go just before the rest. */
			vt_optind += vt_optind < argc;
			vt_optind -= vtx__nops;
			memcpy(argv + vt_optind, vtx__ops,
			       (size_t)vtx__nops * sizeof(char *));
			vtx__nops = 0;
			vtx__ops = argv + argc;	/* done: never again */
			return -1;
		}
		arg = argv[vt_optind];
		if (arg[0] == '-' && arg[1] && vtx__ops != argv + argc)
			break;
		if (vtx__ops == argv + argc)
			return -1;
		vtx__ops[vtx__nops++] = arg;
		vt_optind++;
	}
	arg = argv[vt_optind];
	if (!vt__optpos && arg[1] == '-') {
		char *eq = (char *)vtx_strchr(arg, '=');

		vt_optind++;
		l = vtx__find(lo, arg + 2);
		if (!l || (eq && l[1] == '0'))
			vtx__bad(l ? "option doesn't allow an argument" :
				 "unrecognized option", arg);
		vt_optarg = eq ? eq + 1 : NULL;
		ret = (unsigned char)l[0];
		if (l[1] == '1' && !eq)
			goto need_arg;
		return ret;
	}
	ret = name[0] = arg[++vt__optpos];
	o = ret == ':' ? NULL : vtx_strchr(spec, (char)ret);
	if (!arg[vt__optpos + 1]) {
		vt__optpos = 0;
		vt_optind++;
	}
	if (!o)
		vtx__bad("invalid option --", name);
	if (o[1] != ':')
		return ret;
	if (vt__optpos) {
		vt_optarg = arg + vt__optpos + 1;
		vt__optpos = 0;
		vt_optind++;
		return ret;
	}
need_arg:
	if (vt_optind >= argc)
		vtx__bad("option requires an argument --", name[0] ? name : arg);
	vt_optarg = argv[vt_optind++];
	return ret;
}

/* The operands after vtx_getopt: argv[vt_optind..argc). */

/* ---- numbers ---------------------------------------------------------- */

/* The suffix letters vtx_parse_size takes in lower case too: k and m,
 * as GNU's head, tail and split; truncate adds g and t, as GNU's. */
static const char *vtx_size_lower = "km";

/*
 * A count with an optional GNU size suffix (b 512, K 1024, KB 1000,
 * KiB 1024, M, MB, G, GB, T..., vtx_size_lower's letters in either
 * case). Returns false if s is not one, and false with *out UINT64_MAX
 * if it is past 2^64-1, digits or suffix: GNU's head, tail, fold, split
 * and truncate refuse that ("Value too large"), its uniq takes it as
 * the most there can be.
 */

static inline bool vtx_parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	const char *p = s;
	static const char units[] = "KMGTPEZY";
	bool big = false;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		big |= v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (*p == 'b' && !p[1]) {
		mul = 512;
	} else if (*p) {
		const char *u = vtx_strchr(units, vtx_strchr(vtx_size_lower, *p) ?
						  *p - 32 : *p);
		uint64_t base = 1024;
		int power;

		if (!u)
			return false;
		power = (int)(u - units) + 1;
		if (p[1] == 'B' && !p[2])
			base = 1000;
		else if (p[1] == 'i' && p[2] == 'B' && !p[3])
			;
		else if (p[1])
			return false;
		/* 0Y is 0, as GNU's: only a count past 0 can overflow */
		while (power--) {
			big |= v && mul > UINT64_MAX / base;
			mul *= base;
		}
	}
	big |= v && mul > UINT64_MAX / v;
	*out = big ? UINT64_MAX : v * mul;
	return !big;
}

/* ---- escapes ---------------------------------------------------------- */

#define VTX_ESC_OCTAL0 1	/* "\0NNN" takes three digits after the 0 */
#define VTX_ESC_QUOTES 2	/* \" \' \? are escapes (printf, not echo) */

/*
 * The backslash escape at *sp (just after the '\'): stores the byte in
 * *out and advances *sp. Returns 0 for a byte, 'c' for "\c", or -1 if
 * it is not an escape (the '\' stands for itself).
 */
static inline int vtx_escape(const char **sp, char *out, int mode)
{
	const char *s = *sp;
	static const char from[] = "\\abefnrtv\"'?", to[] =
		"\\\a\b\033\f\n\r\t\v\"'?";
	const char *f = *s ? vtx_strchr(from, *s) : NULL;
	int v = 0, n = 0;

	if (f && (f - from < 9 || (mode & VTX_ESC_QUOTES))) {
		*out = to[f - from];
		*sp = s + 1;
		return 0;
	}
	if (*s == 'c') {
		*sp = s + 1;
		return 'c';
	}
	if (*s == 'x') {
		for (s++; n < 2; n++, s++) {
			int d = *s >= '0' && *s <= '9' ? *s - '0' :
				(*s | 32) >= 'a' && (*s | 32) <= 'f' ?
				(*s | 32) - 'a' + 10 : -1;

			if (d < 0)
				break;
			v = v * 16 + d;
		}
		if (!n)
			return -1;
	} else if (*s >= '0' && *s <= '7') {
		if ((mode & VTX_ESC_OCTAL0) && *s == '0')
			s++;
		for (; n < 3 && *s >= '0' && *s <= '7'; n++, s++)
			v = v * 8 + (*s - '0');
	} else {
		return -1;
	}
	*out = (char)v;
	*sp = s;
	return 0;
}

/* ---- fields ------------------------------------------------------------ */

/* GNU's blank: space or tab (the C locale's isblank). */
static inline bool vtx_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* head's and tail's "==> NAME <==" before a file, a blank line first
 * but before the first. */
static inline void vtx_name_header(const char *name, bool *first)
{
	vt_puts(*first ? "==> " : "\n==> ");
	*first = false;
	vt_puts(strcmp(name, "-") ? name : "standard input");
	vt_puts(" <==\n");
}

/* comm's and join's FILE1 FILE2: GNU's usage error for any other count. */
static inline void vtx_two_operands(int argc, char **argv)
{
	if (argc - vt_optind == 2)
		return;
	if (argc - vt_optind < 2)
		vt_warn(argc == vt_optind ? "missing operand" :
			"missing operand after", argv[vt_optind]);
	else
		vt_warn("extra operand", argv[vt_optind + 2]);
	vt_usage_error(NULL, 1);
}

#endif
