/*
 * ascii - the ASCII table, or the codes of characters.
 *
 *	ascii		the 128 codes in four columns: decimal, hex
 *			and the character (or its control name)
 *	ascii TEXT...	one line a character of TEXT
 *	ascii -d N...	one line a decimal code
 *	ascii -x N...	one line a hex code
 *
 * A character's line is "NAME DEC 0xHEX 0oOCT 0bBINARY" (name padded to
 * 3, DEC to 3): "A    65 0x41 0o101 0b1000001"; controls by their names
 * (NUL, LF, ...), space as SP, 127 as DEL. A byte over 127 or a code
 * that is not one (or over 127) is an error: status 1, the others are
 * still printed.
 */
#include "vytool.h"

#define USAGE								\
	"Usage: ascii [-d|-x] [TEXT|CODE]...\n"			\
	"Without arguments, the ASCII table. Else each character of\n"	\
	"TEXT, or each decimal (-d) or hex (-x) CODE: its name, decimal,\n" \
	"hex, octal and binary code.\n"

static const char ctl[] = "NULSOHSTXETXEOTENQACKBELBS HT LF VT FF CR SO SI "
			  "DLEDC1DC2DC3DC4NAKSYNETBCANEM SUBESCFS GS RS US ";

/* c in base b, at least width digits, at s; the end. */
static char *num(char *s, unsigned c, unsigned b, int width)
{
	char t[8];
	int n = 0;

	do {
		t[n++] = "0123456789abcdef"[c % b];
		c /= b;
	} while (c);
	while (width-- > n)
		*s++ = b == 10 ? ' ' : '0';
	while (n)
		*s++ = t[--n];
	return s;
}

/* The name of c, padded to 3 columns. */
static char *name(char *s, unsigned c)
{
	const char *n = c < 32 ? ctl + c * 3 : c == 32 ? "SP " :
			c == 127 ? "DEL" : NULL;

	if (n) {
		memcpy(s, n, 3);
		return s + 3;
	}
	s[0] = (char)c;
	s[1] = s[2] = ' ';
	return s + 3;
}

static void info(unsigned c)
{
	char line[40], *s = name(line, c);

	*s++ = ' ';
	s = num(s, c, 10, 3);
	memcpy(s, " 0x", 3);
	s = num(s + 3, c, 16, 2);
	memcpy(s, " 0o", 3);
	s = num(s + 3, c, 8, 3);
	memcpy(s, " 0b", 3);
	s = num(s + 3, c, 2, 7);
	*s++ = '\n';
	vt_put(line, (size_t)(s - line));
}

static void table(void)
{
	vt_puts("Dec Hx Chr   Dec Hx Chr   Dec Hx Chr   Dec Hx Chr\n");
	for (unsigned r = 0; r < 32; r++) {
		char line[64], *s = line;

		for (unsigned c = r; c < 128; c += 32) {
			s = num(s, c, 10, 3);
			*s++ = ' ';
			s = num(s, c, 16, 2);
			*s++ = ' ';
			s = name(s, c);
			memcpy(s, "   ", 3);
			s += 3;
		}
		while (s[-1] == ' ')
			s--;
		*s++ = '\n';
		vt_put(line, (size_t)(s - line));
	}
}

static int ascii_main(int argc, char **argv)
{
	unsigned base = 0;
	int i = 1, rc = 0;

	if (i < argc && argv[i][0] == '-' && argv[i][1]) {
		if ((argv[i][1] != 'd' && argv[i][1] != 'x') || argv[i][2])
			vt_usage_error("invalid option", 1);
		base = argv[i++][1] == 'd' ? 10 : 16;
		if (i == argc)
			vt_usage_error("missing code", 1);
	}
	if (i == argc)
		table();
	for (; i < argc; i++) {
		const char *s = argv[i];
		unsigned v = 0;

		if (!base) {
			for (; *s; s++)
				if ((unsigned char)*s < 128)
					info((unsigned char)*s);
				else if (((unsigned char)*s & 0xC0) != 0x80)
					vt_warn(argv[i], "not ASCII"), rc = 1;
			continue;
		}
		for (; *s && v < 128; s++) {
			unsigned c = (unsigned char)*s, d;

			d = c - '0' < 10 ? c - '0' : (c | 32) - 'a' < 6 ?
			    (c | 32) - 'a' + 10 : 99;

			if (d >= base)
				break;
			v = v * base + d;
		}
		if (*s || s == argv[i] || v > 127) {
			vt_warn(argv[i], *s || s == argv[i] ? "not a code" :
				"not ASCII (over 127)");
			rc = 1;
			continue;
		}
		info(v);
	}
	return rc;
}

VT_TOOL(ascii_main, USAGE)

#include "vyoma_tiny.h"
