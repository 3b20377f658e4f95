/*
 * fetch - an HTTP/1.1 client over plain TCP (http:// only: there is no
 * TLS in VyomaOS yet). GET, HEAD, POST or any method, extra headers,
 * the body to stdout or a file, redirects followed, bodies sized by
 * Content-Length, chunked or ended by the close. Every request says
 * "Connection: close", so one connection carries one exchange and the
 * end of a body is never guessed.
 *
 * The supervisor makes the connection (vy_connect) and refuses a host
 * the manifest does not grant; fetch only reports it. Exit statuses:
 * 0 final 2xx, 1 any other final status, 2 usage, 3 network, 4 a
 * malformed response, 5 the output could not be written.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_net.h"
#include "vytool_text.h"
#include "vyoma_tiny.h"

#define MAX_HEADERS 32

enum { E_HTTP = 1, E_USAGE = 2, E_NET = 3, E_BAD = 4, E_OUT = 5 };

static const char *method, *outfile;
static char *body;		/* -d, NULL for none */
static size_t body_len;
static const char *headers[MAX_HEADERS];
static int nheaders;
static bool show_headers, head_only;
static int max_redirs = 10;

static bool out_open;		/* -o FILE made, or stdout in use */
static const char *cur;		/* the URL being fetched, for messages */

struct url {
	char *host;
	unsigned port;
	char *path;		/* from '/', query included */
	char *hostport;		/* host:port, for messages */
	char *authority;	/* host, or host:port when not 80 */
};

/* ---- failing ------------------------------------------------------------ */

static void fail(int status, const char *why)
{
	vt_warn(cur, why);
	vt_exit(status);
}

/* "fetch: FILE: why" (the output's), and fetch ends with status 5. */
static void fail_output(const char *why)
{
	vt_warn(outfile ? outfile : "standard output", why);
	vt_exit(E_OUT);
}

static void fail_net(const char *what, int err)
{
	vn_warn(what, err);
	vt_exit(E_NET);
}

/* "fetch: URL: malformed response: why", put as vt_warn puts its two
 * parts: no string is built for it. */
static void malformed(const char *why)
{
	vt_flush();
	vt_eputs(vt_prog);
	vt__eputs_part(cur);
	vt__eputs_part("malformed response");
	vt__eputs_part(why);
	vt_eputs("\n");
	vt_exit(E_BAD);
}

/* ---- URLs --------------------------------------------------------------- */

static bool ieq(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if ((*a | 0x20) != (*b | 0x20))
			return false;
	return true;
}

static const char hex[] = "0123456789ABCDEF";

/* s with bytes that may not travel in a request line (controls,
 * blanks, non-ASCII) percent-encoded: a new string. */
static char *encode_path(const char *s)
{
	char *o = vt_alloc(3 * strlen(s) + 2), *p = o;

	if (*s != '/')
		*p++ = '/';
	for (; *s && *s != '#'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c >= 0x7f) {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		} else {
			*p++ = (char)c;
		}
	}
	*p = '\0';
	return o;
}

/* Does s start with a scheme ("http://", "ftp://")? */
static bool has_scheme(const char *s)
{
	const char *p = s;

	while ((unsigned)((*p | 0x20) - 'a') < 26)	/* a letter */
		p++;
	return p > s && vt_prefix(p, "://", 3);
}

/* Out of line: inlined, its four calls cost more. */
static __attribute__((noinline)) char *put(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

/* Splits "http://host[:port][/path]" (the scheme may be left out);
 * NULL or what is wrong with it. */
static const char *parse_url(const char *s, struct url *u)
{
	const char *e, *colon = NULL;

	if (has_scheme(s)) {
		if (!ieq(s, "http://", 7))
			return "only http:// is supported (there is no TLS)";
		s += 7;
	}
	for (e = s; *e && !vtx_strchr("/?#", *e); e++) {
		if (*e == ':')
			colon = e;
		if (vtx_strchr("@[", *e))
			return "user names and IPv6 addresses are not supported";
	}
	if (!colon)
		colon = e;
	if (colon == s)
		return "no host";
	/* "host\0port\0": the port is a string for vn_port */
	u->host = vt_alloc((size_t)(e - s) + 1);
	memcpy(u->host, s, (size_t)(e - s));
	u->host[e - s] = '\0';
	u->host[colon - s] = '\0';
	u->port = 80;
	if (colon < e && (e - colon - 1 > 5 ||
			  !(u->port = vn_port(u->host + (colon - s) + 1))))
		return "bad port";
	u->hostport = vn_hostport(u->host, u->port);
	u->authority = u->port == 80 ? u->host : u->hostport;
	u->path = encode_path(e);
	return NULL;
}

/* Where a Location leads from the current URL, as an absolute URL. */
static const char *resolve(const struct url *u, const char *loc)
{
	size_t dirlen = 0, a = strlen(u->authority), n = strlen(loc);
	char *s, *p;

	if (has_scheme(loc))
		return loc;
	s = p = vt_alloc(a + strlen(u->path) + n + 8);
	if (loc[0] == '/' && loc[1] == '/') {	/* "//host/path" */
		p = put(p, "http://", 5);
	} else {
		p = put(p, "http://", 7);
		p = put(p, u->authority, a);
	}
	if (loc[0] != '/')	/* relative to the path's directory */
		for (size_t i = 0; u->path[i] && u->path[i] != '?'; i++)
			if (u->path[i] == '/')
				dirlen = i + 1;
	p = put(p, u->path, dirlen);
	p = put(p, loc, n + 1);
	return s;
}

/* ---- the request -------------------------------------------------------- */

/* If line is the header field name ("Name:" in any case), its value,
 * after the blanks; else NULL. */
static const char *value_of(const char *line, const char *name)
{
	size_t n = strlen(name);

	if (!ieq(line, name, n) || line[n] != ':')
		return NULL;
	for (line += n + 1; vtx_blank(*line); line++)
		;
	return line;
}

/* Did -H name this header (empty value or not)? */
static bool user_header(const char *name)
{
	for (int i = 0; i < nheaders; i++)
		if (value_of(headers[i], name))
			return true;
	return false;
}

static char *req;
static size_t req_len;

/* Nothing else is allocated while a request is built, so the request
 * is the arena's last block and grows in place. */
static void add(const char *s)
{
	size_t n = strlen(s);

	req = vt_grow(req, req_len, req_len + n);
	memcpy(req + req_len, s, n);
	req_len += n;
}

static void add_header(const char *name, const char *value)
{
	if (user_header(name))
		return;
	add(name);
	add(": ");
	add(value);
	add("\r\n");
}

static void send_request(int fd, const struct url *u)
{
	char b[21];
	int err;

	req_len = 0;
	add(method);
	add(" ");
	add(u->path);
	add(" HTTP/1.1\r\n");
	add_header("Host", u->authority);
	add_header("User-Agent", "fetch/1 (VyomaOS)");
	add_header("Accept", "*/*");
	if (body) {
		add_header("Content-Length", vt_utoa(body_len, b));
		add_header("Content-Type", "application/x-www-form-urlencoded");
	}
	for (int i = 0; i < nheaders; i++) {
		const char *v = vtx_strchr(headers[i], ':') + 1;

		while (*v == ' ')
			v++;
		if (*v) {	/* "Name:" alone only removes ours */
			add(headers[i]);
			add("\r\n");
		}
	}
	add("Connection: close\r\n\r\n");
	/* The head, then the body (0 bytes without -d), through one call
	 * of vn_send: inlined there, it is smaller than two calls. */
	for (int i = 0; i < 2; i++) {
		err = vn_send(fd, i ? body : req, i ? body_len : req_len);
		if (err)
			fail_net(cur, err);
	}
}

/* ---- the response -------------------------------------------------------- */

static char ib[16384];
static char *in, *in_end;	/* the bytes of ib not yet taken */
static int sock;

/* More bytes into ib; false at the end (a read error ends fetch). */
static bool fill(void)
{
	long n;

	/* what is left of a line to the front */
	memmove(ib, in, (size_t)(in_end - in));
	in_end -= in - ib;
	in = ib;
	n = vt_read(sock, in_end, (size_t)(ib + sizeof(ib) - in_end));
	if (n < 0)
		fail_net(cur, (int)-n);
	in_end += n;
	return n > 0;
}

/* The next line without its CR LF, NUL-terminated in ib; NULL at the
 * end. A line longer than ib is malformed. */
static char *get_line(void)
{
	for (;;) {
		char *nl = vt_memchr(in, '\n', (size_t)(in_end - in));

		if (nl) {
			char *line = in;

			in = nl + 1;
			while (nl > line && vtx_strchr("\r \t", nl[-1]))
				nl--;	/* and trailing blanks, as HTTP allows */
			*nl = '\0';
			return line;
		}
		if (in_end - in == sizeof(ib))
			malformed("a header line over 16 KiB");
		if (!fill())
			return NULL;
	}
}

/* The output is made when the first byte of the answer is ready, so a
 * failed connection leaves no empty -o FILE behind. */
static void open_output(void)
{
	static int err;	/* static: no stack frame for it */
	int fd;

	if (out_open)
		return;
	out_open = true;
	if (!outfile || !strcmp(outfile, "-"))
		return;
	fd = vt_open(outfile, VT_WRITE, &err);
	if (fd < 0)
		fail_output(vt_strerror(err));
	vt_stdout.fd = fd;
}

static void out(const void *p, size_t n)
{
	open_output();
	vt_put(p, n);
}

/* Copies the body's next n bytes to the output; false if the
 * connection ended first. */
static bool copy(uint64_t n)
{
	while (n) {
		size_t have = (size_t)(in_end - in);

		if (!have) {
			if (!fill())
				return false;
			continue;
		}
		if (have > n)
			have = (size_t)n;
		out(in, have);
		in += have;
		n -= have;
	}
	return true;
}

/* A chunk's size: hex digits up to an extension or a blank, at least
 * one. */
static bool hex_size(const char *s, uint64_t *v)
{
	const char *p;
	uint64_t n = 0;

	for (p = s; *p && !vtx_strchr("; \t", *p); p++) {
		/* 'a'-'f' as 'A'-'F'; no other byte becomes a digit */
		const char *d = vtx_strchr(hex, *p >= 'a' ? *p - 32 : *p);

		if (!d || n >> 59)
			return false;
		n = n * 16 + (uint64_t)(d - hex);
	}
	*v = n;
	return p > s;
}

static void chunked(void)
{
	char *line;

	for (;;) {
		uint64_t n;

		line = get_line();
		if (!line)
			malformed("the chunked body ends early");
		if (!hex_size(line, &n))
			malformed("a bad chunk size");
		if (!n)
			break;
		if (!copy(n))
			malformed("the chunked body ends early");
		line = get_line();
		if (!line || *line)
			malformed("a chunk without its CR LF");
	}
	while ((line = get_line()) && *line)
		;	/* trailers, up to the empty line or the close */
}

/* Never a Content-Length: vt_parse_int stops at INT64_MAX. */
#define NO_LENGTH UINT64_MAX

struct response {
	int status;
	char *reason;		/* "404 Not Found" */
	char *location;
	bool chunked;
	uint64_t length;	/* NO_LENGTH without Content-Length */
};

/* The status of "HTTP/1.x NNN[ reason]", or 0 if line is not one. Each
 * byte is looked at only if those before it matched, so none past the
 * line's end is read. */
static int status_of(const char *line)
{
	int status = 0;

	if (!vt_prefix(line, "HTTP/1.", 7) || !line[7] || line[8] != ' ')
		return 0;
	for (int i = 9; i < 12; i++) {
		unsigned d = (unsigned)(line[i] - '0');

		if (d > 9)
			return 0;
		status = status * 10 + (int)d;
	}
	if (status < 100 || status > 599 || (line[12] && line[12] != ' '))
		return 0;
	return status;
}

/* A line of the head to the output, with -i or -I. */
static void show(const char *line)
{
	if (show_headers) {
		out(line, strlen(line));
		out("\r\n", 2);
	}
}

/* Reads a status line and its headers (1xx interim answers skipped). */
static void read_head(struct response *r)
{
	char *line;
	const char *v;

	do {
		line = get_line();
		if (!line)
			fail(E_BAD, "empty reply from server");
		if (!(r->status = status_of(line)))
			malformed("no HTTP/1.x status line");
		r->reason = vt_strdup(line + 9);
		r->location = NULL;
		r->chunked = false;
		r->length = NO_LENGTH;
		show(line);
		while ((line = get_line()) && *line) {
			show(line);
			if ((v = value_of(line, "Location"))) {
				r->location = vt_strdup(v);
			} else if ((v = value_of(line, "Transfer-Encoding"))) {
				/* get_line left no blanks at the end */
				size_t n = strlen(v);

				r->chunked = n >= 7 && ieq(v + n - 7, "chunked", 7);
			} else if ((v = value_of(line, "Content-Length"))) {
				int64_t len;

				if (!vt_parse_int(v, &len) || len < 0 ||
				    (r->length != NO_LENGTH &&
				     (uint64_t)len != r->length))
					malformed("a bad Content-Length");
				r->length = (uint64_t)len;
			} else if (!vtx_strchr(line, ':')) {
				malformed("a header line without ':'");
			}
		}
		if (!line)
			malformed("the headers end early");
		show("");
	} while (r->status < 200 && r->status != 101);
}

static void read_body(const struct response *r)
{
	if (head_only || !strcmp(method, "HEAD") || r->status < 200 ||
	    r->status == 204 || r->status == 304)
		return;
	/* copy(NO_LENGTH) ends only at the close: a body without a length */
	if (r->chunked)
		chunked();
	else if (!copy(r->length) && r->length != NO_LENGTH)
		malformed("the body is shorter than its Content-Length");
}

/* ---- options and the exchange ------------------------------------------- */

/* -d DATA, -d @FILE (- for stdin); several are joined with '&'. */
static void add_data(const char *d)
{
	char *add_p = (char *)d;
	size_t n = strlen(d);

	if (d[0] == '@') {
		int fd = vt_open_input(d + 1);
		size_t cap = 4096;
		long got;

		if (fd < 0)
			vt_exit(E_USAGE);
		add_p = vt_alloc(cap);
		n = 0;
		while ((got = vt_read(fd, add_p + n, cap - n)) > 0) {
			n += (size_t)got;
			if (n == cap) {
				add_p = vt_grow(add_p, cap, 2 * cap);
				cap *= 2;
			}
		}
		if (got < 0) {
			vt_warn(d + 1, vt_strerror((int)-got));
			vt_exit(E_USAGE);
		}
		vt_close(fd);
	}
	body = vt_grow(body, body_len, body_len + n + 1);
	if (body_len)
		body[body_len++] = '&';
	memcpy(body + body_len, add_p, n);
	body_len += n;
}

static void usage(const char *what)
{
	vt_usage_error(what, E_USAGE);
}

static bool quiet;

/* Acts on an option that takes an argument: c is its letter ('m' for
 * --max-redirs). */
static void take(int c, char *arg)
{
	int64_t v;

	switch (c) {
	case 'm':
		/* 0-1000: a negative v wraps past 1000 */
		if (!vt_parse_int(arg, &v) || (uint64_t)v > 1000)
			usage("--max-redirs takes a number 0-1000");
		max_redirs = (int)v;
		break;
	case 'o':
		outfile = arg;
		break;
	case 'X':
		method = arg;
		break;
	case 'd':
		add_data(arg);
		break;
	case 'H':
		if (nheaders == MAX_HEADERS)
			usage("at most 32 -H headers");
		if (arg[0] == ':' || !vtx_strchr(arg, ':') ||
		    vtx_strchr(arg, '\r') || vtx_strchr(arg, '\n'))
			usage("-H takes 'Name: value'");
		headers[nheaders++] = arg;
		break;
	}
}

/*
 * The options, GNU's way as vtx_getopt reads them (options may follow
 * the URL until "--"; --max-redirs by any prefix, "=N" or a separate
 * N) with the same messages: its general long-option code is 1 KB,
 * and fetch has one long option. Returns the first operand; *count
 * says how many there were.
 */
static char *parse_options(int argc, char **argv, int *count)
{
	/* the short options; the first four take an argument */
	static const char letters[] = "oXdHiIs";
	char *url = NULL;
	bool options = true;

	for (int i = 1; i < argc; i++) {
		/* c: the option that takes an argument ('m': --max-redirs),
		 * arg: that argument if in the same word, name: what
		 * messages call the option */
		char *a = argv[i], *arg = NULL, *name = a, letter[2] = { 0 };
		int c = 'm';

		if (!options || a[0] != '-' || !a[1]) {
			if (!(*count)++)
				url = a;
			continue;
		}
		if (a[1] == '-') {
			size_t n = 0;

			if (!a[2]) {
				options = false;
				continue;
			}
			while (a[2 + n] && a[2 + n] != '=')
				n++;
			if (n > 10 || !vt_prefix(a + 2, "max-redirs", n))
				vtx__bad("unrecognized option", a);
			if (a[2 + n])
				arg = a + 3 + n;
		} else {
			char *p;

			/* -i, -I and -s, up to one that takes an argument */
			for (p = a + 1; *p; p++) {
				const char *o = vtx_strchr(letters, *p);

				letter[0] = *p;
				if (!o)
					vtx__bad("invalid option --", letter);
				if (o - letters < 4)
					break;
				if (*p == 's') {
					quiet = true;
				} else {
					show_headers = true;
					if (*p == 'I')
						head_only = true;
				}
			}
			if (!*p)
				continue;
			c = *p;
			name = letter;
			if (p[1])
				arg = p + 1;
		}
		if (!arg && ++i == argc)
			vtx__bad("option requires an argument --", name);
		take(c, arg ? arg : argv[i]);
	}
	return url;
}

static int fetch_main(int argc, char **argv)
{
	struct url u;
	struct response r;
	int redirects = 0, count = 0;	/* redirects followed, URLs given */
	const char *why;

	vtx_usage_status = E_USAGE;
	cur = parse_options(argc, argv, &count);
	if (count != 1)
		usage(count ? "one URL only" : "no URL given");
	if (!method)
		method = head_only ? "HEAD" : body ? "POST" : "GET";
	for (;;) {
		int err;

		/* A bad URL is a usage error, a bad Location a network one. */
		if ((why = parse_url(cur, &u))) {
			if (!redirects)
				usage(why);	/* said even with -s */
			fail(E_NET, why);
		}
		if (quiet)
			vt_stderr.fd = -1;	/* the status alone tells */
		err = vy_connect(u.host, u.port, 0, &sock);
		if (err)
			fail_net(u.hostport, err);
		in = in_end = ib;
		send_request(sock, &u);
		read_head(&r);
		if (r.location && redirects < max_redirs &&
		    (r.status == 301 || r.status == 302 || r.status == 303 ||
		     r.status == 307 || r.status == 308)) {
			vt_close(sock);
			redirects++;
			if (r.status == 303 ? strcmp(method, "HEAD") :
			    r.status < 307 && !strcmp(method, "POST")) {
				method = "GET";
				body = NULL;
				body_len = 0;
			}
			cur = resolve(&u, r.location);
			continue;
		}
		break;
	}
	open_output();
	read_body(&r);
	vt_close(sock);
	vt_flush();
	if (vt_status)
		fail_output("write error");
	if (r.status < 200 || r.status > 299)
		fail(E_HTTP, r.reason);
	return 0;
}

VT_TOOL(fetch_main,
	"Usage: fetch [OPTION]... URL\n"
	"Fetch URL (http:// only: there is no TLS) over HTTP/1.1; the body goes\n"
	"to standard output. Redirects are followed.\n"
	"\n"
	"  -o FILE           write the body to FILE\n"
	"  -X METHOD         use METHOD (default GET, or POST with -d)\n"
	"  -d DATA           send DATA as the body (@FILE: FILE's bytes, @-: stdin);\n"
	"                    several are joined with '&'\n"
	"  -H 'Name: value'  add a header ('Name:' removes one of ours)\n"
	"  -i                print the response headers before the body\n"
	"  -I                HEAD: print the headers only\n"
	"  -s                quiet: no messages, the exit status tells\n"
	"  --max-redirs N    follow at most N redirects (default 10)\n"
	"\n"
	"Exit status: 0 final status 2xx, 1 any other final status, 2 usage,\n"
	"3 network error or host not granted, 4 malformed response, 5 the\n"
	"output could not be written.\n")
