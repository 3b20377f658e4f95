/*
 * env - print the environment, or run a command in a changed one, as
 * GNU env for -i, -u NAME, -0, NAME=VALUE and COMMAND [ARG]... The
 * command is another command app, started through vyoma_process with
 * this tool's stdio; its status becomes env's (127: no such command).
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool.h"
#include "vytool_match.h"

static int env_main(int argc, char **argv)
{
	char **env = vt_environ(), **out;
	size_t n = 0;
	bool nul = false;
	int c;

	while (env[n])
		n++;
	out = vt_alloc((n + (size_t)argc + 1) * sizeof(char *));
	memcpy(out, env, (n + 1) * sizeof(char *));
	for (;;) {
		if (vt_optind < argc && !strcmp(argv[vt_optind], "-")) {
			vt_optind++;	/* the old spelling of -i */
			c = 'i';
		} else if ((c = vt_getopt(argc, argv, "iu:0")) == -1) {
			break;
		}
		if (c == 'i') {
			n = 0;
		} else if (c == '0') {
			nul = true;
		} else {
			size_t l = strlen(vt_optarg), k = 0;

			for (size_t i = 0; i < n; i++)
				if (strncmp(out[i], vt_optarg, l) ||
				    out[i][l] != '=')
					out[k++] = out[i];
			n = k;
		}
		out[n] = NULL;
	}
	for (; vt_optind < argc && strchr(argv[vt_optind], '='); vt_optind++) {
		char *a = argv[vt_optind];
		size_t l = (size_t)(strchr(a, '=') - a), k = 0;

		for (size_t i = 0; i < n; i++)
			if (strncmp(out[i], a, l + 1))
				out[k++] = out[i];
		n = k;
		out[n++] = a;
		out[n] = NULL;
	}
	if (vt_optind == argc) {
		for (size_t i = 0; i < n; i++) {
			vt_puts(out[i]);
			vt_putc(nul ? '\0' : '\n');
		}
		return 0;
	}
	if (nul)
		vt_usage_error("cannot specify --null (-0) with command", 125);
	return vm_run(argv + vt_optind, out, 0);
}

VT_TOOL(env_main,
	"Usage: env [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]\n"
	"Set each NAME to VALUE in the environment and run COMMAND.\n"
	"\n"
	"  -i, -      start with an empty environment\n"
	"  -0         end each output line with NUL, not newline\n"
	"  -u NAME    remove variable from the environment\n"
	"\n"
	"Without COMMAND, print the resulting environment.\n")
