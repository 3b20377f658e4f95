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
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
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
	__wasi_fd_t fd;
	int state;
	char *req;		/* REQ_MAX bytes, made on first use */
	size_t rlen;
	char *out;		/* the head, then file bytes or a listing */
	size_t ocap, olen, opos;
	int file;		/* the body still to read, or -1 */
	uint64_t left;
	bool keep;		/* another request may follow */
	uint64_t deadline;	/* when it is closed unless touched */
};

static struct conn conns[MAX_CONNS];
static int listen_fd;
static bool accepting = true;	/* false while no slot or descriptor */
static uint64_t retry_at;	/* when to try accepting again anyway */
static int root_fd;		/* the preopened directory holding DIR */
static const char *root_rel;	/* DIR inside it ("." for itself) */

/* ---- the response --------------------------------------------------------- */

/*
 * The statuses this server gives, as numbers of their lines in
 * status_text: one string serves the status line, the error page and
 * the log (its first three bytes).
 */
enum {
	OK, MOVED, BAD_REQUEST, FORBIDDEN, NOT_FOUND, BAD_METHOD,
	URI_TOO_LONG, HEADERS_TOO_LARGE, SERVER_ERROR
};

static const char status_text[] =
	"200 OK\0" "301 Moved Permanently\0" "400 Bad Request\0"
	"403 Forbidden\0" "404 Not Found\0" "405 Method Not Allowed\0"
	"414 URI Too Long\0" "431 Request Header Fields Too Large\0"
	"500 Internal Server Error";

/* The nth string of a list of NUL-terminated ones. */
static const char *nth(const char *list, int n)
{
	while (n--)
		list += strlen(list) + 1;
	return list;
}

/* Each extension (lower case) and the number of its type in types;
 * an empty one ends the list, with the type for any other. */
static const char exts[] =
	"html\0" "\0" "htm\0" "\0" "txt\0" "\1" "css\0" "\2" "js\0" "\3"
	"json\0" "\4" "png\0" "\5" "jpg\0" "\6" "jpeg\0" "\6" "gif\0" "\7"
	"svg\0" "\10" "wasm\0" "\11" "\0" "\12";

static const char types[] =
	"text/html; charset=utf-8\0" "text/plain; charset=utf-8\0" "text/css\0"
	"text/javascript\0" "application/json\0" "image/png\0"
	"image/jpeg\0" "image/gif\0" "image/svg+xml\0" "application/wasm\0"
	"application/octet-stream";

#define HTML types	/* its first: "text/html; charset=utf-8" */

/* Are the n bytes at s word (in lower case), in any case? */
static bool is_word(const char *s, size_t n, const char *word)
{
	if (n != strlen(word))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((s[i] | 0x20) != word[i])
			return false;
	return true;
}

static const char *content_type(const char *path)
{
	const char *dot = "", *e = exts;	/* no extension: "" */

	for (const char *p = path; *p; p++)
		if (*p == '.')
			dot = p + 1;
		else if (*p == '/')
			dot = "";
	while (*e && !is_word(dot, strlen(dot), e))
		e += strlen(e) + 2;
	return nth(types, e[strlen(e) + 1]);
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

/* vt_utoa's digits, for one number at a time. */
static char digits[21];

static void putu(struct conn *c, uint64_t v)
{
	puts_(c, vt_utoa(v, digits));
}

/* The response head() made last, for the log. */
static const char *logged_status;
static uint64_t logged_length;

/* One line on stderr for each request. */
static void log_request(const char *method, const char *target)
{
	vt_eputs(method);	/* both free of control bytes (respond) */
	vt_eputs(" ");
	vt_eputs(target);
	vt_eputs(" ");
	vt_put_to(&vt_stderr, logged_status, 3);
	vt_eputs(" ");
	vt_eputs(vt_utoa(logged_length, digits));
	vt_eputs("\n");
	vt_flush_out(&vt_stderr);
}

/* The status line (from status_text) and headers into c->out, which it
 * empties first. */
static void head(struct conn *c, const char *status, const char *type,
		 uint64_t length, const char *extra)
{
	logged_status = status;
	logged_length = length;
	c->olen = c->opos = 0;
	puts_(c, "HTTP/1.1 ");
	puts_(c, logged_status);
	puts_(c, "\r\nServer: vyoma-httpd\r\nContent-Type: ");
	puts_(c, type);
	puts_(c, "\r\nContent-Length: ");
	putu(c, length);
	puts_(c, "\r\nConnection: ");
	puts_(c, c->keep ? "keep-alive" : "close");
	puts_(c, "\r\n");
	if (extra)
		puts_(c, extra);
	puts_(c, "\r\n");
}

/* A short HTML page saying what went wrong. */
static void error_page(struct conn *c, int status, bool with_body,
		       const char *extra)
{
	const char *line = nth(status_text, status);
	size_t n = strlen(line) + 10;	/* "<h1>" line "</h1>\n" */

	head(c, line, HTML, n, extra);
	if (with_body) {
		puts_(c, "<h1>");
		puts_(c, line);
		puts_(c, "</h1>\n");
	}
}

/* ---- directory listings ---------------------------------------------------- */

static char *dirbuf;		/* the whole directory as fd_readdir gives it */
static size_t dircap;
static char **order;		/* its entries (their dirents), sorted */

/* Buffers for a directory of up to cap bytes of dirents: each entry
 * takes a whole dirent at least, so order has room for them all. */
static void dir_room(size_t cap)
{
	dircap = cap;
	dirbuf = vt_alloc(cap);
	order = vt_alloc(cap / sizeof(__wasi_dirent_t) * sizeof(*order));
}

/* The length of the name after the dirent at de (which may be
 * unaligned in dirbuf), and whether it names a directory. */
static uint32_t name_len(const char *de)
{
	uint32_t n;

	memcpy(&n, de + offsetof(__wasi_dirent_t, d_namlen), sizeof(n));
	return n;
}

static bool is_dir(const char *de)
{
	return de[offsetof(__wasi_dirent_t, d_type)] ==
	       __WASI_FILETYPE_DIRECTORY;
}

static int by_name(const void *a, const void *b)
{
	uint32_t x = name_len(a), y = name_len(b);
	/* Names hold no NUL: strncmp is memcmp here, and smaller. */
	int d = strncmp((const char *)a + sizeof(__wasi_dirent_t),
		       (const char *)b + sizeof(__wasi_dirent_t),
		       x < y ? x : y);

	return d ? d : (int)x - (int)y;
}

/* The entries of the open directory fd, sorted by name; their count. */
static size_t read_dir(int fd)
{
	size_t used = 0, n = 0;

	if (!dircap)
		dir_room(16384);
	/* A full buffer may have cut an entry short: read it all again
	 * into one twice the size, so every entry is whole. */
	while (!__wasi_fd_readdir(fd, (uint8_t *)dirbuf, dircap, 0, &used) &&
	       used == dircap)
		dir_room(2 * dircap);
	for (size_t pos = 0; pos + sizeof(__wasi_dirent_t) <= used;) {
		char *de = dirbuf + pos, *name = de + sizeof(__wasi_dirent_t);
		uint32_t len = name_len(de);

		pos += sizeof(__wasi_dirent_t) + len;
		if (pos > used)
			break;
		if ((len == 1 || len == 2) && name[0] == '.' &&
		    name[len - 1] == '.')
			continue;	/* "." and ".." */
		order[n++] = de;
	}
	vf_sort((void **)order, n, by_name);
	return n;
}

/* name with &, <, >, " and ' as entities, for HTML. */
static void put_html(struct conn *c, const char *s, size_t n)
{
	static const char special[] = "&<>\"'";

	for (size_t i = 0; i < n; i++) {
		const char *e = vt_memchr(special, s[i], 5);

		if (e)
			puts_(c, nth("&amp;\0&lt;\0&gt;\0&quot;\0&#39;",
				     (int)(e - special)));
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
		bool plain = ch > ' ' && ch < 0x7f &&
			     !vt_memchr("\"#%&'/<>?[\\]^`{|}", (char)ch, 17);

		if (plain) {
			put(c, s + i, 1);
		} else {
			put(c, "%", 1);
			put(c, &hex[ch >> 4], 1);
			put(c, &hex[ch & 15], 1);
		}
	}
}

/* One line of a listing: a link to the entry name (n bytes), with a
 * '/' after a directory's. */
static void put_entry(struct conn *c, const char *name, size_t n, bool dir)
{
	const char *slash = dir ? "/" : "";

	puts_(c, "<li><a href=\"");
	put_href(c, name, n);
	puts_(c, slash);
	puts_(c, "\">");
	put_html(c, name, n);
	puts_(c, slash);
	puts_(c, "</a></li>\n");
}

/*
 * An HTML listing of the open directory fd, whose URL path is path.
 * The page is written first, HEAD_ROOM bytes in, and then its head
 * (which needs the length) just before it, so neither is copied
 * anywhere else.
 */
static void listing(struct conn *c, int fd, const char *path,
		    bool with_body)
{
	size_t n = read_dir(fd), end, h;

	reserve(c, HEAD_ROOM);
	c->olen = HEAD_ROOM;
	puts_(c, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
		 "<title>Index of ");
	put_html(c, path, strlen(path));
	puts_(c, "</title></head>\n<body><h1>Index of ");
	put_html(c, path, strlen(path));
	puts_(c, "</h1>\n<ul>\n");
	if (path[1])	/* the parent, but at the top */
		put_entry(c, "..", 2, true);
	for (size_t i = 0; i < n; i++)
		put_entry(c, order[i] + sizeof(__wasi_dirent_t),
			  name_len(order[i]), is_dir(order[i]));
	puts_(c, "</ul></body></html>\n");
	end = c->olen;
	head(c, status_text, HTML, end - HEAD_ROOM, NULL);	/* 200 OK */
	h = c->olen;
	memmove(c->out + HEAD_ROOM - h, c->out, h);
	c->opos = HEAD_ROOM - h;
	c->olen = with_body ? end : HEAD_ROOM;
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
 * without empty or "." segments), and in *end where it ends in t: 0,
 * or BAD_REQUEST for a malformed target, a NUL, or a ".." segment.
 * The query is left out.
 */
static int decode_path(const char *t, char *fs, size_t cap,
		       const char **end)
{
	size_t n = strlen(root_rel), seg;

	if (*t != '/')
		return BAD_REQUEST;
	memcpy(fs, root_rel, n);
	seg = n;
	for (;;) {
		char ch = *t++;

		if (ch == '%') {
			int hi = hexval(t[0]), lo = hi < 0 ? -1 : hexval(t[1]);

			if (lo < 0 || (!hi && !lo))
				return BAD_REQUEST;
			ch = (char)(hi * 16 + lo);
			t += 2;
		} else if (ch == '?' || ch == '#') {
			ch = '\0';
		}
		if (ch == '/' || !ch) {
			size_t len = n - seg;

			if (len == 2 && fs[seg] == '.' && fs[seg + 1] == '.')
				return BAD_REQUEST;
			if (len == 0 || (len == 1 && fs[seg] == '.'))
				n = seg;	/* drop "" and "." segments */
			if (!ch) {
				*end = t - 1;
				break;
			}
		}
		if (n + 1 >= cap)
			return URI_TOO_LONG;
		fs[n++] = ch;
		if (ch == '/')
			seg = n;
	}
	while (n > 1 && fs[n - 1] == '/')
		n--;
	fs[n] = '\0';
	return 0;
}

/* The status of path (in root_fd), a link followed; 0 or an errno. */
static int stat_at(const char *path, __wasi_filestat_t *st)
{
	return __wasi_path_filestat_get(root_fd,
					__WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
					path, st);
}

/* Opens path (in root_fd) to read, a directory if dir; 0 or an errno. */
static int open_at(const char *path, bool dir, __wasi_fd_t *fd)
{
	return __wasi_path_open(root_fd, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
				path, dir ? __WASI_OFLAGS_DIRECTORY : 0,
				VT_RIGHTS & ~VT_WRITE_RIGHTS, VT_RIGHTS, 0, fd);
}

/* The status for a failed lookup or open: the errors for a missing
 * file, then those for a refused one (every errno is below 128). */
static int errno_status(int err)
{
	static const char errs[] = {
		__WASI_ERRNO_NOENT, __WASI_ERRNO_NOTDIR,
		__WASI_ERRNO_ACCES, __WASI_ERRNO_NOTCAPABLE, __WASI_ERRNO_PERM,
		__WASI_ERRNO_LOOP
	};
	const char *e = vt_memchr(errs, (char)err, sizeof(errs));

	return !e ? SERVER_ERROR : e < errs + 2 ? NOT_FOUND : FORBIDDEN;
}

/*
 * Answers GET or HEAD of target; the status. One buffer holds the path
 * on disk, then what is made of it: the path with "/index.html", or
 * the Location of a redirect.
 */
static int serve(struct conn *c, const char *target, bool with_body)
{
	static char fs[LINE_MAX + 32];
	__wasi_filestat_t st;
	const char *end, *extra = NULL;	/* the target's path ends at end */
	int status = decode_path(target, fs, LINE_MAX, &end), err;
	__wasi_fd_t fd;
	size_t tl, n;
	bool slash;	/* it ends in '/': a directory is meant */

	if (status)
		goto fail;
	tl = (size_t)(end - target);
	slash = end[-1] == '/';
	err = stat_at(fs, &st);
	if (!err && st.filetype == __WASI_FILETYPE_DIRECTORY) {
		if (!slash) {	/* so relative links work */
			memcpy(fs, "Location: ", 10);
			memcpy(fs + 10, target, tl);
			memcpy(fs + 10 + tl, "/\r\n", 4);
			status = MOVED;
			extra = fs;
			goto fail;
		}
		n = strlen(fs);
		memcpy(fs + n, "/index.html", 12);
		if (!stat_at(fs, &st) &&
		    st.filetype == __WASI_FILETYPE_REGULAR_FILE) {
			slash = false;
		} else {
			fs[n] = '\0';
			err = open_at(fs, true, &fd);
			if (err)
				goto fail_errno;
			memcpy(fs + n, "/", 2);
			listing(c, fd, fs + strlen(root_rel), with_body);
			vt_close(fd);
			return OK;
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
	head(c, status_text, content_type(fs), st.size, NULL);	/* 200 OK */
	if (with_body && st.size) {
		c->file = fd;
		c->left = st.size;
	} else {
		vt_close(fd);
	}
	return OK;
fail_errno:
	status = errno_status(err);
fail:
	error_page(c, status, with_body, extra);
	return status;
}

/* The length of the request's head in c->req, up to the empty line
 * ("\n" or "\r\n") that ends it; 0 while it is not whole. */
static size_t head_end(const struct conn *c)
{
	const char *r = c->req;

	for (size_t i = 1; i < c->rlen; i++)
		if (r[i] == '\n' &&
		    (r[i - 1] == '\n' ||
		     (i > 1 && r[i - 1] == '\r' && r[i - 2] == '\n')))
			return i + 1;
	return 0;
}

/* The headers respond looks at, by their number in header_names. */
enum { HOST, CONNECTION, CONTENT_LENGTH, TRANSFER_ENCODING, OTHER };

static const char header_names[] =
	"host\0connection\0content-length\0transfer-encoding";

/*
 * Parses the request of n bytes at the front of c->req and makes its
 * response in c->out; the request's bytes are then dropped. A request
 * too long to read whole is refused unparsed, with the status refuse.
 */
static void respond(struct conn *c, size_t n, int refuse)
{
	char *p = c->req, *end = c->req + n, *line_end, *text_end, *sp;
	char *version;
	const char *method = "-", *target = "-", *extra = NULL;
	bool http11 = false, has_host = false, has_body = false, get;
	int status = BAD_REQUEST;

	if (refuse) {
		status = refuse;
		goto answer;
	}
	c->req[n - 1] = '\0';
	line_end = vt_memchr(p, '\n', n);
	*line_end = '\0';
	if (line_end > p && line_end[-1] == '\r')
		line_end[-1] = '\0';
	if (line_end - p > LINE_MAX) {
		status = URI_TOO_LONG;
		goto answer;
	}
	/* No control bytes: they could end a header early in a Location
	 * made from the target, or play tricks in the log. The line is
	 * taken up to its first NUL (at line_end unless one came first). */
	for (text_end = p; *text_end; text_end++)
		if ((unsigned char)*text_end < ' ' || *text_end == 0x7f)
			goto answer;
	sp = vt_memchr(p, ' ', (size_t)(text_end - p));
	version = sp ? vt_memchr(sp + 1, ' ', (size_t)(text_end - sp - 1)) :
		  NULL;
	if (!version)
		goto answer;
	http11 = !strcmp(version + 1, "HTTP/1.1");
	if (!http11 && strcmp(version + 1, "HTTP/1.0"))
		goto answer;
	*sp = *version = '\0';
	method = p;
	target = sp + 1;
	c->keep = http11;
	for (p = line_end + 1; p < end && *p && *p != '\r' && *p != '\n';) {
		char *e = vt_memchr(p, '\n', (size_t)(end - p)), *colon;
		char *v, *v_end;	/* the value, without blanks around */
		size_t vlen;
		int h = HOST;

		if (!e)
			e = end - 1;
		colon = vt_memchr(p, ':', (size_t)(e - p));
		if (!colon || colon == p || vtx_blank(*p))
			goto answer;	/* no folded lines either */
		v = colon + 1;
		v_end = e - (e[-1] == '\r');
		while (v < v_end && vtx_blank(*v))
			v++;
		while (v_end > v && vtx_blank(v_end[-1]))
			v_end--;
		vlen = (size_t)(v_end - v);
		while (h < OTHER &&
		       !is_word(p, (size_t)(colon - p), nth(header_names, h)))
			h++;
		if (h == HOST)
			has_host = true;
		else if (h == CONNECTION && is_word(v, vlen, "close"))
			c->keep = false;
		else if (h == CONNECTION && is_word(v, vlen, "keep-alive"))
			c->keep = true;
		else if (h == CONTENT_LENGTH)
			has_body |= !is_word(v, vlen, "0");
		else if (h == TRANSFER_ENCODING)
			has_body = true;
		p = e + 1;
	}
	/* A body we do not read would be taken for the next request. */
	if (has_body)
		c->keep = false;
	get = !strcmp(method, "GET");
	if (http11 && !has_host)
		goto answer;
	if (!get && strcmp(method, "HEAD")) {
		status = BAD_METHOD;
		extra = "Allow: GET, HEAD\r\n";
		goto answer;
	}
	serve(c, target, get);
	goto done;
answer:
	c->keep = false;
	error_page(c, status, true, extra);
done:
	log_request(method, target);
	c->rlen -= n;
	memmove(c->req, c->req + n, c->rlen);
	c->state = WRITING;
}

/* ---- connections ---------------------------------------------------------- */

/*
 * Reads (or writes) up to n bytes at buf: the count, or -errno. Its
 * iovec and count are static, so it needs no stack frame; a read and
 * a write take the same arguments.
 */
static long io(int fd, char *buf, size_t n, bool write)
{
	static __wasi_iovec_t iov;
	static size_t done;
	int err;

	iov.buf = (uint8_t *)buf;
	iov.buf_len = n;
	do
		err = write ? __wasi_fd_write(fd, (__wasi_ciovec_t *)&iov, 1,
					      &done) :
			      __wasi_fd_read(fd, &iov, 1, &done);
	while (err == __WASI_ERRNO_INTR);
	return err ? -(long)err : (long)done;
}

static void close_conn(struct conn *c)
{
	vt_close(c->fd);
	vt_close(c->file);	/* accept_all sets it to -1 again */
	c->state = FREE;
	accepting = true;
}

/* The connection did something: its idle time starts again. */
static void touch(struct conn *c)
{
	c->deadline = vn_now() + NS * (c->state == DRAINING ? DRAIN_SECONDS :
				       IDLE_SECONDS);
}

/* No slot or no descriptor for a new connection: the listener is left
 * alone until a connection closes, or for a second, so a full server
 * does not spin on a listener that stays readable. */
static void pause_accepting(void)
{
	accepting = false;
	retry_at = vn_now() + NS;
}

/* Reads what has come; makes the response once a request is whole. */
static void on_readable(struct conn *c)
{
	size_t n;

	if (c->rlen < REQ_MAX) {
		long got = io(c->fd, c->req + c->rlen, REQ_MAX - c->rlen,
			      false);

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
	if (n) {
		respond(c, n, 0);
	} else {
		/* the request line is whole, or not */
		bool line = vt_memchr(c->req, '\n', c->rlen);

		if (c->rlen == REQ_MAX || (!line && c->rlen > LINE_MAX))
			respond(c, c->rlen, line ? HEADERS_TOO_LARGE :
				URI_TOO_LONG);
	}
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

			/* c->out holds OUT_MAX bytes at least. */
			c->olen = c->opos = 0;
			got = io(c->file, c->out, want, false);
			if (got <= 0) {	/* the file shrank: cut short */
				close_conn(c);
				return;
			}
			c->olen = (size_t)got;
			c->left -= (uint64_t)got;
		}
		if (c->opos < c->olen) {
			long sent = io(c->fd, c->out + c->opos,
				       c->olen - c->opos, true);

			if (sent == -__WASI_ERRNO_AGAIN)
				return;
			if (sent <= 0) {
				close_conn(c);
				return;
			}
			c->opos += (size_t)sent;
			touch(c);
			continue;
		}
		vt_close(c->file);
		c->file = -1;
		if (!c->keep) {
			c->state = DRAINING;
			c->rlen = 0;
			touch(c);
			if (__wasi_sock_shutdown(c->fd, __WASI_SDFLAGS_WR))
				close_conn(c);
			return;
		}
		c->olen = c->opos = 0;
		c->state = READING;
		n = head_end(c);
		if (!n)
			return;
		respond(c, n, 0);
	}
}

static void accept_all(void)
{
	for (;;) {
		struct conn *c = NULL;
		int err;

		for (int i = 0; i < MAX_CONNS && !c; i++)
			if (conns[i].state == FREE)
				c = &conns[i];
		if (!c) {
			pause_accepting();
			return;
		}
		/* Into the free slot: it is taken only if this succeeds. */
		err = __wasi_sock_accept(listen_fd, __WASI_FDFLAGS_NONBLOCK,
					 &c->fd);
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
		c->file = -1;
		c->rlen = c->olen = c->opos = 0;
		c->state = READING;
		touch(c);
	}
}

/*
 * vy_sub_fd without its memset: only the descriptor (or a clock's id,
 * at the same place) and the timeout are ever set in subs, the rest
 * stays zero, so a slot that was a clock's can become a socket's.
 */
static void sub(__wasi_subscription_t *s, int fd, bool write, int user)
{
	s->userdata = (uint64_t)user;
	s->u.tag = write ? __WASI_EVENTTYPE_FD_WRITE : __WASI_EVENTTYPE_FD_READ;
	s->u.u.fd_read.file_descriptor = (__wasi_fd_t)fd;
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

			if (c->state == FREE)
				continue;
			if (c->deadline <= now) {
				close_conn(c);
				continue;
			}
			if (c->deadline < next)
				next = c->deadline;
			sub(&subs[n++], c->fd, c->state == WRITING, i);
		}
		if (retry_at <= now)	/* the pause is over */
			accepting = true;
		if (accepting)
			sub(&subs[n++], listen_fd, false, LISTENER);
		else if (retry_at < next)
			next = retry_at;
		if (next != UINT64_MAX) {
			sub(&subs[n], __WASI_CLOCKID_MONOTONIC, 0, MAX_CONNS);
			subs[n++].u.tag = __WASI_EVENTTYPE_CLOCK;
			subs[n - 1].u.u.clock.timeout = next - now;
		}
		err = __wasi_poll_oneoff(subs, events, n, &got);
		if (err) {
			vt_warn("poll", "cannot wait");
			vt_exit(1);
		}
		for (__wasi_size_t i = 0; i < got; i++) {
			uint64_t u = events[i].userdata;
			struct conn *c;

			if (u == LISTENER)
				accept_all();
			if (u >= MAX_CONNS)	/* the listener or the clock */
				continue;
			c = &conns[u];
			if (c->state == DRAINING) {
				on_readable(c);
			} else if (c->state == READING) {
				touch(c);
				on_readable(c);
				if (c->state == WRITING)
					on_writable(c);
			} else if (c->state == WRITING) {
				on_writable(c);
			}
		}
	}
}

/*
 * A port as vn_port takes it, or 0: 1-65535 in decimal, blanks before
 * it, and a '+' only after them. vn_port's 64-bit vt_parse_int is
 * twice this size.
 */
static unsigned parse_port(const char *s)
{
	const char *p = s;
	unsigned v = 0;

	while (vtx_blank(*p))
		p++;
	if (p > s && *p == '+')
		p++;
	for (; *p; p++) {	/* no digits: 0 */
		unsigned d = (unsigned)(*p - '0');

		if (d > 9)
			return 0;
		v = v * 10 + d;
		if (v > 65535)
			return 0;
	}
	return v;
}

/*
 * The options, as vtx_getopt with GNU's order would take them (options
 * among the operands, "--" ending them, "-pPORT" or "-p PORT"), for
 * the one option there is, refused in its words (vtx__bad); the
 * operands are gathered at the front of argv. Their count.
 */
static int options(int argc, char **argv, unsigned *port)
{
	static char name[2];	/* the option, for messages */
	int ops = 0;
	bool only_operands = false;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];

		if (only_operands || a[0] != '-' || !a[1]) {
			argv[ops++] = a;
			continue;
		}
		name[0] = a[1];
		if (a[1] == '-') {
			if (a[2])
				vtx__bad("unrecognized option", a);
			only_operands = true;
		} else if (a[1] != 'p') {
			vtx__bad("invalid option --", name);
		} else {
			a = a[2] ? a + 2 : argv[++i];
			if (!a)
				vtx__bad("option requires an argument --",
					 name);
			if (!(*port = parse_port(a)))
				vt_usage_error("-p takes a port, 1-65535", 2);
		}
	}
	return ops;
}

/*
 * vn_warn for the listen, without its tables of messages (900 bytes,
 * an eighth of this app): a missing grant as vn_warn says it, then the
 * two errors a listen on a granted port gives in practice.
 */
static void listen_warn(const char *what, int err)
{
	if (err == __WASI_ERRNO_ACCES)
		vn_warn(what, err);
	else
		vt_warn(what, err == __WASI_ERRNO_ADDRINUSE ?
			"Address already in use" : err == __WASI_ERRNO_MFILE ?
			"Too many open files" : "cannot listen");
}

static int httpd_main(int argc, char **argv)
{
	static __wasi_filestat_t st;	/* static: no stack frame */
	static char b[26];
	const char *dir, *why;
	unsigned port = 8080;
	int ops, err;
	char *digits;

	vtx_usage_status = 2;
	ops = options(argc, argv, &port);
	if (ops > 1)
		vt_usage_error("one directory only", 2);
	dir = ops ? argv[0] : ".";
	root_fd = vt_path(dir, &root_rel, &err);
	why = root_fd < 0 ? "not among this app's files" :
	      strlen(root_rel) > 1024 ? "path too long" :
	      stat_at(root_rel, &st) ||
	      st.filetype != __WASI_FILETYPE_DIRECTORY ? "not a directory" :
	      NULL;
	if (why) {
		vt_warn(dir, why);
		return 1;
	}
	/* Room before the digits for "port:", as vn_hostport says it. */
	digits = vt_utoa(port, b + 5);
	err = vy_listen(port, 64, &listen_fd);
	if (!err)
		err = vn_nonblock(listen_fd);
	if (err) {
		listen_warn(memcpy(digits - 5, "port:", 5), err);
		return 1;
	}
	vt_eputs("httpd: serving ");
	vt_eputs(vt_abspath(dir));
	vt_eputs(" on port ");
	vt_eputs(digits);
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
