/*
 * random - random bytes from the hardware, as hex or raw: a thin client
 * of the rng driver (apps/system/rng), asked "get N" a CHUNK at a time
 * through vy_request, whose answers are "bytes <2N hex digits>".
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool.h"
#include "vyoma_process.h"
#include "vyoma_tiny.h"

#define CHUNK 1024		/* the most rng gives in one answer */
#define MAX_BYTES 65536
#define ANSWER_MAX (6 + 2 * CHUNK + 64)

#define USAGE								\
	"Usage: random [-n BYTES] [-x|--hex] [-b|--binary]\n"		\
	"Random bytes from the hardware random number generator (the rng\n" \
	"service): BYTES of them, 1 to 65536 (default 16), printed as hex\n" \
	"digits and a newline (-x), or written raw (-b).\n"

/*
 * Asks service line; returns its answer past want, or NULL after
 * "random: <reason>" (the broker's or the service's "error <reason>").
 */
static char *ask(const char *service, const char *line, const char *want,
		 char *out, size_t cap)
{
	int rc = vy_request(service, line, out, cap, 0);
	size_t n = strlen(want);

	if (!rc && !strncmp(out, want, n))
		return out + n;
	if (!strncmp(out, "error ", 6))
		vt_warn(NULL, out + 6);
	else if (rc)
		vt_warn(service, vy_request_strerror(rc, vt_strerror(rc)));
	else
		vt_warn(service, "unexpected answer");
	return NULL;
}

static int digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' :
	       c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int random_main(int argc, char **argv)
{
	static char out[ANSWER_MAX];
	int64_t total = 16;
	bool binary = false;
	int c;

	/* Long options as their short ones, for vt_getopt. */
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--hex")) {
			argv[i] = "-x";
		} else if (!strcmp(argv[i], "--binary")) {
			argv[i] = "-b";
		} else if (!strcmp(argv[i], "--help")) {
			vt_puts(USAGE);
			return 0;
		} else if (!strncmp(argv[i], "--", 2)) {
			vt_warn("unrecognized option", argv[i]);
			vt_usage_error(NULL, 1);
		}
	}
	while ((c = vt_getopt(argc, argv, "n:xb")) != -1) {
		if (c == 'x')
			binary = false;
		else if (c == 'b')
			binary = true;
		else if (!vt_parse_int(vt_optarg, &total) || total < 1 ||
			 total > MAX_BYTES)
			vt_usage_error("BYTES must be 1 to 65536", 1);
	}
	if (vt_optind < argc)
		vt_usage_error("extra operand", 1);
	while (total > 0) {
		int n = total < CHUNK ? (int)total : CHUNK;
		char line[16] = "get ", b[21], *hex;

		strcpy(line + 4, vt_utoa((uint64_t)n, b));
		hex = ask("rng", line, "bytes ", out, sizeof(out));
		if (!hex)
			return 1;
		for (int i = 0; i < 2 * n; i++)
			if (digit(hex[i]) < 0) {
				vt_warn("rng", "unexpected answer");
				return 1;
			}
		if (hex[2 * n]) {
			vt_warn("rng", "unexpected answer");
			return 1;
		}
		if (!binary)
			vt_put(hex, (size_t)(2 * n));
		else
			for (int i = 0; i < n; i++)
				vt_putc((char)(digit(hex[2 * i]) << 4 |
					       digit(hex[2 * i + 1])));
		total -= n;
	}
	if (!binary)
		vt_putc('\n');
	return 0;
}

VT_TOOL(random_main, USAGE)
