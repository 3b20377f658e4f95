/*
 * cowsay - a cow saying the text, in a speech balloon.
 *
 * Usage: cowsay [-W WIDTH] [TEXT]...
 * The words of TEXT, or else all of stdin (less its final newline), are
 * filled and word-wrapped as Debian's cowsay does it (Perl's Text::Wrap
 * fill with columns = WIDTH, 40 by default): a newline followed by blanks
 * starts a new paragraph, shown after an empty line; within one, every
 * run of blanks is one space; lines hold at most WIDTH - 1 characters,
 * broken at a space where one fits, else inside the word. Its test
 * compares the output with /usr/games/cowsay byte for byte.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

#define USAGE								\
	"Usage: cowsay [-W WIDTH] [TEXT]...\n"				\
	"A cow says TEXT (or stdin), word-wrapped at WIDTH columns "	\
	"(default 40).\n"

static const char cow[] =
	"        \\   ^__^\n"
	"         \\  (oo)\\_______\n"
	"            (__)\\       )\\/\\\n"
	"                ||----w |\n"
	"                ||     ||\n";

static char *out;
static size_t olen;

static bool ws(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Text::Wrap's wrap of one paragraph (blanks already single spaces). */
static void wrap(const char *t, size_t len, size_t ll)
{
	size_t pos = 0;
	char rem = 0;
	bool first = true;

	for (;;) {
		size_t rest = len - pos, k, i;

		for (i = pos; i < len && ws(t[i]); i++)
			;
		if (i == len)
			break;	/* only blanks left: they end the text */
		k = ll < rest ? ll : rest;
		while (k < rest && !ws(t[pos + k]) && k)
			k--;
		if (!first)
			out[olen++] = '\n';
		first = false;
		if (k < rest && !ws(t[pos + k]))
			k = ll;	/* a word longer than a line: cut it */
		memcpy(out + olen, t + pos, k);
		olen += k;
		rem = k < rest && ws(t[pos + k]) ? ' ' : k == ll &&
		      k < rest ? '\n' : 0;
		pos += k + (rem == ' ');
	}
	if (rem)
		out[olen++] = rem;
}

static void fill(const char *s, size_t n, size_t ll)
{
	char *para = vt_alloc(n + 1);
	size_t i = 0;

	out = vt_alloc(3 * n + 16);
	while (i <= n) {
		size_t p = 0;

		/* a paragraph ends at a newline followed by a blank */
		for (; i < n && !(s[i] == '\n' && i + 1 < n && ws(s[i + 1]));
		     i++) {
			if (!ws(s[i]))
				para[p++] = s[i];
			else if (!p || para[p - 1] != ' ' || !ws(s[i - 1]))
				para[p++] = ' ';
		}
		wrap(para, p, ll);
		if (i >= n)
			break;
		while (i < n && ws(s[i]))
			i++;
		out[olen++] = '\n';
		out[olen++] = '\n';
	}
	while (olen && out[olen - 1] == '\n')
		olen--;		/* Perl's split drops trailing empty lines */
}

static void edge(char c, size_t m)
{
	vt_putc(' ');
	while (m--)
		vt_putc(c);
	vt_putc('\n');
}

static void balloon(void)
{
	size_t m = 0, nlines = 1, at = 0, line = 0;

	for (size_t i = 0, l = 0; i <= olen; i++, l++) {
		if (i == olen || out[i] == '\n') {
			m = l > m ? l : m;
			l = (size_t)-1;
			nlines += i < olen;
		}
	}
	edge('_', m + 2);
	while (at <= olen) {
		size_t e = at;

		while (e < olen && out[e] != '\n')
			e++;
		vt_putc(nlines == 1 ? '<' : !line ? '/' :
			line == nlines - 1 ? '\\' : '|');
		vt_putc(' ');
		vt_put(out + at, e - at);
		for (size_t k = e - at; k < m; k++)
			vt_putc(' ');
		vt_putc(' ');
		vt_putc(nlines == 1 ? '>' : !line ? '\\' :
			line == nlines - 1 ? '/' : '|');
		vt_putc('\n');
		line++;
		at = e + 1;
	}
	edge('-', m + 2);
	vt_puts(cow);
}

static int cowsay_main(int argc, char **argv)
{
	int64_t width = 40;
	char *text;
	size_t n = 0, cap = 4096;

	/* one option, -W N or -WN; getopt's generality costs 400 bytes */
	while (vt_optind < argc && argv[vt_optind][0] == '-' &&
	       argv[vt_optind][1]) {
		const char *a = argv[vt_optind++];

		if (!strcmp(a, "--"))
			break;
		if (a[1] != 'W')
			vt_usage_error("invalid option", 1);
		a = a[2] ? a + 2 : vt_optind < argc ? argv[vt_optind++] : "";
		if (!vt_parse_int(a, &width) || width < 2 || width > 100000)
			vt_usage_error("invalid width (2 or more)", 1);
	}
	text = vt_alloc(cap);
	if (vt_optind < argc) {
		for (int i = vt_optind; i < argc; i++) {
			size_t k = strlen(argv[i]);

			text = vt_grow(text, cap, cap + k + 1);
			cap += k + 1;
			if (i > vt_optind)
				text[n++] = ' ';
			memcpy(text + n, argv[i], k);
			n += k;
		}
	} else {
		long got;

		while ((got = vt_read(0, text + n, cap - n)) > 0) {
			n += (size_t)got;
			if (n == cap) {
				text = vt_grow(text, cap, cap * 2);
				cap *= 2;
			}
		}
		if (got < 0)
			vt_die("stdin: read error");
		if (n && text[n - 1] == '\n')
			n--;	/* as Perl's chomp */
	}
	fill(text, n, (size_t)width - 1);
	balloon();
	return 0;
}

VT_TOOL(cowsay_main, USAGE)
