/*
 * urlenc - percent-encodes (RFC 3986) each STRING, or with -d decodes
 * it; one result per line. Without a STRING, each line of standard
 * input is one (its newline kept out of it).
 *
 *	urlenc [-d] [STRING]...
 *
 * Encoding keeps the unreserved characters (A-Z a-z 0-9 - _ . ~) and
 * writes every other byte as %XX in capitals, as Python's
 * urllib.parse.quote(s, safe='-_.~') does. Decoding turns each %XX (in
 * either case) into its byte and leaves '+' alone (it means a space
 * only in forms); a '%' not followed by two hex digits is refused:
 * "urlenc: STRING: malformed %-escape", nothing printed for it, the
 * other strings still done, status 1.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static const char hex[] = "0123456789ABCDEF";

static int hexval(char c)
{
	c |= 0x20;
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	       c - 'a' + 10 : -1;
}

/* Is every '%' in s (n bytes) followed by two hex digits? */
static bool well_formed(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '%' && (n - i < 3 || hexval(s[i + 1]) < 0 ||
				    hexval(s[i + 2]) < 0))
			return false;
	return true;
}

static void one(char *s, size_t n, bool dec)
{
	if (dec) {
		/* checked first, so nothing is printed for a bad one */
		if (!well_formed(s, n)) {
			s[n] = '\0';
			vt_warn(s, "malformed %-escape");
			return;
		}
		for (size_t i = 0; i < n; i++) {
			char c = s[i];

			if (c == '%') {
				c = (char)(hexval(s[i + 1]) << 4 |
					   hexval(s[i + 2]));
				i += 2;
			}
			vt_putc(c);
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if ((unsigned)((c | 0x20) - 'a') < 26 ||
			    (unsigned)(c - '0') < 10 || c == '-' ||
			    c == '_' || c == '.' || c == '~') {
				vt_putc((char)c);
			} else {
				vt_putc('%');
				vt_putc(hex[c >> 4]);
				vt_putc(hex[c & 15]);
			}
		}
	}
	vt_putc('\n');
}

static int urlenc_main(int argc, char **argv)
{
	bool dec = false;
	struct vt_in in;
	char *line;
	size_t n;

	while (vt_getopt(argc, argv, "d") != -1)
		dec = true;
	for (int i = vt_optind; i < argc; i++)
		one(argv[i], strlen(argv[i]), dec);
	if (vt_optind < argc)
		return vt_status;
	vt_in_init(&in, 0);
	while ((line = vt_getline(&in, &n))) {
		/* the newline goes; its place holds the NUL for a message */
		if (n && line[n - 1] == '\n')
			n--;
		else
			line = memcpy(vt_alloc(n + 1), line, n);
		one(line, n, dec);
	}
	if (in.err)
		vt_die("read error");
	return vt_status;
}

VT_TOOL(urlenc_main,
	"Usage: urlenc [-d] [STRING]...\n"
	"Percent-encode each STRING (RFC 3986), or with -d decode it; one\n"
	"per line. Without STRING, each line of standard input.\n")
