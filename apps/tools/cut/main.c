/*
 * cut - print selected bytes (-b, -c: the same in the C locale) or
 * fields (-f, split at -d's character, TAB by default) of each line.
 * The list is parsed into sorted, merged ranges; lines are streamed.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

#define INF UINT64_MAX

struct range {
	uint64_t lo, hi;
};

static struct range *ranges;
static size_t nranges;
static char mode;	/* 'b' or 'f' */
static char delim = '\t', eol = '\n';
static const char *out_delim;
static size_t out_len;
static bool only_delimited, complement;

static void fail(const char *msg, const char *arg)
{
	vt_warn(msg, arg);
	vt_usage_error(NULL, 1);
}

static bool num(const char **s, uint64_t *v)
{
	const char *p = *s;

	*v = 0;
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++)
		*v = *v > INF / 10 - 1 ? INF - 1 : *v * 10 + (uint64_t)(*p - '0');
	*s = p;
	return true;
}

static void parse_list(const char *list)
{
	const char *s = list;
	const char *from1 = mode == 'f' ? "fields are numbered from 1" :
			    "byte/character positions are numbered from 1";

	ranges = vt_alloc((strlen(list) / 2 + 2) * 2 * sizeof(*ranges));
	for (;;) {
		struct range r = { 1, INF };
		bool lo = num(&s, &r.lo), dash = *s == '-';

		if (dash) {
			s++;
			if (!num(&s, &r.hi)) {
				r.hi = INF;
				if (!lo)
					fail("invalid range with no endpoint",
					     "-");
			}
		} else if (lo) {
			r.hi = r.lo;
		}
		if ((!lo && !dash) || (*s && *s != ',' && *s != ' '))
			fail(mode == 'f' ? "invalid field range" :
			     "invalid byte or character range", NULL);
		if ((lo && !r.lo) || (dash && !r.hi))
			fail(from1, NULL);
		if (r.lo > r.hi)
			fail("invalid decreasing range", NULL);
		/* insertion into the sorted list, merging overlaps */
		{
			size_t i = nranges++;

			while (i && ranges[i - 1].lo > r.lo) {
				ranges[i] = ranges[i - 1];
				i--;
			}
			ranges[i] = r;
		}
		if (!*s)
			break;
		s++;
	}
	{
		size_t w = 0;

		for (size_t i = 1; i < nranges; i++) {
			if (ranges[i].lo <= ranges[w].hi) {
				if (ranges[i].hi > ranges[w].hi)
					ranges[w].hi = ranges[i].hi;
			} else {
				ranges[++w] = ranges[i];
			}
		}
		nranges = w + 1;
	}
	if (complement) {
		struct range *c = ranges + nranges;
		size_t n = 0;
		uint64_t next = 1;

		for (size_t i = 0; i < nranges; i++) {
			if (ranges[i].lo > next)
				c[n++] = (struct range){ next, ranges[i].lo - 1 };
			next = ranges[i].hi == INF ? INF : ranges[i].hi + 1;
		}
		if (next != INF)
			c[n++] = (struct range){ next, INF };
		ranges = c;
		nranges = n;
	}
}

/* The range holding position p (1-based), or NULL. */
static struct range *find(uint64_t p)
{
	for (size_t i = 0; i < nranges; i++)
		if (p >= ranges[i].lo && p <= ranges[i].hi)
			return &ranges[i];
	return NULL;
}

static void cut_bytes(const char *line, size_t len)
{
	bool any = false;

	for (size_t i = 0; i < nranges && ranges[i].lo <= len; i++) {
		uint64_t hi = ranges[i].hi < len ? ranges[i].hi : len;

		if (any && out_delim)
			vt_put(out_delim, out_len);
		vt_put(line + ranges[i].lo - 1, (size_t)(hi - ranges[i].lo + 1));
		any = true;
	}
}

static void cut_fields(const char *line, size_t len)
{
	const char *p = line, *end = line + len, *e;
	uint64_t f = 1;
	bool any = false;

	if (!memchr(line, delim, len)) {
		if (!only_delimited) {
			vt_put(line, len);
			vt_putc(eol);
		}
		return;
	}
	for (;; f++) {
		e = memchr(p, delim, (size_t)(end - p));
		if (!e)
			e = end;
		if (find(f)) {
			if (any)
				vt_put(out_delim, out_len);
			vt_put(p, (size_t)(e - p));
			any = true;
		}
		if (e == end)
			break;
		p = e + 1;
	}
	vt_putc(eol);
}

static const char longs[] =
	"b1bytes\0"
	"c1characters\0"
	"f1fields\0"
	"d1delimiter\0"
	"s0only-delimited\0"
	"C0complement\0"
	"O1output-delimiter\0"
	"z0zero-terminated\0";

static void cut_file(int fd, const char *name)
{
	struct vt_in in;
	size_t len;
	char *line;

	vt_in_init(&in, fd);
	while ((line = vt_getdelim(&in, &len, eol))) {
		if (line[len - 1] == eol)
			len--;
		if (mode == 'f') {
			cut_fields(line, len);
		} else {
			cut_bytes(line, len);
			vt_putc(eol);
		}
	}
	if (in.err)
		vt_warn_errno(name, in.err);
}

static int cut_main(int argc, char **argv)
{
	const char *list = NULL;
	bool have_delim = false;
	int c;

	while ((c = vtx_getopt(argc, argv, "b:c:f:d:snz", longs)) != -1) {
		switch (c) {
		case 'b':
		case 'c':
		case 'f':
			if (list)
				fail("only one list may be specified", NULL);
			list = vt_optarg;
			mode = c == 'f' ? 'f' : 'b';
			break;
		case 'd':
			if (vt_optarg[0] && vt_optarg[1])
				fail("the delimiter must be a single character",
				     NULL);
			delim = vt_optarg[0];
			have_delim = true;
			break;
		case 's':
			only_delimited = true;
			break;
		case 'C':
			complement = true;
			break;
		case 'O':
			out_delim = vt_optarg;
			break;
		case 'z':
			eol = '\0';
			break;
		}
	}
	if (!list)
		fail("you must specify a list of bytes, characters, or fields",
		     NULL);
	if (mode == 'b' && have_delim)
		fail("an input delimiter may be specified only when operating "
		     "on fields", NULL);
	if (mode == 'b' && only_delimited)
		fail("suppressing non-delimited lines makes sense\n"
		     "\tonly when operating on fields", NULL);
	parse_list(list);
	if (mode == 'f' && !out_delim) {
		char *d = vt_alloc(1);

		*d = delim;
		out_delim = d;
		out_len = 1;
	} else if (out_delim) {
		out_len = strlen(out_delim);
	}
	vt_each_input(argc, argv, cut_file);
	return vt_status;
}

VT_TOOL(cut_main,
	"Usage: cut OPTION... [FILE]...\n"
	"Print selected parts of lines from each FILE to standard output.\n"
	"\n"
	"  -b, -c LIST          select only these bytes (characters)\n"
	"  -f LIST              select only these fields\n"
	"  -d DELIM             field delimiter instead of TAB\n"
	"  -s                   skip lines without delimiters\n"
	"  -z                   lines end with NUL, not newline\n"
	"  --complement         select what LIST does not\n"
	"  --output-delimiter=S join the selected parts with S\n"
	"LIST is N, N-M, N- or -M, separated by commas.\n")
