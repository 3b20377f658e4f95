/*
 * printenv - print the environment, as GNU printenv: with no NAME every
 * "NAME=value", else the value of each NAME, one a line. Status 1 when
 * a NAME is not set (or holds '='), as GNU's; -0 ends each with NUL
 * instead of a newline.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static int printenv_main(int argc, char **argv)
{
	char end = '\n';
	int status = 0;

	/* By hand: GNU's status for a bad option is 2, vt_getopt's 1. */
	for (vt_optind = 1; vt_optind < argc && argv[vt_optind][0] == '-' &&
	     argv[vt_optind][1]; vt_optind++) {
		const char *o = argv[vt_optind] + 1;

		if (!strcmp(o, "-")) {
			vt_optind++;
			break;
		}
		for (; *o; o++) {
			if (*o != '0') {
				char bad[2] = { *o, 0 };

				vt_warn("invalid option", bad);
				vt_usage_error(NULL, 2);
			}
			end = '\0';
		}
	}
	if (vt_optind == argc) {
		for (char **e = vt_environ(); *e; e++) {
			vt_puts(*e);
			vt_putc(end);
		}
		return 0;
	}
	for (int i = vt_optind; i < argc; i++) {
		const char *v = vt_memchr(argv[i], '=', strlen(argv[i])) ?
				NULL : vt_getenv(argv[i]);

		if (!v) {
			status = 1;
			continue;
		}
		vt_puts(v);
		vt_putc(end);
	}
	return status;
}

VT_TOOL(printenv_main,
	"Usage: printenv [-0] [NAME]...\n"
	"Print the value of each environment variable NAME, or all of them\n"
	"as NAME=value. -0: end each with NUL, not a newline.\n")
