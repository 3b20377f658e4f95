/*
 * netif.c - the machine's network interfaces: lo up at boot, eth0 as the
 * kernel's DHCP client left it or as /etc/vyoma/network.toml says,
 * /etc/resolv.conf and /etc/hosts, and the `net` command's description of
 * every interface, route and DNS server.
 *
 * Why the kernel does DHCP and not us: its ipconfig is a small, well-kept
 * client made for exactly this (an address before init runs), and QEMU's
 * user network hands out a lease of a day, longer than a VyomaOS session.
 * What ipconfig does not do is write resolv.conf: it leaves the lease's
 * DNS servers in /proc/net/pnp, which is in resolv.conf's own syntax.
 *
 * Everything here uses the old ioctls (SIOCSIFADDR, SIOCADDRT) and /proc,
 * not netlink: one interface and one default route need nothing more,
 * and they work the same in the static /init and hosted.
 */
#include "netif.h"
#include "file.h"
#include "log.h"
#include "toml.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <net/route.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define PNP_PATH "/proc/net/pnp"
#define RESOLV_PATH "/etc/resolv.conf"
#define HOSTS_PATH "/etc/hosts"
#define ROW_MAX 256

/* ---- /etc/vyoma/network.toml ------------------------------------------ */

struct parse {
	const char *path;
	char *err;
	size_t errlen;
};

static int fail(struct parse *p, struct toml_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parse *p, struct toml_pos pos, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%d:%d: %s", p->path, pos.line, pos.col,
		 msg);
	return -1;
}

/* A dotted quad (no name, no shorthand like "10.1"), network order. */
static int ipv4(struct parse *p, const struct toml_keyval *kv,
		const struct toml_value *v, uint32_t *out)
{
	struct in_addr a;

	if (v->type != TOML_STRING)
		return fail(p, v->pos, "'%s' must be a string like "
			    "\"10.0.2.2\", not a %s", kv->key,
			    toml_type_name(v->type));
	if (strlen(v->u.str.ptr) != v->u.str.len ||
	    inet_pton(AF_INET, v->u.str.ptr, &a) != 1)
		return fail(p, v->pos, "'%s' is not an IPv4 address like "
			    "\"10.0.2.2\"", kv->key);
	*out = a.s_addr;
	return 0;
}

static uint32_t prefix_mask(int prefix)
{
	return htonl(prefix ? 0xffffffffu << (32 - prefix) : 0);
}

static int mask_prefix(uint32_t mask)
{
	return __builtin_popcount(mask);
}

/* A netmask is ones then zeros: its complement plus one is a power of 2. */
static bool mask_valid(uint32_t mask)
{
	uint32_t inv = ~ntohl(mask);

	return (inv & (inv + 1)) == 0;
}

/* "10.0.2.15/24" or "10.0.2.15"; *prefix -1 when there is no "/n". */
static int address(struct parse *p, const struct toml_keyval *kv,
		   uint32_t *addr, int *prefix)
{
	const struct toml_value *v = kv->value;
	struct toml_value quad = *v;
	char text[INET_ADDRSTRLEN];
	const char *slash;
	char *end;
	long n;

	*prefix = -1;
	if (v->type != TOML_STRING)
		return ipv4(p, kv, v, addr);
	slash = strchr(v->u.str.ptr, '/');
	if (!slash)
		return ipv4(p, kv, v, addr);
	if ((size_t)(slash - v->u.str.ptr) >= sizeof(text))
		return fail(p, v->pos, "'address' is not an IPv4 address like "
			    "\"10.0.2.15/24\"");
	memcpy(text, v->u.str.ptr, (size_t)(slash - v->u.str.ptr));
	text[slash - v->u.str.ptr] = '\0';
	quad.u.str.ptr = text;
	quad.u.str.len = strlen(text);
	if (ipv4(p, kv, &quad, addr))
		return -1;
	errno = 0;
	n = strtol(slash + 1, &end, 10);
	if (end == slash + 1 || *end || n < 0 || n > 32 ||
	    (size_t)(end - v->u.str.ptr) != v->u.str.len)
		return fail(p, v->pos, "the prefix after '/' in 'address' "
			    "must be a number from 0 to 32");
	*prefix = (int)n;
	return 0;
}

static int interface_name(struct parse *p, const struct toml_value *v,
			  char *out)
{
	size_t i;

	if (v->type != TOML_STRING)
		return fail(p, v->pos, "'interface' must be a string like "
			    "\"eth0\", not a %s", toml_type_name(v->type));
	if (!v->u.str.len || v->u.str.len > NETIF_NAME_MAX)
		return fail(p, v->pos, "'interface' must be 1 to %d "
			    "characters", NETIF_NAME_MAX);
	for (i = 0; i < v->u.str.len; i++) {
		unsigned char c = (unsigned char)v->u.str.ptr[i];

		if (c <= ' ' || c >= 0x7f || c == '/' || c == ':')
			return fail(p, v->pos, "'interface' is not an "
				    "interface name like \"eth0\"");
	}
	memcpy(out, v->u.str.ptr, v->u.str.len + 1);
	return 0;
}

static int dns_list(struct parse *p, const struct toml_keyval *kv,
		    struct netif_config *cfg)
{
	const struct toml_value *v = kv->value;
	size_t i;

	if (v->type != TOML_ARRAY)
		return fail(p, v->pos, "'dns' must be an array of addresses "
			    "like [\"10.0.2.3\"], not a %s",
			    toml_type_name(v->type));
	if (v->u.array.len > NETIF_DNS_MAX)
		return fail(p, v->u.array.items[NETIF_DNS_MAX]->pos,
			    "at most %d DNS servers (resolv.conf reads no "
			    "more)", NETIF_DNS_MAX);
	for (i = 0; i < v->u.array.len; i++)
		if (ipv4(p, kv, v->u.array.items[i], &cfg->dns[i]))
			return -1;
	cfg->dns_count = v->u.array.len;
	return 0;
}

int netif_parse_config(const char *src, size_t len, const char *path,
		       struct netif_config *cfg, char *err, size_t errlen)
{
	struct parse p = { path, err, errlen };
	const struct toml_keyval *netmask = NULL, *prefix = NULL;
	const struct toml_keyval *addr = NULL;
	struct toml_error terr;
	struct toml_value *root;
	int rc = 0, addr_prefix = -1;
	size_t i;

	memset(cfg, 0, sizeof(*cfg));
	strcpy(cfg->interface, "eth0");
	root = toml_parse(src, len, &terr);
	if (!root)
		return fail(&p, terr.pos, "%s", terr.msg);
	for (i = 0; i < root->u.table.len && rc == 0; i++) {
		const struct toml_keyval *kv = &root->u.table.items[i];
		const struct toml_value *v = kv->value;

		if (!strcmp(kv->key, "interface")) {
			rc = interface_name(&p, v, cfg->interface);
		} else if (!strcmp(kv->key, "address")) {
			addr = kv;
			rc = address(&p, kv, &cfg->address, &addr_prefix);
			cfg->has_address = true;
		} else if (!strcmp(kv->key, "netmask")) {
			netmask = kv;
			rc = ipv4(&p, kv, v, &cfg->netmask);
			if (!rc && !mask_valid(cfg->netmask))
				rc = fail(&p, v->pos, "'netmask' must be ones "
					  "then zeros, like \"255.255.255.0\"");
		} else if (!strcmp(kv->key, "prefix")) {
			prefix = kv;
			if (v->type != TOML_INTEGER || v->u.integer < 0 ||
			    v->u.integer > 32)
				rc = fail(&p, v->pos, "'prefix' must be a "
					  "number from 0 to 32");
			else
				cfg->netmask = prefix_mask((int)v->u.integer);
		} else if (!strcmp(kv->key, "gateway")) {
			rc = ipv4(&p, kv, v, &cfg->gateway);
			cfg->has_gateway = true;
		} else if (!strcmp(kv->key, "dns")) {
			rc = dns_list(&p, kv, cfg);
		} else {
			rc = fail(&p, kv->pos, "unknown key '%s' (the keys are "
				  "interface, address, prefix, netmask, "
				  "gateway and dns)", kv->key);
		}
	}
	if (rc == 0 && netmask && prefix)
		rc = fail(&p, prefix->pos, "'prefix' and 'netmask' say the same "
			  "thing: give one");
	if (rc == 0 && addr_prefix >= 0 && (netmask || prefix))
		rc = fail(&p, (netmask ? netmask : prefix)->pos, "'address' "
			  "already has a prefix (/%d)", addr_prefix);
	if (rc == 0 && addr && addr_prefix < 0 && !netmask && !prefix)
		rc = fail(&p, addr->value->pos, "'address' needs a prefix, "
			  "like \"%s/24\", or a 'netmask'", addr->value->u.str.ptr);
	if (rc == 0 && (netmask || prefix) && !addr)
		rc = fail(&p, (netmask ? netmask : prefix)->pos, "a %s "
			  "without an 'address'", netmask ? "netmask" : "prefix");
	if (rc == 0 && addr_prefix >= 0)
		cfg->netmask = prefix_mask(addr_prefix);
	if (rc) {
		/* Half a configuration is applied by no one. */
		memset(cfg, 0, sizeof(*cfg));
		strcpy(cfg->interface, "eth0");
	}
	toml_free(root);
	return rc;
}

/* ---- the interfaces, through ioctls --------------------------------- */

static int inet_socket(void)
{
	return socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

static void ifreq_named(struct ifreq *ifr, const char *name)
{
	memset(ifr, 0, sizeof(*ifr));
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", name);
}

static int flags_of(int sock, const char *name, short *flags)
{
	struct ifreq ifr;

	ifreq_named(&ifr, name);
	if (ioctl(sock, SIOCGIFFLAGS, &ifr))
		return -1;
	*flags = ifr.ifr_flags;
	return 0;
}

static int bring_up(int sock, const char *name)
{
	struct ifreq ifr;

	ifreq_named(&ifr, name);
	if (ioctl(sock, SIOCGIFFLAGS, &ifr))
		return -1;
	if (ifr.ifr_flags & IFF_UP)
		return 0;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(sock, SIOCSIFFLAGS, &ifr);
}

static void sockaddr_ipv4(struct sockaddr *sa, uint32_t addr)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	sin.sin_addr.s_addr = addr;
	memcpy(sa, &sin, sizeof(sin));
}

static uint32_t ipv4_of(const struct sockaddr *sa)
{
	struct sockaddr_in sin;

	memcpy(&sin, sa, sizeof(sin));
	return sin.sin_addr.s_addr;
}

/* An interface's IPv4 address and netmask; -1 if it has none. */
static int address_of(int sock, const char *name, uint32_t *addr,
		      uint32_t *mask)
{
	struct ifreq ifr;

	ifreq_named(&ifr, name);
	if (ioctl(sock, SIOCGIFADDR, &ifr))
		return -1;
	*addr = ipv4_of(&ifr.ifr_addr);
	ifreq_named(&ifr, name);
	*mask = ioctl(sock, SIOCGIFNETMASK, &ifr) ? 0 :
		ipv4_of(&ifr.ifr_netmask);
	return 0;
}

static int route(int sock, unsigned long op, const char *dev,
		 uint32_t gateway)
{
	char name[IFNAMSIZ];
	struct rtentry rt;

	memset(&rt, 0, sizeof(rt));
	snprintf(name, sizeof(name), "%s", dev);
	sockaddr_ipv4(&rt.rt_dst, 0);
	sockaddr_ipv4(&rt.rt_genmask, 0);
	sockaddr_ipv4(&rt.rt_gateway, gateway);
	rt.rt_flags = RTF_UP | (gateway ? RTF_GATEWAY : 0);
	rt.rt_dev = op == SIOCADDRT ? name : NULL;
	return ioctl(sock, op, &rt);
}

/* Applies what network.toml gives; logs what fails, keeps going. */
static void apply(int sock, const struct netif_config *cfg)
{
	const char *dev = cfg->interface;
	struct ifreq ifr;

	if (bring_up(sock, dev)) {
		log_error("network: %s: cannot bring %s up: %s",
			  NETIF_CONFIG_PATH, dev, strerror(errno));
		return;
	}
	if (cfg->has_address) {
		ifreq_named(&ifr, dev);
		sockaddr_ipv4(&ifr.ifr_addr, cfg->address);
		if (ioctl(sock, SIOCSIFADDR, &ifr))
			log_error("network: %s: cannot set %s's address: %s",
				  NETIF_CONFIG_PATH, dev, strerror(errno));
		ifreq_named(&ifr, dev);
		sockaddr_ipv4(&ifr.ifr_netmask, cfg->netmask);
		if (ioctl(sock, SIOCSIFNETMASK, &ifr))
			log_error("network: %s: cannot set %s's netmask: %s",
				  NETIF_CONFIG_PATH, dev, strerror(errno));
	}
	if (cfg->has_gateway) {
		/* The lease's default route would win over ours otherwise. */
		for (int i = 0; i < 8 && route(sock, SIOCDELRT, dev, 0) == 0;
		     i++)
			;
		if (route(sock, SIOCADDRT, dev, cfg->gateway))
			log_error("network: %s: cannot route through the "
				  "gateway: %s", NETIF_CONFIG_PATH,
				  strerror(errno));
	}
}

/* ---- /proc and /etc ------------------------------------------------- */

/* One row of /proc/net/route: the kernel's IPv4 routing table. */
struct route_row {
	char dev[IFNAMSIZ];
	uint32_t dst, gateway, mask;	/* network order */
	unsigned flags;
};

static bool route_next(FILE *f, struct route_row *r)
{
	char line[256];
	unsigned long dst, gw, mask;

	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%15s %lx %lx %x %*d %*d %*d %lx", r->dev, &dst,
			   &gw, &r->flags, &mask) == 5) {
			/* The kernel prints each address's bytes as they
			 * lie in memory, so the number is network order. */
			r->dst = (uint32_t)dst;
			r->gateway = (uint32_t)gw;
			r->mask = (uint32_t)mask;
			return true;
		}
	return false;
}

static uint32_t default_gateway(const char *dev)
{
	FILE *f = fopen("/proc/net/route", "re");
	struct route_row r;
	uint32_t gw = 0;

	if (!f)
		return 0;
	while (!gw && route_next(f, &r))
		if ((r.flags & RTF_UP) && (r.flags & RTF_GATEWAY) && !r.dst &&
		    !r.mask && !strcmp(r.dev, dev))
			gw = r.gateway;
	fclose(f);
	return gw;
}

/* The DHCP lease's DNS servers, from the kernel's ipconfig. */
static size_t lease_dns(uint32_t *dns)
{
	FILE *f = fopen(PNP_PATH, "re");
	char line[128], text[INET_ADDRSTRLEN];
	struct in_addr a;
	size_t n = 0;

	if (!f)
		return 0;
	while (n < NETIF_DNS_MAX && fgets(line, sizeof(line), f))
		if (sscanf(line, "nameserver %15s", text) == 1 &&
		    inet_pton(AF_INET, text, &a) == 1 && a.s_addr)
			dns[n++] = a.s_addr;
	fclose(f);
	return n;
}

static void write_file(const char *path, const char *text)
{
	int dir = open("/etc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dir < 0 || file_write_atomic_at(dir, strrchr(path, '/') + 1, text,
					    strlen(text), 0644))
		log_error("network: cannot write %s: %s", path,
			  strerror(errno));
	if (dir >= 0)
		close(dir);
}

static void write_resolv_conf(const uint32_t *dns, size_t n, bool leased)
{
	char text[512], quad[INET_ADDRSTRLEN];
	size_t len;

	len = (size_t)snprintf(text, sizeof(text), "# written at boot by the "
			       "supervisor from %s\n", leased ? "the DHCP "
			       "lease (" PNP_PATH ")" : NETIF_CONFIG_PATH);
	for (size_t i = 0; i < n; i++) {
		inet_ntop(AF_INET, &dns[i], quad, sizeof(quad));
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"nameserver %s\n", quad);
	}
	/* A lookup for an app waits at most 2 x 2 s per server, not
	 * glibc's 2 x 5 s: an app waiting on a name is waiting on us. */
	snprintf(text + len, sizeof(text) - len, "options timeout:2 "
		 "attempts:2\n");
	write_file(RESOLV_PATH, text);
}

/* Why eth0 has no address, as far as the kernel's command line says:
 * its last ip= is the one ipconfig obeyed. */
static const char *why_no_address(void)
{
	FILE *f = fopen("/proc/cmdline", "re");	/* its size says 0 */
	const char *why = "ip= is not on the kernel command line and there "
			  "is no " NETIF_CONFIG_PATH;
	char text[4096], *p = text, *last = NULL;

	if (!f || !fgets(text, sizeof(text), f))
		text[0] = '\0';
	if (f)
		fclose(f);
	while ((p = strstr(p, "ip=")))
		if (p++ == text || p[-2] == ' ')
			last = p + 2;
	if (last && (strncmp(last, "off", 3) == 0 ||
		     strncmp(last, "none", 4) == 0))
		why = "ip=off on the kernel command line";
	else if (last)
		why = "no answer from a DHCP server at boot";
	return why;
}

/* "network: eth0 10.0.2.15/24 gateway 10.0.2.2 dns 10.0.2.3" */
static void log_state(int sock, const char *dev, const uint32_t *dns,
		      size_t n)
{
	char a[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN] = "none", d[64] = "none";
	uint32_t addr, mask, gw = default_gateway(dev);
	size_t len = 0;
	short flags;

	if (flags_of(sock, dev, &flags)) {
		log_warn("network: no address (there is no %s)", dev);
		return;
	}
	if (!(flags & IFF_UP) || address_of(sock, dev, &addr, &mask)) {
		log_warn("network: no address (%s)", why_no_address());
		return;
	}
	inet_ntop(AF_INET, &addr, a, sizeof(a));
	if (gw)
		inet_ntop(AF_INET, &gw, g, sizeof(g));
	for (size_t i = 0; i < n; i++) {
		char quad[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &dns[i], quad, sizeof(quad));
		len += (size_t)snprintf(d + len, sizeof(d) - len, "%s%s",
					i ? "," : "", quad);
	}
	log_info("network: %s %s/%d gateway %s dns %s", dev, a,
		 mask_prefix(mask), g, d);
}

void netif_boot(void)
{
	struct netif_config cfg;
	uint32_t dns[NETIF_DNS_MAX];
	bool leased = true;
	size_t n, len;
	char *text;
	int sock = inet_socket();

	if (sock < 0) {
		log_error("network: no IPv4 sockets: %s", strerror(errno));
		return;
	}
	/* ipconfig brings lo up, but only when it runs (ip= given). */
	if (bring_up(sock, "lo"))
		log_error("network: cannot bring lo up: %s", strerror(errno));
	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.interface, "eth0");
	text = file_read(NETIF_CONFIG_PATH, FILE_SMALL_MAX, &len);
	if (text) {
		char err[320];

		if (netif_parse_config(text, len, NETIF_CONFIG_PATH, &cfg, err,
				       sizeof(err)) == 0)
			apply(sock, &cfg);
		else
			log_error("network: %s; keeping what DHCP gave", err);
		free(text);
	} else if (errno != ENOENT) {
		log_error("network: cannot read %s: %s", NETIF_CONFIG_PATH,
			  strerror(errno));
	}
	if (cfg.dns_count) {
		n = cfg.dns_count;
		memcpy(dns, cfg.dns, n * sizeof(dns[0]));
		leased = false;
	} else {
		n = lease_dns(dns);
	}
	write_resolv_conf(dns, n, leased);
	write_file(HOSTS_PATH, "127.0.0.1\tlocalhost\n");
	log_state(sock, cfg.interface, dns, n);
	close(sock);
}

/* ---- the `net` command -------------------------------------------- */

/* Interface names may hold any byte but '/', ':' and blanks; a reply
 * line must be printable UTF-8, so anything else is shown as '?'. */
static void printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			*s = '?';
}

static void describe_link(int sock, const char *name, unsigned long long rx,
			  unsigned long long tx, char *row, size_t len)
{
	char addr[24] = "-", mac[18] = "-", shown[IFNAMSIZ];
	const char *state = "down";
	uint32_t a, mask;
	struct ifreq ifr;
	short flags = 0;
	int mtu = 0;

	if (flags_of(sock, name, &flags) == 0 && (flags & IFF_UP))
		state = flags & IFF_RUNNING ? "up" : "no-carrier";
	if (address_of(sock, name, &a, &mask) == 0) {
		inet_ntop(AF_INET, &a, addr, sizeof(addr));
		snprintf(addr + strlen(addr), sizeof(addr) - strlen(addr),
			 "/%d", mask_prefix(mask));
	}
	ifreq_named(&ifr, name);
	if (ioctl(sock, SIOCGIFHWADDR, &ifr) == 0 &&
	    (ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER ||
	     ifr.ifr_hwaddr.sa_family == ARPHRD_LOOPBACK)) {
		const unsigned char *m =
			(const unsigned char *)ifr.ifr_hwaddr.sa_data;

		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
			 m[0], m[1], m[2], m[3], m[4], m[5]);
	}
	ifreq_named(&ifr, name);
	if (ioctl(sock, SIOCGIFMTU, &ifr) == 0)
		mtu = ifr.ifr_mtu;
	snprintf(shown, sizeof(shown), "%.*s", (int)sizeof(shown) - 1, name);
	printable(shown);
	snprintf(row, len, "link %s state=%s addr=%s mac=%s mtu=%d "
		 "rx_bytes=%llu tx_bytes=%llu", shown, state, addr, mac, mtu,
		 rx, tx);
}

/* Every interface, from /proc/net/dev, which also has the byte counts. */
static size_t describe_links(int sock,
			     void (*row)(void *ctx, const char *text),
			     void *ctx)
{
	FILE *f = fopen("/proc/net/dev", "re");
	char line[512], text[ROW_MAX];
	size_t n = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':'), *name = line;
		unsigned long long rx, tx;

		if (!colon || sscanf(colon + 1, "%llu %*u %*u %*u %*u %*u %*u "
				     "%*u %llu", &rx, &tx) != 2)
			continue;	/* the two header lines */
		*colon = '\0';
		while (*name == ' ')
			name++;
		if (!*name || strlen(name) > NETIF_NAME_MAX)
			continue;
		describe_link(sock, name, rx, tx, text, sizeof(text));
		row(ctx, text);
		n++;
	}
	fclose(f);
	return n;
}

static size_t describe_routes(void (*row)(void *ctx, const char *text),
			      void *ctx)
{
	FILE *f = fopen("/proc/net/route", "re");
	char text[ROW_MAX], dst[24] = "default", gw[40] = "";
	struct route_row r;
	size_t n = 0;

	if (!f)
		return 0;
	while (route_next(f, &r)) {
		if (!(r.flags & RTF_UP))
			continue;
		strcpy(dst, "default");
		if (r.dst || r.mask) {
			inet_ntop(AF_INET, &r.dst, dst, sizeof(dst));
			snprintf(dst + strlen(dst), sizeof(dst) - strlen(dst),
				 "/%d", mask_prefix(r.mask));
		}
		gw[0] = '\0';
		if (r.flags & RTF_GATEWAY) {
			strcpy(gw, " via=");
			inet_ntop(AF_INET, &r.gateway, gw + 5, sizeof(gw) - 5);
		}
		printable(r.dev);
		snprintf(text, sizeof(text), "route %s%s dev=%s", dst, gw,
			 r.dev);
		row(ctx, text);
		n++;
	}
	fclose(f);
	return n;
}

/* The DNS servers the system's resolver uses: /etc/resolv.conf's. */
static size_t describe_dns(void (*row)(void *ctx, const char *text),
			   void *ctx)
{
	FILE *f = fopen(RESOLV_PATH, "re");
	char line[256], server[64], text[ROW_MAX];
	size_t n = 0;

	if (!f)
		return 0;
	while (n < 16 && fgets(line, sizeof(line), f))
		if (sscanf(line, " nameserver %63s", server) == 1) {
			printable(server);
			snprintf(text, sizeof(text), "dns %s", server);
			row(ctx, text);
			n++;
		}
	fclose(f);
	return n;
}

size_t netif_describe(void (*row)(void *ctx, const char *text), void *ctx)
{
	int sock = inet_socket();
	size_t n = 0;

	if (sock >= 0) {
		n += describe_links(sock, row, ctx);
		close(sock);
	}
	n += describe_routes(row, ctx);
	n += describe_dns(row, ctx);
	return n;
}
