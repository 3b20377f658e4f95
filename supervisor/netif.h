/*
 * netif.h - the machine's network interfaces: bringing them up at boot as
 * PID 1, and describing them (every interface, route and DNS server) for
 * the `net` command, in the image or hosted.
 *
 * In the image the kernel's own DHCP client (ipconfig, `ip=` on the
 * command line) has configured eth0 before /init runs; netif_boot() only
 * finishes the job: lo up, /etc/resolv.conf from the lease's DNS servers
 * (/proc/net/pnp), /etc/hosts, and a static configuration from
 * /etc/vyoma/network.toml when that file exists.
 */
#ifndef VYOMA_NETIF_H
#define VYOMA_NETIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NETIF_CONFIG_PATH "/etc/vyoma/network.toml"
#define NETIF_DNS_MAX 3		/* what resolv.conf readers take (MAXNS) */
#define NETIF_NAME_MAX 15	/* IFNAMSIZ less the NUL */

/* /etc/vyoma/network.toml; every key is optional and overrides DHCP's. */
struct netif_config {
	char interface[NETIF_NAME_MAX + 1];	/* "eth0" unless given */
	bool has_address, has_gateway;
	uint32_t address, netmask, gateway;	/* network byte order */
	uint32_t dns[NETIF_DNS_MAX];		/* network byte order */
	size_t dns_count;			/* > 0: replaces the lease's */
};

/*
 * Parses a network.toml document into cfg. Returns 0, or -1 with
 * "path:line:column: message" in err and cfg as for an empty file.
 */
int netif_parse_config(const char *src, size_t len, const char *path,
		       struct netif_config *cfg, char *err, size_t errlen);

/*
 * PID 1 only, once /proc and /sys are mounted: lo up, the static
 * configuration applied if there is one, /etc/resolv.conf and /etc/hosts
 * written, and one "network: ..." line in the log.
 */
void netif_boot(void);

/*
 * The `net` command's rows, each handed to row() without the command's
 * name, in this order:
 *	link <name> state=<up|down|no-carrier> addr=<a.b.c.d/n|-> mac=<m|->
 *	     mtu=<n> rx_bytes=<n> tx_bytes=<n>
 *	route <default|a.b.c.d/n> [via=<gateway>] dev=<name>
 *	dns <address>
 * Returns how many rows there were. Safe on any thread.
 */
size_t netif_describe(void (*row)(void *ctx, const char *text), void *ctx);

#endif
