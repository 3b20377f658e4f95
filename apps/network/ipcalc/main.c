/*
 * ipcalc - an IPv4 subnet calculator: for each ADDRESS/PREFIX (or
 * ADDRESS/NETMASK; a bare ADDRESS is /32) prints the address, netmask,
 * network, broadcast, first and last host and the number of hosts:
 *
 *	Address:   192.168.1.10
 *	Netmask:   255.255.255.0 = 24
 *	Network:   192.168.1.0/24
 *	Broadcast: 192.168.1.255
 *	HostMin:   192.168.1.1
 *	HostMax:   192.168.1.254
 *	Hosts:     254
 *
 * /31 and /32 count every address as a host (RFC 3021), as Python's
 * ipaddress does. Blocks are separated by a blank line. An address is
 * four decimal octets 0-255 without leading zeros (a leading zero is
 * octal to some tools and decimal to others, so it is refused); a
 * netmask must be contiguous. Anything else: "ipcalc: ARG: invalid",
 * the other arguments still done, status 1.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

/* A dotted quad ending at the first '/' or NUL; *end after it. */
static bool quad(const char *s, uint32_t *out, const char **end)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned o = 0, n = 0;

		if (i && *s++ != '.')
			return false;
		for (; *s >= '0' && *s <= '9' && n < 4; s++, n++)
			o = o * 10 + (unsigned)(*s - '0');
		if (!n || n > 3 || o > 255 || (n > 1 && s[-n] == '0'))
			return false;
		v = v << 8 | o;
	}
	*out = v;
	*end = s;
	return true;
}

static void put_quad(const char *label, uint32_t v)
{
	vt_puts(label);
	for (int i = 24; i >= 0; i -= 8) {
		vt_putu(v >> i & 255);
		if (i)
			vt_putc('.');
	}
}

static bool calc(const char *arg)
{
	static bool blocks;	/* one printed already: a blank line first */
	uint32_t a, m, net, bc;
	const char *p;
	unsigned bits = 0, n = 0;

	if (!quad(arg, &a, &p) || (*p && *p != '/'))
		return false;
	if (!*p++) {
		bits = 32;
	} else if (quad(p, &m, &p)) {
		/* contiguous: the zeros after the ones, and nothing after */
		if (*p || ((~m + 1) & ~m))
			return false;
		bits = (unsigned)__builtin_popcount(m);
	} else {
		for (; *p >= '0' && *p <= '9' && n < 3; p++, n++)
			bits = bits * 10 + (unsigned)(*p - '0');
		if (*p || !n || bits > 32 || (n > 1 && p[-n] == '0'))
			return false;
	}
	m = bits ? ~0u << (32 - bits) : 0;
	net = a & m;
	bc = net | ~m;
	if (blocks)
		vt_putc('\n');
	blocks = true;
	put_quad("Address:   ", a);
	put_quad("\nNetmask:   ", m);
	vt_puts(" = ");
	vt_putu(bits);
	put_quad("\nNetwork:   ", net);
	vt_putc('/');
	vt_putu(bits);
	put_quad("\nBroadcast: ", bc);
	put_quad("\nHostMin:   ", bits < 31 ? net + 1 : net);
	put_quad("\nHostMax:   ", bits < 31 ? bc - 1 : bc);
	vt_puts("\nHosts:     ");
	vt_putu(bits < 31 ? ((uint64_t)~m + 1) - 2 : 33 - bits);
	vt_putc('\n');
	return true;
}

static int ipcalc_main(int argc, char **argv)
{
	while (vt_getopt(argc, argv, "") != -1)
		;
	if (vt_optind == argc)
		vt_usage_error("missing address", 1);
	for (int i = vt_optind; i < argc; i++)
		if (!calc(argv[i]))
			vt_warn(argv[i], "invalid address/prefix");
	return vt_status;
}

VT_TOOL(ipcalc_main,
	"Usage: ipcalc ADDRESS[/PREFIX|/NETMASK]...\n"
	"Print each IPv4 network's netmask, network, broadcast, host range\n"
	"and host count. A bare ADDRESS is /32.\n")
