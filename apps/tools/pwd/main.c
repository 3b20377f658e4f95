/*
 * pwd - print the working directory: the $PWD the spawner gave, made
 * canonical. WASI has no symbolic cwd of its own, so -L and -P agree.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static int pwd_main(int argc, char **argv)
{
	int c;

	while ((c = vt_getopt(argc, argv, "LP")) != -1)
		;
	if (vt_optind < argc)
		vt_warn("ignoring non-option arguments", NULL);
	vt_status = 0;
	vt_puts(vt_abspath(vt_cwd()));
	vt_putc('\n');
	return 0;
}

VT_TOOL(pwd_main,
	"Usage: pwd [-LP]\n"
	"Print the full name of the current working directory.\n")
