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
#include "vytool.h"
#include "vytool_match.h"
#include "vytool_regex.h"

/* The options without a value: bit c - 'A' for -c. */
static uint64_t opt;
#define B(c) (1ull << ((c) - 'A'))
#define O(c) ((opt >> ((c) - 'A')) & 1)

static struct vr_re re;
static char eol = '\n';
static int64_t max_count = -1, after, before;
static bool trouble, any, implicit;
static char **globs;	/* 'i' include, 'e' exclude or 'd' exclude-dir,
			 * then the glob */
static int nglobs, includes;

/* the last lines, for -B; the oldest first */
struct held {
	char *buf;
	size_t len, cap;
	uint64_t no, off;
};
static struct held *ring;
static int64_t held;
static uint64_t last;		/* the last line number printed, or 0 */
static bool printed;

static bool glob(char k, const char *name)
{
	for (int i = 0; i < nglobs; i++)
		if (globs[i][0] == k && vm_glob(globs[i] + 1, name))
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

static void line_out(const char *name, const char *s, size_t n,
		     uint64_t no, uint64_t off, char sep)
{
	if ((before || after) && printed && last + 1 != no)
		vt_puts("--\n");
	printed = true;
	last = no;
	head(name, no, off, sep);
	vt_put(s, n);
	vt_putc(eol);
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
	struct vt_in in;
	size_t len, seg;
	char *line;
	uint64_t no = 0, off = 0, selected = 0;
	int64_t pending = 0;
	bool binary = false, hidden = false, stop = !max_count;

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
			size_t m[2];

			seg = nul ? (size_t)(nul - s) : len - at;
			if (at == len && at && !nul && !line[at - 1])
				break;
			no++;
			if (match(s, seg, 0, NULL) == O('v')) {
				if (pending > 0) {
					pending--;
					if (!binary && !(opt & (B('c') | B('l') |
					    B('L') | B('o') | B('q'))))
						line_out(name, s, seg, no,
							 off + at, '-');
				} else if (before) {
					/* held: the oldest one goes */
					struct held h = ring[held < before ?
							     held : 0];

					if (held == before)
						memmove(ring, ring + 1,
							(size_t)(before - 1) *
							sizeof(h));
					else
						held++;
					if (h.cap <= seg) {
						h.cap = seg + 64;
						h.buf = vt_alloc(h.cap);
					}
					memcpy(h.buf, s, seg);
					h.len = seg;
					h.no = no;
					h.off = off + at;
					ring[held - 1] = h;
				}
				continue;
			}
			selected++;
			any = true;
			if (O('q'))
				vt_exit(0);
			stop = (int64_t)selected == max_count;
			if (opt & (B('c') | B('l') | B('L'))) {
				stop |= !O('c');
				continue;
			}
			if (binary) {
				hidden = stop = true;
				break;
			}
			for (int64_t k = 0; k < held; k++)
				line_out(name, ring[k].buf, ring[k].len,
					 ring[k].no, ring[k].off, '-');
			held = 0;
			pending = after;
			if (!O('o')) {
				line_out(name, s, seg, no, off + at, ':');
				continue;
			}
			for (size_t from = 0; !O('v') && from <= seg &&
			     match(s, seg, from, m);) {
				from = m[1] + (m[1] == m[0]);
				if (m[1] == m[0])
					continue;
				head(name, no, off + at + m[0], ':');
				vt_put(s + m[0], m[1] - m[0]);
				vt_putc(eol);
			}
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
		if (glob('e', base) || (includes && !glob('i', base)))
			return;
		fd = vt_open(path, VT_READ, &err);
		if (fd < 0)
			goto fail;
		grep_fd(fd, shown);
		vt_close(fd);
		return;
	}
	if (!(opt & (B('r') | B('R')))) {
		if (!O('s'))
			message(shown, ": Is a directory\n");
		trouble = true;
		return;
	}
	if (!top && glob('d', base))
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

static int flags;

static void option(int c, char *arg)
{
	int64_t v = 0;
	char *p;

	if (c >= 'A')
		opt |= B(c);
	if (c == 'h' || c == 'H')	/* the last one wins */
		opt &= ~B('h' + 'H' - c);
	if (c == 'E' || c == 'G')
		opt &= ~B('F');
	if (c == 'E' || c == 'F' || c == 'G')
		flags = c == 'E';
	if (arg && strchr("mABC", c)) {
		for (p = arg; *p >= '0' && *p <= '9'; p++)
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
		opt |= B('e');
	}
	if (c > 1 && c < 5) {
		globs = vt_grow(globs, (size_t)nglobs * sizeof(p),
				(size_t)(nglobs + 1) * sizeof(p));
		globs[nglobs] = p = vt_alloc(strlen(arg) + 2);
		*p = "ied"[c - 2];
		memcpy(p + 1, arg, strlen(arg) + 1);
		includes |= c == 2;
		nglobs++;
	}
}

static int grep_main(int argc, char **argv)
{
	char *p, *q;
	int c;

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
			if (!flags && !O('F'))
				*q++ = '\\';
			c = '|';
		} else if (O('F') && c && strchr("\\[]().*+?{}|^$", c)) {
			*q++ = '\\';
		}
		*q++ = (char)c;
	}
	flags |= (int)O('F') | (int)(O('i') | O('y')) * VR_ICASE |
		 (int)O('w') * VR_WORD | (int)O('x') * VR_LINE;
	if (!pats) {
		opt ^= B('v');	/* no pattern: no line matches */
		flags = 0;
	}
	p = (char *)vr_comp(&re, p, (size_t)(q - p), flags);
	if (p)
		vm_bad(p, NULL, 2);
	ring = vt_alloc((size_t)before * sizeof(*ring) + 8);
	if (vt_optind == argc) {
		argv[--vt_optind] = opt & (B('r') | B('R')) ? "." : "-";
		implicit = true;
	}
	if (!(opt & (B('h') | B('H'))) && (argc - vt_optind > 1 ||
	    (opt & (B('r') | B('R')) && vt_is_dir(argv[vt_optind]))))
		opt |= B('H');
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
