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
	char *authority;	/* host, or host:port when not 80 */
};

/* ---- failing ------------------------------------------------------------ */

static void fail(int status, const char *why)
{
	vt_warn(cur, why);
	vt_exit(status);
}

static void fail_net(const char *what, int err)
{
	vn_warn(what, err);
	vt_exit(E_NET);
}

static void malformed(const char *why)
{
	char *m = vt_alloc(strlen(why) + 24);

	memcpy(m, "malformed response: ", 20);
	memcpy(m + 20, why, strlen(why) + 1);
	fail(E_BAD, m);
}

/* ---- URLs --------------------------------------------------------------- */

static bool ieq(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if ((*a | 0x20) != (*b | 0x20))
			return false;
	return true;
}

/* s with bytes that may not travel in a request line (controls,
 * blanks, non-ASCII) percent-encoded: a new string. */
static char *encode_path(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
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

	while ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')
		p++;
	return p > s && vt_prefix(p, "://", 3);
}

static char *put(char *p, const char *s, size_t n)
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
	for (e = s; *e && *e != '/' && *e != '?' && *e != '#'; e++) {
		if (*e == ':')
			colon = e;
		if (*e == '@' || *e == '[')
			return "user names and IPv6 addresses are not supported";
	}
	if (!colon)
		colon = e;
	if (colon == s)
		return "no host";
	u->host = vt_alloc((size_t)(colon - s) + 1);
	memcpy(u->host, s, (size_t)(colon - s));
	u->host[colon - s] = '\0';
	u->port = 80;
	if (colon < e) {
		char port[8];

		if (e - colon - 1 > 5 || e - colon - 1 < 1)
			return "bad port";
		memcpy(port, colon + 1, (size_t)(e - colon - 1));
		port[e - colon - 1] = '\0';
		if (!(u->port = vn_port(port)))
			return "bad port";
	}
	u->authority = u->port == 80 ? u->host : vn_hostport(u->host, u->port);
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
	p = put(p, "http://", loc[0] == '/' && loc[1] == '/' ? 5 : 7);
	if (loc[0] != '/') {	/* relative to the path's directory */
		while (u->path[dirlen] && u->path[dirlen] != '?')
			dirlen++;
		while (dirlen && u->path[dirlen - 1] != '/')
			dirlen--;
	}
	if (loc[0] != '/' || loc[1] != '/')
		p = put(p, u->authority, a);
	p = put(p, u->path, dirlen);
	p = put(p, loc, n + 1);
	return s;
}

/* ---- the request -------------------------------------------------------- */

/* Did -H name this header (empty value or not)? */
static bool user_header(const char *name)
{
	size_t n = strlen(name);

	for (int i = 0; i < nheaders; i++)
		if (ieq(headers[i], name, n) && headers[i][n] == ':')
			return true;
	return false;
}

static char *req;
static size_t req_len, req_cap;

static void add(const char *s)
{
	size_t n = strlen(s);

	if (req_len + n > req_cap) {
		size_t cap = 2 * (req_len + n);

		req = vt_grow(req, req_len, cap);
		req_cap = cap;
	}
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
	err = vn_send(fd, req, req_len);
	if (!err && body)
		err = vn_send(fd, body, body_len);
	if (err)
		fail_net(cur, err);
}

/* ---- the response -------------------------------------------------------- */

static char ib[16384];
static size_t ipos, ilen;
static int sock;

/* More bytes into ib; false at the end (a read error ends fetch). */
static bool fill(void)
{
	long n;

	if (ipos == ilen) {
		ipos = ilen = 0;
	} else if (ipos) {
		memmove(ib, ib + ipos, ilen - ipos);
		ilen -= ipos;
		ipos = 0;
	}
	n = vt_read(sock, ib + ilen, sizeof(ib) - ilen);
	if (n < 0)
		fail_net(cur, (int)-n);
	ilen += (size_t)n;
	return n > 0;
}

/* The next line without its CR LF, NUL-terminated in ib; NULL at the
 * end. A line longer than ib is malformed. */
static char *get_line(void)
{
	for (;;) {
		char *nl = vt_memchr(ib + ipos, '\n', ilen - ipos);

		if (nl) {
			char *line = ib + ipos;

			ipos = (size_t)(nl + 1 - ib);
			while (nl > line && (nl[-1] == '\r' || nl[-1] == ' ' ||
					     nl[-1] == '\t'))
				nl--;	/* and trailing blanks, as HTTP allows */
			*nl = '\0';
			return line;
		}
		if (ipos == 0 && ilen == sizeof(ib))
			malformed("a header line over 16 KiB");
		if (!fill())
			return NULL;
	}
}

/* The output is made when the first byte of the answer is ready, so a
 * failed connection leaves no empty -o FILE behind. */
static void open_output(void)
{
	int err, fd;

	if (out_open)
		return;
	out_open = true;
	if (!outfile || !strcmp(outfile, "-"))
		return;
	fd = vt_open(outfile, VT_WRITE, &err);
	if (fd < 0) {
		vt_warn(outfile, vt_strerror(err));
		vt_exit(E_OUT);
	}
	vt_stdout.fd = fd;
}

static void out(const void *p, size_t n)
{
	open_output();
	vt_put(p, n);
}

/* Copies the body's next n bytes (or, with to_end, everything until
 * the close) to the output; false if the connection ended first. */
static bool copy(uint64_t n, bool to_end)
{
	while (n || to_end) {
		size_t have = ilen - ipos;

		if (!have) {
			if (!fill())
				return to_end;
			continue;
		}
		if (!to_end && have > n)
			have = (size_t)n;
		out(ib + ipos, have);
		ipos += have;
		n -= to_end ? 0 : have;
	}
	return true;
}

static bool hex_size(const char *s, uint64_t *v)
{
	*v = 0;
	if (!*s)
		return false;
	for (; *s && *s != ';' && *s != ' ' && *s != '\t'; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' :
			(*s | 0x20) >= 'a' && (*s | 0x20) <= 'f' ?
			(*s | 0x20) - 'a' + 10 : -1;

		if (d < 0 || *v >> 59)
			return false;
		*v = *v * 16 + (uint64_t)d;
	}
	return true;
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
		if (!copy(n, false))
			malformed("the chunked body ends early");
		line = get_line();
		if (!line || *line)
			malformed("a chunk without its CR LF");
	}
	while ((line = get_line()) && *line)
		;	/* trailers, up to the empty line or the close */
}

struct response {
	int status;
	char *reason;		/* "404 Not Found" */
	char *location;
	bool chunked, has_length;
	uint64_t length;
};

static bool header_is(const char *line, const char *name, const char **value)
{
	size_t n = strlen(name);

	if (!ieq(line, name, n) || line[n] != ':')
		return false;
	for (*value = line + n + 1; **value == ' ' || **value == '\t';
	     (*value)++)
		;
	return true;
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
		if (!vt_prefix(line, "HTTP/1.", 7) || line[8] != ' ' ||
		    line[9] < '1' || line[9] > '5' || line[10] < '0' ||
		    line[10] > '9' || line[11] < '0' || line[11] > '9' ||
		    (line[12] && line[12] != ' '))
			malformed("no HTTP/1.x status line");
		r->status = (line[9] - '0') * 100 + (line[10] - '0') * 10 +
			    line[11] - '0';
		r->reason = vt_strdup(line + 9);
		r->location = NULL;
		r->chunked = r->has_length = false;
		if (show_headers) {
			out(line, strlen(line));
			out("\r\n", 2);
		}
		while ((line = get_line()) && *line) {
			if (show_headers) {
				out(line, strlen(line));
				out("\r\n", 2);
			}
			if (header_is(line, "Location", &v)) {
				r->location = vt_strdup(v);
			} else if (header_is(line, "Transfer-Encoding", &v)) {
				size_t n = strlen(v);

				while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
					n--;
				r->chunked = n >= 7 && ieq(v + n - 7, "chunked", 7);
			} else if (header_is(line, "Content-Length", &v)) {
				int64_t len;

				if (!vt_parse_int(v, &len) || len < 0 ||
				    (r->has_length && (uint64_t)len != r->length))
					malformed("a bad Content-Length");
				r->length = (uint64_t)len;
				r->has_length = true;
			} else if (!vtx_strchr(line, ':')) {
				malformed("a header line without ':'");
			}
		}
		if (!line)
			malformed("the headers end early");
		if (show_headers)
			out("\r\n", 2);
	} while (r->status < 200 && r->status != 101);
}

static void read_body(const struct response *r)
{
	if (head_only || !strcmp(method, "HEAD") || r->status < 200 ||
	    r->status == 204 || r->status == 304)
		return;
	if (r->chunked)
		chunked();
	else if (r->has_length && !copy(r->length, false))
		malformed("the body is shorter than its Content-Length");
	else if (!r->has_length)
		copy(0, true);
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

static int fetch_main(int argc, char **argv)
{
	struct url u;
	struct response r;
	int c, redirects = 0;
	const char *why;
	bool quiet = false;

	vtx_usage_status = E_USAGE;
	while ((c = vtx_getopt(argc, argv, "o:X:d:H:iIs",
			       "m1max-redirs\0")) != -1) {
		switch (c) {
		case 'm': {
			int64_t v;

			if (!vt_parse_int(vt_optarg, &v) || v < 0 || v > 1000)
				usage("--max-redirs takes a number 0-1000");
			max_redirs = (int)v;
			break;
		}
		case 'o':
			outfile = vt_optarg;
			break;
		case 'X':
			method = vt_optarg;
			break;
		case 'd':
			add_data(vt_optarg);
			break;
		case 'H':
			if (nheaders == MAX_HEADERS)
				usage("at most 32 -H headers");
			if (vt_optarg[0] == ':' || !vtx_strchr(vt_optarg, ':') ||
			    vtx_strchr(vt_optarg, '\r') || vtx_strchr(vt_optarg, '\n'))
				usage("-H takes 'Name: value'");
			headers[nheaders++] = vt_optarg;
			break;
		case 'i':
			show_headers = true;
			break;
		case 'I':
			head_only = show_headers = true;
			break;
		case 's':
			quiet = true;
			break;
		}
	}
	if (vt_optind != argc - 1)
		usage(vt_optind < argc ? "one URL only" : "no URL given");
	cur = argv[vt_optind];
	if ((why = parse_url(cur, &u)))
		usage(vt_strdup(why));
	if (!method)
		method = head_only ? "HEAD" : body ? "POST" : "GET";
	if (quiet)
		vt_stderr.fd = -1;	/* the status alone tells */
	for (;;) {
		int err = vy_connect(u.host, u.port, 0, &sock);

		if (err)
			fail_net(vn_hostport(u.host, u.port), err);
		ipos = ilen = 0;
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
			if ((why = parse_url(cur, &u)))
				fail(E_NET, vt_strdup(why));
			continue;
		}
		break;
	}
	open_output();
	read_body(&r);
	vt_close(sock);
	vt_flush();
	if (vt_status) {
		vt_warn(outfile ? outfile : "standard output", "write error");
		vt_exit(E_OUT);
	}
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
