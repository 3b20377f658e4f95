/*
 * basename - print NAME without its directories (and a SUFFIX), as GNU
 * basename: "basename NAME [SUFFIX]", or -a / -s SUFFIX for many names,
 * -z to end each with NUL.
 */
#include "vytool.h"
#include "vytool_match.h"

static const char *suffix;
static char end = '\n';

static void one(const char *name)
{
	char *b = vt_basename(name);
	size_t n = strlen(b), s = suffix ? strlen(suffix) : 0;

	/* GNU strips a suffix only when something is left and the name is
	 * not the root. */
	if (s && s < n && !strcmp(b + n - s, suffix))
		b[n - s] = '\0';
	vt_puts(b);
	vt_putc(end);
}

static bool multiple;

static void option(int c, char *arg)
{
	if (c == 's')
		suffix = arg;
	if (c == 'z')
		end = '\0';
	else
		multiple = true;
}

static int basename_main(int argc, char **argv)
{
	vt_optind = vm_opts(argc, argv, "as:z", NULL, 1, option);
	if (vt_optind >= argc)
		vt_usage_error("missing operand", 1);
	if (!multiple) {
		if (argc - vt_optind > 2) {
			vt_warn("extra operand", argv[vt_optind + 2]);
			vt_usage_error(NULL, 1);
		}
		suffix = argv[vt_optind + 1];
		argc = vt_optind + 1;
	}
	for (int i = vt_optind; i < argc; i++)
		one(argv[i]);
	return 0;
}

VT_TOOL(basename_main,
	"Usage: basename NAME [SUFFIX]\n"
	"  or:  basename OPTION... NAME...\n"
	"Print NAME with any leading directory components removed.\n"
	"\n"
	"  -a         support multiple arguments and treat each as a NAME\n"
	"  -s SUFFIX  remove a trailing SUFFIX; implies -a\n"
	"  -z         end each output line with NUL, not newline\n")
