/*
 * netpolicy.c - the rules of an app's network grant (netpolicy.h).
 *
 * Everything here reads strings the manifest parser has already bounded
 * (128 bytes) or names the app gave (copied, at most
 * NETPOLICY_NAME_MAX); nothing allocates.
 */
#include "netpolicy.h"

#include <stdlib.h>
#include <string.h>

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_name(const char *a, size_t n, const char *b, size_t m)
{
	size_t i;

	if (n != m)
		return false;
	for (i = 0; i < n; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

/* Letters, digits and '-', labels 1-63 bytes, not starting or ending
 * with '-', at most NETPOLICY_NAME_MAX bytes in all. */
static bool valid_name(const char *s, size_t n)
{
	size_t label = 0, i;

	if (n == 0 || n > NETPOLICY_NAME_MAX)
		return false;
	for (i = 0; i < n; i++) {
		char c = lower(s[i]);

		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return false;
		if (label == 0 && c == '-')
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0 && s[n - 1] != '-';
}

bool netpolicy_parse_addr(const char *s, uint32_t *addr)
{
	uint32_t a = 0;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned v = 0, digits = 0;

		while (*s >= '0' && *s <= '9') {
			/* "01" is octal to some readers: refused, not guessed. */
			if (digits == 1 && v == 0)
				return false;
			v = v * 10 + (unsigned)(*s++ - '0');
			if (++digits > 3 || v > 255)
				return false;
		}
		if (!digits)
			return false;
		a = a << 8 | v;
		if (part < 3 && *s++ != '.')
			return false;
	}
	if (*s)
		return false;
	*addr = a;
	return true;
}

/* "a.b.c.d" or "a.b.c.d/len" of n bytes into a range. */
static bool parse_range(const char *s, size_t n, uint32_t *addr,
			uint32_t *mask)
{
	char copy[24], *slash;
	long bits = 32;

	if (n >= sizeof(copy))
		return false;
	memcpy(copy, s, n);
	copy[n] = '\0';
	slash = strchr(copy, '/');
	if (slash) {
		char *end;

		*slash = '\0';
		if (!slash[1] || slash[1] == '-' || slash[1] == '+')
			return false;
		bits = strtol(slash + 1, &end, 10);
		if (*end || bits < 0 || bits > 32)
			return false;
	}
	if (!netpolicy_parse_addr(copy, addr))
		return false;
	*mask = bits ? ~0u << (32 - bits) : 0;
	/* "10.1.2.3/8" names no one range clearly: refused. */
	return (*addr & ~*mask) == 0;
}

static int parse_name_part(const char *s, size_t n,
			   struct netpolicy_pattern *p, const char **why)
{
	if (n == 1 && s[0] == '*') {
		p->kind = NETPOLICY_ANY;
		return 0;
	}
	if (n > 2 && s[0] == '*' && s[1] == '.') {
		p->kind = NETPOLICY_SUFFIX;
		p->name = s + 2;
		p->name_len = n - 2;
	} else {
		p->kind = NETPOLICY_NAME;
		p->name = s;
		p->name_len = n;
	}
	if (!valid_name(p->name, p->name_len)) {
		*why = "a host must be a DNS name, \"*.\" and a name, \"*\", "
		       "an IPv4 address or an IPv4 range (a.b.c.d/len)";
		return -1;
	}
	return 0;
}

int netpolicy_parse_host(const char *s, struct netpolicy_pattern *p,
			 const char **why)
{
	const char *colon = strrchr(s, ':');
	size_t n;

	memset(p, 0, sizeof(*p));
	*why = "must be \"host:port\", e.g. \"example.com:443\" or "
	       "\"*.example.org:*\"";
	if (!colon || colon == s || !colon[1])
		return -1;
	n = (size_t)(colon - s);
	if (strcmp(colon + 1, "*") == 0) {
		p->port = 0;
	} else {
		int lo, hi;

		if (netpolicy_parse_ports(colon + 1, &lo, &hi, why) ||
		    lo != hi) {
			*why = "the port must be a number from 1 to 65535 or "
			       "\"*\"";
			return -1;
		}
		p->port = lo;
	}
	if ((s[0] >= '0' && s[0] <= '9') &&
	    parse_range(s, n, &p->addr, &p->mask)) {
		p->kind = NETPOLICY_RANGE;
		return 0;
	}
	if (s[0] >= '0' && s[0] <= '9' && memchr(s, '/', n)) {
		*why = "an address range must be a.b.c.d/len with no bits set "
		       "past len";
		return -1;
	}
	return parse_name_part(s, n, p, why);
}

int netpolicy_parse_name(const char *s, struct netpolicy_pattern *p,
			 const char **why)
{
	memset(p, 0, sizeof(*p));
	return parse_name_part(s, strlen(s), p, why);
}

int netpolicy_parse_ports(const char *s, int *lo, int *hi, const char **why)
{
	const char *dash = strchr(s, '-');
	char *end;
	long a, b;

	*why = "a port must be a number from 1 to 65535, or a range "
	       "\"low-high\"";
	if (!(*s >= '0' && *s <= '9'))
		return -1;
	a = strtol(s, &end, 10);
	if (end != (dash ? dash : s + strlen(s)))
		return -1;
	b = a;
	if (dash) {
		if (!(dash[1] >= '0' && dash[1] <= '9'))
			return -1;
		b = strtol(dash + 1, &end, 10);
		if (*end)
			return -1;
	}
	if (a < 1 || b > 65535 || a > b)
		return -1;
	*lo = (int)a;
	*hi = (int)b;
	return 0;
}

enum netpolicy_class netpolicy_classify(uint32_t a)
{
	static const struct {
		uint32_t net, mask;
		enum netpolicy_class cls;
	} table[] = {
		{ 0x7f000000, 0xff000000, NETPOLICY_LOOPBACK },	/* 127/8 */
		{ 0x0a000000, 0xff000000, NETPOLICY_PRIVATE },	/* 10/8 */
		{ 0xac100000, 0xfff00000, NETPOLICY_PRIVATE },	/* 172.16/12 */
		{ 0xc0a80000, 0xffff0000, NETPOLICY_PRIVATE },	/* 192.168/16 */
		{ 0x64400000, 0xffc00000, NETPOLICY_PRIVATE },	/* 100.64/10 */
		{ 0xa9fe0000, 0xffff0000, NETPOLICY_LINK_LOCAL },	/* 169.254/16 */
		{ 0x00000000, 0xff000000, NETPOLICY_RESERVED },	/* 0/8 */
		{ 0xc0000000, 0xffffff00, NETPOLICY_RESERVED },	/* 192.0.0/24 */
		{ 0xc6120000, 0xfffe0000, NETPOLICY_RESERVED },	/* 198.18/15 */
		{ 0xe0000000, 0xe0000000, NETPOLICY_RESERVED },	/* 224/3 */
	};
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if ((a & table[i].mask) == table[i].net)
			return table[i].cls;
	return NETPOLICY_PUBLIC;
}

const char *netpolicy_class_name(enum netpolicy_class c)
{
	static const char *const names[] = {
		[NETPOLICY_PUBLIC] = "public",
		[NETPOLICY_LOOPBACK] = "loopback",
		[NETPOLICY_PRIVATE] = "private",
		[NETPOLICY_LINK_LOCAL] = "link-local",
		[NETPOLICY_RESERVED] = "reserved",
	};

	return names[c];
}

bool netpolicy_name_matches(const struct netpolicy_pattern *p,
			    const char *name)
{
	size_t n = strlen(name);

	/* "example.org." is the same name as "example.org". */
	if (n && name[n - 1] == '.')
		n--;
	if (!valid_name(name, n))
		return false;
	switch (p->kind) {
	case NETPOLICY_ANY:
		return true;
	case NETPOLICY_NAME:
		return same_name(name, n, p->name, p->name_len);
	case NETPOLICY_SUFFIX:
		return n > p->name_len + 1 &&
		       name[n - p->name_len - 1] == '.' &&
		       same_name(name + n - p->name_len, p->name_len, p->name,
				 p->name_len);
	default:
		return false;
	}
}

bool netpolicy_connect_allowed(char const (*hosts)[128], size_t count,
			       const char *name, uint32_t addr, int port,
			       const char **why)
{
	enum netpolicy_class cls = netpolicy_classify(addr);
	bool name_fits = false, port_fits = false;
	size_t i;

	for (i = 0; i < count; i++) {
		struct netpolicy_pattern p;
		const char *bad;

		if (netpolicy_parse_host(hosts[i], &p, &bad))
			continue;	/* the manifest parser refused it */
		if (p.port && p.port != port)
			continue;
		port_fits = true;
		if (p.kind == NETPOLICY_RANGE) {
			if ((addr & p.mask) == p.addr)
				return true;
			continue;
		}
		/* A number given by the app matches "*" only. */
		if (name ? netpolicy_name_matches(&p, name) :
			   p.kind == NETPOLICY_ANY) {
			name_fits = true;
			if (cls == NETPOLICY_PUBLIC)
				return true;
		}
	}
	if (!port_fits)
		*why = "no grant names that port";
	else if (name_fits)
		*why = "a name grant reaches public addresses only; this one "
		       "needs a literal address grant";
	else
		*why = name ? "no grant names that host" :
			      "no grant names that address";
	return false;
}

bool netpolicy_name_granted(char const (*patterns)[128], size_t count,
			    bool with_ports, const char *name)
{
	size_t i;

	for (i = 0; i < count; i++) {
		struct netpolicy_pattern p;
		const char *bad;
		int rc = with_ports ? netpolicy_parse_host(patterns[i], &p, &bad)
				    : netpolicy_parse_name(patterns[i], &p, &bad);

		if (!rc && p.kind != NETPOLICY_RANGE &&
		    netpolicy_name_matches(&p, name))
			return true;
	}
	return false;
}
