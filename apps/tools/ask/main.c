/*
 * ask - send one line to a service and print its answer: the shell's way
 * to talk to a driver or any other service (`ask rng get 8`, `ask rtc
 * get`), and how a new service is tried by hand. The words after the
 * service's name are joined by single spaces; the answer is one line,
 * through vy_request. An answer "error ..." is printed on stderr and
 * ends with status 1, as a failed request does.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool.h"
#include "vyoma_process.h"
#include "vyoma_tiny.h"

#define USAGE								\
	"Usage: ask [-t MS] SERVICE WORD...\n"				\
	"Send WORDs, joined by spaces, to the service SERVICE as one line\n" \
	"and print its answer. -t: wait at most MS milliseconds (default\n" \
	"5000). An answer \"error ...\" goes to stderr, with status 1.\n"

static int ask_main(int argc, char **argv)
{
	static char line[4096], out[4096];	/* the broker's line limit */
	unsigned timeout = 0;
	int64_t ms;
	size_t len = 0;
	int c, rc;

	while ((c = vt_getopt(argc, argv, "t:")) != -1) {
		if (c != 't')
			vt_usage_error(NULL, 1);
		if (!vt_parse_int(vt_optarg, &ms) || ms < 1 || ms > 600000)
			vt_usage_error("MS must be 1 to 600000", 1);
		timeout = (unsigned)ms;
	}
	if (argc - vt_optind < 2)
		vt_usage_error(argc == vt_optind ? "missing service" :
			       "missing words to send", 1);
	for (int i = vt_optind + 1; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (len + n + 1 >= sizeof(line))
			vt_usage_error("the line is too long", 1);
		if (len)
			line[len++] = ' ';
		memcpy(line + len, argv[i], n);
		len += n;
	}
	line[len] = '\0';
	rc = vy_request(argv[vt_optind], line, out, sizeof(out), timeout);
	if (!strncmp(out, "error ", 6)) {
		vt_warn(argv[vt_optind], out + 6);
		return 1;
	}
	if (rc) {
		vt_warn(argv[vt_optind], vy_request_strerror(rc,
							     vt_strerror(rc)));
		return 1;
	}
	vt_puts(out);
	vt_putc('\n');
	return 0;
}

VT_TOOL(ask_main, USAGE)
