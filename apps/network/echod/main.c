/*
 * echod - a TCP echo server (RFC 862): every byte a client sends comes
 * back to it, until the client closes. Run from the shell, it serves
 * until it is stopped:
 *
 *	echod [-p PORT]		(PORT default 7)
 *
 * It says "echod: listening on port N" on stderr once it listens, which
 * its test waits for. Many clients at once: one poll_oneoff over the
 * listener and up to MAX_CONNS non-blocking connections. A client's
 * bytes are read only once what it sent before has gone back, so one
 * that sends without reading stalls only itself (TCP's own flow
 * control pushes back on it), never the others or the server's memory.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_net.h"
#include "vyoma_tiny.h"

#define MAX_CONNS 32
#define BUF 16384
#define LISTENER MAX_CONNS

struct conn {
	int fd;			/* -1: a free slot */
	size_t len, pos;	/* buf[pos..len) is still to send back */
	char buf[BUF];
};

static struct conn conns[MAX_CONNS];

static void drop(struct conn *c)
{
	vt_close(c->fd);
	c->fd = -1;
}

/* Reads what a client sent, or sends what is left of it back. */
static void serve(struct conn *c)
{
	if (c->pos < c->len) {
		__wasi_ciovec_t iov = { (uint8_t *)c->buf + c->pos,
					c->len - c->pos };
		size_t n = 0;
		int err = __wasi_fd_write(c->fd, &iov, 1, &n);

		if (err == __WASI_ERRNO_AGAIN)
			return;
		if (err || !n)
			drop(c);
		else
			c->pos += n;
		return;
	}
	long r = vt_read(c->fd, c->buf, BUF);

	if (r == -__WASI_ERRNO_AGAIN)
		return;
	if (r <= 0) {		/* the client is done, or gone */
		drop(c);
		return;
	}
	c->len = (size_t)r;
	c->pos = 0;
}

static int echod_main(int argc, char **argv)
{
	static __wasi_subscription_t subs[MAX_CONNS + 1];
	static __wasi_event_t ev[MAX_CONNS + 1];
	int lfd = vn_serve(argc, argv, 7, true), err;

	if (lfd < 0)
		return 1;
	for (int i = 0; i < MAX_CONNS; i++)
		conns[i].fd = -1;
	for (;;) {
		__wasi_size_t n = 0, got = 0;
		int slot = -1;

		for (int i = 0; i < MAX_CONNS; i++) {
			struct conn *c = &conns[i];

			if (c->fd < 0)
				slot = i;
			else
				vy_sub_fd(&subs[n++], c->fd, c->pos < c->len,
					  (uint64_t)i);
		}
		/* A full house leaves new clients waiting in the backlog. */
		if (slot >= 0)
			vy_sub_fd(&subs[n++], lfd, 0, LISTENER);
		err = __wasi_poll_oneoff(subs, ev, n, &got);
		if (err)
			vt_die("poll failed");
		for (__wasi_size_t i = 0; i < got; i++) {
			uint64_t u = ev[i].userdata;
			struct conn *c = &conns[slot];

			if (u != LISTENER) {
				if (conns[u].fd >= 0)
					serve(&conns[u]);
			} else if (!vy_accept(lfd, __WASI_FDFLAGS_NONBLOCK,
					      &c->fd)) {
				c->len = c->pos = 0;
			} else {
				c->fd = -1;	/* EAGAIN, or lost */
			}
		}
	}
}

VT_TOOL(echod_main,
	"Usage: echod [-p PORT]\n"
	"Serve TCP echo (RFC 862) on PORT (default 7) until stopped: send\n"
	"every client back what it sends.\n")
