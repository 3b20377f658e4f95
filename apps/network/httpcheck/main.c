/*
 * httpcheck - checks that URLs answer, as a link checker does: asks
 * each http:// URL (the arguments, else the lines of standard input)
 * for its status and prints one line for it, then a summary:
 *
 *	http://example.org/: 200 OK
 *	http://example.org/old: 301 Moved Permanently -> /new
 *	http://example.org/gone: 404 Not Found
 *	http://localhost:1/: Connection refused
 *	3 checked, 2 failed
 *
 * Redirects are reported, not followed. A URL fails with a 4xx or 5xx
 * status, a network error, no answer within 10 s, an answer that is
 * not HTTP, or a malformed URL; the status is then 1 (also for a usage
 * error), else 0. Control bytes a server sends are shown as '?'.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_net.h"
#include "vyoma_tiny.h"

#define WAIT_NS 10000000000ull

static unsigned checked, failed;

static void put_clean(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vt_putc((unsigned char)s[i] < ' ' || s[i] == 0x7f ? '?' : s[i]);
}

/* Does s start with word (in small letters), any case? */
static bool starts_with(const char *s, const char *word)
{
	for (; *word; s++, word++)
		if ((*s >= 'A' && *s <= 'Z' ? *s + 32 : *s) != *word)
			return false;
	return true;
}

/* Has the head of n bytes in buf ended (a blank line)? */
static bool head_done(const char *buf, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (buf[i] == '\n' && (buf[i + 1] == '\n' ||
		    (buf[i + 1] == '\r' && buf[i + 2] == '\n')))
			return true;
	return false;
}

/* Checks one URL; false if it failed. */
static bool check(const char *url)
{
	static char buf[8192];
	const char *p = url + 7, *end, *e;
	char host[256];
	unsigned port = 80;
	size_t hl, n = 0;
	int fd, err, code = 0;

	memset(buf, 0, sizeof(buf));	/* no bytes of the last answer */
	put_clean(url, strlen(url));
	vt_puts(": ");
	checked++;
	if (!vt_prefix(url, "http://", 7))
		goto bad;
	for (end = p; *end && *end != '/'; end++)
		;
	hl = (size_t)(end - p);
	e = vt_memchr(p, ':', hl);
	if (e) {
		for (port = 0, e++; e < end && *e >= '0' && *e <= '9' &&
		     port < 65536; e++)
			port = port * 10 + (unsigned)(*e - '0');
		if (e != end || !port || port > 65535)
			goto bad;
		hl = (size_t)(vt_memchr(p, ':', hl) - p);
	}
	if (!hl || hl >= sizeof(host))
		goto bad;
	memcpy(host, p, hl);
	host[hl] = '\0';
	for (e = end; *e; e++)
		if ((unsigned char)*e <= ' ')
			goto bad;	/* it would break the request line */
	err = vy_connect(host, port, 10000, &fd);
	if (err) {
		vt_puts(vn_connect_strerror(err));
		goto failed;
	}
	/* HTTP/1.0 and only the status line read: nothing else matters. */
	for (const char *const *s = (const char *const[]){ "GET ",
	     *end ? end : "/", " HTTP/1.0\r\nHost: ", host,
	     "\r\nUser-Agent: httpcheck\r\nConnection: close\r\n\r\n",
	     NULL }; *s && n + strlen(*s) < sizeof(buf); s++) {
		memcpy(buf + n, *s, strlen(*s));
		n += strlen(*s);
	}
	err = vn_send(fd, buf, n);
	n = 0;
	while (!err && n < sizeof(buf) - 1) {
		__wasi_subscription_t sub[2];
		__wasi_event_t ev[2];
		long r;

		vy_sub_fd(&sub[0], fd, 0, 0);
		vy_sub_clock(&sub[1], WAIT_NS, 1);
		if (!(vy_poll_bits(sub, ev, 2, 1) & 1)) {
			err = __WASI_ERRNO_TIMEDOUT;
			break;
		}
		r = vt_read(fd, buf + n, sizeof(buf) - 1 - n);
		if (r < 0)
			err = (int)-r;
		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = '\0';
		e = vt_memchr(buf, '\n', n);
		/* the status line, and the headers for a Location */
		if (e && (buf[9] != '3' || head_done(buf, n)))
			break;
	}
	vt_close(fd);
	if (err) {
		vt_puts(vn_connect_strerror(err));
		goto failed;
	}
	buf[n] = '\0';
	for (int i = 9; i < 12; i++)
		code = buf[i] >= '0' && buf[i] <= '9' ? code * 10 +
		       buf[i] - '0' : -1000;
	e = vt_memchr(buf, '\n', n);
	if (!vt_prefix(buf, "HTTP/1.", 7) || buf[8] != ' ' || code < 100 ||
	    (buf[12] != ' ' && buf[12] != '\r') || !e) {
		vt_puts("not an HTTP response");
		goto failed;
	}
	put_clean(buf + 9, (size_t)(e - buf - 9) - (e[-1] == '\r'));
	if (code / 100 == 3) {
		for (const char *l = e + 1; *l; l = vt_memchr(l, '\n',
		     strlen(l)) ? vt_memchr(l, '\n', strlen(l)) + 1 : "") {
			if (starts_with(l, "location:")) {
				const char *v = l + 9, *ve;

				while (*v == ' ')
					v++;
				for (ve = v; *ve && *ve != '\r' && *ve != '\n';)
					ve++;
				vt_puts(" -> ");
				put_clean(v, (size_t)(ve - v));
				break;
			}
		}
	}
	vt_putc('\n');
	if (code < 400)
		return true;
	failed++;
	return false;
bad:
	vt_puts("malformed URL");
failed:
	vt_putc('\n');
	failed++;
	return false;
}

static int httpcheck_main(int argc, char **argv)
{
	struct vt_in in;
	char *line;
	size_t n;

	while (vt_getopt(argc, argv, "") != -1)
		;
	for (int i = vt_optind; i < argc; i++)
		check(argv[i]);
	if (vt_optind == argc) {
		vt_in_init(&in, 0);
		while ((line = vt_getline(&in, &n))) {
			if (n && line[n - 1] == '\n')
				n--;
			else	/* the last line: room for its NUL */
				line = memcpy(vt_alloc(n + 1), line, n);
			if (n && line[n - 1] == '\r')
				n--;
			line[n] = '\0';
			if (n)
				check(line);
		}
	}
	vt_putu(checked);
	vt_puts(" checked, ");
	vt_putu(failed);
	vt_puts(" failed\n");
	return failed ? 1 : 0;
}

VT_TOOL(httpcheck_main,
	"Usage: httpcheck [URL]...\n"
	"Ask each http:// URL (else each line of standard input) for its\n"
	"status, one line each; status 1 if any failed (4xx, 5xx, no\n"
	"answer).\n")
