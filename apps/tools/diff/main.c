/*
 * diff - compare two files line by line, as GNU diff 3.8: the normal
 * output, -u / -U N (unified, with --label), -q, -s, -a. A directory
 * operand beside a file means the file of the same name in it.
 *
 * The one difference from GNU is the unified header: it gives the names
 * (or labels) without the files' timestamps.
 *
 * The edit script is Myers' O(ND) one, split at the middle snake as GNU
 * does, after the lines found in only one file are set aside; then each
 * run of changes slides to where GNU puts it (shift_runs), so that the
 * hunks come out the same. A cost cap keeps hostile input from taking
 * quadratic time: past it a split need not be minimal.
 */
/* 1 is an answer: trouble is 2 */
#define VT_TROUBLE 2
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vytool_match.h"

struct file {
	const char *name, *label;
	char **line;	/* line[i]..line[i+1]: line i, newline included */
	int n;		/* lines */
	int *eq;	/* each line's class */
	char *chg;	/* changed lines, with a 0 before and after */
	int *real;	/* the compared (kept) lines' numbers */
	int *cls;	/* the compared lines' classes */
	int nk;
	int end;	/* the lines compared end here */
};

static struct file f[2];
static int *fd_, *bd_, cap;	/* furthest x on each diagonal */
static int context = -1;

static char *load(struct file *x, const char *path)
{
	char *buf = NULL;
	size_t len = 0, size = 0, n = 1;
	long got = 1;
	int fd = vt_open_input(path);

	while (fd >= 0 && got > 0) {
		if (len == size) {
			buf = vt_grow(buf, size, size * 2 + 65536);
			size = size * 2 + 65536;
		}
		got = vt_read(fd, buf + len, size - len);
		if (got < 0)
			vt_warn_errno(path, (int)-got);
		len += (size_t)(got > 0 ? got : 0);
	}
	if (got)
		vt_exit(2);
	/* the lines' starts, then the end */
	for (size_t i = 0; i < len; i++)
		n += buf[i] == '\n';
	x->line = vt_alloc((n + 1) * sizeof(char *));
	for (size_t i = 0; i < len; i++)
		if (!i || buf[i - 1] == '\n')
			x->line[x->n++] = buf + i;
	x->line[x->n] = buf + len;
	return vt_memchr(buf, 0, len < 32768 ? len : 32768);
}

static bool same(int i, int j)
{
	char **p = f[0].line + i, **q = f[1].line + j;

	return p[1] - p[0] == q[1] - q[0] &&
	       !memcmp(p[0], q[0], (size_t)(p[1] - p[0]));
}

static int log2i(int v)
{
	return 31 - __builtin_clz((unsigned)v);
}

/*
 * GNU's choice of the lines left out of the comparison (marked changed
 * at once): those the other file lacks, and, inside runs of them, the
 * lines the other file has many times, but not near a run's ends.
 */
static void discard(struct file *x, int *count, int pre)
{
	int end = x->end - pre, many = 5 << (end < 64 ? 0 :
					      (log2i(end) >> 1) - 3);
	char *d = x->chg + pre;

	for (int i = 0; i < end; i++) {
		int m = count[2 * x->eq[pre + i]];

		d[i] = !m ? 1 : m > many ? 2 : 0;
	}
	for (int i = 0; i < end; i++) {
		int j, prov = 0, len, min, consec;

		if (d[i] == 2)
			d[i] = 0;
		if (d[i] != 1)
			continue;
		for (j = i; j < end && d[j]; j++)
			prov += d[j] == 2;
		while (j > i && d[j - 1] == 2)
			d[--j] = 0, prov--;
		len = j - i;
		/* long runs of provisional ones stay compared (all of them
		 * when they are more than a quarter) */
		min = len >> 2 < prov ? 1 : len < 4 ? 2 :
		      (1 << ((log2i(len) >> 1) - 1)) + 1;
		for (j = consec = 0; j < len; j++)
			if (d[i + j] != 2)
				consec = 0;
			else if (min == ++consec)
				j -= consec;
			else if (min < consec)
				d[i + j] = 0;
		/* and so do those before three discarded in a row, or before
		 * the first discarded 8 lines in; from both ends */
		for (int dir = 1; dir >= -1; dir -= 2) {
			for (j = consec = 0; j < len; j++) {
				char *c = d + i + dir * j;

				if (j >= 8 && *c == 1)
					break;
				consec = *c == 1 ? consec + 1 : 0;
				if (*c == 2)
					*c = 0;
				if (consec == 3)
					break;
			}
			i += dir > 0 ? len - 1 : 0;
		}
	}
}

/*
 * Equal lines share a class: an open hash table of both files' lines
 * from pre to end (GNU leaves the rest of the equal ends out, so the
 * runs of changes cannot slide into them).
 */
static void classify(int pre)
{
	int size = 64, *count;
	char **slot;

	while (size < 2 * (f[0].end + f[1].end))
		size *= 2;
	/* vt_alloc's memory is fresh from memory.grow: zeroed */
	slot = vt_alloc((size_t)size * sizeof(char *) * 2);
	count = vt_alloc((size_t)size * 2 * sizeof(int));
	for (int k = 0; k < 2; k++) {
		struct file *x = &f[k];

		x->eq = vt_alloc((size_t)(x->n + 1) * sizeof(int));
		for (int i = pre; i < x->end; i++) {
			char *s = x->line[i], *e = x->line[i + 1];
			uint32_t h = 5381;
			int at;

			for (char *p = s; p < e; p++)
				h = h * 33 + (uint8_t)*p;
			for (at = h & (size - 1); slot[2 * at]; at = (at + 1) &
			     (size - 1))
				if (slot[2 * at + 1] - slot[2 * at] == e - s &&
				    !memcmp(slot[2 * at], s, (size_t)(e - s)))
					break;
			slot[2 * at] = s;
			slot[2 * at + 1] = e;
			x->eq[i] = at;
			count[2 * at + k]++;
		}
	}
	for (int k = 0; k < 2; k++) {
		struct file *x = &f[k];

		x->chg = (char *)vt_alloc((size_t)x->n + 2) + 1;
		x->real = vt_alloc((size_t)(x->n + 1) * sizeof(int));
		x->cls = vt_alloc((size_t)(x->n + 1) * sizeof(int));
		discard(x, count + !k, pre);
		for (int i = pre; i < x->end; i++) {
			if (x->chg[i])
				continue;
			x->real[x->nk] = i;
			x->cls[x->nk++] = x->eq[i];
		}
	}
}

/*
 * Marks the changes between kept lines xo..xl of file 0 and yo..yl of
 * file 1: common ends stripped, then split where the forward and the
 * backward searches meet.
 */
static void compare(int xo, int xl, int yo, int yl)
{
	int *xv = f[0].cls, *yv = f[1].cls;

	for (;;) {
		int dmin, dmax, fmid, bmid, fmin, fmax, bmin, bmax, xm = 0,
		    ym = 0, limit = 4096;

		while (xo < xl && yo < yl && xv[xo] == yv[yo])
			xo++, yo++;
		while (xo < xl && yo < yl && xv[xl - 1] == yv[yl - 1])
			xl--, yl--;
		if (xo == xl || yo == yl) {
			while (xo < xl)
				f[0].chg[f[0].real[xo++]] = 1;
			while (yo < yl)
				f[1].chg[f[1].real[yo++]] = 1;
			return;
		}
		/* diagonal k = x - y, stored at k + offset */
		dmin = xo - yl;
		dmax = xl - yo;
		fmid = xo - yo;
		bmid = xl - yl;
		fmin = fmax = fmid;
		bmin = bmax = bmid;
		fd_[fmid] = xo;
		bd_[bmid] = xl;
		for (int c = 1;; c++) {
			bool odd = (fmid - bmid) & 1;
			int d, x, y;

			fmin > dmin ? (fd_[--fmin - 1] = -1) : ++fmin;
			fmax < dmax ? (fd_[++fmax + 1] = -1) : --fmax;
			for (d = fmax; d >= fmin; d -= 2) {
				int lo = fd_[d - 1], hi = fd_[d + 1];

				x = lo >= hi ? lo + 1 : hi;
				y = x - d;
				while (x < xl && y < yl && xv[x] == yv[y])
					x++, y++;
				fd_[d] = x;
				if (odd && bmin <= d && d <= bmax &&
				    bd_[d] <= x) {
					xm = x;
					ym = y;
					goto split;
				}
			}
			bmin > dmin ? (bd_[--bmin - 1] = INT32_MAX) : ++bmin;
			bmax < dmax ? (bd_[++bmax + 1] = INT32_MAX) : --bmax;
			for (d = bmax; d >= bmin; d -= 2) {
				int lo = bd_[d - 1], hi = bd_[d + 1];

				x = lo < hi ? lo : hi - 1;
				y = x - d;
				while (x > xo && y > yo &&
				       xv[x - 1] == yv[y - 1])
					x--, y--;
				bd_[d] = x;
				if (!odd && fmin <= d && d <= fmax &&
				    x <= fd_[d]) {
					xm = x;
					ym = y;
					goto split;
				}
			}
			if (c >= limit) {
				/* too costly: the furthest forward point */
				int best = -1;

				for (d = fmax; d >= fmin; d -= 2) {
					x = fd_[d] < xl ? fd_[d] : xl;
					y = x - d;
					if (y > yl) {
						x = yl + d;
						y = yl;
					}
					if (x + y > best) {
						best = x + y;
						xm = x;
						ym = y;
					}
				}
				goto split;
			}
		}
split:
		compare(xo, xm, yo, ym);
		xo = xm;
		yo = ym;
	}
}

/*
 * Slides each run of changed lines in x as GNU does: up while the line
 * before it equals its last line (joining runs above), then down while
 * its first line equals the line after it (joining runs below), and at
 * last back up to where it lines up with a change in the other file.
 */
static void shift_runs(struct file *x, struct file *o, int pre)
{
	char *ch = x->chg, *oc = o->chg;
	int i = pre, j = pre, n = x->end;

	for (;;) {
		int start, run, corr;

		for (; i < n && !ch[i]; i++)
			while (oc[j++])
				;
		if (i == n)
			return;
		start = i;
		while (ch[++i])
			;
		while (oc[j])
			j++;
		do {
			run = i - start;
			while (start > pre && x->eq[start - 1] == x->eq[i - 1]) {
				ch[--start] = 1;
				ch[--i] = 0;
				while (ch[start - 1])
					start--;
				while (oc[--j])
					;
			}
			corr = oc[j - 1] ? i : n;
			while (i != n && x->eq[start] == x->eq[i]) {
				ch[start++] = 0;
				ch[i++] = 1;
				while (ch[i])
					i++;
				while (oc[++j])
					corr = i;
			}
		} while (run != i - start);
		while (corr < i) {
			ch[--start] = 1;
			ch[--i] = 0;
			while (oc[--j])
				;
		}
	}
}

/* The next change at or after (*a, *b): its start and ends. */
static bool next_change(int *a, int *b, int *ea, int *eb)
{
	while (*a < f[0].n || *b < f[1].n) {
		if (f[0].chg[*a] || f[1].chg[*b]) {
			*ea = *a;
			*eb = *b;
			while (f[0].chg[*ea])
				(*ea)++;
			while (f[1].chg[*eb])
				(*eb)++;
			return true;
		}
		(*a)++;
		(*b)++;
	}
	return false;
}

static void put_line(const char *prefix, struct file *x, int i)
{
	char *s = x->line[i], *e = x->line[i + 1];

	vt_puts(prefix);
	vt_put(s, (size_t)(e - s));
	if (e[-1] != '\n')
		vt_puts("\n\\ No newline at end of file\n");
}

/* Lines a..b-1 as GNU writes a range: "a+1,b", one line "b", none "a"
 * (the line before it); unified: "a+1,count", "a+1", "a,0". */
static void range(int a, int b)
{
	if (context < 0) {
		if (b - a != 1 && b > a) {
			vt_putu((uint64_t)a + 1);
			vt_putc(',');
		}
		vt_putu((uint64_t)b);
		return;
	}
	vt_putu((uint64_t)a + (b > a));
	if (b - a != 1) {
		vt_putc(',');
		vt_putu((uint64_t)(b - a));
	}
}

/* "Files A and B differ" and the like, with the labels if given. */
static void files(const char *what, const char *end)
{
	vt_puts(what);
	vt_puts(f[0].label);
	vt_puts(" and ");
	vt_puts(f[1].label);
	vt_puts(end);
}

static const char longs[] =
	"unified?\0u" "label=\0L" "brief\0q";

static bool brief, same_msg, text;
static int nlabels;

static void option(int c, char *arg)
{
	if (c == 'u')
		context = 3;
	if (arg && (c == 'U' || c == 'u')) {
		char *p = arg;

		for (context = 0; *p >= '0' && *p <= '9' && context < 1 << 24;
		     p++)
			context = context * 10 + *p - '0';
		if (*p || p == arg)
			vm_bad("bad length", arg, 2);
	}
	if (c == 'L') {
		if (nlabels == 2)
			vm_bad("too many labels", NULL, 2);
		f[nlabels++].label = arg;
	}
	brief |= c == 'q';
	same_msg |= c == 's';
	text |= c == 'a';
}

static int diff_main(int argc, char **argv)
{
	bool binary = false;
	int c, a = 0, b = 0, ea, eb, pre = 0;

	vt_optind = vm_opts(argc, argv, "uU:qsa", longs, 2, option);
	argv += vt_optind;
	if (argc - vt_optind != 2)
		vm_bad("need two files", NULL, 2);
	for (int k = 0; k < 2; k++) {
		const char *p = argv[k];

		/* a directory beside a file: the file of that name in it */
		if (strcmp(p, "-") && vt_is_dir(p) && strcmp(argv[!k], "-") &&
		    !vt_is_dir(argv[!k])) {
			const char *base = argv[!k];

			for (const char *q = base; *q; q++)
				if (*q == '/' && q[1])
					base = q + 1;
			p = vt_join(p, base);
		}
		f[k].name = p;
		if (!f[k].label)
			f[k].label = p;
		binary |= load(&f[k], p) != NULL;
	}
	/* GNU compares from the equal head's last context lines to the
	 * equal tail's first ones */
	while (pre < f[0].n && pre < f[1].n && same(pre, pre))
		pre++;
	pre = pre > context ? pre - (context > 0 ? context : 0) : 0;
	f[0].end = f[0].n;
	f[1].end = f[1].n;
	while (f[0].end > pre && f[1].end > pre &&
	       same(f[0].end - 1, f[1].end - 1))
		f[0].end--, f[1].end--;
	for (int k = 0, t = context > 0 ? context : 0; k < 2; k++)
		f[k].end = f[k].end + t < f[k].n ? f[k].end + t : f[k].n;
	classify(pre);
	cap = f[0].nk + f[1].nk + 3;
	fd_ = (int *)vt_alloc((size_t)cap * 2 * sizeof(int)) + f[1].nk + 1;
	bd_ = fd_ + cap;
	compare(0, f[0].nk, 0, f[1].nk);
	shift_runs(&f[0], &f[1], pre);
	shift_runs(&f[1], &f[0], pre);
	if (!next_change(&a, &b, &ea, &eb)) {
		if (same_msg)
			files("Files ", " are identical\n");
		return 0;
	}
	if (brief || (binary && !text)) {
		files(brief ? "Files " : "Binary files ", " differ\n");
		return 1;
	}
	if (context >= 0) {
		vt_puts("--- ");
		vt_puts(f[0].label);
		vt_puts("\n+++ ");
		vt_puts(f[1].label);
		vt_putc('\n');
	}
	do {
		if (context < 0) {
			range(a, ea);
			vt_putc(a == ea ? 'a' : b == eb ? 'd' : 'c');
			range(b, eb);
			vt_putc('\n');
			for (c = a; c < ea; c++)
				put_line("< ", &f[0], c);
			if (a < ea && b < eb)
				vt_puts("---\n");
			for (c = b; c < eb; c++)
				put_line("> ", &f[1], c);
			a = ea;
			b = eb;
			continue;
		}
		/* a hunk: changes at most 2 * context lines apart */
		int a0 = a - context < 0 ? 0 : a - context, b0 = b - (a - a0);

		for (;;) {
			int pa = ea, pb = eb, na, nb;

			if (!next_change(&pa, &pb, &na, &nb) ||
			    pa - ea > 2 * context)
				break;
			ea = na;
			eb = nb;
		}
		a = ea + context > f[0].n ? f[0].n : ea + context;
		b = eb + (a - ea);
		vt_puts("@@ -");
		range(a0, a);
		vt_puts(" +");
		range(b0, b);
		vt_puts(" @@\n");
		for (;;) {
			if (f[0].chg[a0])
				put_line("-", &f[0], a0++);
			else if (f[1].chg[b0])
				put_line("+", &f[1], b0++);
			else if (a0 < a)
				put_line(" ", &f[0], a0++), b0++;
			else
				break;
		}
	} while (next_change(&a, &b, &ea, &eb));
	return 1;
}

VT_TOOL(diff_main,
	"Usage: diff [-u | -U NUM] [-q] [-s] [-a] [--label L]... FILE1 FILE2\n"
	"Compare files line by line; status 0 same, 1 different, 2 trouble.\n")
