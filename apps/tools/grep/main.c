/*
 * grep - print lines that match patterns, as GNU grep 3.8 in the C
 * locale for the options people use: -E -F -G -i -v -w -x -c -l -L -n
 * -b -h -H -o -q -s -r -R -z -a -m -A -B -C -e -f, --include,
 * --exclude, --exclude-dir, --color (accepted, never colours). Files
 * are read a line at a time.
 *
 * A file whose first block holds a NUL is binary, as in GNU grep: its
 * NULs end lines too, its matching lines are not printed, and
 * "grep: FILE: binary file matches" goes to stderr instead.
 */
/* 1 is an answer: trouble is 2 */
#define VT_TROUBLE 2
/* It imports lib_vytool (regular expressions, files, line input and
 * options), so runs on VyomaOS only: errors in words from the
 * supervisor, not a table of its own. */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vytool_match.h"
#include "vytool_regex.h"

/* The options without a value: opt['c'] for -c. */
static bool opt[128];
#define O(c) opt[(unsigned char)(c)]

static struct vr_re re;
static char eol = '\n';
static int64_t max_count = -1, after, before;
static bool trouble, any, implicit;
/* --include, --exclude and --exclude-dir: longs' letters for them */
enum { INCLUDE = 2, EXCLUDE, EXCLUDE_DIR };
static struct {
	int kind;
	const char *glob;
} *globs;
static int nglobs, includes;

/* the lines before, for -B: up to before of them, the oldest first */
struct held {
	char *buf;
	size_t len, cap;
	uint64_t no, off;
};
static struct held *ring;
static size_t held, ringcap;
static uint64_t last;		/* the last line number printed, or 0 */
static bool printed;

static bool glob(int kind, const char *name)
{
	for (int i = 0; i < nglobs; i++)
		if (globs[i].kind == kind && vm_glob(globs[i].glob, name))
			return true;
	return false;
}

/* A line's name, number and offset, as asked, ending in sep. */
static void head(const char *name, uint64_t no, uint64_t off, char sep)
{
	if (O('H')) {
		vt_puts(name);
		vt_putc(sep);
	}
	for (int k = 0; k < 2; k++)
		if (O("nb"[k])) {
			vt_putu(k ? off : no);
			vt_putc(sep);
		}
}

static bool match(const char *s, size_t n, size_t from, size_t *m)
{
	int r = vr_exec(&re, s, n, from, m, m ? 2 : 0);

	if (r < 0) {
		vt_warn("regular expression too complex", NULL);
		trouble = true;
	}
	return r > 0;
}

/*
 * A selected line (sep ':') or a context line ('-'), "--" before it
 * after a gap. With -o, each non-empty match in it instead, if it is a
 * line that matches (selected, or with -v context), as GNU does.
 */
static void line_out(const char *name, const char *s, size_t n,
		     uint64_t no, uint64_t off, char sep)
{
	size_t m[2];

	if ((before || after) && printed && last + 1 != no)
		vt_puts("--\n");
	printed = true;
	last = no;
	if (!O('o')) {
		head(name, no, off, sep);
		vt_put(s, n);
		vt_putc(eol);
		return;
	}
	for (size_t from = 0; (sep == ':') != O('v') && from <= n &&
	     match(s, n, from, m);) {
		from = m[1] + (m[1] == m[0]);
		if (m[1] == m[0])
			continue;
		head(name, no, off + m[0], sep);
		vt_put(s + m[0], m[1] - m[0]);
		vt_putc(eol);
	}
}

/* Keeps a line for -B, a copy; the oldest goes when there are before. */
static void hold(const char *s, size_t n, uint64_t no, uint64_t off)
{
	struct held h;

	if ((int64_t)held == before) {
		h = ring[0];	/* its buffer, for this line */
		memmove(ring, ring + 1, --held * sizeof(h));
	} else {
		/* as the lines come: -B may be far more than there are */
		if (held == ringcap) {
			ring = vt_grow(ring, ringcap * sizeof(h),
				       (2 * ringcap + 8) * sizeof(h));
			ringcap = 2 * ringcap + 8;
		}
		h = ring[held];	/* zeroed, or a buffer from before */
	}
	if (h.cap <= n) {
		h.cap = n + 64;
		h.buf = vt_alloc(h.cap);
	}
	memcpy(h.buf, s, n);
	h.len = n;
	h.no = no;
	h.off = off;
	ring[held++] = h;
}

static void message(const char *name, const char *what)
{
	vt_flush();
	vt_eputs("grep: ");
	vt_eputs(name);
	vt_eputs(what);
	vt_flush_out(&vt_stderr);
}

static void grep_fd(int fd, const char *name)
{
	static struct vt_in in;
	size_t len, seg;
	char *line;
	uint64_t no = 0, off = 0, selected = 0;
	int64_t pending = 0;
	bool binary = false, hidden = false, stop = !max_count;

	/* one buffer for every file: 64 KB each would add up in a tree */
	if (in.buf)
		in = (struct vt_in){ .fd = fd, .buf = in.buf, .cap = in.cap };
	else
		vt_in_init(&in, fd);
	held = 0;
	last = (uint64_t)-2;	/* a new file: "--" before its first line */
	while (!stop && (line = vt_getdelim(&in, &len, eol))) {
		size_t full = len;

		if (!no && !O('a') && eol == '\n')
			binary = memchr(in.buf, 0, in.end) != NULL;
		len -= line[len - 1] == eol;
		/* a binary file's NULs end lines too */
		for (size_t at = 0; at <= len && !stop; at += seg + 1) {
			char *s = line + at, *nul = binary ?
				  memchr(s, 0, len - at) : NULL;

			seg = nul ? (size_t)(nul - s) : len - at;
			if (at == len && at && !nul && !line[at - 1])
				break;
			no++;
			if (match(s, seg, 0, NULL) == O('v')) {
				/* pending only after a line was printed:
				 * not with -c, -l, -L, -q nor in a binary
				 * file */
				if (pending > 0) {
					pending--;
					line_out(name, s, seg, no, off + at,
						 '-');
				} else if (before) {
					hold(s, seg, no, off + at);
				}
				continue;
			}
			selected++;
			any = true;
			if (O('q')) {
				/* GNU: 0, whatever went wrong before */
				vt_status = 0;
				vt_exit(0);
			}
			stop = (int64_t)selected == max_count;
			if (O('c') || O('l') || O('L')) {
				stop |= !O('c');
				continue;
			}
			if (binary) {
				hidden = stop = true;
				break;
			}
			for (size_t k = 0; k < held; k++)
				line_out(name, ring[k].buf, ring[k].len,
					 ring[k].no, ring[k].off, '-');
			held = 0;
			pending = after;
			line_out(name, s, seg, no, off + at, ':');
		}
		off += full;
	}
	if (in.err) {
		if (!O('s'))
			vt_warn_errno(name, in.err);
		trouble = true;
	}
	if (O('c')) {
		if (O('H')) {
			vt_puts(name);
			vt_putc(':');
		}
		vt_putu(selected);
		vt_putc('\n');
	}
	if (selected ? O('l') : O('L')) {
		vt_puts(name);
		vt_putc('\n');
	}
	if (hidden && !O('q'))
		message(name, ": binary file matches\n");
}

static void grep_path(const char *path, const char *shown, bool top)
{
	__wasi_filestat_t st;
	struct vt_dir d;
	struct vt_dirent e;
	const char *base = path;
	int err = vt_stat(path, !top && !O('R'), &st), fd;

	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	if (err)
		goto fail;
	if (st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK)
		return;	/* -r: links found while walking are skipped */
	if (st.filetype != __WASI_FILETYPE_DIRECTORY) {
		if (glob(EXCLUDE, base) || (includes && !glob(INCLUDE, base)))
			return;
		fd = vt_open(path, VT_READ, &err);
		if (fd < 0)
			goto fail;
		grep_fd(fd, shown);
		vt_close(fd);
		return;
	}
	if (!O('r') && !O('R')) {
		if (!O('s'))
			message(shown, ": Is a directory\n");
		trouble = true;
		return;
	}
	if (!top && glob(EXCLUDE_DIR, base))
		return;
	if (!vt_opendir(&d, path, &err))
		goto fail;
	while (vt_readdir(&d, &e)) {
		char *name = vt_strdup(e.name);

		grep_path(vt_join(path, name), implicit && top ? name :
			  vt_join(shown, name), false);
	}
	vt_closedir(&d);
	return;
fail:
	if (!O('s'))
		vt_warn_errno(shown, err);
	trouble = true;
}

/* The patterns so far, one a line. */
static char *pats;
static size_t plen;

static void add(const char *s, size_t n)
{
	pats = vt_grow(pats, plen, plen + n + 2);
	if (plen)
		pats[plen++] = '\n';
	memcpy(pats + plen, s, n);
	plen += n;
}

static const char longs[] =
	"ignore-case\0i" "invert-match\0v" "count\0c" "recursive\0r"
	"color?\0\1" "colour?\0\1" "include=\0\2" "exclude=\0\3"
	"exclude-dir=\0\4";

static int syntax = 'G';	/* -E, -F or -G: the last one given */

static void option(int c, char *arg)
{
	int64_t v = 0;
	char *p;

	opt[c] = true;
	if (c == 'h' || c == 'H')	/* the last one wins */
		opt['h' + 'H' - c] = false;
	if (c == 'E' || c == 'F' || c == 'G')
		syntax = c;
	if (arg && strchr("mABC", c)) {
		/* no more than 40 bits: nothing wraps */
		for (p = arg; *p >= '0' && *p <= '9' && !(v >> 40); p++)
			v = v * 10 + *p - '0';
		if (*p || p == arg || v >> 40)
			vm_bad("invalid number", arg, 2);
	}
	if (c == 'm')
		max_count = v;
	if (c == 'A' || c == 'C')
		after = v;
	if (c == 'B' || c == 'C')
		before = v;
	if (c == 'e')
		add(arg, strlen(arg));
	if (c == 'f') {
		struct vt_in in;
		size_t n;
		int fd = vt_open_input(arg);

		if (fd < 0)
			vt_exit(2);
		vt_in_init(&in, fd);
		while ((p = vt_getline(&in, &n)))
			add(p, n - (p[n - 1] == '\n'));
		opt['e'] = true;
	}
	if (c >= INCLUDE && c <= EXCLUDE_DIR) {
		globs = vt_grow(globs, (size_t)nglobs * sizeof(*globs),
				(size_t)(nglobs + 1) * sizeof(*globs));
		globs[nglobs].kind = c;
		globs[nglobs++].glob = arg;
		includes |= c == INCLUDE;
	}
}

static int grep_main(int argc, char **argv)
{
	char *p, *q;
	int c, flags;

	vt_optind = vm_opts(argc, argv, "EFGivwxyclLnbhHoqsrRazm:A:B:C:e:f:IU",
			    longs, 2, option);
	if (!O('e')) {
		if (vt_optind == argc)
			vm_bad("no pattern", NULL, 2);
		p = argv[vt_optind++];
		add(p, strlen(p));
	}
	if (O('z'))
		eol = '\0';
	/* one pattern: the lines joined by '|' (-F: each byte quoted) */
	p = q = vt_alloc(2 * plen + 8);
	for (size_t i = 0; i < plen; i++) {
		c = pats[i];
		if (c == '\n') {
			if (syntax == 'G')
				*q++ = '\\';
			c = '|';
		} else if (syntax == 'F' && c &&
			   strchr("\\[]().*+?{}|^$", c)) {
			*q++ = '\\';
		}
		*q++ = (char)c;
	}
	flags = (syntax != 'G') * VR_ERE | (O('i') || O('y')) * VR_ICASE |
		O('w') * VR_WORD | O('x') * VR_LINE;
	if (!pats) {
		opt['v'] = !opt['v'];	/* no pattern: no line matches */
		flags = 0;
	}
	p = (char *)vr_comp(&re, p, (size_t)(q - p), flags);
	if (p)
		vm_bad(p, NULL, 2);
	if (vt_optind == argc) {
		argv[--vt_optind] = O('r') || O('R') ? "." : "-";
		implicit = true;
	}
	if (!O('h') && !O('H') && (argc - vt_optind > 1 ||
	    ((O('r') || O('R')) && vt_is_dir(argv[vt_optind]))))
		opt['H'] = true;
	for (int i = vt_optind; i < argc; i++) {
		if (!strcmp(argv[i], "-"))
			grep_fd(0, "(standard input)");
		else
			grep_path(argv[i], argv[i], true);
	}
	return trouble && !(O('q') && any) ? 2 : !any;
}

VT_TOOL(grep_main,
	"Usage: grep [-EFGivwxclLnbhHoqsrRaz] [-m|-A|-B|-C NUM] [-e PATTERNS] "
	"[-f FILE]\n            [--include|--exclude|--exclude-dir=GLOB] "
	"PATTERNS [FILE]...\n"
	"Status: 0 if a line is selected, 1 if none, 2 on trouble.\n")
