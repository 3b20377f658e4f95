/*
 * gopher - a Gopher client (RFC 1436): fetches one selector and prints
 * it, a menu rendered as text, anything else as the server sends it.
 *
 *	gopher [gopher://]HOST[:PORT][/TYPE[SELECTOR]] [QUERY]
 *
 * PORT defaults to 70, TYPE to 1 (a menu). A menu's info lines (type i)
 * are indented text; every other item is numbered with a tag (DIR,
 * TXT, ASK, HTM, BIN, IMG, ERR, ...), and a "Links:" list after the
 * menu gives each number's URL, which is what to fetch next (an h item
 * whose selector is "URL:..." links to that URL). A text item (type 0)
 * is printed with the closing "." line removed and ".." unstuffed; a
 * search (type 7) sends QUERY after a tab. Control bytes from the
 * server are shown as '?' in menus, so a menu cannot drive the
 * terminal. Status 1 when the server cannot be reached or the URL is
 * malformed.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_net.h"
#include "vyoma_tiny.h"

static const char tags[] = "0TXT1DIR2CSO3ERR4HQX5BIN6UUE7ASK8TEL9BIN"
			   "gIMGIIMGhHTMsSND";

static int hexval(char c)
{
	c |= 0x20;
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	       c - 'a' + 10 : -1;
}

/* The n bytes of s, control bytes as '?'. */
static void put_clean(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vt_putc((unsigned char)s[i] < ' ' || s[i] == 0x7f ? '?' : s[i]);
}

/* field f (0-based) of a tab-separated menu line: its start and length */
static const char *field(const char *l, size_t n, int f, size_t *len)
{
	const char *e = l + n, *p = l;

	while (f--) {
		p = vt_memchr(p, '\t', (size_t)(e - p));
		if (!p)
			return NULL;
		p++;
	}
	*len = (size_t)((vt_memchr(p, '\t', (size_t)(e - p)) ?: e) - p);
	return p;
}

/* "gopher://host[:port]/Tselector", bytes a URL cannot hold as %XX. */
static void put_url(char type, const char *l, size_t n)
{
	size_t hl, pl, sl;
	const char *h = field(l, n, 2, &hl), *p = field(l, n, 3, &pl);
	const char *s = field(l, n, 1, &sl);

	if (type == 'h' && sl > 4 && vt_prefix(s, "URL:", 4)) {
		put_clean(s + 4, sl - 4);	/* a link off Gopher */
		return;
	}
	vt_puts("gopher://");
	put_clean(h, hl);
	if (pl != 2 || !vt_prefix(p, "70", 2)) {
		vt_putc(':');
		put_clean(p, pl);
	}
	vt_putc('/');
	vt_putc(type);
	for (size_t i = 0; i < sl; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == '%' || c >= 0x7f) {
			vt_putc('%');
			vt_putc("0123456789ABCDEF"[c >> 4]);
			vt_putc("0123456789ABCDEF"[c & 15]);
		} else {
			vt_putc((char)c);
		}
	}
}

/* The menu in buf (n bytes): items, then their links. */
static void menu(char *buf, size_t n)
{
	unsigned items = 0;

	for (int pass = 0; pass < 2; pass++) {
		char *l = buf, *end = buf + n;

		if (pass && items)
			vt_puts("\nLinks:\n");
		items = 0;
		while (l < end) {
			char *nl = vt_memchr(l, '\n', (size_t)(end - l)) ?: end;
			size_t len = (size_t)(nl - l), dl;
			const char *d, *tag = NULL;

			if (len && l[len - 1] == '\r')
				len--;
			if (len == 1 && l[0] == '.')
				break;
			d = field(l, len, 0, &dl);
			for (int i = 0; len && tags[i]; i += 4)
				if (tags[i] == l[0])
					tag = tags + i + 1;
			if (len && l[0] != 'i' && field(l, len, 3, &dl)) {
				d = field(l, len, 0, &dl);
				items++;
				vt_putc('[');
				vt_putu(items);
				vt_puts("] ");
				if (pass) {
					put_url(l[0], l, len);
				} else {
					if (tag)
						vt_put(tag, 3);
					else
						vt_puts("???");
					vt_putc(' ');
					put_clean(d + 1, dl - 1);
				}
				vt_putc('\n');
			} else if (!pass) {	/* info, or not an item */
				vt_puts("    ");
				if (len && l[0] == 'i')
					put_clean(d + 1, dl - 1);
				else
					put_clean(l, len);
				vt_putc('\n');
			}
			l = nl + 1;
		}
	}
}

/* A text item: without the closing "." line, ".." lines unstuffed. */
static void text(char *buf, size_t n)
{
	char *l = buf, *end = buf + n;

	while (l < end) {
		char *nl = vt_memchr(l, '\n', (size_t)(end - l));
		size_t len = nl ? (size_t)(nl + 1 - l) : (size_t)(end - l);

		if ((len == 3 && vt_prefix(l, ".\r\n", 3)) ||
		    (len == 2 && vt_prefix(l, ".\n", 2)) ||
		    (len == 1 && l[0] == '.'))
			break;
		if (l[0] == '.' && len > 1 && l[1] == '.')
			l++, len--;
		vt_put(l, len);
		l += len;
	}
}

static int gopher_main(int argc, char **argv)
{
	char *url, *host, *p, *req, *buf = NULL, type = '1';
	unsigned port = 70;
	size_t n = 0, cap = 0, rl = 0;
	int fd, err;
	long r;

	while (vt_getopt(argc, argv, "") != -1)
		;
	if (argc - vt_optind < 1 || argc - vt_optind > 2)
		vt_usage_error("gopher takes a URL and perhaps a QUERY", 1);
	url = vt_strdup(argv[vt_optind]);	/* cut up in place */
	if (vt_prefix(url, "gopher://", 9))
		url += 9;
	host = url;
	for (p = url; *p && *p != ':' && *p != '/'; p++)
		;
	if (*p == ':') {
		*p++ = '\0';
		for (port = 0; *p >= '0' && *p <= '9' && port < 65536; p++)
			port = port * 10 + (unsigned)(*p - '0');
		if (!port || port > 65535 || (*p && *p != '/'))
			goto bad;
	}
	if (*p) {
		*p++ = '\0';
		if (*p)
			type = *p++;
	}
	if (!*host)
		goto bad;
	/* The selector, percent-decoded, then the query and CRLF. */
	req = vt_alloc(strlen(p) + strlen(argv[argc - 1]) + 4);
	for (; *p; p++) {
		int hi = *p == '%' ? hexval(p[1]) : -1, lo;

		if (hi >= 0 && (lo = hexval(p[2])) >= 0) {
			req[rl++] = (char)(hi << 4 | lo);
			p += 2;
		} else {
			req[rl++] = *p;
		}
		if (req[rl - 1] == '\t' || req[rl - 1] == '\r' ||
		    req[rl - 1] == '\n')
			goto bad;	/* it would end the selector early */
	}
	if (argc - vt_optind == 2) {
		req[rl++] = '\t';
		memcpy(req + rl, argv[argc - 1], strlen(argv[argc - 1]));
		rl += strlen(argv[argc - 1]);
	}
	req[rl++] = '\r';
	req[rl++] = '\n';
	err = vy_connect(host, port, 0, &fd);
	if (!err)
		err = vn_send(fd, req, rl);
	while (!err) {
		if (n == cap) {
			buf = vt_grow(buf, cap, cap ? 2 * cap : 65536);
			cap = cap ? 2 * cap : 65536;
		}
		r = vt_read(fd, buf + n, cap - n);
		if (r <= 0) {
			err = (int)-r;
			break;
		}
		n += (size_t)r;
	}
	if (err) {
		vt_warn(vn_hostport(host, port), vn_connect_strerror(err));
		return 1;
	}
	if (type == '1' || type == '7')
		menu(buf, n);
	else if (type == '0')
		text(buf, n);
	else
		vt_put(buf, n);
	return 0;
bad:
	vt_warn(argv[vt_optind], "malformed Gopher URL");
	return 1;
}

VT_TOOL(gopher_main,
	"Usage: gopher [gopher://]HOST[:PORT][/TYPE[SELECTOR]] [QUERY]\n"
	"Fetch a Gopher item (default: the menu at HOST, port 70) and print\n"
	"it: a menu as numbered items and their links, text as text.\n")
