/*
 * vyoma_net.h - TCP for apps: connect, listen, accept, name lookup and
 * socket options. The supervisor owns the real sockets and checks every
 * connect and listen against the app's manifest:
 *
 *	[capabilities.network]
 *	hosts = ["example.org:80", "*.example.org:443", "10.0.2.2:8000"]
 *	listen = [8080]
 *	resolve = ["*"]		# names it may look up beyond its hosts
 *
 * A refused connect or listen returns EACCES and leaves one line in the
 * log. Once made, a socket is an ordinary descriptor: read, write, send,
 * recv, poll, shutdown and close from wasi-libc work on it unchanged
 * (vytool apps call fd_read, fd_write and poll_oneoff directly).
 * docs/network.md says what each call does and when it fails.
 *
 *	int fd;
 *	int err = vy_connect("example.org", 80, 0, &fd);
 *	if (err) ... strerror(err) ...
 *	write(fd, "GET / HTTP/1.0\r\n\r\n", 18);
 *	... read(fd, buf, sizeof(buf)) until it returns 0 ...
 *	close(fd);
 *
 * Every call returns 0 or an errno value (wasi-libc's numbering).
 * Header-only; an app that calls none of them imports none of them.
 */
#ifndef VYOMA_NET_H
#define VYOMA_NET_H

#include <stdint.h>
#include "vyoma_wasi.h"	/* <wasi/api.h>, its calls imported directly */

#define VY_NET_ADDRS_MAX 16	/* vy_resolve gives at most this many */

/* vy_connect's timeout_ms: start the connect and return EINPROGRESS;
 * poll for POLLOUT, then vy_connect_status says how it went. */
#define VY_CONNECT_NOWAIT 0xffffffffu

/* vy_address: which end of a connection */
#define VY_ADDR_LOCAL 0
#define VY_ADDR_PEER 1

/* vy_sockopt: what to set */
#define VY_SO_NODELAY 1		/* 0 or 1: TCP_NODELAY */
#define VY_SO_KEEPALIVE 2	/* 0 or 1: SO_KEEPALIVE */
#define VY_SO_RCVBUF 3		/* bytes, 4 KiB to 4 MiB */
#define VY_SO_SNDBUF 4		/* bytes, 4 KiB to 4 MiB */

#define VY__NET(name) __attribute__((import_module("vyoma_net"), \
				     import_name(#name)))

VY__NET(connect) int32_t vy__connect(const char *host, uint32_t host_len,
				     uint32_t port, uint32_t timeout_ms,
				     int32_t *fd);
VY__NET(connect_status) int32_t vy__connect_status(int32_t fd);
VY__NET(listen) int32_t vy__listen(uint32_t port, uint32_t backlog,
				   int32_t *fd);
VY__NET(resolve) int32_t vy__resolve(const char *name, uint32_t name_len,
				     uint8_t *addrs, uint32_t cap,
				     uint32_t *count);
VY__NET(address) int32_t vy__address(int32_t fd, uint32_t which,
				     uint8_t *addr, uint32_t *port);
VY__NET(sockopt) int32_t vy__sockopt(int32_t fd, uint32_t name,
				     uint32_t value);

static inline uint32_t vy__netlen(const char *s)
{
	uint32_t n = 0;

	while (s[n])
		n++;
	return n;
}

/*
 * Connects to host ("example.org" or "10.0.2.2") at port, waiting until
 * the connection is made, refused or timeout_ms (0: 30 s) has passed.
 * A name is looked up by the supervisor; each address it gives is
 * tried in turn. EACCES: not granted; ENOENT: no such name;
 * ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH: as for connect(2).
 * With VY_CONNECT_NOWAIT, only the first address allowed is tried and
 * the call returns EINPROGRESS with *fd set (non-blocking) as soon as
 * the connect has begun: a window never waits on the network.
 */
static inline int vy_connect(const char *host, unsigned port,
			     unsigned timeout_ms, int *fd)
{
	int32_t got = -1;
	int err = vy__connect(host, vy__netlen(host), port, timeout_ms, &got);

	*fd = got;
	return err;
}

/*
 * How a VY_CONNECT_NOWAIT connect went: 0 connected, EINPROGRESS not
 * yet (poll fd for POLLOUT), else why it failed (ECONNREFUSED, ...).
 */
static inline int vy_connect_status(int fd)
{
	return vy__connect_status(fd);
}

/*
 * Listens on port (every address in the image, loopback on a
 * developer's machine), with at most backlog (1-64) connections waiting
 * to be accepted. EACCES: the port is not in the app's listen grant;
 * EADDRINUSE: someone else has it.
 */
static inline int vy_listen(unsigned port, unsigned backlog, int *fd)
{
	int32_t got = -1;
	int err = vy__listen(port, backlog, &got);

	*fd = got;
	return err;
}

/*
 * Takes the next connection waiting on a listening socket; blocks
 * unless the socket is non-blocking (then EAGAIN). flags: 0 or
 * __WASI_FDFLAGS_NONBLOCK for a non-blocking new socket.
 */
static inline int vy_accept(int fd, int flags, int *client)
{
	__wasi_fd_t got = (__wasi_fd_t)-1;
	int err = __wasi_sock_accept((__wasi_fd_t)fd, (__wasi_fdflags_t)flags,
				     &got);

	*client = (int)got;
	return err;
}

/*
 * Looks name up through the supervisor: up to cap IPv4 addresses (4
 * bytes each, network order) into addrs, their number in *count.
 * EACCES unless a hosts or resolve pattern of the app matches the name.
 */
static inline int vy_resolve(const char *name, uint8_t (*addrs)[4],
			     unsigned cap, unsigned *count)
{
	uint32_t n = 0;
	int err = vy__resolve(name, vy__netlen(name), &addrs[0][0], cap, &n);

	*count = n;
	return err;
}

/* The local or peer (VY_ADDR_*) IPv4 address and port of a socket. */
static inline int vy_address(int fd, unsigned which, uint8_t addr[4],
			     unsigned *port)
{
	uint32_t p = 0;
	int err = vy__address(fd, which, addr, &p);

	*port = p;
	return err;
}

/* Sets a VY_SO_* option on a socket. */
static inline int vy_sockopt(int fd, unsigned name, unsigned value)
{
	return vy__sockopt(fd, name, value);
}

#endif
