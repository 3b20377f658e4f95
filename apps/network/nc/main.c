/*
 * nc - netcat: connects to HOST PORT, or with -l waits on PORT for one
 * connection, then copies standard input to the socket and the socket
 * to standard output until the peer closes. At the end of standard
 * input the sending half is shut down (as OpenBSD's nc -N), so the
 * peer sees the end too, and what it still sends is read to its end.
 * One poll_oneoff waits on both, so neither direction stalls the other.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_net.h"
#include "vytool_text.h"
#include "vyoma_tiny.h"

static bool verbose;

static void say(const char *what, const uint8_t a[4], unsigned port)
{
	char b[21];

	if (!verbose)
		return;
	vt_eputs(what);
	for (int i = 0; i < 4; i++) {
		vt_eputs(vt_utoa(a[i], b));
		vt_eputs(i < 3 ? "." : " ");
	}
	vt_eputs(vt_utoa(port, b));
	vt_eputs("\n");
	vt_flush_out(&vt_stderr);
}

static int open_socket(int argc, char **argv, bool listen)
{
	uint8_t addr[4] = { 0, 0, 0, 0 };
	unsigned port = vn_port(argv[argc - 1]), peer;
	int fd, err, lfd;

	if (!port)
		vt_usage_error("the port must be 1-65535", 2);
	if (!listen) {
		err = vy_connect(argv[vt_optind], port, 0, &fd);
		if (err) {
			vn_warn(vn_hostport(argv[vt_optind], port), err);
			vt_exit(1);
		}
		if (!vy_address(fd, VY_ADDR_PEER, addr, &peer))
			say("nc: connected to ", addr, peer);
		return fd;
	}
	err = vy_listen(port, 1, &lfd);
	if (err) {
		vn_warn(vn_hostport("port", port), err);
		vt_exit(1);
	}
	say("nc: listening on ", addr, port);
	err = vy_accept(lfd, 0, &fd);
	if (err) {
		vn_warn("accept", err);
		vt_exit(1);
	}
	vt_close(lfd);	/* one connection only */
	if (!vy_address(fd, VY_ADDR_PEER, addr, &peer))
		say("nc: connection from ", addr, peer);
	return fd;
}

static int nc_main(int argc, char **argv)
{
	static char buf[65536];
	bool listen = false, in_open = true;
	int c, fd;

	vtx_usage_status = 2;
	while ((c = vtx_getopt(argc, argv, "lv", NULL)) != -1)
		if (c == 'l')
			listen = true;
		else
			verbose = true;
	if (argc - vt_optind != (listen ? 1 : 2))
		vt_usage_error(listen ? "nc -l takes a PORT" :
			       "nc takes HOST and PORT", 2);
	fd = open_socket(argc, argv, listen);
	for (;;) {
		__wasi_subscription_t subs[2];
		__wasi_event_t ev[2];
		__wasi_size_t n = 0, got = 0;
		int err;

		vy_sub_fd(&subs[n++], fd, false, 1);
		if (in_open)
			vy_sub_fd(&subs[n++], 0, false, 0);
		err = __wasi_poll_oneoff(subs, ev, n, &got);
		if (err) {
			vn_warn("poll", err);
			return 1;
		}
		for (__wasi_size_t i = 0; i < got; i++) {
			long r = vt_read((int)ev[i].userdata ? fd : 0, buf,
					 sizeof(buf));

			if (ev[i].userdata) {	/* the socket */
				if (r == -__WASI_ERRNO_AGAIN)
					continue;
				if (r < 0) {
					vn_warn("read", (int)-r);
					return 1;
				}
				if (!r)
					return 0;	/* the peer is done */
				vt_write_fd(1, buf, (size_t)r);
				continue;
			}
			if (r == -__WASI_ERRNO_AGAIN)
				continue;
			if (r <= 0) {	/* the end of stdin: the peer's too */
				in_open = false;
				(void)!__wasi_sock_shutdown(fd,
							    __WASI_SDFLAGS_WR);
				continue;
			}
			err = vn_send(fd, buf, (size_t)r);
			if (err) {
				vn_warn("write", err);
				return 1;
			}
		}
	}
}

VT_TOOL(nc_main,
	"Usage: nc [-v] HOST PORT\n"
	"       nc -l [-v] PORT\n"
	"Connect to HOST's PORT, or (-l) wait on PORT for one connection;\n"
	"copy standard input to it and what it sends to standard output\n"
	"until it closes. -v: say what was connected, on standard error.\n")
