/*
 * tcping - measures how long a TCP connection to HOST's PORT takes to
 * open, as ping does for ICMP (which VyomaOS apps cannot send): one
 * line per attempt, then a summary.
 *
 *	tcping [-c COUNT] [-i MS] HOST PORT
 *
 * COUNT attempts (default 4), MS milliseconds apart (default 1000).
 * Each line is "HOST:PORT: seq=N time=T ms" or "HOST:PORT: seq=N why";
 * the summary is "N tried, M connected, P% failed" and, when any
 * connected, "min/avg/max = A/B/C ms". Exit status 1 when every attempt
 * failed (or the usage was wrong), else 0.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_net.h"
#include "vyoma_tiny.h"

/* us microseconds as milliseconds with three decimals. */
static void put_ms(uint64_t us)
{
	char b[21], *f = vt_utoa(us % 1000 + 1000, b);

	vt_putu(us / 1000);
	vt_putc('.');
	vt_puts(f + 1);
}

static int tcping_main(int argc, char **argv)
{
	uint64_t count = 4, gap = 1000, ok = 0, min = UINT64_MAX, max = 0;
	uint64_t sum = 0;
	unsigned port;
	const char *where;
	int64_t v;
	int c;

	while ((c = vt_getopt(argc, argv, "c:i:")) != -1) {
		if (!vt_parse_int(vt_optarg, &v) || v < (c == 'c') ||
		    v > 1000000)
			vt_usage_error(c == 'c' ?
				       "-c takes a count, 1-1000000" :
				       "-i takes milliseconds, 0-1000000", 1);
		if (c == 'c')
			count = (uint64_t)v;
		else
			gap = (uint64_t)v;
	}
	if (argc - vt_optind != 2)
		vt_usage_error("tcping takes HOST and PORT", 1);
	if (!(port = vn_port(argv[vt_optind + 1])))
		vt_usage_error("the port must be 1-65535", 1);
	where = vn_hostport(argv[vt_optind], port);
	for (uint64_t seq = 1; seq <= count; seq++) {
		uint64_t t = vn_now(), us;
		int fd, err = vy_connect(argv[vt_optind], port, 5000, &fd);

		us = (vn_now() - t) / 1000;
		vt_puts(where);
		vt_puts(": seq=");
		vt_putu(seq);
		if (err) {
			vt_putc(' ');
			vt_puts(vn_connect_strerror(err));
		} else {
			vt_close(fd);
			ok++;
			sum += us;
			min = us < min ? us : min;
			max = us > max ? us : max;
			vt_puts(" time=");
			put_ms(us);
			vt_puts(" ms");
		}
		vt_putc('\n');
		vt_flush();
		if (seq < count && gap) {	/* wait before the next one */
			__wasi_subscription_t s;
			__wasi_event_t ev;
			__wasi_size_t n;

			vy_sub_clock(&s, gap * 1000000, 0);
			(void)!__wasi_poll_oneoff(&s, &ev, 1, &n);
		}
	}
	vt_puts("--- ");
	vt_puts(where);
	vt_puts(" ---\n");
	vt_putu(count);
	vt_puts(" tried, ");
	vt_putu(ok);
	vt_puts(" connected, ");
	vt_putu((count - ok) * 100 / count);
	vt_puts("% failed\n");
	if (ok) {
		vt_puts("min/avg/max = ");
		put_ms(min);
		vt_putc('/');
		put_ms(sum / ok);
		vt_putc('/');
		put_ms(max);
		vt_puts(" ms\n");
	}
	return !ok;
}

VT_TOOL(tcping_main,
	"Usage: tcping [-c COUNT] [-i MS] HOST PORT\n"
	"Time COUNT (default 4) TCP connects to HOST's PORT, MS milliseconds\n"
	"apart (default 1000), and sum them up. Status 1 if all failed.\n")
