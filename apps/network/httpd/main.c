/*
 * httpd - serves one directory over HTTP/1.0 and 1.1: GET and HEAD,
 * keep-alive and pipelining, Content-Type by extension, index.html or
 * a sorted listing for a directory, and no way out of the directory.
 *
 * One thread, one poll_oneoff over every socket, and every socket
 * non-blocking: each connection is a small state machine (reading a
 * request, writing a response), so a client that sends or reads slowly
 * holds only its own slot, never the others. A connection idle for
 * IDLE_SECONDS is closed, so slow clients cannot keep every slot.
 *
 * Files are served from the WASI preopened directory holding DIR (the
 * user's files, read-only): a ".." segment is refused before any
 * lookup, and the preopen confines every path the supervisor opens.
 * One line per request on stderr: "GET /path 200 1234" (the body's
 * length).
 */
#include "vytool_net.h"
#include "vytool_files.h"
#include "vytool_text.h"
#include "vyoma_tiny.h"

#define MAX_CONNS 128
#define REQ_MAX 8192		/* a request's line and headers */
#define LINE_MAX 4096		/* the request line alone */
#define OUT_MAX 32768		/* what one write sends */
#define IDLE_SECONDS 30
#define DRAIN_SECONDS 2
#define NS 1000000000ull
#define HEAD_ROOM 256		/* a listing's head goes before its page */
#define LISTENER (MAX_CONNS + 1)	/* poll userdata */

/*
 * DRAINING: the response is out and the connection is to close; the
 * sending half is shut down and what the client still sends is read
 * and dropped until it closes (or DRAIN_SECONDS pass), because closing
 * with unread bytes makes the kernel send a reset, and a reset can
 * destroy the response before the client has read it.
 */
enum { FREE, READING, WRITING, DRAINING };

struct conn {
	int fd;
	int state;
	char *req;		/* REQ_MAX bytes, made on first use */
	size_t rlen;
	char *out;		/* the head, then file bytes or a listing */
	size_t ocap, olen, opos;
	int file;		/* the body still to read, or -1 */
	uint64_t left;
	bool keep;		/* another request may follow */
	uint64_t idle_since;
};

static struct conn conns[MAX_CONNS];
static int listen_fd;
static bool accepting = true;	/* false while no slot or descriptor */
static uint64_t retry_at;	/* when to try accepting again anyway */
static int root_fd;		/* the preopened directory holding DIR */
static const char *root_rel;	/* DIR inside it ("." for itself) */

/* ---- the response --------------------------------------------------------- */

static const char *const types[] = {
	"html", "text/html; charset=utf-8", "htm", "text/html; charset=utf-8",
	"txt", "text/plain; charset=utf-8", "css", "text/css",
	"js", "text/javascript", "json", "application/json",
	"png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg",
	"gif", "image/gif", "svg", "image/svg+xml", "wasm", "application/wasm",
	NULL
};

static const char *content_type(const char *path)
{
	const char *dot = NULL;

	for (const char *p = path; *p; p++)
		if (*p == '.')
			dot = p + 1;
		else if (*p == '/')
			dot = NULL;
	for (int i = 0; dot && types[i]; i += 2) {
		const char *a = types[i], *b = dot;

		while (*a && (*b | 0x20) == *a)
			a++, b++;
		if (!*a && !*b)
			return types[i + 1];
	}
	return "application/octet-stream";
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	default: return "Internal Server Error";
	}
}

/* Room for n more bytes in c->out. */
static void reserve(struct conn *c, size_t n)
{
	if (c->olen + n > c->ocap) {
		size_t cap = 2 * (c->olen + n);

		c->out = vt_grow(c->out, c->olen, cap);
		c->ocap = cap;
	}
}

static void put(struct conn *c, const char *s, size_t n)
{
	reserve(c, n);
	memcpy(c->out + c->olen, s, n);
	c->olen += n;
}

static void puts_(struct conn *c, const char *s)
{
	put(c, s, strlen(s));
}

static void putu(struct conn *c, uint64_t v)
{
	char b[21];

	puts_(c, vt_utoa(v, b));
}

/* One line on stderr for each request. */
static void log_request(const char *method, const char *target, int status,
			uint64_t length)
{
	char b[21];

	vt_eputs(method);	/* both free of control bytes (respond) */
	vt_eputs(" ");
	vt_eputs(target);
	vt_eputs(" ");
	vt_eputs(vt_utoa((uint64_t)status, b));
	vt_eputs(" ");
	vt_eputs(vt_utoa(length, b));
	vt_eputs("\n");
	vt_flush_out(&vt_stderr);
}

/* The status line and headers into c->out (which it empties first). */
static void head(struct conn *c, int status, const char *type,
		 uint64_t length, const char *extra)
{
	c->olen = c->opos = 0;
	puts_(c, "HTTP/1.1 ");
	putu(c, (uint64_t)status);
	puts_(c, " ");
	puts_(c, reason(status));
	puts_(c, "\r\nServer: vyoma-httpd\r\nContent-Type: ");
	puts_(c, type);
	puts_(c, "\r\nContent-Length: ");
	putu(c, length);
	puts_(c, c->keep ? "\r\nConnection: keep-alive\r\n" :
			   "\r\nConnection: close\r\n");
	if (extra)
		puts_(c, extra);
	puts_(c, "\r\n");
}

/* A short HTML page saying what went wrong; its length. */
static size_t error_page(struct conn *c, int status, bool with_body,
		       const char *extra)
{
	char page[96], b[21];
	size_t n = 0;
	const char *parts[] = { "<h1>", vt_utoa((uint64_t)status, b), " ",
				reason(status), "</h1>\n" };

	for (int i = 0; i < 5; i++) {
		memcpy(page + n, parts[i], strlen(parts[i]));
		n += strlen(parts[i]);
	}
	head(c, status, "text/html; charset=utf-8", n, extra);
	if (with_body)
		put(c, page, n);
	return n;
}

/* ---- directory listings ---------------------------------------------------- */

struct entry {
	const char *name;
	uint32_t len;
	bool dir;
};

static char *dirbuf;		/* the whole directory as fd_readdir gives it */
static size_t dircap;
static struct entry *ents;
static struct entry **order;
static size_t entcap;

static int by_name(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	uint32_t n = x->len < y->len ? x->len : y->len;
	int d = memcmp(x->name, y->name, n);

	return d ? d : (int)x->len - (int)y->len;
}

/* The entries of the open directory fd, sorted by name; their count. */
static size_t read_dir(int fd)
{
	size_t used = 0, n = 0;

	if (!dircap) {
		dircap = 16384;
		dirbuf = vt_alloc(dircap);
	}
	/* A full buffer may have cut an entry short: read it all again
	 * into one twice the size, so every entry is whole. */
	while (!__wasi_fd_readdir(fd, (uint8_t *)dirbuf, dircap, 0, &used) &&
	       used == dircap) {
		dircap *= 2;
		dirbuf = vt_alloc(dircap);
	}
	for (size_t pos = 0; pos + sizeof(__wasi_dirent_t) <= used;) {
		__wasi_dirent_t de;
		char *name = dirbuf + pos + sizeof(de);

		memcpy(&de, dirbuf + pos, sizeof(de));
		pos += sizeof(de) + de.d_namlen;
		if (pos > used)
			break;
		if ((de.d_namlen == 1 && name[0] == '.') ||
		    (de.d_namlen == 2 && name[0] == '.' && name[1] == '.'))
			continue;
		if (n == entcap) {
			entcap = entcap ? 2 * entcap : 256;
			ents = vt_grow(ents, n * sizeof(*ents),
				       entcap * sizeof(*ents));
			order = vt_alloc(entcap * sizeof(*order));
		}
		ents[n].name = name;
		ents[n].len = de.d_namlen;
		ents[n].dir = de.d_type == __WASI_FILETYPE_DIRECTORY;
		n++;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = &ents[i];
	vf_sort((void **)order, n, by_name);
	return n;
}

/* name with &, <, >, " and ' as entities, for HTML. */
static void put_html(struct conn *c, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *e = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" :
				s[i] == '>' ? "&gt;" : s[i] == '"' ? "&quot;" :
				s[i] == '\'' ? "&#39;" : NULL;

		if (e)
			puts_(c, e);
		else
			put(c, s + i, 1);
	}
}

/* name percent-encoded but for the characters a path may hold as is. */
static void put_href(struct conn *c, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		bool plain = (ch >= 'a' && ch <= 'z') ||
			     (ch >= 'A' && ch <= 'Z') ||
			     (ch >= '0' && ch <= '9') ||
			     vtx_strchr("-._~!$()*+,;=:@", (char)ch);

		if (plain) {
			put(c, s + i, 1);
		} else {
			char e[3] = { '%', hex[ch >> 4], hex[ch & 15] };

			put(c, e, 3);
		}
	}
}

/*
 * An HTML listing of the open directory fd, whose URL path is path; the
 * page's length. The page is written first, HEAD_ROOM bytes in, and
 * then its head (which needs the length) just before it, so neither
 * is copied anywhere else.
 */
static uint64_t listing(struct conn *c, int fd, const char *path,
			bool with_body)
{
	size_t n = read_dir(fd), body, end, h;

	reserve(c, HEAD_ROOM);
	c->olen = HEAD_ROOM;
	puts_(c, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
		 "<title>Index of ");
	put_html(c, path, strlen(path));
	puts_(c, "</title></head>\n<body><h1>Index of ");
	put_html(c, path, strlen(path));
	puts_(c, "</h1>\n<ul>\n");
	if (path[1])
		puts_(c, "<li><a href=\"../\">../</a></li>\n");
	for (size_t i = 0; i < n; i++) {
		struct entry *e = order[i];

		puts_(c, "<li><a href=\"");
		put_href(c, e->name, e->len);
		puts_(c, e->dir ? "/\">" : "\">");
		put_html(c, e->name, e->len);
		puts_(c, e->dir ? "/</a></li>\n" : "</a></li>\n");
	}
	puts_(c, "</ul></body></html>\n");
	end = c->olen;
	body = end - HEAD_ROOM;
	head(c, 200, "text/html; charset=utf-8", body, NULL);
	h = c->olen;
	memmove(c->out + HEAD_ROOM - h, c->out, h);
	c->opos = HEAD_ROOM - h;
	c->olen = with_body ? end : HEAD_ROOM;
	return body;
}

/* ---- requests ------------------------------------------------------------ */

static int hexval(char c)
{
	c |= 0x20;
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	       c - 'a' + 10 : -1;
}

/*
 * The target's path, percent-decoded, into fs (relative to root_rel,
 * without empty or "." segments): 0, or 400 for a malformed target, a
 * NUL, or a ".." segment. The query is left out.
 */
static int decode_path(const char *t, char *fs, size_t cap)
{
	size_t n = strlen(root_rel), seg;

	if (*t != '/')
		return 400;
	memcpy(fs, root_rel, n);
	seg = n;
	for (;;) {
		char ch = *t++;

		if (ch == '%') {
			int hi = hexval(t[0]), lo = hi < 0 ? -1 : hexval(t[1]);

			if (lo < 0 || (!hi && !lo))
				return 400;
			ch = (char)(hi * 16 + lo);
			t += 2;
		} else if (ch == '?' || ch == '#') {
			ch = '\0';
		}
		if (ch == '/' || !ch) {
			size_t len = n - seg;

			if (len == 2 && fs[seg] == '.' && fs[seg + 1] == '.')
				return 400;
			if (len == 0 || (len == 1 && fs[seg] == '.'))
				n = seg;	/* drop "" and "." segments */
			if (!ch)
				break;
			if (n + 1 >= cap)
				return 414;
			fs[n++] = '/';
			seg = n;
			continue;
		}
		if (n + 1 >= cap)
			return 414;
		fs[n++] = ch;
	}
	while (n > 1 && fs[n - 1] == '/')
		n--;
	fs[n] = '\0';
	return 0;
}

static int open_at(const char *path, bool dir, int *fd)
{
	__wasi_fd_t got;
	int err = __wasi_path_open(root_fd, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
				   path, dir ? __WASI_OFLAGS_DIRECTORY : 0,
				   VT_RIGHTS & ~VT_WRITE_RIGHTS, VT_RIGHTS, 0,
				   &got);

	*fd = (int)got;
	return err;
}

static int errno_status(int err)
{
	return err == __WASI_ERRNO_NOENT || err == __WASI_ERRNO_NOTDIR ? 404 :
	       err == __WASI_ERRNO_ACCES || err == __WASI_ERRNO_NOTCAPABLE ||
	       err == __WASI_ERRNO_PERM || err == __WASI_ERRNO_LOOP ? 403 :
	       500;
}

/* Answers GET or HEAD of target; the status, *length the body's. */
static int serve(struct conn *c, const char *target, bool with_body,
		 uint64_t *length)
{
	static char fs[LINE_MAX + 16], idx[LINE_MAX + 32], loc[LINE_MAX + 16];
	__wasi_filestat_t st;
	int status = decode_path(target, fs, LINE_MAX), err, fd;
	size_t tl = 0;	/* the target's path, without the query */
	bool slash;	/* it ends in '/': a directory is meant */

	*length = 0;
	if (status)
		goto fail;
	while (target[tl] && target[tl] != '?' && target[tl] != '#')
		tl++;
	slash = target[tl - 1] == '/';
	err = __wasi_path_filestat_get(root_fd,
				       __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, fs,
				       &st);
	if (!err && st.filetype == __WASI_FILETYPE_DIRECTORY) {
		if (!slash) {	/* so relative links work */
			memcpy(loc, "Location: ", 10);
			memcpy(loc + 10, target, tl);
			memcpy(loc + 10 + tl, "/\r\n", 4);
			*length = error_page(c, 301, with_body, loc);
			return 301;
		}
		memcpy(idx, fs, strlen(fs));
		memcpy(idx + strlen(fs), "/index.html", 12);
		if (!__wasi_path_filestat_get(root_fd,
					      __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
					      idx, &st) &&
		    st.filetype == __WASI_FILETYPE_REGULAR_FILE) {
			memcpy(fs, idx, strlen(idx) + 1);
			slash = false;
		} else {
			err = open_at(fs, true, &fd);
			if (err)
				goto fail_errno;
			memcpy(idx, fs + strlen(root_rel), strlen(fs) + 1 -
			       strlen(root_rel));
			memcpy(idx + strlen(idx), "/", 2);
			*length = listing(c, fd, idx, with_body);
			vt_close(fd);
			return 200;
		}
	}
	if (!err && st.filetype != __WASI_FILETYPE_REGULAR_FILE)
		err = __WASI_ERRNO_ACCES;
	if (!err && slash)	/* "file.txt/" */
		err = __WASI_ERRNO_NOTDIR;
	if (!err)
		err = open_at(fs, false, &fd);
	if (err)
		goto fail_errno;
	*length = st.size;
	head(c, 200, content_type(fs), st.size, NULL);
	if (with_body && st.size) {
		c->file = fd;
		c->left = st.size;
	} else {
		vt_close(fd);
	}
	return 200;
fail_errno:
	status = errno_status(err);
fail:
	*length = error_page(c, status, with_body, NULL);
	return status;
}

static bool token_is(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n != w)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((s[i] | 0x20) != word[i])
			return false;
	return true;
}

/* Ends the request's header block in c->req: its length, or 0. */
static size_t head_end(const struct conn *c)
{
	for (size_t i = 0; i < c->rlen; i++)
		if (c->req[i] == '\n' &&
		    ((i + 1 < c->rlen && c->req[i + 1] == '\n') ||
		     (i + 2 < c->rlen && c->req[i + 1] == '\r' &&
		      c->req[i + 2] == '\n')))
			return i + (c->req[i + 1] == '\n' ? 2 : 3);
	return 0;
}

/*
 * Parses the request of n bytes at the front of c->req and makes its
 * response in c->out; the request's bytes are then dropped.
 */
static void respond(struct conn *c, size_t n)
{
	char *p = c->req, *end = c->req + n, *line_end, *method, *target;
	char *version;
	bool http11, has_host = false, has_body = false, get, headm;
	int status = 400;
	uint64_t length = 0;

	c->req[n - 1] = '\0';
	line_end = vt_memchr(p, '\n', n);
	*line_end = '\0';
	if (line_end > p && line_end[-1] == '\r')
		line_end[-1] = '\0';
	method = p;
	if (line_end - p > LINE_MAX) {
		status = 414;
		method = target = "-";
		goto answer;
	}
	/* No control bytes: they could end a header early in a Location
	 * made from the target, or play tricks in the log. */
	for (char *q = p; *q; q++)
		if ((unsigned char)*q < ' ' || *q == 0x7f) {
			method = target = "-";
			goto answer;
		}
	target = vtx_strchr(method, ' ') ? (char *)vtx_strchr(method, ' ') :
		 NULL;
	version = target ? (char *)vtx_strchr(target + 1, ' ') : NULL;
	c->keep = false;
	if (!version || vtx_strchr(version + 1, ' ') ||
	    !vt_prefix(version + 1, "HTTP/1.", 7) ||
	    (version[8] != '0' && version[8] != '1') || version[9]) {
		method = target = "-";
		goto answer;
	}
	*target++ = '\0';
	*version++ = '\0';
	http11 = version[7] == '1';
	c->keep = http11;
	for (p = line_end + 1; p < end && *p && *p != '\r' && *p != '\n';) {
		char *e = vt_memchr(p, '\n', (size_t)(end - p)), *colon;
		size_t vlen, nlen;

		if (!e)
			e = end - 1;
		colon = vt_memchr(p, ':', (size_t)(e - p));
		if (!colon || colon == p || *p == ' ' || *p == '\t') {
			c->keep = false;
			goto answer;	/* no folded lines either */
		}
		nlen = (size_t)(colon - p);
		vlen = (size_t)(e - colon - 1) - (e[-1] == '\r');
		colon++;
		while (vlen && (*colon == ' ' || *colon == '\t'))
			colon++, vlen--;
#define IS(name) (nlen == sizeof(name) - 1 && token_is(p, nlen, name))
		if (IS("host")) {
			has_host = true;
		} else if (IS("connection")) {
			if (token_is(colon, vlen, "close"))
				c->keep = false;
			else if (token_is(colon, vlen, "keep-alive"))
				c->keep = true;
		} else if (IS("content-length")) {
			has_body |= !token_is(colon, vlen, "0");
		} else if (IS("transfer-encoding")) {
			has_body = true;
		}
#undef IS
		p = e + 1;
	}
	/* A body we do not read would be taken for the next request. */
	if (has_body)
		c->keep = false;
	get = !strcmp(method, "GET");
	headm = !strcmp(method, "HEAD");
	if (http11 && !has_host) {
		status = 400;
	} else if (!get && !headm) {
		c->keep = false;
		status = 405;
		length = error_page(c, status, true, "Allow: GET, HEAD\r\n");
		goto done;
	} else {
		status = serve(c, target, get, &length);
		goto done;
	}
answer:
	c->keep = false;
	length = error_page(c, status, true, NULL);
done:
	log_request(method, target, status, length);
	c->rlen -= n;
	memmove(c->req, c->req + n, c->rlen);
	c->state = WRITING;
}

/* ---- connections ---------------------------------------------------------- */

static void close_conn(struct conn *c)
{
	vt_close(c->fd);
	vt_close(c->file);
	c->file = -1;
	c->state = FREE;
	accepting = true;
}

/* No slot or no descriptor for a new connection: the listener is left
 * alone until a connection closes, or for a second, so a full server
 * does not spin on a listener that stays readable. */
static void pause_accepting(void)
{
	accepting = false;
	retry_at = vn_now() + NS;
}

static void too_long(struct conn *c)
{
	int status = vt_memchr(c->req, '\n', c->rlen) ? 431 : 414;

	c->keep = false;
	log_request("-", "-", status, error_page(c, status, true, NULL));
	c->rlen = 0;
	c->state = WRITING;
}

/* Reads what has come; makes the response once a request is whole. */
static void on_readable(struct conn *c)
{
	size_t n;

	if (c->rlen < REQ_MAX) {
		long got = vt_read(c->fd, c->req + c->rlen, REQ_MAX - c->rlen);

		if (got == -__WASI_ERRNO_AGAIN)
			return;
		if (got <= 0) {
			close_conn(c);
			return;
		}
		if (c->state == DRAINING)
			return;
		c->rlen += (size_t)got;
	}
	n = head_end(c);
	if (n)
		respond(c, n);
	else if (c->rlen == REQ_MAX ||
		 (!vt_memchr(c->req, '\n', c->rlen) && c->rlen > LINE_MAX))
		too_long(c);
}

/* Sends what it can of the response; once it is out, the next
 * request if one has come already (pipelined), or back to reading. */
static void on_writable(struct conn *c)
{
	for (;;) {
		size_t n;

		if (c->opos == c->olen && c->file >= 0 && c->left) {
			size_t want = c->left < OUT_MAX ? (size_t)c->left :
				      OUT_MAX;
			long got;

			c->olen = c->opos = 0;
			reserve(c, OUT_MAX);
			got = vt_read(c->file, c->out, want);
			if (got <= 0) {	/* the file shrank: cut short */
				close_conn(c);
				return;
			}
			c->olen = (size_t)got;
			c->opos = 0;
			c->left -= (uint64_t)got;
		}
		if (c->opos < c->olen) {
			__wasi_ciovec_t iov = { (uint8_t *)c->out + c->opos,
						c->olen - c->opos };
			size_t sent = 0;
			int err = __wasi_fd_write(c->fd, &iov, 1, &sent);

			if (err == __WASI_ERRNO_AGAIN)
				return;
			if (err || !sent) {
				close_conn(c);
				return;
			}
			c->opos += sent;
			c->idle_since = vn_now();
			continue;
		}
		vt_close(c->file);
		c->file = -1;
		if (!c->keep) {
			c->state = DRAINING;
			c->rlen = 0;
			c->idle_since = vn_now();
			if (__wasi_sock_shutdown(c->fd, __WASI_SDFLAGS_WR))
				close_conn(c);
			return;
		}
		c->olen = c->opos = 0;
		c->state = READING;
		n = head_end(c);
		if (!n)
			return;
		respond(c, n);
	}
}

static void accept_all(void)
{
	for (;;) {
		struct conn *c = NULL;
		int fd, err;

		for (int i = 0; i < MAX_CONNS && !c; i++)
			if (conns[i].state == FREE)
				c = &conns[i];
		if (!c) {
			pause_accepting();
			return;
		}
		err = vy_accept(listen_fd, __WASI_FDFLAGS_NONBLOCK, &fd);
		if (err == __WASI_ERRNO_MFILE || err == __WASI_ERRNO_NFILE ||
		    err == __WASI_ERRNO_NOBUFS) {
			pause_accepting();
			return;
		}
		if (err)	/* EAGAIN: none left; else that client's loss */
			return;
		if (!c->req) {
			c->req = vt_alloc(REQ_MAX);
			c->ocap = OUT_MAX;
			c->out = vt_alloc(c->ocap);
		}
		c->fd = fd;
		c->file = -1;
		c->rlen = c->olen = c->opos = 0;
		c->state = READING;
		c->idle_since = vn_now();
	}
}

static void serve_forever(void)
{
	static __wasi_subscription_t subs[MAX_CONNS + 2];
	static __wasi_event_t events[MAX_CONNS + 2];

	for (;;) {
		uint64_t now = vn_now(), next = UINT64_MAX;
		__wasi_size_t n = 0, got = 0;
		int err;

		for (int i = 0; i < MAX_CONNS; i++) {
			struct conn *c = &conns[i];
			uint64_t deadline = c->idle_since + NS *
				(c->state == DRAINING ? DRAIN_SECONDS :
				 IDLE_SECONDS);

			if (c->state == FREE)
				continue;
			if (deadline <= now) {
				close_conn(c);
				continue;
			}
			if (deadline < next)
				next = deadline;
			vy_sub_fd(&subs[n++], c->fd, c->state == WRITING,
				  (uint64_t)i);
		}
		if (!accepting && retry_at <= now)
			accepting = true;
		if (accepting)
			vy_sub_fd(&subs[n++], listen_fd, false, LISTENER);
		else if (retry_at < next)
			next = retry_at;
		if (next != UINT64_MAX)
			vy_sub_clock(&subs[n++], next - now, MAX_CONNS);
		err = __wasi_poll_oneoff(subs, events, n, &got);
		if (err) {
			vn_warn("poll", err);
			vt_exit(1);
		}
		for (__wasi_size_t i = 0; i < got; i++) {
			uint64_t u = events[i].userdata;
			struct conn *c = &conns[u < MAX_CONNS ? u : 0];

			if (u == LISTENER) {
				accept_all();
			} else if (u < MAX_CONNS && c->state == DRAINING) {
				on_readable(c);
			} else if (u < MAX_CONNS && c->state == READING) {
				c->idle_since = vn_now();
				on_readable(c);
				if (c->state == WRITING)
					on_writable(c);
			} else if (u < MAX_CONNS && c->state == WRITING) {
				on_writable(c);
			}
		}
	}
}

static int httpd_main(int argc, char **argv)
{
	const char *dir;
	unsigned port = 8080;
	int c, err;
	char b[21];

	vtx_usage_status = 2;
	while ((c = vtx_getopt(argc, argv, "p:", NULL)) != -1) {
		if (!(port = vn_port(vt_optarg)))
			vt_usage_error("-p takes a port, 1-65535", 2);
	}
	if (argc - vt_optind > 1)
		vt_usage_error("one directory only", 2);
	dir = vt_optind < argc ? argv[vt_optind] : ".";
	root_fd = vt_path(dir, &root_rel, &err);
	if (root_fd < 0 || !vt_is_dir(dir) || strlen(root_rel) > 1024) {
		vt_warn(dir, root_fd < 0 ? "not among this app's files" :
			strlen(root_rel) > 1024 ? "path too long" :
			"not a directory");
		return 1;
	}
	err = vy_listen(port, 64, &listen_fd);
	if (!err)
		err = vn_nonblock(listen_fd);
	if (err) {
		vn_warn(vn_hostport("port", port), err);
		return 1;
	}
	vt_eputs("httpd: serving ");
	vt_eputs(vt_abspath(dir));
	vt_eputs(" on port ");
	vt_eputs(vt_utoa(port, b));
	vt_eputs("\n");
	vt_flush_out(&vt_stderr);
	serve_forever();
	return 0;
}

VT_TOOL(httpd_main,
	"Usage: httpd [-p PORT] [DIR]\n"
	"Serve DIR (default: the working directory) over HTTP on PORT\n"
	"(default 8080) until stopped: GET and HEAD, index.html or a listing\n"
	"for a directory. One line per request on standard error.\n")
