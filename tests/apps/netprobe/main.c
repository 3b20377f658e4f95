/*
 * netprobe - drives the socket layer for tests/integration/network.py.
 * Each mode prints what happened; a failing call ends it with its errno
 * as the exit status, so a test can tell EACCES (2) from ECONNREFUSED
 * (14).
 *
 *	get HOST PORT PATH	HTTP/1.0 GET, the raw response to stdout
 *	wait-get HOST PORT PATH	the same after a line on stdin
 *	echo PORT		listen, accept one client, echo until it ends
 *	recv HOST PORT		connect, say "connected", block in recv
 *	hog HOST PORT		connect until refused, say how many, then
 *				hold them until stdin ends
 *	resolve NAME		the addresses, one a line
 *	hostile HOST PORT	bad pointers and lengths to every call
 *	hold HOST PORT N HOW	hold N sockets and a listener, then end
 *				HOW: exit, trap or return
 *	names PORT		connect to spellings of loopback, each
 *				errno a line
 *	pollmany HOST PORT	poll 4096 subscriptions on one socket
 *	aliased HOST PORT	send and recv with 1024 iovecs over all
 *				of memory
 *	async HOST PORT		a connect that does not wait: what it
 *				returned, then how it ended ("start E",
 *				"status E")
 */
#include "vyoma_net.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int fail(const char *what, int err)
{
	/* By number: wasi-libc's strerror needs a thread's locale, which
	 * this build does not set up. */
	fprintf(stderr, "netprobe: %s: errno %d\n", what, err);
	exit(err > 255 ? 255 : err);
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			fail("write", errno);
		p += w;
		n -= (size_t)w;
	}
}

static int get(const char *host, unsigned port, const char *path)
{
	static char req[512], buf[65536];
	int fd, err = vy_connect(host, port, 5000, &fd);
	ssize_t n;

	if (err)
		fail("connect", err);
	snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n",
		 path, host);
	write_all(fd, req, strlen(req));
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write_all(1, buf, (size_t)n);
	if (n < 0)
		fail("read", errno);
	close(fd);
	return 0;
}

static int echo(unsigned port)
{
	static char buf[65536];
	int lfd, c, err = vy_listen(port, 4, &lfd);
	ssize_t n;

	if (err)
		fail("listen", err);
	printf("listening\n");
	fflush(stdout);
	err = vy_accept(lfd, 0, &c);
	if (err)
		fail("accept", err);
	while ((n = recv(c, buf, sizeof(buf), 0)) > 0)
		if (send(c, buf, (size_t)n, 0) != n)
			fail("send", errno);
	close(c);
	close(lfd);
	return 0;
}

static int block_in_recv(const char *host, unsigned port)
{
	char c;
	int fd, err = vy_connect(host, port, 5000, &fd);

	if (err)
		fail("connect", err);
	printf("connected\n");
	fflush(stdout);
	recv(fd, &c, 1, 0);
	printf("recv returned\n");
	return 0;
}

static int hog(const char *host, unsigned port)
{
	char buf[64];
	int held = 0, fd, err;

	while (!(err = vy_connect(host, port, 5000, &fd)))
		held++;
	printf("held %d errno %d\n", held, err);
	fflush(stdout);
	fprintf(stderr, "netprobe: held %d errno %d\n", held, err);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	return 0;
}

static int async_connect(const char *host, unsigned port)
{
	struct pollfd p = { .events = POLLOUT };
	int fd = -1, err = vy_connect(host, port, VY_CONNECT_NOWAIT, &fd);

	printf("start %d\n", err);
	if (err && err != EINPROGRESS)
		return 0;
	p.fd = fd;
	printf("poll %d\n", poll(&p, 1, 5000));
	printf("status %d\n", vy_connect_status(fd));
	printf("again %d\n", vy_connect_status(fd));
	printf("not-a-socket %d\n", vy_connect_status(1));
	return 0;
}

static int resolve(const char *name)
{
	uint8_t addrs[VY_NET_ADDRS_MAX][4];
	unsigned n, i;
	int err = vy_resolve(name, addrs, VY_NET_ADDRS_MAX, &n);

	if (err)
		fail("resolve", err);
	for (i = 0; i < n; i++)
		printf("%u.%u.%u.%u\n", addrs[i][0], addrs[i][1], addrs[i][2],
		       addrs[i][3]);
	return 0;
}

#define HUGE_OFF 0xfffffff0u

/* Each line: what was tried and the errno it got; none may be 0. */
static void report(const char *what, int err)
{
	printf("%s %d\n", what, err);
}

static int hostile(const char *host, unsigned port)
{
	uint8_t addr[4];
	uint32_t n32;
	int32_t fd = -1;
	int good, lfd;
	char name[300];
	__wasi_iovec_t iov = { (uint8_t *)HUGE_OFF, 100 };
	__wasi_size_t got;
	__wasi_roflags_t rof;
	__wasi_fd_t nfd;

	report("connect-name-out-of-memory",
	       vy__connect((const char *)HUGE_OFF, 64, port, 0, &fd));
	report("connect-name-wraps",
	       vy__connect(host, 0xffffffffu, port, 0, &fd));
	report("connect-name-empty", vy__connect(host, 0, port, 0, &fd));
	memset(name, 'a', sizeof(name));
	report("connect-name-too-long",
	       vy__connect(name, sizeof(name), port, 0, &fd));
	report("connect-name-with-nul", vy__connect("127.0.0.1\0x", 11, port,
						    0, &fd));
	report("connect-fd-out-of-memory",
	       vy__connect(host, strlen(host), port, 0,
			   (int32_t *)HUGE_OFF));
	report("connect-port-zero", vy__connect(host, strlen(host), 0, 0, &fd));
	report("connect-port-too-big",
	       vy__connect(host, strlen(host), 70000, 0, &fd));
	report("listen-fd-out-of-memory",
	       vy__listen(20000, 4, (int32_t *)HUGE_OFF));
	report("resolve-cap-huge", vy__resolve("localhost", 9, addr,
					       0x40000000u, &n32));
	report("resolve-addrs-out-of-memory",
	       vy__resolve("localhost", 9, (uint8_t *)HUGE_OFF, 4, &n32));
	report("address-not-a-socket", vy__address(1, 0, addr, &n32));
	report("sockopt-not-a-socket", vy__sockopt(1, VY_SO_NODELAY, 1));
	if (vy_connect(host, port, 5000, &good))
		fail("connect", errno);
	report("address-which-bad", vy__address(good, 7, addr, &n32));
	report("address-out-of-memory",
	       vy__address(good, 1, (uint8_t *)HUGE_OFF, &n32));
	report("sockopt-unknown", vy__sockopt(good, 99, 1));
	report("sockopt-buffer-huge",
	       vy__sockopt(good, VY_SO_RCVBUF, 0x7fffffff));
	report("recv-iovec-out-of-memory",
	       __wasi_sock_recv(good, &iov, 1, 0, &got, &rof));
	report("recv-iovecs-out-of-memory",
	       __wasi_sock_recv(good, (const __wasi_iovec_t *)HUGE_OFF, 4, 0,
				&got, &rof));
	report("recv-result-out-of-memory",
	       __wasi_sock_recv(good, &iov, 0, 0, (__wasi_size_t *)HUGE_OFF,
				&rof));
	report("recv-flags-unknown",
	       __wasi_sock_recv(good, &iov, 0, 0x80, &got, &rof));
	report("send-iovec-out-of-memory",
	       __wasi_sock_send(good, (const __wasi_ciovec_t *)&iov, 1, 0,
				&got));
	report("accept-on-a-connection", __wasi_sock_accept(good, 0, &nfd));
	report("accept-on-stdout", __wasi_sock_accept(1, 0, &nfd));
	report("accept-on-nothing", __wasi_sock_accept(0x50001234, 0, &nfd));
	report("shutdown-how-bad", __wasi_sock_shutdown(good, 9));
	report("renumber-a-socket", __wasi_fd_renumber(good, 1));
	if (!vy_listen(20001 + port % 9000, 2, &lfd)) {
		report("accept-result-out-of-memory",
		       __wasi_sock_accept(lfd, __WASI_FDFLAGS_NONBLOCK,
					  (__wasi_fd_t *)HUGE_OFF));
		report("accept-flags-unknown", __wasi_sock_accept(lfd, 0x10,
								  &nfd));
		report("recv-on-a-listener", __wasi_sock_recv(lfd, &iov, 0, 0,
							      &got, &rof));
		close(lfd);
	}
	report("close-twice-first", close(good) ? errno : 0);
	report("close-twice-second", close(good) ? errno : -1);
	report("recv-after-close", __wasi_sock_recv(good, &iov, 0, 0, &got,
						    &rof));
	/* Still able to work after all that. */
	if (vy_connect(host, port, 5000, &good))
		fail("connect after hostile calls", errno);
	close(good);
	printf("survived\n");
	return 0;
}

static int hold(const char *host, unsigned port, int n, const char *how)
{
	int fd, lfd, i, err;

	for (i = 0; i < n; i++) {
		err = vy_connect(host, port, 5000, &fd);
		if (err)
			fail("connect", err);
	}
	err = vy_listen(20000 + port % 9000, 4, &lfd);
	if (err && err != EADDRINUSE)
		fail("listen", err);
	if (!strcmp(how, "trap"))
		__builtin_trap();
	if (!strcmp(how, "exit"))
		exit(3);
	return 0;
}

static int names(unsigned port)
{
	static const char *const tries[] = {
		"127.1", "127.0.1", "localhost", "localhost.", "LOCALHOST",
		"localhost..", "0.0.0.0", "0", "2130706433", "0x7f000001",
		"0177.0.0.1", "127.000.000.001", "127.0.0.1..", "::1",
		"[::1]", "127.0.0.1 ", "127.0.0.1\t", "0.0.0.0.", "127.0.0.2",
		"xn--localhost-", "\xef\xbd\x8c\xef\xbd\x8flocalhost",
	};
	char big[260];
	size_t i;
	int fd;

	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++)
		printf("%s|%d\n", tries[i],
		       vy_connect(tries[i], port, 2000, &fd));
	/* 253 bytes of labels that resolve nowhere, and a trailing dot. */
	memset(big, 'a', sizeof(big));
	for (i = 63; i < 253; i += 64)
		big[i] = '.';
	big[253] = '.';
	printf("big|%d\n", vy__connect(big, 254, port, 2000, &fd));
	return 0;
}

/* 4096 read subscriptions on one socket, one more descriptor than a
 * process with RLIMIT_NOFILE 4096 may poll(2): the bytes the peer sends
 * a second later end the poll, and it waits for them asleep. */
static int pollmany(const char *host, unsigned port)
{
	static __wasi_subscription_t subs[4096];
	static __wasi_event_t events[4096];
	__wasi_size_t n = 0;
	int fd, err = vy_connect(host, port, 5000, &fd), i;
	__wasi_timestamp_t cpu, end;

	if (err)
		fail("connect", err);
	for (i = 0; i < 4096; i++) {
		subs[i].userdata = (uint64_t)i;
		subs[i].u.tag = __WASI_EVENTTYPE_FD_READ;
		subs[i].u.u.fd_read.file_descriptor = fd;
	}
	printf("polling\n");
	fflush(stdout);
	if (__wasi_clock_time_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, 1, &cpu))
		fail("clock", EINVAL);
	err = __wasi_poll_oneoff(subs, events, 4096, &n);
	if (__wasi_clock_time_get(__WASI_CLOCKID_THREAD_CPUTIME_ID, 1, &end))
		fail("clock", EINVAL);
	printf("poll %d events %u cpu-ms %llu\n", err, (unsigned)n,
	       (unsigned long long)(end - cpu) / 1000000);
	return 0;
}

/* Every iovec covers all of memory below its top: a send takes at most
 * 16 MiB, a recv at most what came. */
static int aliased(const char *host, unsigned port)
{
	static __wasi_ciovec_t iov[1024];
	__wasi_size_t size = (__wasi_size_t)__builtin_wasm_memory_size(0) *
			     65536, done = 0;
	__wasi_roflags_t rof;
	int fd, err = vy_connect(host, port, 5000, &fd), i;

	if (err)
		fail("connect", err);
	for (i = 0; i < 1024; i++) {
		iov[i].buf = (const uint8_t *)1;
		iov[i].buf_len = size - 1;
	}
	err = __wasi_sock_send(fd, iov, 1024, 0, &done);
	printf("send %d %u\n", err, (unsigned)done);
	fflush(stdout);
	/* Into the iovec array itself, and over the rest of memory. */
	err = __wasi_sock_recv(fd, (const __wasi_iovec_t *)iov, 1024,
			       __WASI_RIFLAGS_RECV_WAITALL, &done, &rof);
	printf("recv %d %u\n", err, (unsigned)done);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "get") && argc == 5)
		return get(argv[2], (unsigned)atoi(argv[3]), argv[4]);
	if (!strcmp(mode, "wait-get") && argc == 5) {
		char c;

		while (read(0, &c, 1) == 1 && c != '\n')
			;
		return get(argv[2], (unsigned)atoi(argv[3]), argv[4]);
	}
	if (!strcmp(mode, "echo") && argc == 3)
		return echo((unsigned)atoi(argv[2]));
	if (!strcmp(mode, "recv") && argc == 4)
		return block_in_recv(argv[2], (unsigned)atoi(argv[3]));
	if (!strcmp(mode, "hog") && argc == 4)
		return hog(argv[2], (unsigned)atoi(argv[3]));
	if (!strcmp(mode, "async") && argc == 4)
		return async_connect(argv[2], (unsigned)atoi(argv[3]));
	if (!strcmp(mode, "resolve") && argc == 3)
		return resolve(argv[2]);
	if (!strcmp(mode, "hostile") && argc == 4)
		return hostile(argv[2], (unsigned)atoi(argv[3]));
	if (!strcmp(mode, "hold") && argc == 6)
		return hold(argv[2], (unsigned)atoi(argv[3]), atoi(argv[4]),
			    argv[5]);
	if (!strcmp(mode, "names") && argc == 3)
		return names((unsigned)atoi(argv[2]));
	if (!strcmp(mode, "pollmany") && argc == 4)
		return pollmany(argv[2], (unsigned)atoi(argv[3]));
	if (!strcmp(mode, "aliased") && argc == 4)
		return aliased(argv[2], (unsigned)atoi(argv[3]));
	fprintf(stderr, "usage: netprobe get|wait-get|echo|recv|hog|resolve|"
		"hostile|hold|names|pollmany|aliased ...\n");
	return 64;
}
