/*
 * whois - a WHOIS client (RFC 3912): sends the query, the words joined
 * by spaces and ended with CRLF, to a WHOIS server's TCP port 43 and
 * copies its answer to standard output until the server closes.
 *
 *	whois [-h HOST] [-p PORT] QUERY...
 *
 * HOST defaults to whois.iana.org, which answers for any domain and
 * names the registry that knows more (ask it with -h). Exit status 0
 * when an answer was read, 1 when the connection or transfer failed
 * (with "whois: HOST:PORT: why" on stderr) or the usage was wrong.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_net.h"
#include "vyoma_tiny.h"

static int whois_main(int argc, char **argv)
{
	static char buf[16384];
	const char *host = "whois.iana.org";
	unsigned port = 43;
	size_t n = 0;
	long r;
	int c, fd, err;

	while ((c = vt_getopt(argc, argv, "h:p:")) != -1)
		if (c == 'h')
			host = vt_optarg;
		else if (!(port = vn_port(vt_optarg)))
			vt_usage_error("-p takes a port, 1-65535", 1);
	if (vt_optind == argc)
		vt_usage_error("missing query", 1);
	/* The query line; a CR or LF inside it would send a second
	 * query the user never asked for. */
	for (int i = vt_optind; i < argc; i++) {
		for (const char *s = argv[i]; *s; s++) {
			if (*s == '\r' || *s == '\n' || n > sizeof(buf) - 4)
				vt_usage_error("bad query", 1);
			buf[n++] = *s;
		}
		buf[n++] = ' ';
	}
	n--;
	buf[n++] = '\r';
	buf[n++] = '\n';
	err = vy_connect(host, port, 0, &fd);
	if (!err)
		err = vn_send(fd, buf, n);
	while (!err && (r = vt_read(fd, buf, sizeof(buf))) != 0) {
		if (r < 0)
			err = (int)-r;
		else
			vt_put(buf, (size_t)r);
	}
	if (err) {
		vt_warn(vn_hostport(host, port), vn_connect_strerror(err));
		return 1;
	}
	return 0;
}

VT_TOOL(whois_main,
	"Usage: whois [-h HOST] [-p PORT] QUERY...\n"
	"Ask a WHOIS server (default whois.iana.org, port 43) about QUERY\n"
	"and print its answer.\n")
