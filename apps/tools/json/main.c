/*
 * json - validate and pretty-print JSON (RFC 8259) from FILE or stdin.
 *
 *	json [-c] [FILE]
 *
 * A valid document is printed again with two spaces of indentation per
 * level (as Python's json.dumps(indent=2)), or with -c on one line with
 * no spaces (separators ",", ":"). Strings and numbers are copied as
 * written: escapes such as \u00e9 or \/ stay as they are and 1e5 is not
 * rewritten. Text must be UTF-8 (RFC 8259, 8.1). Malformed input
 * prints nothing on stdout, says "json: line L column C: what" on
 * stderr (columns in bytes, from 1) and exits 1. Nesting deeper than 512 arrays/objects is refused, so
 * hostile input cannot exhaust the stack.
 *
 * The document is parsed twice, first silently: nothing is printed for
 * a document that turns out bad half way through.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vyoma_utf8.h"

#define USAGE								\
	"Usage: json [-c] [FILE]\n"					\
	"Check that FILE (or stdin) is JSON and print it indented by two\n" \
	"spaces; -c: compact, on one line. Errors: line and column, status 1.\n"

#define MAX_DEPTH 512

static const char *beg, *p, *end;
static int emit, compact, depth;

static void fail(const char *what)
{
	const char *q;
	uint64_t line = 1, col = 1;
	char b[21];

	for (q = beg; q < p; q++, col++)
		if (*q == '\n')
			line++, col = 0;
	vt_eputs(vt_prog);
	vt_eputs(": line ");
	vt_eputs(vt_utoa(line, b));
	vt_eputs(" column ");
	vt_eputs(vt_utoa(col, b));
	vt_eputs(": ");
	vt_eputs(what);
	vt_eputs("\n");
	vt_exit(1);
}

static void out(const char *s, size_t n)
{
	if (emit)
		vt_put(s, n);
}

static void newline(void)
{
	if (emit && !compact) {
		vt_putc('\n');
		for (int i = 0; i < depth; i++)
			vt_put("  ", 2);
	}
}

static void ws(void)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
			   *p == '\r'))
		p++;
}

static bool digit(void)
{
	return p < end && *p >= '0' && *p <= '9';
}

static void digits(void)
{
	if (!digit())
		fail("digit expected");
	while (digit())
		p++;
}

/* The length of the well-formed UTF-8 sequence at p; fails if none. */
static int utf8(void)
{
	int n = vy_utf8_len((const unsigned char *)p, (size_t)(end - p));

	if (!n)
		fail("invalid UTF-8");
	return n;
}

static void string(void)
{
	const char *s = p;

	if (p == end || *p != '"')
		fail("string expected");
	for (p++;; p++) {
		if (p == end)
			fail("unterminated string");
		if (*p == '"')
			break;
		if ((unsigned char)*p < 0x20)
			fail("control character in string");
		if ((unsigned char)*p >= 0x80) {
			p += utf8() - 1;
			continue;
		}
		if (*p != '\\')
			continue;
		if (++p == end)
			fail("unterminated string");
		if (*p == 'u') {
			for (int i = 0; i < 4; i++) {
				char c = ++p < end ? (char)(*p | 0x20) : 0;

				if (!(c >= '0' && c <= '9') &&
				    !(c >= 'a' && c <= 'f'))
					fail("bad \\u escape");
			}
		} else if (!vt_memchr("\"\\/bfnrt", *p, 8)) {
			fail("bad escape");
		}
	}
	p++;
	out(s, (size_t)(p - s));
}

static void value(void)
{
	const char *s;
	char close;

	ws();
	if (p == end)
		fail("unexpected end of input");
	s = p;
	switch (*p) {
	case '{':
	case '[':
		/* '{' + 2 is '}', '[' + 2 is ']' */
		close = (char)(*p + 2);
		if (++depth > MAX_DEPTH)
			fail("nesting too deep");
		out(p++, 1);
		ws();
		if (p < end && *p == close) {
			depth--;
			out(p++, 1);
			return;
		}
		for (;;) {
			newline();
			if (close == '}') {
				ws();
				string();
				ws();
				if (p == end || *p != ':')
					fail("':' expected");
				p++;
				out(": ", compact ? 1 : 2);
			}
			value();
			ws();
			if (p < end && *p == ',') {
				out(p++, 1);
				continue;
			}
			if (p == end || *p != close)
				fail(close == '}' ? "',' or '}' expected" :
				     "',' or ']' expected");
			depth--;
			newline();
			out(p++, 1);
			return;
		}
	case '"':
		string();
		return;
	case 't':
	case 'f':
	case 'n': {
		const char *word = *p == 't' ? "true" : *p == 'f' ? "false" :
				   "null";
		size_t n = strlen(word);

		if ((size_t)(end - p) < n || !vt_prefix(p, word, n))
			fail("bad literal");
		p += n;
		break;
	}
	default:
		if (*p == '-')
			p++;
		if (p < end && *p == '0')
			p++;
		else
			digits();
		if (p < end && *p == '.') {
			p++;
			digits();
		}
		if (p < end && (*p | 0x20) == 'e') {
			p++;
			if (p < end && (*p == '+' || *p == '-'))
				p++;
			digits();
		}
		if (p == s)
			fail("unexpected character");
	}
	out(s, (size_t)(p - s));
}

static void parse(void)
{
	p = beg;
	depth = 0;
	value();
	ws();
	if (p != end)
		fail("unexpected character after the value");
}

static int json_main(int argc, char **argv)
{
	size_t len = 0;
	const char *name = NULL;
	char *buf;
	int c;

	for (c = 1; c < argc; c++) {
		if (!strcmp(argv[c], "-c"))
			compact = 1;
		else if (argv[c][0] == '-' && argv[c][1])
			vt_usage_error("invalid option", 1);
		else if (name)
			vt_usage_error("extra operand", 1);
		else
			name = argv[c];
	}
	if (!name)
		name = "-";
	buf = vt_read_input(name, &len);
	if (!buf)
		return 1;
	beg = buf;
	end = buf + len;
	parse();
	emit = 1;
	parse();
	vt_putc('\n');
	return 0;
}

VT_TOOL(json_main, USAGE)

#include "vyoma_tiny.h"
