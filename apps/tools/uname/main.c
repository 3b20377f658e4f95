/*
 * uname - print system information: VyomaOS on wasm32, the machine
 * every app runs on, whatever the hardware under the kernel. The
 * release is the running system's, as the supervisor's `version`
 * answers it (the image's os-release; hosted, the build's).
 */
/* It asks the supervisor (vytool_ask.h), so runs on VyomaOS only: errors
 * in words from the supervisor, not a table of its own. */
#define VT_SYSTEM_STRERROR
#include "vytool_files.h"
#include "vytool_ask.h"
#include "vyoma_tiny.h"

/* "0.18.0" from "version 0.18.0\n"; "unknown" if it cannot be asked. */
static const char *release(void)
{
	char *answer = vt_ask("version", false), *v;

	if (!answer || strncmp(answer, "version ", 8))
		return "unknown";
	v = answer + 8;
	v[strcspn(v, " \n")] = '\0';
	return v;
}

static int uname_main(int argc, char **argv)
{
	/* in GNU's order: -s -n -r -v -m -p -i -o */
	static const char opts[] = "snrvmpio";
	const char *vals[] = {
		"VyomaOS", "vyoma", NULL, "#1", "wasm32", "unknown",
		"unknown", "VyomaOS"
	};
	unsigned mask = 0;
	bool first = true;
	int c;

	while ((c = vt_getopt(argc, argv, "asnrvmpio")) != -1)
		mask |= c == 'a' ? 0x100 : 1u << (strchr(opts, c) - opts);
	if (vt_optind < argc)
		vt_usage_error(vf_msg("extra operand", argv[vt_optind]), 1);
	if (mask & 0x100)	/* -a leaves out the unknown -p and -i */
		mask |= 0x9f;
	if (!mask)
		mask = 1;
	if (mask & 4)
		vals[2] = release();
	for (int i = 0; i < 8; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (!first)
			vt_putc(' ');
		first = false;
		vt_puts(vals[i]);
	}
	vt_putc('\n');
	return 0;
}

VT_TOOL(uname_main,
	"Usage: uname [OPTION]...\n"
	"Print system information (with no option, like -s).\n"
	"\n"
	"  -a   all, except -p and -i if unknown\n"
	"  -s   kernel name (VyomaOS)    -n   node name (vyoma)\n"
	"  -r   release (VyomaOS's)      -v   kernel version\n"
	"  -m   machine (wasm32)         -p   processor\n"
	"  -i   hardware platform        -o   operating system\n")
