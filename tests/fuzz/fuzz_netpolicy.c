/*
 * fuzz_netpolicy.c - libFuzzer target for the network grant's parsers
 * and rules (netpolicy.h). The input is text lines: up to four host
 * patterns, then a name and a port (on one line), then an address. The
 * properties checked, beside memory safety:
 *   - a pattern is refused with a reason, or parsed into a name inside
 *     the string;
 *   - an address parses only in its one canonical spelling;
 *   - a connect allowed to a non-public address is allowed by a range
 *     that holds it, never by a name (the DNS-rebinding rule).
 */
#include "netpolicy.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINES 6

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char lines[LINES][128] = { { 0 } };
	char hosts[4][128];
	size_t n = 0, len = 0, i, count = 0;
	struct netpolicy_pattern p;
	const char *why;
	char canon[16];
	uint32_t addr = 0;
	int port = 0, lo, hi;
	char *space;

	for (i = 0; i < size && n < LINES; i++) {
		if (data[i] == '\n' || len == sizeof(lines[0]) - 1) {
			n++;
			len = 0;
			continue;
		}
		lines[n][len++] = (char)data[i];
	}
	for (i = 0; i < 4; i++) {
		const char *s = lines[i];

		why = NULL;
		if (netpolicy_parse_host(s, &p, &why)) {
			assert(why && *why);
			continue;
		}
		if (p.kind == NETPOLICY_NAME || p.kind == NETPOLICY_SUFFIX)
			assert(p.name >= s && p.name + p.name_len <= s + strlen(s));
		memcpy(hosts[count++], s, sizeof(hosts[0]));
		netpolicy_parse_name(s, &p, &why);
		netpolicy_parse_ports(s, &lo, &hi, &why);
	}
	space = strchr(lines[4], ' ');
	if (space) {
		*space = '\0';
		port = atoi(space + 1);
	}
	if (netpolicy_parse_addr(lines[5], &addr)) {
		snprintf(canon, sizeof(canon), "%u.%u.%u.%u", addr >> 24,
			 (addr >> 16) & 255, (addr >> 8) & 255, addr & 255);
		assert(strcmp(canon, lines[5]) == 0);
	}
	for (int with_name = 0; with_name < 2; with_name++) {
		const char *name = with_name ? lines[4] : NULL;

		if (!netpolicy_connect_allowed(hosts, count, name, addr, port,
					       &why)) {
			assert(why && *why);
			continue;
		}
		if (netpolicy_classify(addr) == NETPOLICY_PUBLIC)
			continue;
		/* Not public: some range grant must hold it. */
		bool held = false;

		for (i = 0; i < count; i++)
			if (!netpolicy_parse_host(hosts[i], &p, &why) &&
			    p.kind == NETPOLICY_RANGE &&
			    (addr & p.mask) == p.addr &&
			    (!p.port || p.port == port))
				held = true;
		assert(held);
	}
	netpolicy_name_granted(hosts, count, true, lines[4]);
	return 0;
}
