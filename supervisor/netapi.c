/*
 * netapi.c - the "vyoma_net" import module (netapi.h).
 *
 * Every argument is the app's and hostile: a name is copied out once
 * (at most NETPOLICY_NAME_MAX bytes, no NUL inside) and only the copy
 * is checked, looked up and logged; results are written only where
 * guest.h says they fit. The order is fixed: grant first, then the
 * lookup (a name no grant matches is never sent to DNS), then the rule
 * that a name reaches public addresses only, then the socket.
 */
#include "netapi.h"
#include "engine.h"
#include "guest.h"
#include "log.h"
#include "net.h"
#include "netpolicy.h"
#include "proc.h"
#include "queue.h"
#include "wasi_shim.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define ADDRS_MAX 16		/* addresses a lookup gives */
#define CONNECT_DEFAULT_MS 30000
#define CONNECT_MAX_MS 600000
#define BACKLOG_MAX 64		/* connections waiting to be accepted */
#define BUF_MIN 4096
#define BUF_MAX (4u << 20)

static bool listen_everywhere;

void netapi_listen_on_every_address(bool every)
{
	listen_everywhere = every;
}

/* One refusal: EACCES in the app, a line in the log (app_warn keeps a
 * flood of them to its budget). */
static int refuse(struct app *app, const char *what, const char *why)
{
	app_warn(app, "network: %s refused: %s", what, why);
	return GUEST_ERRNO_ACCES;
}

static bool granted(struct app *app, const char *what)
{
	if (app->manifest.caps[CAP_NETWORK])
		return true;
	refuse(app, what, "the network capability is not granted");
	return false;
}

/* The app's name at [off, off + len), copied into name (at least
 * NETPOLICY_NAME_MAX + 2 bytes), a trailing dot dropped. */
static int copy_name(const struct guest_mem *mem, uint32_t off, uint32_t len,
		     char *name)
{
	if (len == 0 || len > NETPOLICY_NAME_MAX + 1)
		return GUEST_ERRNO_INVAL;
	if (guest_read(mem, off, name, len))
		return GUEST_ERRNO_FAULT;
	name[len] = '\0';
	if (strlen(name) != len)
		return GUEST_ERRNO_INVAL;
	if (name[len - 1] == '.')
		name[len - 1] = '\0';
	return name[0] ? 0 : GUEST_ERRNO_INVAL;
}

/* Up to ADDRS_MAX IPv4 addresses of name (host order). */
static int lookup(const char *name, uint32_t *addrs, unsigned *n)
{
	struct addrinfo hints = { .ai_family = AF_INET,
				  .ai_socktype = SOCK_STREAM };
	struct addrinfo *res, *r;
	int rc = getaddrinfo(name, NULL, &hints, &res);

	*n = 0;
	if (rc == EAI_NONAME || rc == EAI_NODATA || rc == EAI_FAIL)
		return GUEST_ERRNO_NOENT;
	if (rc == EAI_AGAIN)
		return GUEST_ERRNO_AGAIN;
	if (rc)
		return GUEST_ERRNO_IO;
	for (r = res; r && *n < ADDRS_MAX; r = r->ai_next) {
		uint32_t a;
		unsigned i;

		if (r->ai_family != AF_INET)
			continue;
		a = ntohl(((struct sockaddr_in *)r->ai_addr)->sin_addr.s_addr);
		for (i = 0; i < *n && addrs[i] != a; i++)
			;
		if (i == *n)
			addrs[(*n)++] = a;
	}
	freeaddrinfo(res);
	return *n ? 0 : GUEST_ERRNO_NOENT;
}

/*
 * A lookup on a thread of its own, so that the app waiting for it can
 * be stopped: the resolver cannot be interrupted, but nobody need wait
 * for it. Whoever finishes last (the app's thread or the resolver's)
 * frees it.
 */
struct pending_lookup {
	atomic_int holders;
	int done_fd;		/* eventfd: written when the answer is in */
	int err;
	unsigned n;
	uint32_t addrs[ADDRS_MAX];
	char name[NETPOLICY_NAME_MAX + 2];
};

#define RESOLVER_STACK (256u << 10)	/* getaddrinfo's needs, and more */

static void pending_release(struct pending_lookup *l)
{
	if (atomic_fetch_sub(&l->holders, 1) == 1) {
		close(l->done_fd);
		free(l);
	}
}

static void *resolver(void *arg)
{
	static const uint64_t one = 1;
	struct pending_lookup *l = arg;

	l->err = lookup(l->name, l->addrs, &l->n);
	if (write(l->done_fd, &one, sizeof(one)) < 0) {
		/* Cannot be full: written once. */
	}
	pending_release(l);
	return NULL;
}

/* lookup(), ended at once if the app is stopped (NET_STOPPED). */
static int stoppable_lookup(struct app *app, const char *name,
			    uint32_t *addrs, unsigned *n)
{
	struct pending_lookup *l = calloc(1, sizeof(*l));
	pthread_attr_t attr;
	pthread_t thread;
	int err, started;

	if (!l)
		return GUEST_ERRNO_NOMEM;
	l->done_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (l->done_fd < 0) {
		free(l);
		return lookup(name, addrs, n);
	}
	atomic_init(&l->holders, 2);
	snprintf(l->name, sizeof(l->name), "%s", name);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, RESOLVER_STACK);
	started = pthread_create(&thread, &attr, resolver, l);
	pthread_attr_destroy(&attr);
	if (started != 0) {
		close(l->done_fd);
		free(l);
		return lookup(name, addrs, n);
	}
	err = net_wait(app, l->done_fd, POLLIN, 0);
	if (!err) {
		err = l->err;
		*n = l->n;
		memcpy(addrs, l->addrs, l->n * sizeof(*addrs));
	}
	pending_release(l);
	return err;
}

static void addr_text(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
		 (a >> 8) & 255, a & 255);
}

/* A TCP connection to addr:port, waited for until deadline. */
static int try_connect(struct app *app, uint32_t addr, int port,
		       uint64_t deadline, int *out)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons((uint16_t)port),
				  .sin_addr.s_addr = htonl(addr) };
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int err = 0, soerr = 0;
	socklen_t len = sizeof(soerr);

	if (s < 0)
		return net_errno(errno);
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		if (errno != EINPROGRESS) {
			err = net_errno(errno);
		} else if (!deadline) {
			/* Started: the app learns the end from poll. */
			*out = s;
			return GUEST_ERRNO_INPROGRESS;
		} else {
			err = net_wait(app, s, POLLOUT, deadline);
			if (!err && getsockopt(s, SOL_SOCKET, SO_ERROR, &soerr,
					       &len) == 0 && soerr)
				err = net_errno(soerr);
		}
	}
	if (err) {
		close(s);
		return err;
	}
	*out = s;
	return 0;
}

/* connect(host, host_len, port, timeout_ms, *fd) */
static int do_connect(struct app *app, const struct guest_mem *mem,
		      const uint32_t *a)
{
	char name[NETPOLICY_NAME_MAX + 2], what[NETPOLICY_NAME_MAX + 64];
	char text[16];
	const struct manifest *m = &app->manifest;
	uint32_t addrs[ADDRS_MAX], fd;
	uint64_t deadline;
	unsigned n = 0, i, tried = 0;
	int port = (int)a[2], err, s = -1, started;
	bool literal;
	const char *why = "";

	if (!guest_range_ok(mem, a[4], 4))
		return GUEST_ERRNO_FAULT;
	err = copy_name(mem, a[0], a[1], name);
	if (err)
		return err;
	if (a[2] < 1 || a[2] > 65535)
		return GUEST_ERRNO_INVAL;
	snprintf(what, sizeof(what), "connect to %s port %d", name, port);
	if (!granted(app, what))
		return GUEST_ERRNO_ACCES;
	err = net_room(app);
	if (err)
		return err;
	literal = netpolicy_parse_addr(name, &addrs[0]);
	if (literal) {
		n = 1;
	} else if (!netpolicy_name_granted(m->hosts, m->host_count, true,
					   name)) {
		return refuse(app, what, "no grant names that host");
	} else if ((err = stoppable_lookup(app, name, addrs, &n))) {
		return err;
	}
	if (a[3] > CONNECT_MAX_MS && a[3] != NETAPI_CONNECT_NOWAIT)
		return GUEST_ERRNO_INVAL;
	/* 0: only started, the first allowed address alone. */
	deadline = a[3] == NETAPI_CONNECT_NOWAIT ? 0 :
		   monotonic_ns() + (uint64_t)(a[3] ? a[3] : CONNECT_DEFAULT_MS)
				    * 1000000u;
	err = GUEST_ERRNO_ACCES;
	for (i = 0; i < n; i++) {
		if (!netpolicy_connect_allowed(m->hosts, m->host_count,
					       literal ? NULL : name, addrs[i],
					       port, &why))
			continue;
		tried++;
		err = try_connect(app, addrs[i], port, deadline, &s);
		if (!err || err == NET_STOPPED || !deadline)
			break;
	}
	if (!tried) {
		addr_text(addrs[0], text, sizeof(text));
		if (!literal)
			snprintf(what, sizeof(what), "connect to %s (%s, %s) "
				 "port %d", name, text,
				 netpolicy_class_name(
					 netpolicy_classify(addrs[0])), port);
		return refuse(app, what, why);
	}
	if (err && err != GUEST_ERRNO_INPROGRESS)
		return err;
	started = err;
	err = net_adopt(app, s, false, &fd);
	if (!err && !deadline)
		net_set_flags(app, fd, NET_FDFLAG_NONBLOCK);
	if (!err)
		err = guest_write(mem, a[4], &fd, 4);
	return err ? err : started;
}

/*
 * connect_status(fd): how a connect begun with NETAPI_CONNECT_NOWAIT
 * went: 0 connected, INPROGRESS not yet, or why it failed (once; then
 * ENOTCONN).
 */
static int do_connect_status(struct app *app, const struct guest_mem *mem,
			     const uint32_t *a)
{
	int hfd = net_host_fd(app, a[0]), soerr = 0;
	socklen_t len = sizeof(soerr);
	struct sockaddr_in peer;
	struct pollfd p;

	(void)mem;
	if (hfd < 0)
		return GUEST_ERRNO_BADF;
	if (getsockopt(hfd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 && soerr)
		return net_errno(soerr);
	p = (struct pollfd){ .fd = hfd, .events = POLLOUT };
	if (poll(&p, 1, 0) == 0)
		return GUEST_ERRNO_INPROGRESS;
	len = sizeof(peer);
	if (getpeername(hfd, (struct sockaddr *)&peer, &len) != 0)
		return net_errno(errno);
	return 0;
}

static bool port_granted(const struct manifest *m, int port)
{
	size_t i;

	for (i = 0; i < m->listen_count; i++)
		if (port >= m->listen[i][0] && port <= m->listen[i][1])
			return true;
	return false;
}

/* listen(port, backlog, *fd) */
static int do_listen(struct app *app, const struct guest_mem *mem,
		     const uint32_t *a)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int port = (int)a[0], one = 1, s, err;
	int backlog = a[1] < 1 ? 1 : a[1] > BACKLOG_MAX ? BACKLOG_MAX :
			(int)a[1];
	char what[40];
	uint32_t fd;

	if (!guest_range_ok(mem, a[2], 4))
		return GUEST_ERRNO_FAULT;
	if (a[0] < 1 || a[0] > 65535)
		return GUEST_ERRNO_INVAL;
	snprintf(what, sizeof(what), "listen on port %d", port);
	if (!granted(app, what))
		return GUEST_ERRNO_ACCES;
	if (!port_granted(&app->manifest, port))
		return refuse(app, what, "no listen grant names that port");
	err = net_room(app);
	if (err)
		return err;
	s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s < 0)
		return net_errno(errno);
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(listen_everywhere ? INADDR_ANY :
				   INADDR_LOOPBACK);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(s, backlog) != 0) {
		err = net_errno(errno);
		close(s);
		return err;
	}
	err = net_adopt(app, s, true, &fd);
	if (!err)
		err = guest_write(mem, a[2], &fd, 4);
	return err;
}

/* resolve(name, name_len, addrs, cap, *count) */
static int do_resolve(struct app *app, const struct guest_mem *mem,
		      const uint32_t *a)
{
	const struct manifest *m = &app->manifest;
	char name[NETPOLICY_NAME_MAX + 2], what[NETPOLICY_NAME_MAX + 16];
	uint32_t addrs[ADDRS_MAX], out[ADDRS_MAX], count;
	unsigned n, i;
	int err;

	if (a[3] > ADDRS_MAX)
		return GUEST_ERRNO_INVAL;
	if (!guest_range_ok(mem, a[2], (uint64_t)a[3] * 4) ||
	    !guest_range_ok(mem, a[4], 4))
		return GUEST_ERRNO_FAULT;
	err = copy_name(mem, a[0], a[1], name);
	if (err)
		return err;
	snprintf(what, sizeof(what), "lookup of %s", name);
	if (!granted(app, what))
		return GUEST_ERRNO_ACCES;
	if (!netpolicy_name_granted(m->hosts, m->host_count, true, name) &&
	    !netpolicy_name_granted(m->resolve, m->resolve_count, false,
				    name))
		return refuse(app, what, "no hosts or resolve grant names it");
	err = stoppable_lookup(app, name, addrs, &n);
	if (err)
		return err;
	count = n < a[3] ? n : a[3];
	for (i = 0; i < count; i++)
		out[i] = htonl(addrs[i]);
	err = guest_write(mem, a[2], out, count * 4);
	if (!err)
		err = guest_write(mem, a[4], &count, 4);
	return err;
}

/* address(fd, which, addr[4], *port) */
static int do_address(struct app *app, const struct guest_mem *mem,
		      const uint32_t *a)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int hfd = net_host_fd(app, a[0]), rc;
	uint32_t port;
	int err;

	if (hfd < 0)
		return GUEST_ERRNO_BADF;
	if (a[1] > 1)
		return GUEST_ERRNO_INVAL;
	if (!guest_range_ok(mem, a[2], 4) || !guest_range_ok(mem, a[3], 4))
		return GUEST_ERRNO_FAULT;
	rc = a[1] ? getpeername(hfd, (struct sockaddr *)&sa, &len) :
		    getsockname(hfd, (struct sockaddr *)&sa, &len);
	if (rc != 0)
		return net_errno(errno);
	if (sa.sin_family != AF_INET)
		return GUEST_ERRNO_NOTSUP;
	port = ntohs(sa.sin_port);
	err = guest_write(mem, a[2], &sa.sin_addr.s_addr, 4);
	if (!err)
		err = guest_write(mem, a[3], &port, 4);
	return err;
}

/* sockopt(fd, name, value) */
static int do_sockopt(struct app *app, const struct guest_mem *mem,
		      const uint32_t *a)
{
	static const struct {
		int level, name;
		bool flag;	/* 0 or 1, else a buffer size */
	} opts[] = {
		[1] = { IPPROTO_TCP, TCP_NODELAY, true },
		[2] = { SOL_SOCKET, SO_KEEPALIVE, true },
		[3] = { SOL_SOCKET, SO_RCVBUF, false },
		[4] = { SOL_SOCKET, SO_SNDBUF, false },
	};
	int hfd = net_host_fd(app, a[0]);
	int value = (int)a[2];

	(void)mem;
	if (hfd < 0)
		return GUEST_ERRNO_BADF;
	if (a[1] < 1 || a[1] >= sizeof(opts) / sizeof(opts[0]))
		return GUEST_ERRNO_INVAL;
	if (opts[a[1]].flag ? a[2] > 1 : a[2] < BUF_MIN || a[2] > BUF_MAX)
		return GUEST_ERRNO_INVAL;
	if (setsockopt(hfd, opts[a[1]].level, opts[a[1]].name, &value,
		       sizeof(value)) != 0)
		return net_errno(errno);
	return 0;
}

typedef int (*netapi_fn)(struct app *app, const struct guest_mem *mem,
			 const uint32_t *args);

static const struct call {
	const char *name;
	const char *params;
	netapi_fn fn;
} calls[] = {
	{ "connect", "iiiii", do_connect },
	{ "connect_status", "i", do_connect_status },
	{ "listen", "iii", do_listen },
	{ "resolve", "iiiii", do_resolve },
	{ "address", "iiii", do_address },
	{ "sockopt", "iii", do_sockopt },
};

/* Every call reads or writes the app's memory. */
static int run_call(struct app *app, wasmtime_caller_t *caller,
		    const uint32_t *a, const void *ctx)
{
	const struct call *c = ctx;
	struct guest_mem mem;

	if (!wasi_shim_memory(caller, &mem))
		return GUEST_ERRNO_FAULT;
	return c->fn(app, &mem, a);	/* NET_STOPPED: trapped */
}

static wasm_trap_t *dispatch(void *env, wasmtime_caller_t *caller,
			     const wasmtime_val_t *args, size_t nargs,
			     wasmtime_val_t *results, size_t nresults)
{
	(void)nresults;
	return wasi_shim_call(caller, args, nargs, results, run_call, env);
}

wasmtime_error_t *netapi_install(wasmtime_linker_t *linker)
{
	wasmtime_error_t *error = NULL;
	size_t i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]) && !error; i++)
		error = engine_define_func(linker, NETAPI_MODULE,
					   calls[i].name, calls[i].params,
					   dispatch, (void *)&calls[i]);
	return error;
}
