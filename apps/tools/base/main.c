/*
 * base - a programmer's number converter: each NUMBER (decimal, or
 * 0x hex, 0o or 0 octal, 0b binary; _ may group digits) printed in all
 * four bases, one line each: "<dec> 0x<hex> 0o<oct> 0b<bin>". 64-bit
 * unsigned; a number too big or malformed is an error (status 1), and
 * the others are still printed. -x, -o, -b, -d print just that base.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

#define USAGE								\
	"Usage: base [-d|-x|-o|-b] NUMBER...\n"				\
	"Print each NUMBER (decimal, 0x hex, 0o or 0 octal, 0b binary; _\n" \
	"between digits) in decimal, hex, octal and binary, or in one.\n"

/* v in base b into s (digits only); its length. */
static int put(char *s, uint64_t v, unsigned b)
{
	char tmp[65];
	int n = 0, len;

	do {
		tmp[n++] = "0123456789abcdef"[v % b];
		v /= b;
	} while (v);
	len = n;
	while (n)
		*s++ = tmp[--n];
	*s = '\0';
	return len;
}

static bool parse(const char *s, uint64_t *out)
{
	unsigned b = 10;
	uint64_t v = 0;
	bool any = false;

	if (s[0] == '0' && (s[1] | 0x20) == 'x')
		b = 16, s += 2;
	else if (s[0] == '0' && (s[1] | 0x20) == 'b')
		b = 2, s += 2;
	else if (s[0] == '0' && (s[1] | 0x20) == 'o')
		b = 8, s += 2;
	else if (s[0] == '0' && s[1])
		b = 8, s += 1;
	for (; *s; s++) {
		unsigned d = *s >= '0' && *s <= '9' ? (unsigned)(*s - '0') :
			     (*s | 0x20) >= 'a' && (*s | 0x20) <= 'f' ?
			     (unsigned)((*s | 0x20) - 'a' + 10) : 99;

		if (*s == '_' && any && s[1] && s[1] != '_')
			continue;
		if (d >= b || v > (UINT64_MAX - d) / b)
			return false;
		v = v * b + d;
		any = true;
	}
	*out = v;
	return any;
}

static int base_main(int argc, char **argv)
{
	static const char *const prefix[] = { "", "0x", "0o", "0b" };
	static const unsigned radix[] = { 10, 16, 8, 2 };
	int c, only = -1, rc = 0;

	while ((c = vt_getopt(argc, argv, "dxob")) != -1) {
		if (c == '?')
			vt_usage_error(NULL, 1);
		only = c == 'd' ? 0 : c == 'x' ? 1 : c == 'o' ? 2 : 3;
	}
	if (vt_optind == argc)
		vt_usage_error("missing number", 1);
	for (int i = vt_optind; i < argc; i++) {
		char line[4 * 70], *p = line;
		uint64_t v;

		if (!parse(argv[i], &v)) {
			vt_warn(argv[i], "not a number that fits in 64 bits");
			rc = 1;
			continue;
		}
		for (int k = 0; k < 4; k++) {
			if (only >= 0 && k != only)
				continue;
			if (p != line)
				*p++ = ' ';
			memcpy(p, prefix[k], strlen(prefix[k]));
			p += strlen(prefix[k]);
			p += put(p, v, radix[k]);
		}
		*p++ = '\n';
		*p = '\0';
		vt_puts(line);
	}
	return rc;
}

VT_TOOL(base_main, USAGE)
