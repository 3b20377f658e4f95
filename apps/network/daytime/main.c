/*
 * daytime - a Daytime server (RFC 867): each client that connects is
 * sent the date and time, one line, and the connection is closed.
 * Run from the shell, it serves until it is stopped:
 *
 *	daytime [-p PORT]	(PORT default 13)
 *
 * The line is UTC in asctime's form, "Thu Dec  3 10:25:09 2026 UTC\r\n",
 * which people and parsers both read. It says "daytime: listening on
 * port N" on stderr once it listens, and "daytime: told A.B.C.D" for
 * each client, which its test waits for.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_net.h"
#include "vyoma_date.h"
#include "vyoma_tiny.h"

static const char days[] = "MonTueWedThuFriSatSun";
static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* v as two digits at p, the first a pad (' ' or '0') when v < 10. */
static void two(char *p, int v, char pad)
{
	p[0] = v < 10 ? pad : (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/* Now, "Www Mmm dd hh:mm:ss yyyy UTC\r\n", into line (31 bytes). */
static void now_line(char *line)
{
	__wasi_timestamp_t t = 0;
	long s, day;
	int y, m, d;

	(void)!__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1000000000, &t);
	s = (long)(t / 1000000000u);
	day = s / 86400;
	s %= 86400;
	vy_civil_from_days(day, &y, &m, &d);
	memcpy(line, "Www Mmm dd hh:mm:ss yyyy UTC\r\n", 31);
	memcpy(line, days + 3 * vy_weekday(day), 3);
	memcpy(line + 4, months + 3 * (m - 1), 3);
	two(line + 8, d, ' ');
	two(line + 11, (int)(s / 3600), '0');
	two(line + 14, (int)(s / 60 % 60), '0');
	two(line + 17, (int)(s % 60), '0');
	two(line + 20, y / 100, '0');
	two(line + 22, y % 100, '0');
}

static int daytime_main(int argc, char **argv)
{
	unsigned peer;
	uint8_t a[4];
	char line[32], b[21];
	int lfd = vn_serve(argc, argv, 13, false), fd;

	if (lfd < 0)
		return 1;
	/* One short line into a fresh socket's empty buffer never blocks,
	 * so clients are served one at a time without a poll loop. */
	for (;;) {
		if (vy_accept(lfd, 0, &fd))
			continue;	/* that client's loss */
		now_line(line);
		vn_send(fd, line, 30);
		if (!vy_address(fd, VY_ADDR_PEER, a, &peer)) {
			vt_eputs("daytime: told ");
			for (int i = 0; i < 4; i++) {
				vt_eputs(vt_utoa(a[i], b));
				vt_eputs(i < 3 ? "." : "\n");
			}
			vt_flush_out(&vt_stderr);
		}
		vt_close(fd);
	}
}

VT_TOOL(daytime_main,
	"Usage: daytime [-p PORT]\n"
	"Serve Daytime (RFC 867) on PORT (default 13) until stopped: tell\n"
	"each client the date and time (UTC) in one line, and close.\n")
