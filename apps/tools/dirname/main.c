/*
 * dirname - print each NAME without its last component, as GNU
 * dirname ("." when there is no '/', "/" for the root); -z ends each
 * with NUL.
 */
#include "vytool.h"
#include "vytool_match.h"

static char end = '\n';

static void option(int c, char *arg)
{
	(void)c;
	(void)arg;
	end = '\0';
}

static int dirname_main(int argc, char **argv)
{
	vt_optind = vm_opts(argc, argv, "z", NULL, 1, option);
	if (vt_optind >= argc)
		vt_usage_error("missing operand", 1);
	for (int i = vt_optind; i < argc; i++) {
		const char *s = argv[i];
		size_t n = strlen(s);

		while (n > 1 && s[n - 1] == '/')
			n--;
		while (n && s[n - 1] != '/')
			n--;
		while (n > 1 && s[n - 1] == '/')
			n--;
		if (n)
			vt_put(s, n);
		else
			vt_putc('.');
		vt_putc(end);
	}
	return 0;
}

VT_TOOL(dirname_main,
	"Usage: dirname [OPTION] NAME...\n"
	"Output each NAME with its last non-slash component and trailing\n"
	"slashes removed; if NAME contains no /'s, output '.'.\n"
	"\n"
	"  -z   end each output line with NUL, not newline\n")
