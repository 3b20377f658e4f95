/*
 * test_netif.c - /etc/vyoma/network.toml: what a static configuration
 * may say, and every malformed one rejected with its exact message,
 * line and column; and the `net` rows describing this machine.
 */
#include "check.h"
#include "netif.h"

#include <arpa/inet.h>
#include <string.h>

static char err[320];
static struct netif_config cfg;

static int parse(const char *src)
{
	err[0] = '\0';
	return netif_parse_config(src, strlen(src), "network.toml", &cfg, err,
				  sizeof(err));
}

static uint32_t quad(const char *s)
{
	struct in_addr a;

	return inet_pton(AF_INET, s, &a) == 1 ? a.s_addr : 0xdeadbeef;
}

static const struct {
	const char *src, *err;
} bad[] = {
	{ "address = \"10.0.0.5\"",
	  "network.toml:1:11: 'address' needs a prefix, like \"10.0.0.5/24\", "
	  "or a 'netmask'" },
	{ "address = \"10.0.0/24\"",
	  "network.toml:1:11: 'address' is not an IPv4 address like "
	  "\"10.0.2.2\"" },
	{ "address = \"10.0.0.5/33\"",
	  "network.toml:1:11: the prefix after '/' in 'address' must be a "
	  "number from 0 to 32" },
	{ "address = \"10.0.0.5/\"",
	  "network.toml:1:11: the prefix after '/' in 'address' must be a "
	  "number from 0 to 32" },
	{ "address = \"10.0.0.5/24\"\nprefix = 24",
	  "network.toml:2:1: 'address' already has a prefix (/24)" },
	{ "address = \"10.0.0.5\"\nprefix = 24\nnetmask = \"255.0.0.0\"",
	  "network.toml:2:1: 'prefix' and 'netmask' say the same thing: "
	  "give one" },
	{ "address = \"10.0.0.5\"\nnetmask = \"255.0.255.0\"",
	  "network.toml:2:11: 'netmask' must be ones then zeros, like "
	  "\"255.255.255.0\"" },
	{ "prefix = 24", "network.toml:1:1: a prefix without an 'address'" },
	{ "address = \"10.0.0.5\"\nprefix = 40",
	  "network.toml:2:10: 'prefix' must be a number from 0 to 32" },
	{ "gateway = 10", "network.toml:1:11: 'gateway' must be a string like "
	  "\"10.0.2.2\", not a integer" },
	{ "gateway = \"router.lan\"", "network.toml:1:11: 'gateway' is not "
	  "an IPv4 address like \"10.0.2.2\"" },
	{ "dns = \"1.1.1.1\"", "network.toml:1:7: 'dns' must be an array of "
	  "addresses like [\"10.0.2.3\"], not a string" },
	{ "dns = [\"1.1.1.1\", \"1.0.0.1\", \"8.8.8.8\", \"8.8.4.4\"]",
	  "network.toml:1:41: at most 3 DNS servers (resolv.conf reads no "
	  "more)" },
	{ "dns = [\"1.1.1.1\", 5]", "network.toml:1:19: 'dns' must be a "
	  "string like \"10.0.2.2\", not a integer" },
	{ "interface = \"eth0:1\"", "network.toml:1:13: 'interface' is not "
	  "an interface name like \"eth0\"" },
	{ "interface = \"averyveryverylongname\"", "network.toml:1:13: "
	  "'interface' must be 1 to 15 characters" },
	{ "gatway = \"10.0.0.1\"", "network.toml:1:1: unknown key 'gatway' "
	  "(the keys are interface, address, prefix, netmask, gateway and "
	  "dns)" },
	{ "[eth0]\naddress = \"10.0.0.5/24\"", "network.toml:1:2: unknown key "
	  "'eth0' (the keys are interface, address, prefix, netmask, gateway "
	  "and dns)" },
	{ "address = ", "network.toml:1:11: expected a value, found end of input" },
};

static void row(void *ctx, const char *text)
{
	int *links = ctx;

	if (strncmp(text, "link lo ", 8) == 0) {
		CHECK(strstr(text, " addr=127.0.0.1/8 ") != NULL);
		CHECK(strstr(text, " rx_bytes=") != NULL);
	}
	if (strncmp(text, "link ", 5) == 0)
		(*links)++;
	CHECK(strchr(text, '\n') == NULL);
}

int main(void)
{
	size_t i;
	int links = 0;

	CHECK_INT(parse(""), 0);
	CHECK_STR(cfg.interface, "eth0");
	CHECK(!cfg.has_address && !cfg.has_gateway && cfg.dns_count == 0);

	CHECK_INT(parse("# a static address instead of DHCP's\n"
			"interface = \"ens3\"\n"
			"address = \"192.168.1.20/24\"\n"
			"gateway = \"192.168.1.1\"\n"
			"dns = [\"192.168.1.1\", \"1.1.1.1\"]\n"), 0);
	CHECK_STR(err, "");
	CHECK_STR(cfg.interface, "ens3");
	CHECK(cfg.has_address && cfg.address == quad("192.168.1.20"));
	CHECK(cfg.netmask == quad("255.255.255.0"));
	CHECK(cfg.has_gateway && cfg.gateway == quad("192.168.1.1"));
	CHECK_INT(cfg.dns_count, 2);
	CHECK(cfg.dns[1] == quad("1.1.1.1"));

	CHECK_INT(parse("address = \"10.1.2.3\"\nnetmask = \"255.255.0.0\""),
		  0);
	CHECK(cfg.netmask == quad("255.255.0.0"));
	CHECK_INT(parse("address = \"10.1.2.3\"\nprefix = 0"), 0);
	CHECK(cfg.netmask == 0);
	CHECK_INT(parse("address = \"10.1.2.3/32\""), 0);
	CHECK(cfg.netmask == quad("255.255.255.255"));
	/* Only DNS: the lease's address stays, its servers do not. */
	CHECK_INT(parse("dns = [\"9.9.9.9\"]"), 0);
	CHECK(!cfg.has_address && cfg.dns_count == 1);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_INT(parse(bad[i].src), -1);
		CHECK_STR(err, bad[i].err);
	}
	/* A mistake anywhere applies nothing, not what came before it. */
	CHECK_INT(parse("interface = \"ens3\"\ndns = [\"9.9.9.9\"]\nx = 1"), -1);
	CHECK(cfg.dns_count == 0 && !strcmp(cfg.interface, "eth0"));

	/* Hosted, the rows describe this machine: at least lo. */
	CHECK(netif_describe(row, &links) >= 1);
	CHECK(links >= 1);
	return check_summary("netif");
}
