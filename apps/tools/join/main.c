/*
 * join - join the lines of two files sorted on a common field. Both
 * files are streamed; only the current group of lines with one key is
 * held per file. Fields are split at -t's byte, or at runs of blanks
 * with leading blanks ignored; the output is the key, the other fields
 * of FILE1, then FILE2's (or the -o list). Disorder is reported as GNU
 * join does, once an unpairable line has been seen.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

struct file {
	struct vt_in in;
	const char *name;
	char *line, *prev;	/* the lookahead line; the one before */
	size_t len, plen, pcap;
	uint64_t lineno;
	char *gbuf;		/* the group: lines with one key */
	size_t gused, gcap, *glen, ng, gncap;
	size_t key;		/* the join field, 0-based */
	bool unpaired;		/* -a or -v */
	bool disorder;
};

static struct file f[2];
static int tab = -1;
static char eol = '\n', sep = ' ';
static const char *empty;
static bool icase, pairs = true, seen_unpairable, check_order, no_check;
static bool header, autoformat;
static unsigned *format;	/* -o: file << 16 | field+1; 0 the key */
static size_t nformat;

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Field n (0-based) of s: its start, or NULL if the line has fewer. */
static const char *field(const char *s, size_t len, size_t n, size_t *flen)
{
	const char *e = s + len, *p = s;

	if (tab < 0)
		while (p < e && blank(*p))
			p++;
	else if (!len)
		return NULL;
	for (;;) {
		const char *q = p;

		if (tab < 0 && p == e)
			return NULL;
		while (q < e && (tab < 0 ? !blank(*q) : *q != (char)tab))
			q++;
		if (!n--) {
			*flen = (size_t)(q - p);
			return p;
		}
		if (q == e)
			return NULL;
		p = q + 1;
		if (tab < 0)
			while (p < e && blank(*p))
				p++;
	}
}

static int keycmp(const char *a, size_t al, size_t ak,
		  const char *b, size_t bl, size_t bk)
{
	size_t la = 0, lb = 0, n;
	const char *x = field(a, al, ak, &la), *y = field(b, bl, bk, &lb);

	if (!x)
		la = 0;
	if (!y)
		lb = 0;
	n = la < lb ? la : lb;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)x[i], d = (unsigned char)y[i];

		if (icase) {
			c += c >= 'A' && c <= 'Z' ? 32 : 0;
			d += d >= 'A' && d <= 'Z' ? 32 : 0;
		}
		if (c != d)
			return c - d;
	}
	return la < lb ? -1 : la > lb;
}

static void read_line(struct file *fp)
{
	if (fp->line) {
		if (fp->len + 1 > fp->pcap) {
			fp->pcap = fp->len * 2 + 1;
			fp->prev = vt_alloc(fp->pcap);
		}
		memcpy(fp->prev, fp->line, fp->len);
		fp->plen = fp->len;
	}
	fp->line = vt_getdelim(&fp->in, &fp->len, eol);
	if (!fp->line)
		return;
	fp->lineno++;
	if (fp->line[fp->len - 1] == eol)
		fp->len--;
	if (fp->prev && !no_check && !fp->disorder &&
	    (check_order || seen_unpairable) &&
	    keycmp(fp->prev, fp->plen, fp->key, fp->line, fp->len,
		   fp->key) > 0) {
		char b[21];

		vt_flush();
		vt_eputs("join: ");
		vt_eputs(fp->name);
		vt_eputs(":");
		vt_eputs(vt_utoa(fp->lineno, b));
		vt_eputs(": is not sorted: ");
		vt_put_to(&vt_stderr, fp->line, fp->len);
		vt_eputs("\n");
		vt_flush_out(&vt_stderr);
		fp->disorder = true;
		if (check_order)
			vt_exit(1);
	}
}

static void put_field(const char *s, size_t len, size_t n)
{
	size_t fl = 0;
	const char *p = s ? field(s, len, n, &fl) : NULL;

	if (p && fl)
		vt_put(p, fl);
	else if (empty)
		vt_puts(empty);
}

/* One output line: a is FILE1's line, b FILE2's (either may be NULL). */
static void put_join(const char *a, size_t al, const char *b, size_t bl)
{
	const char *l[2] = { a, b };
	size_t ll[2] = { al, bl };
	int k = a ? 0 : 1;

	if (nformat) {
		for (size_t i = 0; i < nformat; i++) {
			unsigned v = format[i];

			if (i)
				vt_putc(sep);
			if (!v)
				put_field(l[k], ll[k], f[k].key);
			else
				put_field(l[(v >> 16) - 1], ll[(v >> 16) - 1],
					  (v & 0xFFFF) - 1);
		}
		vt_putc(eol);
		return;
	}
	put_field(l[k], ll[k], f[k].key);
	for (int i = 0; i < 2; i++) {
		size_t fl;

		if (!l[i])
			continue;
		for (size_t n = 0; field(l[i], ll[i], n, &fl); n++) {
			if (n == f[i].key)
				continue;
			vt_putc(sep);
			put_field(l[i], ll[i], n);
		}
	}
	vt_putc(eol);
}

/* Moves fp's lines with the lookahead line's key into its group. */
static void take_group(struct file *fp)
{
	fp->gused = fp->ng = 0;
	do {
		if (fp->gused + fp->len > fp->gcap) {
			size_t ncap = (fp->gused + fp->len) * 2;

			fp->gbuf = vt_grow(fp->gbuf, fp->gcap, ncap);
			fp->gcap = ncap;
		}
		if (fp->ng == fp->gncap) {
			fp->gncap = fp->gncap * 2 + 8;
			fp->glen = vt_grow(fp->glen, fp->ng * sizeof(size_t),
					   fp->gncap * sizeof(size_t));
		}
		memcpy(fp->gbuf + fp->gused, fp->line, fp->len);
		fp->gused += fp->len;
		fp->glen[fp->ng++] = fp->len;
		read_line(fp);
	} while (fp->line && !keycmp(fp->gbuf, fp->glen[0], fp->key,
				     fp->line, fp->len, fp->key));
}

static void bad(const char *what, const char *arg)
{
	vt_warn(what, arg);
	vt_usage_error(NULL, 1);
}

static size_t field_number(const char *s)
{
	int64_t v;

	if (!vt_parse_int(s, &v) || v < 1 || v > 65535)
		bad("invalid field number", s);
	return (size_t)v - 1;
}

static void parse_format(char *s)
{
	if (!strcmp(s, "auto")) {
		autoformat = true;
		return;
	}
	format = vt_grow(format, nformat * sizeof(unsigned),
			 (nformat + strlen(s)) * sizeof(unsigned));
	while (*s) {
		char *e = s;

		while (*e && *e != ',' && !blank(*e))
			e++;
		if (*e)
			*e++ = '\0';
		if (!strcmp(s, "0"))
			format[nformat++] = 0;
		else if ((s[0] == '1' || s[0] == '2') && s[1] == '.')
			format[nformat++] = (unsigned)(s[0] - '0') << 16 |
					    (unsigned)(field_number(s + 2) + 1);
		else
			bad("invalid field specifier", s);
		s = e;
	}
}

static const char longs[] =
	"c0check-order\0"
	"n0nocheck-order\0"
	"h0header\0"
	"i0ignore-case\0"
	"z0zero-terminated\0";

static int join_main(int argc, char **argv)
{
	int c;

	while ((c = vtx_getopt(argc, argv, "a:e:ij:1:2:o:t:v:z",
			       longs)) != -1) {
		switch (c) {
		case 'a':
		case 'v':
			if (strcmp(vt_optarg, "1") && strcmp(vt_optarg, "2"))
				bad("invalid file number", vt_optarg);
			f[vt_optarg[0] - '1'].unpaired = true;
			if (c == 'v')
				pairs = false;
			break;
		case 'e': empty = vt_optarg; break;
		case 'i': icase = true; break;
		case 'j':
			f[0].key = f[1].key = field_number(vt_optarg);
			break;
		case '1':
		case '2':
			f[c - '1'].key = field_number(vt_optarg);
			break;
		case 'o': parse_format(vt_optarg); break;
		case 't':
			if (vt_optarg[0] && vt_optarg[1])
				bad("multi-character tab", vt_optarg);
			tab = (unsigned char)vt_optarg[0];
			sep = vt_optarg[0];
			break;
		case 'z': eol = '\0'; break;
		case 'c': check_order = true; no_check = false; break;
		case 'n': no_check = true; check_order = false; break;
		case 'h': header = true; break;
		}
	}
	vtx_two_operands(argc, argv);
	for (int i = 0; i < 2; i++) {
		int fd = vt_open_input(argv[vt_optind + i]);

		if (fd < 0)
			return 1;
		f[i].name = argv[vt_optind + i];
		vt_in_init(&f[i].in, fd);
		read_line(&f[i]);
	}
	if (autoformat && !nformat) {
		size_t n[2] = { 0, 0 }, fl;

		for (int i = 0; i < 2; i++)
			while (f[i].line && field(f[i].line, f[i].len, n[i], &fl))
				n[i]++;
		format = vt_alloc((n[0] + n[1] + 1) * sizeof(unsigned));
		format[nformat++] = 0;
		for (unsigned i = 0; i < 2; i++)
			for (size_t k = 0; k < n[i]; k++)
				if (k != f[i].key)
					format[nformat++] = (i + 1) << 16 |
							    (unsigned)(k + 1);
	}
	if (header && (f[0].line || f[1].line)) {
		put_join(f[0].line, f[0].len, f[1].line, f[1].len);
		for (int i = 0; i < 2; i++)
			if (f[i].line)
				read_line(&f[i]);
	}
	while (f[0].line && f[1].line) {
		int d = keycmp(f[0].line, f[0].len, f[0].key,
			       f[1].line, f[1].len, f[1].key);

		if (d) {
			struct file *fp = &f[d > 0];

			seen_unpairable = true;
			if (fp->unpaired)
				put_join(d < 0 ? fp->line : NULL, fp->len,
					 d > 0 ? fp->line : NULL, fp->len);
			read_line(fp);
			continue;
		}
		take_group(&f[0]);
		take_group(&f[1]);
		if (!pairs)
			continue;
		for (size_t i = 0, o1 = 0; i < f[0].ng; o1 += f[0].glen[i++])
			for (size_t j = 0, o2 = 0; j < f[1].ng;
			     o2 += f[1].glen[j++])
				put_join(f[0].gbuf + o1, f[0].glen[i],
					 f[1].gbuf + o2, f[1].glen[j]);
	}
	for (int i = 0; i < 2; i++) {
		if (f[i].line)
			seen_unpairable = true;
		while (f[i].line && (f[i].unpaired || check_order)) {
			if (f[i].unpaired)
				put_join(i ? NULL : f[i].line, f[i].len,
					 i ? f[i].line : NULL, f[i].len);
			read_line(&f[i]);
		}
		if (f[i].in.err)
			vt_warn_errno(f[i].name, f[i].in.err);
	}
	if (f[0].disorder || f[1].disorder)
		vt_die("input is not in sorted order");
	return vt_status;
}

VT_TOOL(join_main,
	"Usage: join [-i] [-a|-v 1|2] [-e EMPTY] [-o M.N,...|auto] [-t CHAR]\n"
	"            [-1|-2|-j FIELD] [--header] FILE1 FILE2\n"
	"Join lines of two sorted files on a common field (the first, split\n"
	"at blanks): the key, FILE1's other fields, then FILE2's.\n")
