/*
 * ip - the network interfaces, routes and DNS servers, from the
 * supervisor's `net` command (docs/protocol.md), shown the way
 * iproute2's `ip -brief` shows them: `ip addr` (or `ip link`) one line
 * per interface, `ip route` the routing table, bare `ip` both and the
 * DNS servers. It only shows; the supervisor configures (netif.c).
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

/*
 * "eth0 state=up addr=10.0.2.15/24 mac=... mtu=1500 rx_bytes=1
 * tx_bytes=2" (a `link` row, its fields in the order docs/protocol.md
 * gives) as
 * "eth0  UP  10.0.2.15/24  52:54:00:12:34:56 mtu 1500 rx 1 tx 2".
 */
static void link_row(char *p)
{
	static const char width[] = { 8, 10, 18, 17 };

	for (int i = 0; *p; i++) {
		char *word = p, *value = word;

		p += strcspn(p, " ");
		if (*p)
			*p++ = '\0';
		if (i) {
			value = strchr(word, '=');
			value = value ? value + 1 : word;
			if (i >= 4) {
				word[strcspn(word, "_=")] = '\0';
				vt_puts(word);
				vt_putc(' ');
			}
		}
		for (char *c = value; i == 1 && *c; c++)
			*c = (char)(*c == '-' ? '-' : *c - 'a' + 'A');
		vt_puts(value);
		for (int pad = i < 4 ? width[i] - (int)strlen(value) : 0;
		     pad > 0; pad--)
			vt_putc(' ');
		vt_putc(*p ? ' ' : '\n');
	}
}

/* "route default via=10.0.2.2 dev=eth0" as "default via 10.0.2.2 dev eth0" */
static void route_row(char *row)
{
	for (char *c = row + 6; *c; c++)
		vt_putc(*c == '=' ? ' ' : *c);
	vt_putc('\n');
}

static int ip_main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	bool links = true, routes = true, dns = !*what;
	char *answer, *p, *row;

	if (argc > 2)
		vt_usage_error("extra operand", 1);
	if (*what) {
		links = !strncmp("address", what, strlen(what)) ||
			!strncmp("link", what, strlen(what));
		routes = !strncmp("route", what, strlen(what));
		if (!links && !routes)
			vt_usage_error("unknown object (addr, link or route)", 1);
	}
	answer = vt_ask("net", true);
	if (!answer)
		return 1;
	p = answer;
	while ((row = vt_next_line(&p))) {
		const char *err = vt_answer_error(row);

		if (err) {
			vt_warn(NULL, err);
			return 1;
		}
		if (links && !strncmp(row, "net link ", 9))
			link_row(row + 9);
		else if (routes && !strncmp(row, "net route ", 10))
			route_row(row + 4);
		else if (dns && !strncmp(row, "net dns ", 8)) {
			vt_puts("nameserver ");
			vt_puts(row + 8);
			vt_putc('\n');
		}
	}
	return 0;
}

VT_TOOL(ip_main,
	"Usage: ip [addr|link|route]\n"
	"Each interface (state, IPv4 address, MAC, MTU, bytes in and out),\n"
	"the routes; with no argument also the DNS servers.\n")
