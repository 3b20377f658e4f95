/*
 * host - looks a name up through the supervisor (vy_resolve) and
 * prints its IPv4 addresses as the real host(1) does. The manifest
 * grants lookups of any name and no connection at all.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_net.h"
#include "vytool_text.h"
#include "vyoma_tiny.h"

static int host_main(int argc, char **argv)
{
	uint8_t addrs[VY_NET_ADDRS_MAX][4];
	unsigned n = 0;
	int err;
	char b[21];

	vtx_usage_status = 2;
	while (vtx_getopt(argc, argv, "", NULL) != -1)
		;
	if (argc - vt_optind != 1)
		vt_usage_error("host takes one NAME", 2);
	err = vy_resolve(argv[vt_optind], addrs, VY_NET_ADDRS_MAX, &n);
	if (err == __WASI_ERRNO_NOENT || (!err && !n)) {
		vt_warn(argv[vt_optind], "not found");
		return 1;
	}
	if (err) {
		vn_warn(argv[vt_optind], err);
		return 1;
	}
	for (unsigned i = 0; i < n; i++) {
		vt_puts(argv[vt_optind]);
		vt_puts(" has address ");
		for (int k = 0; k < 4; k++) {
			vt_puts(vt_utoa(addrs[i][k], b));
			vt_putc(k < 3 ? '.' : '\n');
		}
	}
	return 0;
}

VT_TOOL(host_main,
	"Usage: host NAME\n"
	"Print NAME's IPv4 addresses, as the supervisor resolves them.\n")
