/*
 * csplit - split a file into pieces (xx00, xx01...) before the lines
 * the patterns pick, printing each piece's size, as GNU csplit.
 *
 *	csplit [-f PREFIX] [-n DIGITS] [-k] [-s] [-z] FILE PATTERN...
 *
 * PATTERN: N splits before line N; /RE/[+-K] before the line K after
 * the next line matching RE (a basic regular expression), searching
 * from the line after the last match; %RE%[+-K] skips to there, making
 * no piece; {N} repeats the pattern before N more times (a line number
 * steps by itself), {*} until the input ends (which ends the split:
 * later patterns go unused). A positive offset moves the next search
 * past the split line. What is left is the last piece. -z drops empty
 * pieces, -s does not print sizes, -k keeps the pieces made before an
 * error (else they are removed). An error (a match or line not found, a
 * bad pattern) is status 1; the rest of the input is then a piece,
 * unless the error was a %RE%'s. RE is the core of POSIX's basic
 * syntax, in a small matcher of its own (the shared one is larger than
 * this app may be): . [] [^] ranges [:class:] * ^ $ and \c; not \( \)
 * \{ \} or back references. Not supported: -b, --suppress-matched.
 */
#include "vytool_files.h"
#include "vytool_text.h"

/* POSIX's classes, six bytes a name, and for each the properties (below)
 * of which a byte needs one. */
static const char class_names[] = "alpha digit alnum upper lower space "
				  "blank punct print graph cntrl xdigit";
enum { UPPER = 1, LOWER = 2, DIGIT = 4, PUNCT = 8, SP = 16, SPACE = 32,
       BLANK = 64, CNTRL = 128, XDIGIT = 256 };
static const uint16_t class_props[] = {
	UPPER | LOWER, DIGIT, UPPER | LOWER | DIGIT, UPPER, LOWER, SPACE,
	BLANK, PUNCT, UPPER | LOWER | DIGIT | PUNCT | SP,
	UPPER | LOWER | DIGIT | PUNCT, CNTRL, XDIGIT,
};

/* The C locale's properties of byte c. */
static unsigned props_of(unsigned char c)
{
	unsigned p = c >= 'A' && c <= 'Z' ? UPPER :
		     c >= 'a' && c <= 'z' ? LOWER :
		     c >= '0' && c <= '9' ? DIGIT :
		     c > ' ' && c < 127 ? PUNCT : c < ' ' || c == 127 ? CNTRL :
		     c == ' ' ? SP : 0;

	if (c == ' ' || (c >= '\t' && c <= '\r'))
		p |= SPACE;
	if (c == ' ' || c == '\t')
		p |= BLANK;
	if (p & DIGIT || ((c | 32) >= 'a' && (c | 32) <= 'f'))
		p |= XDIGIT;
	return p;
}

/* The class "[:name:]" at p (inside a bracket): its index, or -1 if
 * there is none there or the name is not one of POSIX's. *end is set
 * past its ":]". */
static int class_at(const char *p, const char **end)
{
	const char *q = p + 2;
	size_t n;

	if (p[0] != '[' || p[1] != ':')
		return -1;
	while (*q && (q[0] != ':' || q[1] != ']'))
		q++;
	n = (size_t)(q - p - 2);
	*end = q + 2;
	for (int i = 0; *q && n && n <= 6 && i < 12; i++)
		if (!memcmp(class_names + 6 * i, p + 2, n) &&
		    (n == 6 || class_names[6 * i + n] == ' '))
			return i;
	return -1;
}

/* The length of the atom at re ('.', a byte, \c or [...]); 0 if an
 * unclosed bracket or an unknown [:class:] in one. */
static size_t atom_len(const char *re)
{
	const char *p = re + 1, *end;

	if (*re == '\\')
		return re[1] ? 2 : 0;
	if (*re != '[')
		return 1;
	p += *p == '^';
	p += *p == ']';
	while (*p && *p != ']') {
		if (p[0] == '[' && p[1] == ':') {
			if (class_at(p, &end) < 0)
				return 0;
			p = end;
		} else {
			p++;
		}
	}
	return *p ? (size_t)(p + 1 - re) : 0;
}

static bool atom_is(const char *re, char c)
{
	const char *p = re + 1, *end;
	bool in = false, neg;
	int k;

	if (*re == '.')
		return true;
	if (*re != '[')
		return re[*re == '\\'] == c;
	neg = *p == '^';
	p += neg;
	do {
		if ((k = class_at(p, &end)) >= 0) {
			in |= (props_of((unsigned char)c) & class_props[k]) != 0;
			p = end;
		} else if (p[1] == '-' && p[2] && p[2] != ']') {
			in |= c >= p[0] && c <= p[2];
			p += 3;
		} else {
			in |= c == *p++;
		}
	} while (*p != ']');
	return in != neg;
}

static bool here(const char *re, const char *s)
{
	size_t n;

	if (!*re)
		return true;
	if (re[0] == '$' && !re[1])
		return !*s;
	n = atom_len(re);
	if (re[n] == '*') {
		do
			if (here(re + n + 1, s))
				return true;
		while (*s && atom_is(re, *s++));
		return false;
	}
	return *s && atom_is(re, *s) && here(re + n, s + 1);
}

static bool match(const char *re, const char *s)
{
	if (*re == '^')
		return here(re + 1, s);
	do
		if (here(re, s))
			return true;
	while (*s++);
	return false;
}

static char **lines, **made;
static size_t nlines, nmade, done, cur;
static const char *prefix = "xx";
static int64_t digits = 2;
static bool keep, quiet, elide;
static int64_t last;	/* the last line number pattern's */

static void fail(const char *a, const char *b)
{
	vt_warn(a, b);
	for (size_t i = 0; i < nmade && !keep; i++)
		vf_unlink(made[i]);
	vt_exit(1);
}

/* Lines [done, end) into the next piece (or dropped, for %RE%). */
static void piece(size_t end, bool skip)
{
	uint64_t bytes = 0;
	char num[21], *d, *name;
	int fd, err;

	if (end < done)
		end = done;
	if (skip || (elide && end == done)) {
		done = end;
		return;
	}
	d = vt_utoa(nmade, num);
	while ((int64_t)strlen(d) < digits)
		*--d = '0';
	name = vf_cat(prefix, d);
	fd = vt_open(name, VT_WRITE, &err);
	if (fd < 0)
		fail(name, vt_strerror(err));
	made = vt_grow(made, nmade * sizeof(*made),
		       (nmade + 1) * sizeof(*made));
	made[nmade++] = name;
	for (; done < end; done++) {
		size_t n = strlen(lines[done]);

		if (!vt_write_fd(fd, lines[done], n))
			fail(name, "write error");
		bytes += n;
	}
	vt_close(fd);
	if (!quiet) {
		vt_putu(bytes);
		vt_putc('\n');
	}
}

/* An error while splitting: what is left is a piece, as GNU's, but
 * not after %RE% (skip). */
static void fail_late(const char *a, const char *b, bool skip)
{
	piece(nlines, skip);
	fail(a, b);
}

/* One pattern, the rep'th time (from 0), or with check only looked
 * at. */
static void apply(const char *pat, uint64_t rep, bool star, bool check)
{
	char delim = pat[0], *q, *end;
	int64_t off = 0, n;
	size_t i;

	if (delim != '/' && delim != '%') {
		if (!vt_parse_int(pat, &n) || *pat == '-' || *pat == '+')
			fail(vf_quote(pat), "invalid pattern");
		if (!n)
			fail(pat, "line number must be greater than zero");
		if (n < last)
			fail(vf_cat(vf_msg("line number", pat),
				    " is smaller than preceding line number"),
			     vt_utoa((uint64_t)last, vt_alloc(21)));
		last = n;
		if (check)
			return;
		n *= (int64_t)rep + 1;
		if ((size_t)n > nlines)
			fail_late(vf_quote(pat), rep ? vf_cat("line number "
				  "out of range on repetition ",
				  vt_utoa(rep, vt_alloc(21))) :
				  "line number out of range", false);
		piece((size_t)n - 1, false);
		cur = (size_t)n - 1;
		return;
	}
	end = (char *)pat + strlen(pat);
	while (end > pat + 1 && end[-1] != delim)
		end--;
	if (end == pat + 1 || (*end && !vt_parse_int(end, &off)))
		fail(vf_quote(pat), "invalid pattern");
	q = vt_alloc((size_t)(end - pat));
	memcpy(q, pat + 1, (size_t)(end - pat - 2));
	q[end - pat - 2] = '\0';
	for (const char *r = q + (*q == '^'); *r; r += atom_len(r))
		if (!atom_len(r))
			fail(vf_quote(pat), "invalid regular expression");
	if (check)
		return;
	for (i = cur; i < nlines; i++) {
		size_t len = strlen(lines[i]);
		bool nl = len && lines[i][len - 1] == '\n', hit;

		lines[i][len - nl] = '\0';
		hit = match(q, lines[i]);
		lines[i][len - nl] = nl ? '\n' : '\0';
		if (hit)
			break;
	}
	if (i == nlines) {
		if (star) {
			/* GNU's {*} running out ends the split: the rest is
			 * the last piece and later patterns go unused. */
			piece(nlines, delim == '%');
			vt_exit(0);
		}
		fail_late(vf_quote(pat), rep ? vf_cat("match not found on "
			"repetition ", vt_utoa(rep, vt_alloc(21))) :
		     "match not found", delim == '%');
	}
	off += (int64_t)i;
	if (off > (int64_t)nlines)
		fail_late(vf_quote(pat), "line number out of range",
			  delim == '%');
	if (off < (int64_t)done) {
		/* Before the piece's first line: GNU has opened the piece,
		 * so it is empty (and its 0 printed), not the rest. */
		piece(done, delim == '%');
		fail(vf_quote(pat), "line number out of range");
	}
	piece((size_t)off, delim == '%');
	/* After a positive offset GNU searches on from past the split
	 * line, not from the line after the match. */
	cur = (size_t)(off > (int64_t)i ? off : (int64_t)i) + 1;
}

static void patterns(int argc, char **argv, bool check)
{
	for (int i = vt_optind + 1; i < argc; i++) {
		const char *next = i + 1 < argc ? argv[i + 1] : "";
		int64_t times = 0;
		bool star = !strcmp(next, "{*}");

		if (next[0] == '{' && !star) {
			char *num = vt_strdup(next + 1);
			size_t k = strlen(num);

			if (!k || num[k - 1] != '}' ||
			    (num[k - 1] = '\0', !vt_parse_int(num, &times)) ||
			    times < 0)
				fail(vf_quote(next), "invalid repeat count");
		}
		if (argv[i][0] == '{')
			fail(vf_quote(argv[i]), "invalid pattern");
		for (uint64_t r = 0; star || r <= (uint64_t)times; r++) {
			apply(argv[i], r, star, check);
			if (check)
				break;
		}
		i += next[0] == '{';
	}
}

static int csplit_main(int argc, char **argv)
{
	struct vt_in in;
	size_t n, cap = 0;
	char *l;
	int c, fd;

	while ((c = vt_getopt(argc, argv, "f:n:kqsz")) != -1) {
		if (c == 'f')
			prefix = vt_optarg;
		else if (c == 'k')
			keep = true;
		else if (c == 's' || c == 'q')
			quiet = true;
		else if (c == 'z')
			elide = true;
		else if (!vt_parse_int(vt_optarg, &digits) || digits < 0 ||
			 digits > 19)
			fail("invalid number", vt_optarg);
	}
	if (argc - vt_optind < 2) {
		vt_warn(argc == vt_optind ? "missing operand" :
			"missing operand after", argc == vt_optind ? NULL :
			vf_quote(argv[vt_optind]));
		vt_usage_error(NULL, 1);
	}
	fd = vt_open_input(argv[vt_optind]);
	if (fd < 0)
		return 1;
	vt_in_init(&in, fd);
	while ((l = vt_getline(&in, &n))) {
		if (nlines == cap) {
			lines = vt_grow(lines, cap * sizeof(*lines),
					(cap * 2 + 64) * sizeof(*lines));
			cap = cap * 2 + 64;
		}
		lines[nlines] = vt_alloc(n + 1);
		memcpy(lines[nlines], l, n);
		lines[nlines++][n] = '\0';
	}
	if (in.err)
		fail(argv[vt_optind], vt_strerror(in.err));
	/* Every pattern is checked before any piece is made. */
	patterns(argc, argv, true);
	last = 0;
	patterns(argc, argv, false);
	piece(nlines, false);
	return 0;
}

VT_TOOL(csplit_main,
	"Usage: csplit [OPTION]... FILE PATTERN...\n"
	"Output pieces of FILE separated by PATTERN(s) to files 'xx00',\n"
	"'xx01', ..., and output byte counts of each piece.\n"
	"\n"
	"  -f PREFIX  use PREFIX instead of 'xx'\n"
	"  -k         do not remove output files on errors\n"
	"  -n DIGITS  use specified number of digits instead of 2\n"
	"  -s         do not print counts of output file sizes\n"
	"  -z         remove empty output files\n"
	"\n"
	"PATTERN: INTEGER, /REGEXP/[OFFSET], %REGEXP%[OFFSET], {INTEGER},\n"
	"{*}.\n")
