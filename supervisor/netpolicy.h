/*
 * netpolicy.h - which TCP connections, listens and name lookups an app's
 * network grant allows. Pure logic over the manifest's strings: no
 * sockets, no lookups, so every rule has a unit test
 * (tests/unit/test_netpolicy.c).
 *
 * A host pattern is "HOST:PORT", PORT a number or "*":
 *   - a name, "example.org", or a suffix, "*.example.org" (one or more
 *     labels before it), or "*" (any name): matched case-insensitively
 *     against the name the app asked for, and then only public
 *     addresses that name resolves to are allowed, so no name grant
 *     (and no DNS answer an attacker controls) reaches loopback, private
 *     or link-local addresses;
 *   - an IPv4 address, "10.0.2.2", or range, "10.0.0.0/8": allows those
 *     addresses whatever they are, asked for by number or by a name.
 */
#ifndef VYOMA_NETPOLICY_H
#define VYOMA_NETPOLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NETPOLICY_NAME_MAX 253	/* a DNS name, without a trailing dot */

enum netpolicy_kind {
	NETPOLICY_NAME,		/* exactly this name */
	NETPOLICY_SUFFIX,	/* "*.suffix": any name below it */
	NETPOLICY_ANY,		/* "*": any name */
	NETPOLICY_RANGE,	/* an address or CIDR range */
};

struct netpolicy_pattern {
	enum netpolicy_kind kind;
	const char *name;	/* NAME, SUFFIX: into the parsed string */
	size_t name_len;
	uint32_t addr, mask;	/* RANGE, host order */
	int port;		/* 1-65535, or 0 for any */
};

/* Where an address leads, for the rule that names reach only PUBLIC. */
enum netpolicy_class {
	NETPOLICY_PUBLIC,
	NETPOLICY_LOOPBACK,	/* 127/8 */
	NETPOLICY_PRIVATE,	/* 10/8, 172.16/12, 192.168/16, 100.64/10 */
	NETPOLICY_LINK_LOCAL,	/* 169.254/16 */
	NETPOLICY_RESERVED,	/* 0/8, multicast, 240/4, broadcast, ... */
};

/*
 * Parses "host:port" (a manifest's hosts entry). A name must be a valid
 * DNS name (letters, digits, '-', labels of 1-63 bytes); "*" only whole,
 * or as "*." before a name. Returns 0, or -1 with *why set to what is
 * wrong. pattern->name points into s.
 */
int netpolicy_parse_host(const char *s, struct netpolicy_pattern *pattern,
			 const char **why);

/* A name pattern for `resolve` (no port): "*", "*.suffix" or a name. */
int netpolicy_parse_name(const char *s, struct netpolicy_pattern *pattern,
			 const char **why);

/* "a.b.c.d" with four decimal parts 0-255 and nothing else, as inet_pton
 * reads it (host order into *addr). Other spellings are names. */
bool netpolicy_parse_addr(const char *s, uint32_t *addr);

enum netpolicy_class netpolicy_classify(uint32_t addr);
const char *netpolicy_class_name(enum netpolicy_class c);

/* Does the name pattern (any kind but RANGE) match name? */
bool netpolicy_name_matches(const struct netpolicy_pattern *p,
			    const char *name);

/*
 * May an app with these hosts patterns connect to addr:port? name is
 * what it asked for (NULL when it gave the address itself). Returns
 * true, or false with *why saying which rule refused it.
 */
bool netpolicy_connect_allowed(char const (*hosts)[128], size_t count,
			       const char *name, uint32_t addr, int port,
			       const char **why);

/*
 * Does any name pattern among patterns match name? with_ports: they are
 * hosts entries ("host:port", port aside), else resolve entries. A name
 * no grant matches is refused before it is looked up.
 */
bool netpolicy_name_granted(char const (*patterns)[128], size_t count,
			    bool with_ports, const char *name);

/* "8080" or "8000-8999" (a manifest's listen entry). */
int netpolicy_parse_ports(const char *s, int *lo, int *hi, const char **why);

#endif
