/*
 * vytool_tabstops.h - the tab stops expand and unexpand share, as GNU's
 * expand-common.c is shared by its two: the stop list read from -t LIST
 * and from the old -N[,M]... options, its checks, the stop that follows
 * a column, and how a character moves the column.
 *
 * Include it in place of vytool_text.h (which it includes), once, in the
 * tool's main.c. Everything is static inline, so a tool links in only
 * what it calls.
 */
#ifndef VYTOOL_TABSTOPS_H
#define VYTOOL_TABSTOPS_H

#include "vytool_text.h"

/* The options vts_option takes: the old form's digits and commas
 * (unexpand's); expand's digits alone, for vts_expand_digit. */
#define VTS_OPTS ",0123456789"
#define VTS_DIGITS "0123456789"

/* A fixed list: the tools allocate nothing, and no real list is long. */
static uint64_t vts_stops[128];
static int vts_nstops;

/*
 * The old form's number, built one getopt character at a time: "-2,6"
 * comes back as '2', ',', '6'. The tool keeps it on its stack rather
 * than here as a static, so it stays in locals and costs no bytes.
 */
struct vts_num {
	uint64_t v;
	bool have;
};

static inline void vts_add(uint64_t v)
{
	const char *why = !v ? "tab size cannot be 0" :
			  vts_nstops && v <= vts_stops[vts_nstops - 1] ?
			  "tab sizes must be ascending" :
			  vts_nstops == 128 ? "too many tab stops" : NULL;

	if (why)
		vt_die(why);
	vts_stops[vts_nstops++] = v;
}

/* -t LIST: GNU takes blanks as well as commas between the numbers. */
static inline void vts_parse(const char *s)
{
	while (*s) {
		uint64_t v = 0;

		if (*s == ',' || vtx_blank(*s)) {
			s++;
			continue;
		}
		if (*s < '0' || *s > '9') {
			vt_warn("tab size contains invalid character(s)", s);
			vt_exit(1);
		}
		for (; *s >= '0' && *s <= '9'; s++) {
			/* Checked before the multiply, so v cannot wrap. */
			if (v > UINT32_MAX)
				vt_die("tab stop is too large");
			v = v * 10 + (uint64_t)(*s - '0');
		}
		vts_add(v);
	}
}

/* The old form's number is complete: after the options, or at a comma. */
static inline void vts_options_done(struct vts_num *n)
{
	if (n->have)
		vts_add(n->v);
	n->have = false;
}

/* c is one of VTS_OPTS, as vt_getopt returned it. */
static inline void vts_option(struct vts_num *n, int c)
{
	if (c == ',') {
		vts_options_done(n);
	} else {
		/* Checked before the multiply, so v cannot wrap. */
		if (n->have && n->v > (UINT64_MAX - 9) / 10)
			vt_die("tab stop value is too large");
		n->v = (n->have ? n->v * 10 : 0) + (uint64_t)(c - '0');
		n->have = true;
	}
}

/*
 * expand's old form, which is not unexpand's: in GNU's expand a digit
 * option takes the rest of its argument as a list, so "-1,2" and
 * "-1 -2" are both the stops 1 and 2 (unexpand reads "-1 -2" as 12),
 * and a comma alone is no option. Called when vt_getopt has returned
 * a digit: that digit and the rest of its argument are read here.
 */
static inline void vts_expand_digit(char **argv)
{
	const char *arg = argv[vt__optpos ? vt_optind : vt_optind - 1];

	vts_parse(arg + (vt__optpos ? vt__optpos : strlen(arg)) - 1);
	if (vt__optpos) {
		vt__optpos = 0;
		vt_optind++;
	}
}

/*
 * The stop after col, or 0 past a list's last, where expand puts one
 * space and unexpand stops converting. One stop is a tab size, as GNU
 * has it.
 */
static inline uint64_t vts_next(uint64_t col)
{
	if (vts_nstops < 2) {
		uint64_t t = vts_nstops ? vts_stops[0] : 8;

		return col + t - col % t;
	}
	for (int i = 0; i < vts_nstops; i++)
		if (vts_stops[i] > col)
			return vts_stops[i];
	return 0;
}

/* GNU counts every byte as one column, but a backspace takes one back. */
static inline uint64_t vts_column(uint64_t col, char c)
{
	return c == '\b' ? col - !!col : col + 1;
}

#endif /* VYTOOL_TABSTOPS_H */
