/*
 * vytool_net.h - what the network tools (fetch, httpd, nc, host) share
 * on top of vytool.h and vyoma_net.h: the messages for network errors,
 * waiting on descriptors with poll_oneoff, sending all of a buffer on a
 * socket, and port numbers. Static inline, so a tool links in only what
 * it calls.
 */
#ifndef VYTOOL_NET_H
#define VYTOOL_NET_H

#include "vytool.h"
#include "vyoma_net.h"
#include "vyoma_poll.h"
#if defined(VT_SYSTEM_STRERROR) != defined(VT__WORDS_FROM_SYSTEM)
#error "define VT_SYSTEM_STRERROR before the first include of vytool.h"
#endif

/* The errors a connect gives in practice, as glibc words them, without
 * vt_strerror's table of file errors: a tool that only connects (whois,
 * gopher, tcping, httpcheck) stays small. EAGAIN is only ever reported
 * from a lookup: a socket's EAGAIN is waited out, never shown. */
#ifdef VT_SYSTEM_STRERROR
/* The supervisor says the others (vytool.h). */
static inline const char *vn_connect_strerror(int e)
{
	return e == __WASI_ERRNO_ACCES ? "Permission denied (not granted)" :
	       e == __WASI_ERRNO_NOENT ? "Name or service not known" :
	       e == __WASI_ERRNO_AGAIN ? "Temporary failure in name resolution" :
	       vt_strerror(e);
}
#else
static inline const char *vn_connect_strerror(int e)
{
	switch (e) {
	case __WASI_ERRNO_ACCES: return "Permission denied (not granted)";
	case __WASI_ERRNO_NOENT: return "Name or service not known";
	case __WASI_ERRNO_CONNREFUSED: return "Connection refused";
	case __WASI_ERRNO_CONNRESET: return "Connection reset by peer";
	case __WASI_ERRNO_TIMEDOUT: return "Connection timed out";
	case __WASI_ERRNO_HOSTUNREACH: return "No route to host";
	case __WASI_ERRNO_NETUNREACH: return "Network is unreachable";
	case __WASI_ERRNO_AGAIN: return "Temporary failure in name resolution";
	default: return "Input/output error";
	}
}
#endif

/*
 * The errors of a connect, listen, lookup or transfer; the rarer ones
 * fall back to vt_strerror's. A table, not vn_connect_strerror's switch
 * and one more: for the tools that have both, 200-250 bytes less.
 */
#ifdef VT_SYSTEM_STRERROR
/* The supervisor says the rest (vytool.h); a lookup's two are its own. */
static inline const char *vn_strerror(int e)
{
	return e == __WASI_ERRNO_NOENT ? "Name or service not known" :
	       e == __WASI_ERRNO_AGAIN ? "Temporary failure in name resolution" :
	       vt_strerror(e);
}
#else
static inline const char *vn_strerror(int e)
{
	static const unsigned char codes[] = {
		__WASI_ERRNO_NOENT, __WASI_ERRNO_CONNREFUSED,
		__WASI_ERRNO_CONNRESET, __WASI_ERRNO_TIMEDOUT,
		__WASI_ERRNO_HOSTUNREACH, __WASI_ERRNO_NETUNREACH,
		__WASI_ERRNO_AGAIN, __WASI_ERRNO_ADDRINUSE,
		__WASI_ERRNO_NOTCONN, __WASI_ERRNO_PIPE, __WASI_ERRNO_MFILE,
	};
	static const char text[] =
		"Name or service not known\0Connection refused\0"
		"Connection reset by peer\0Connection timed out\0"
		"No route to host\0Network is unreachable\0"
		"Temporary failure in name resolution\0"
		"Address already in use\0"
		"Transport endpoint is not connected\0Broken pipe\0"
		"Too many open files";
	const char *s = text;

	for (size_t i = 0; i < sizeof(codes); i++, s += strlen(s) + 1)
		if (codes[i] == e)
			return s;
	return vt_strerror(e);
}
#endif

/*
 * "prog: what: why" for a failed network call. A refusal by the
 * supervisor says where the grant is missing, since that is the one
 * error a user fixes in a manifest rather than on the network.
 */
static inline void vn_warn(const char *what, int err)
{
	if (err != __WASI_ERRNO_ACCES) {
		vt_warn(what, vn_strerror(err));
		return;
	}
	vt_flush();
	vt_eputs(vt_prog);
	vt_eputs(": ");
	vt_eputs(what);
	vt_eputs(": Permission denied (not granted by ");
	vt_eputs(vt_prog);
	vt_eputs("'s manifest)\n");
	vt_flush_out(&vt_stderr);
	vt_status = VT_TROUBLE;
}

/* "host:port" in a new string, for messages. */
static inline char *vn_hostport(const char *host, unsigned port)
{
	char b[21], *p = vt_utoa(port, b);
	size_t h = strlen(host), n = strlen(p);
	char *s = vt_alloc(h + n + 2);

	memcpy(s, host, h);
	s[h] = ':';
	memcpy(s + h + 1, p, n + 1);
	return s;
}

/* A port number 1-65535 and nothing else; 0 if s is not one. */
static inline unsigned vn_port(const char *s)
{
	int64_t v;

	if (!vt_parse_int(s, &v) || s[0] == '-' || s[0] == '+' ||
	    v < 1 || v > 65535)
		return 0;
	return (unsigned)v;
}

/* The monotonic clock in nanoseconds. */
static inline uint64_t vn_now(void)
{
	__wasi_timestamp_t t = 0;

	(void)!__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1000, &t);
	return t;
}

/* Waits until fd is readable (or writable); 0 or an errno. */
static inline int vn_wait(int fd, bool write)
{
	__wasi_subscription_t s;
	__wasi_event_t ev;
	__wasi_size_t n = 0;

	vy_sub_fd(&s, fd, write, 0);
	return __wasi_poll_oneoff(&s, &ev, 1, &n);
}

/*
 * Sends all of buf on a socket, waiting whenever it is full (a
 * non-blocking socket gives EAGAIN). 0 or an errno: EPIPE and
 * ECONNRESET are returned, not fatal as vt_write_fd makes them for
 * stdout, because a peer that leaves is news to report, not a signal.
 */
static inline int vn_send(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		__wasi_ciovec_t iov = { (const uint8_t *)p, len };
		size_t n = 0;
		__wasi_errno_t e = __wasi_fd_write(fd, &iov, 1, &n);

		if (e == __WASI_ERRNO_AGAIN) {
			e = vn_wait(fd, true);
			if (e)
				return e;
			continue;
		}
		if (e == __WASI_ERRNO_INTR)
			continue;
		if (e)
			return e;
		if (!n)
			return __WASI_ERRNO_PIPE;
		p += n;
		len -= n;
	}
	return 0;
}

/* Makes fd non-blocking; 0 or an errno. */
static inline int vn_nonblock(int fd)
{
	return __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_NONBLOCK);
}

/*
 * A small server's start (daytime, echod): -p PORT (else port), no
 * operands, a socket listening on it, non-blocking if asked, then
 * "prog: listening on port N" on stderr, which is what a script or a
 * test waits for. The socket, or -1 after the error is said.
 */
static inline int vn_serve(int argc, char **argv, unsigned port,
			   bool nonblock)
{
	char b[21];
	int lfd, err;

	while (vt_getopt(argc, argv, "p:") != -1)
		if (!(port = vn_port(vt_optarg)))
			vt_usage_error("-p takes a port, 1-65535", 1);
	if (vt_optind != argc)
		vt_usage_error("a server takes no operands", 1);
	err = vy_listen(port, 64, &lfd);
	if (!err && nonblock)
		err = vn_nonblock(lfd);
	if (err) {
		vt_warn(vn_hostport("port", port), err == __WASI_ERRNO_ACCES ?
			"Permission denied (not granted)" :
			err == __WASI_ERRNO_ADDRINUSE ?
			"Address already in use" : "cannot listen");
		return -1;
	}
	vt_eputs(vt_prog);
	vt_eputs(": listening on port ");
	vt_eputs(vt_utoa(port, b));
	vt_eputs("\n");
	vt_flush_out(&vt_stderr);
	return lfd;
}

#endif
