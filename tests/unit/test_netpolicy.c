/*
 * test_netpolicy.c - the network grant's rules (netpolicy.h): how host
 * patterns parse, which addresses a name may reach (the DNS-rebinding
 * rule), wildcards, ranges and ports, and malformed input.
 */
#include "check.h"
#include "netpolicy.h"

#include <string.h>

#define ADDR(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static bool allowed(char const (*hosts)[128], size_t n, const char *name,
		    uint32_t addr, int port)
{
	const char *why = "";

	return netpolicy_connect_allowed(hosts, n, name, addr, port, &why);
}

static void test_addresses(void)
{
	uint32_t a = 0;

	CHECK(netpolicy_parse_addr("127.0.0.1", &a) && a == ADDR(127, 0, 0, 1));
	CHECK(netpolicy_parse_addr("255.255.255.255", &a) &&
	      a == 0xffffffffu);
	CHECK(netpolicy_parse_addr("0.0.0.0", &a) && a == 0);
	/* Spellings some resolvers read as numbers are not addresses. */
	CHECK(!netpolicy_parse_addr("127.1", &a));
	CHECK(!netpolicy_parse_addr("0x7f.0.0.1", &a));
	CHECK(!netpolicy_parse_addr("0177.0.0.1", &a));
	CHECK(!netpolicy_parse_addr("127.0.0.01", &a));
	CHECK(!netpolicy_parse_addr("256.0.0.1", &a));
	CHECK(!netpolicy_parse_addr("1.2.3.4.", &a));
	CHECK(!netpolicy_parse_addr("1.2.3.4 ", &a));
	CHECK(!netpolicy_parse_addr("1.2.3", &a));
	CHECK(!netpolicy_parse_addr("", &a));
	CHECK(!netpolicy_parse_addr("1..2.3", &a));
	CHECK(!netpolicy_parse_addr("1.2.3.1234", &a));

	CHECK_INT(netpolicy_classify(ADDR(127, 5, 6, 7)), NETPOLICY_LOOPBACK);
	CHECK_INT(netpolicy_classify(ADDR(10, 0, 2, 2)), NETPOLICY_PRIVATE);
	CHECK_INT(netpolicy_classify(ADDR(172, 16, 0, 1)), NETPOLICY_PRIVATE);
	CHECK_INT(netpolicy_classify(ADDR(172, 31, 255, 255)),
		  NETPOLICY_PRIVATE);
	CHECK_INT(netpolicy_classify(ADDR(172, 32, 0, 1)), NETPOLICY_PUBLIC);
	CHECK_INT(netpolicy_classify(ADDR(192, 168, 1, 1)), NETPOLICY_PRIVATE);
	CHECK_INT(netpolicy_classify(ADDR(100, 64, 0, 1)), NETPOLICY_PRIVATE);
	CHECK_INT(netpolicy_classify(ADDR(169, 254, 169, 254)),
		  NETPOLICY_LINK_LOCAL);
	CHECK_INT(netpolicy_classify(ADDR(0, 0, 0, 0)), NETPOLICY_RESERVED);
	CHECK_INT(netpolicy_classify(ADDR(224, 0, 0, 1)), NETPOLICY_RESERVED);
	CHECK_INT(netpolicy_classify(ADDR(255, 255, 255, 255)),
		  NETPOLICY_RESERVED);
	CHECK_INT(netpolicy_classify(ADDR(93, 184, 216, 34)), NETPOLICY_PUBLIC);
	CHECK_INT(netpolicy_classify(ADDR(8, 8, 8, 8)), NETPOLICY_PUBLIC);
}

static void test_patterns(void)
{
	static const char *const bad[] = {
		"example.com", "example.com:", ":80", "example.com:0",
		"example.com:65536", "example.com:80-81", "example.com:x",
		"example.com:-1", "ex ample.com:80", "exa*mple.com:80",
		"*example.com:80", "**.example.com:80", "*.:80", ".example:80",
		"example..com:80", "-example.com:80", "example-.com:80",
		"10.0.0.1/33:80", "10.0.0.1/8:80", "10.0.0.0/:80",
		"10.0.0.0/-8:80", "example.com:+80",
	};
	struct netpolicy_pattern p;
	const char *why;
	char longname[300];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (netpolicy_parse_host(bad[i], &p, &why) != -1 || !why)
			CHECK_STR(bad[i], "refused");
	}
	CHECK_INT(netpolicy_parse_host("example.com:443", &p, &why), 0);
	CHECK_INT(p.kind, NETPOLICY_NAME);
	CHECK_INT(p.port, 443);
	CHECK_INT(netpolicy_parse_host("*.example.org:*", &p, &why), 0);
	CHECK_INT(p.kind, NETPOLICY_SUFFIX);
	CHECK_INT(p.port, 0);
	CHECK_INT(netpolicy_parse_host("*:*", &p, &why), 0);
	CHECK_INT(p.kind, NETPOLICY_ANY);
	CHECK_INT(netpolicy_parse_host("10.0.0.0/8:22", &p, &why), 0);
	CHECK_INT(p.kind, NETPOLICY_RANGE);
	CHECK_INT(p.mask, 0xff000000u);
	CHECK_INT(netpolicy_parse_host("0.0.0.0/0:80", &p, &why), 0);
	CHECK_INT(p.mask, 0);
	CHECK_INT(netpolicy_parse_host("10.0.2.2:8000", &p, &why), 0);
	CHECK_INT(p.kind, NETPOLICY_RANGE);
	CHECK_INT(p.mask, 0xffffffffu);
	/* A label of 64 bytes is too long; 63 is fine. */
	memset(longname, 'a', sizeof(longname));
	strcpy(longname + 63, ".org:1");
	CHECK_INT(netpolicy_parse_host(longname, &p, &why), 0);
	memset(longname, 'a', sizeof(longname));
	strcpy(longname + 64, ".org:1");
	CHECK_INT(netpolicy_parse_host(longname, &p, &why), -1);

	CHECK_INT(netpolicy_parse_name("*", &p, &why), 0);
	CHECK_INT(netpolicy_parse_name("*.example.org", &p, &why), 0);
	CHECK_INT(netpolicy_parse_name("example.org:80", &p, &why), -1);
	CHECK_INT(netpolicy_parse_name("", &p, &why), -1);
}

static void test_ports(void)
{
	const char *why;
	int lo = 0, hi = 0;

	CHECK(netpolicy_parse_ports("8080", &lo, &hi, &why) == 0 &&
	      lo == 8080 && hi == 8080);
	CHECK(netpolicy_parse_ports("8000-8999", &lo, &hi, &why) == 0 &&
	      lo == 8000 && hi == 8999);
	CHECK_INT(netpolicy_parse_ports("0", &lo, &hi, &why), -1);
	CHECK_INT(netpolicy_parse_ports("65536", &lo, &hi, &why), -1);
	CHECK_INT(netpolicy_parse_ports("9-8", &lo, &hi, &why), -1);
	CHECK_INT(netpolicy_parse_ports("8-", &lo, &hi, &why), -1);
	CHECK_INT(netpolicy_parse_ports("-8", &lo, &hi, &why), -1);
	CHECK_INT(netpolicy_parse_ports("8-9-10", &lo, &hi, &why), -1);
	CHECK_INT(netpolicy_parse_ports("80x", &lo, &hi, &why), -1);
	CHECK_INT(netpolicy_parse_ports("", &lo, &hi, &why), -1);
	CHECK_INT(netpolicy_parse_ports("99999999999999999999", &lo, &hi,
					&why), -1);
}

static void test_names(void)
{
	struct netpolicy_pattern p;
	const char *why;

	netpolicy_parse_host("*.example.org:443", &p, &why);
	CHECK(netpolicy_name_matches(&p, "www.example.org"));
	CHECK(netpolicy_name_matches(&p, "a.b.EXAMPLE.org"));
	CHECK(netpolicy_name_matches(&p, "www.example.org."));
	CHECK(!netpolicy_name_matches(&p, "example.org"));
	CHECK(!netpolicy_name_matches(&p, "evilexample.org"));
	CHECK(!netpolicy_name_matches(&p, "www.example.org.evil.com"));
	CHECK(!netpolicy_name_matches(&p, ".example.org"));
	netpolicy_parse_host("Example.COM:80", &p, &why);
	CHECK(netpolicy_name_matches(&p, "example.com"));
	CHECK(!netpolicy_name_matches(&p, "www.example.com"));
	CHECK(!netpolicy_name_matches(&p, "example.co"));
	netpolicy_parse_host("*:80", &p, &why);
	CHECK(netpolicy_name_matches(&p, "anything.at.all"));
	CHECK(!netpolicy_name_matches(&p, "bad name"));
	CHECK(!netpolicy_name_matches(&p, ""));
}

static void test_connect_rules(void)
{
	static const char hosts[][128] = {
		"example.org:80", "*.cdn.example.net:443", "10.0.2.2:8000",
		"192.168.0.0/16:*",
	};
	static const char any[][128] = { "*:*" };
	static const char loop_name[][128] = { "localhost:*" };
	const char *why = "";

	/* A name grant: the public addresses it resolves to, its port. */
	CHECK(allowed(hosts, 4, "example.org", ADDR(93, 184, 216, 34), 80));
	CHECK(!allowed(hosts, 4, "example.org", ADDR(93, 184, 216, 34), 81));
	CHECK(!allowed(hosts, 4, "example.com", ADDR(93, 184, 216, 34), 80));
	CHECK(allowed(hosts, 4, "a.cdn.example.net", ADDR(1, 2, 3, 4), 443));
	/* DNS rebinding: the granted name answering with a private,
	 * loopback or link-local address is refused. */
	CHECK(!netpolicy_connect_allowed(hosts, 4, "example.org",
					 ADDR(127, 0, 0, 1), 80, &why));
	CHECK_STR(why, "a name grant reaches public addresses only; this one "
		  "needs a literal address grant");
	CHECK(!allowed(hosts, 4, "example.org", ADDR(10, 0, 0, 5), 80));
	CHECK(!allowed(hosts, 4, "example.org", ADDR(169, 254, 169, 254), 80));
	CHECK(!allowed(hosts, 4, "example.org", ADDR(0, 0, 0, 0), 80));
	CHECK(!allowed(loop_name, 1, "localhost", ADDR(127, 0, 0, 1), 8000));
	/* ...unless an address grant names it. */
	CHECK(allowed(hosts, 4, NULL, ADDR(10, 0, 2, 2), 8000));
	CHECK(!allowed(hosts, 4, NULL, ADDR(10, 0, 2, 2), 8001));
	CHECK(!allowed(hosts, 4, NULL, ADDR(10, 0, 2, 3), 8000));
	CHECK(allowed(hosts, 4, "printer.lan", ADDR(192, 168, 7, 9), 631));
	CHECK(allowed(hosts, 4, NULL, ADDR(192, 168, 255, 255), 1));
	CHECK(!allowed(hosts, 4, NULL, ADDR(192, 169, 0, 1), 1));
	/* A number matches "*" (public only) and address grants, never a
	 * name grant. */
	CHECK(!allowed(hosts, 4, NULL, ADDR(93, 184, 216, 34), 80));
	CHECK(allowed(any, 1, NULL, ADDR(93, 184, 216, 34), 80));
	CHECK(!allowed(any, 1, NULL, ADDR(127, 0, 0, 1), 80));
	CHECK(!allowed(any, 1, "localhost", ADDR(127, 0, 0, 1), 80));
	CHECK(!netpolicy_connect_allowed(hosts, 3, "example.org",
					 ADDR(93, 184, 216, 34), 22, &why));
	CHECK_STR(why, "no grant names that port");
	CHECK(!netpolicy_connect_allowed(hosts, 4, "example.com",
					 ADDR(93, 184, 216, 34), 80, &why));
	CHECK_STR(why, "no grant names that host");
	CHECK(!allowed(hosts, 0, "example.org", ADDR(93, 184, 216, 34), 80));

	CHECK(netpolicy_name_granted(hosts, 4, true, "EXAMPLE.org"));
	CHECK(netpolicy_name_granted(hosts, 4, true, "x.cdn.example.net"));
	CHECK(!netpolicy_name_granted(hosts, 4, true, "cdn.example.net"));
	CHECK(!netpolicy_name_granted(hosts, 4, true, "10.0.2.2"));
	CHECK(netpolicy_name_granted(any, 1, true, "whatever.example"));
}

int main(void)
{
	test_addresses();
	test_patterns();
	test_ports();
	test_names();
	test_connect_rules();
	return check_summary("netpolicy");
}
