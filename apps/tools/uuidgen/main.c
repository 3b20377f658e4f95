/*
 * uuidgen - new random UUIDs (RFC 9562 version 4), one a line, in the
 * lower-case 8-4-4-4-12 form util-linux's uuidgen writes. -r asks for a
 * random one, which is the only kind made here (a time-based UUID
 * would give away when and where it was made); -C N makes N of them.
 * The bits come from WASI's random_get, the host's CSPRNG.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static void one(void)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	char s[37], *p = s;

	if (__wasi_random_get(b, sizeof(b)))
		vt_die("no random bytes");
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);	/* variant 10 */
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 15];
	}
	*p++ = '\n';
	vt_put(s, (size_t)(p - s));
}

static int uuidgen_main(int argc, char **argv)
{
	unsigned long count = 1;
	int c;

	while ((c = vt_getopt(argc, argv, "rC:")) != -1) {
		if (c == 'C') {
			const char *s = vt_optarg;

			count = 0;
			if (!*s)
				vt_usage_error("invalid count", 1);
			for (; *s; s++) {
				if (*s < '0' || *s > '9' || count > 100000000)
					vt_usage_error("invalid count", 1);
				count = count * 10 + (unsigned long)(*s - '0');
			}
		} else if (c != 'r') {
			vt_usage_error(NULL, 1);
		}
	}
	if (vt_optind < argc)
		vt_usage_error("extra operand", 1);
	while (count--)
		one();
	return vt_status;
}

VT_TOOL(uuidgen_main,
	"Usage: uuidgen [-r] [-C COUNT]\n"
	"Print a new random (version 4) UUID; -C: COUNT of them, one a line.\n")
