/*
 * uname - print system information: VyomaOS 0.1 on wasm32, the
 * machine every app runs on, whatever the hardware under the kernel.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

static int uname_main(int argc, char **argv)
{
	/* in GNU's order: -s -n -r -v -m -p -i -o */
	static const char opts[] = "snrvmpio";
	static const char *const vals[] = {
		"VyomaOS", "vyoma", "0.1", "#1", "wasm32", "unknown",
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
	"  -r   kernel release (0.1)     -v   kernel version\n"
	"  -m   machine (wasm32)         -p   processor\n"
	"  -i   hardware platform        -o   operating system\n")
