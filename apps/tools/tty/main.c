/*
 * tty - print the name of the terminal on standard input, as GNU tty.
 *
 *	tty [-s | --silent | --quiet]
 *
 * Standard input a terminal: its name and status 0; WASI gives no
 * device names, so a terminal is $TTY when set, else "/dev/tty".
 * Anything else: "not a tty" and status 1. -s prints nothing (the
 * status alone). As GNU's, a bad option or an operand is status 2.
 */
#include "vytool.h"

static int tty_main(int argc, char **argv)
{
	__wasi_fdstat_t fs;
	bool silent = false, term;
	const char *name = vt_getenv("TTY");
	int i = 1;

	/* Options by hand: vt_getopt's usage errors are status 1. */
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--silent") || !strcmp(a, "--quiet")) {
			silent = true;
			continue;
		}
		if (a[1] == '-') {
			vt_warn("unrecognized option", a);
			vt_usage_error(NULL, 2);
		}
		for (a++; *a; a++) {
			char msg[] = "invalid option -- 'x'";

			msg[sizeof(msg) - 3] = *a;
			if (*a != 's')
				vt_usage_error(msg, 2);
			silent = true;
		}
	}
	if (i < argc) {
		vt_warn("extra operand", argv[i]);
		vt_usage_error(NULL, 2);
	}
	term = !__wasi_fd_fdstat_get(0, &fs) &&
	       fs.fs_filetype == __WASI_FILETYPE_CHARACTER_DEVICE;
	if (!silent) {
		vt_puts(!term ? "not a tty" : name && *name ? name :
			"/dev/tty");
		vt_putc('\n');
	}
	return !term;
}

VT_TOOL(tty_main,
	"Usage: tty [OPTION]...\n"
	"Print the file name of the terminal connected to standard input.\n"
	"\n"
	"  -s, --silent, --quiet  print nothing, only return an exit status\n")
