/*
 * vytool.h - the runtime of VyomaOS's command-line tools: arguments,
 * environment, paths, files, directories, buffered output, line input,
 * errors and options, straight over WASI preview 1 (wasi/api.h).
 *
 * Why not wasi-libc's own: its argv, environ, getenv and path lookup
 * all allocate through dlmalloc and its preopen table, which costs a
 * tool 6-10 KB before it does anything; a tool here must stay under
 * 10 KB (median 4 KB). So this header owns:
 *   - memory: a bump arena grown with memory.grow (vt_alloc, vt_grow);
 *     tools run once and exit, so nothing is freed;
 *   - the working directory: $PWD as given by the spawner (WASI has no
 *     cwd), and path resolution: a path is made absolute, its "." and
 *     ".." are resolved by name, and the longest preopened directory
 *     that contains it serves it (vt_path);
 *   - output through an 8 KiB buffer (vt_out), errors in GNU's form
 *     "tool: what: why" on stderr.
 * Everything is static inline, so a tool links in only what it calls.
 *
 * A tool that defines VT_SHARED before including this takes the largest
 * pieces (vt_path, vt_open, vt_read, vt_getdelim, vt_write_fd, and
 * vytool_match.h's vm_opts: 1 to 3 KB of every tool that opens files)
 * from the shared library lib_vytool instead (libs/vytool,
 * docs/libraries.md), which runs them as the tool itself: with its
 * mounts, descriptors and output. It then runs on VyomaOS only. Their
 * state there is the library's own: its table of preopened directories
 * and its copy of $PWD, read the same way, and its arena, which holds
 * the buffers vt_getdelim grows.
 *
 *	static int cat_main(int argc, char **argv) { ... return 0; }
 *	VT_TOOL(cat_main, "Usage: cat [FILE]...\n...")
 */
#ifndef VYTOOL_H
#define VYTOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "vyoma_wasi.h"	/* <wasi/api.h>, its calls imported directly */

#define VT_PAGE 65536u

/* Declares a function as lib_vytool's (VT_SHARED), or not at all. */
#if defined(VT_SHARED) && !defined(VT_LIBRARY)
#define VT__IMPORTED 1
#define VT__SHARED(name) \
	__attribute__((import_module("lib_vytool"), import_name(name)))
#endif

/*
 * The status a tool ends with on trouble the runtime meets (a failed
 * write, memory exhausted) or a warning reports: 1, but a tool whose 1
 * means "no" (grep's no match, cmp's and diff's differ, sort -c's
 * disorder) defines it as 2 before including this header, as GNU's do.
 */
#ifndef VT_TROUBLE
#define VT_TROUBLE 1
#endif

/* ---- bytes ------------------------------------------------------------ */

/* wasi-libc's memchr and strncmp are word-at-a-time and ten times the
 * size; a tool's hot loop is its own, so these stay small. */
static inline char *vt_memchr(const char *p, char c, size_t n)
{
	for (; n; n--, p++)
		if (*p == c)
			return (char *)p;
	return NULL;
}

/* Does s start with the n bytes of prefix? */
static inline bool vt_prefix(const char *s, const char *prefix, size_t n)
{
	while (n--)
		if (*s++ != *prefix++)
			return false;
	return true;
}

/* ---- memory ---------------------------------------------------------- */

static char *vt__arena, *vt__arena_end, *vt__last;

static inline void vt_exit(int status);
static inline void vt_die(const char *what);

/* Room for n (8-aligned) bytes in the arena, memory grown if need be;
 * false when it cannot grow. */
static inline bool vt__room(size_t n)
{
	if ((size_t)(vt__arena_end - vt__arena) < n) {
		size_t pages = (n + VT_PAGE - 1) / VT_PAGE;
		size_t more = pages < 16 ? 16 : pages;
		long old = __builtin_wasm_memory_grow(0, more);

		if (old < 0) {
			more = pages;
			old = __builtin_wasm_memory_grow(0, more);
		}
		if (old < 0)
			return false;
		/* Keep what is left of the old region only if contiguous;
		 * else the last allocation cannot grow in place any more
		 * (the pages between are someone else's). */
		if ((char *)((size_t)old * VT_PAGE) != vt__arena_end) {
			vt__arena = (char *)((size_t)old * VT_PAGE);
			vt__last = NULL;
		}
		vt__arena_end = (char *)((size_t)(old + more) * VT_PAGE);
	}
	return true;
}

/* n bytes, 8-aligned, never freed; out of memory ends the tool. (No
 * 2 GiB ever fits: refused before the sums below can wrap.) */
static inline void *vt_alloc(size_t n)
{
	char *p;

	if ((long)n < 0 || !vt__room(n = (n + 7) & ~(size_t)7))
		vt_die("memory exhausted");
	p = vt__arena;
	vt__arena += n;
	vt__last = p;
	return p;
}

/* The arena's top, for vt_release. */
struct vt_mark {
	char *top, *end;
};

static inline struct vt_mark vt_mark(void)
{
	return (struct vt_mark){ vt__arena, vt__arena_end };
}

/*
 * Gives back all that was allocated since mark, zeroed as fresh memory
 * is: for a tool that builds the same thing again and again (a pattern
 * compiled anew at each key). Nothing is given back once the arena has
 * grown since: the new pages may lie past memory that other code grew,
 * which is not the arena's to hand out.
 */
static inline void vt_release(struct vt_mark m)
{
	if (!m.top || m.end != vt__arena_end || m.top > vt__arena)
		return;
	memset(m.top, 0, (size_t)(vt__arena - m.top));
	vt__arena = m.top;
	vt__last = NULL;
}

/* p (old bytes, from vt_alloc) made n bytes: in place when it was the
 * last allocation, else copied. */
static inline void *vt_grow(void *p, size_t old, size_t n)
{
	char *q;

	if (p && p == vt__last && (long)n >= 0 &&
	    (size_t)(vt__arena_end - vt__last) >= ((n + 7) & ~(size_t)7)) {
		vt__arena = vt__last + ((n + 7) & ~(size_t)7);
		return p;
	}
	q = vt_alloc(n);
	if (p)
		memcpy(q, p, old < n ? old : n);
	return q;
}

static inline char *vt_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(vt_alloc(n), s, n);
}

/* ---- output ---------------------------------------------------------- */

struct vt_out {
	int fd;
	size_t len, cap;
	char *buf;
};

/* The buffers are zeroed memory (.bss), not file bytes. */
static char vt__outbuf[8192], vt__errbuf[1024];
static struct vt_out vt_stdout = { 1, 0, sizeof(vt__outbuf), vt__outbuf };
static struct vt_out vt_stderr = { 2, 0, sizeof(vt__errbuf), vt__errbuf };
static const char *vt_prog = "tool";
static int vt_status;	/* the exit status so far (VT_TROUBLE after trouble) */

/* Writes all of buf to fd; false on error (EPIPE ends the tool). */
#ifdef VT__IMPORTED
VT__SHARED("write_fd")
bool vt_write_fd(int fd, const void *buf, size_t len);
#else
static inline bool vt_write_fd(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		__wasi_ciovec_t iov = { (const uint8_t *)p, len };
		size_t n = 0;
		__wasi_errno_t e = __wasi_fd_write(fd, &iov, 1, &n);

		if (e == __WASI_ERRNO_INTR || e == __WASI_ERRNO_AGAIN)
			continue;
		if (e == __WASI_ERRNO_PIPE)
			__wasi_proc_exit(1);	/* the reader left: as SIGPIPE */
		if (e || !n)
			return false;
		p += n;
		len -= n;
	}
	return true;
}
#endif

/* As vt_write_fd, a failure kept as the exit status. */
static inline void vt__write_out(int fd, const void *buf, size_t len)
{
	if (!vt_write_fd(fd, buf, len))
		vt_status = VT_TROUBLE;
}

static inline void vt_flush_out(struct vt_out *o)
{
	vt__write_out(o->fd, o->buf, o->len);
	o->len = 0;
}

static inline void vt_flush(void)
{
	vt_flush_out(&vt_stdout);
}

static inline void vt_put_to(struct vt_out *o, const void *p, size_t n)
{
	if (o->len + n > o->cap) {
		vt_flush_out(o);
		if (n > o->cap) {
			vt__write_out(o->fd, p, n);
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static inline void vt_put(const void *p, size_t n)
{
	vt_put_to(&vt_stdout, p, n);
}

static inline void vt_puts(const char *s)
{
	vt_put(s, strlen(s));
}

static inline void vt_putc(char c)
{
	if (vt_stdout.len == vt_stdout.cap)
		vt_flush();
	vt_stdout.buf[vt_stdout.len++] = c;
}

/* v in decimal into buf (at least 21 bytes); returns the digits. */
static inline char *vt_utoa(uint64_t v, char *buf)
{
	char *p = buf + 20;

	*p = '\0';
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return p;
}

static inline char *vt_itoa(int64_t v, char *buf)
{
	char *p = vt_utoa(v < 0 ? -(uint64_t)v : (uint64_t)v, buf + 1);

	if (v < 0)
		*--p = '-';
	return p;
}

static inline void vt_putu(uint64_t v)
{
	char b[21];

	vt_puts(vt_utoa(v, b));
}

static inline void vt_puti(int64_t v)
{
	char b[22];

	vt_puts(vt_itoa(v, b));
}

/* v right-aligned in width columns (GNU's "%*ju"). */
static inline void vt_putu_width(uint64_t v, int width)
{
	char b[21];
	char *s = vt_utoa(v, b);

	for (int pad = width - (int)strlen(s); pad > 0; pad--)
		vt_putc(' ');
	vt_puts(s);
}

/* ---- errors ---------------------------------------------------------- */

#ifdef VT_SYSTEM_STRERROR
/*
 * A tool that already needs VyomaOS (it asks the supervisor, resolves
 * names, hashes through the host) defines VT_SYSTEM_STRERROR before its
 * first include and asks the supervisor for glibc's words, for every
 * errno, instead of carrying the table below: 0.45 KB less in each.
 * A plain WASI tool keeps the table and runs on any WASI runtime.
 */
#include "vyoma_process.h"
#define VT__WORDS_FROM_SYSTEM	/* vytool_net.h and vytool_match.h check */

static inline const char *vt_strerror(int e)
{
	return vy_strerror(e);
}
#else
/*
 * glibc's words for the errors a tool meets. A table and a walk, not a
 * switch: every tool that opens a file carries this, and the switch's
 * jump table and string pointers cost about 200 bytes more.
 */
static inline const char *vt_strerror(int e)
{
	/* Each errno, then the number of its message in text. */
	static const unsigned char map[] = {
		__WASI_ERRNO_NOENT, 1, __WASI_ERRNO_ACCES, 2,
		__WASI_ERRNO_NOTCAPABLE, 2, __WASI_ERRNO_PERM, 2,
		__WASI_ERRNO_EXIST, 3, __WASI_ERRNO_ISDIR, 4,
		__WASI_ERRNO_NOTDIR, 5, __WASI_ERRNO_NOTEMPTY, 6,
		__WASI_ERRNO_NOSPC, 7, __WASI_ERRNO_DQUOT, 8,
		__WASI_ERRNO_INVAL, 9, __WASI_ERRNO_LOOP, 10,
		__WASI_ERRNO_NAMETOOLONG, 11, __WASI_ERRNO_XDEV, 12,
		__WASI_ERRNO_ROFS, 13, __WASI_ERRNO_BADF, 14,
		__WASI_ERRNO_NOMEM, 15, __WASI_ERRNO_NOSYS, 16,
		__WASI_ERRNO_NOTSUP, 16,
	};
	static const char text[] =
		"Input/output error\0No such file or directory\0"
		"Permission denied\0File exists\0Is a directory\0"
		"Not a directory\0Directory not empty\0"
		"No space left on device\0Disk quota exceeded\0"
		"Invalid argument\0Too many levels of symbolic links\0"
		"File name too long\0Invalid cross-device link\0"
		"Read-only file system\0Bad file descriptor\0"
		"Cannot allocate memory\0Operation not supported";
	const char *s = text;
	int n = 0;

	for (size_t i = 0; i < sizeof(map); i += 2)
		if (map[i] == e)
			n = map[i + 1];
	while (n--)
		s += strlen(s) + 1;
	return s;
}
#endif

static inline void vt_eputs(const char *s)
{
	vt_put_to(&vt_stderr, s, strlen(s));
}

/* ": s" on stderr, when there is an s. */
static inline void vt__eputs_part(const char *s)
{
	if (s) {
		vt_eputs(": ");
		vt_eputs(s);
	}
}

/*
 * "prog: a: b\n" on stderr (b or a may be NULL) and the status becomes
 * 1. stdout goes first, so the two stay in order on a terminal.
 */
static inline void vt_warn(const char *a, const char *b)
{
	vt_flush();
	vt_eputs(vt_prog);
	vt__eputs_part(a);
	vt__eputs_part(b);
	vt_eputs("\n");
	vt_flush_out(&vt_stderr);
	vt_status = VT_TROUBLE;
}

/* "prog: what: strerror(err)" */
static inline void vt_warn_errno(const char *what, int err)
{
	vt_warn(what, vt_strerror(err));
}

static inline void vt_exit(int status)
{
	vt_flush();
	vt_flush_out(&vt_stderr);
	__wasi_proc_exit(status ? status : vt_status);
}

#ifdef VT_LIBRARY
/* A shared library (docs/libraries.md) knows neither the tool's name
 * nor its status: it says why on the tool's stderr, then traps, which
 * ends the app calling it. */
static inline void vt_die(const char *what)
{
	vt_write_fd(2, "shared library: ", 16);
	vt_write_fd(2, what, strlen(what));
	vt_write_fd(2, "\n", 1);
	__builtin_trap();
}
#else
static inline void vt_die(const char *what)
{
	vt_warn(what, NULL);
	vt_exit(VT_TROUBLE);
}
#endif

/* A usage error: GNU's two lines, status 1 (or 2 where GNU uses 2). */
static inline void vt_usage_error(const char *what, int status)
{
	if (what)
		vt_warn(what, NULL);
	vt_eputs("Try '");
	vt_eputs(vt_prog);
	vt_eputs(" --help' for more information.\n");
	vt_flush_out(&vt_stderr);
	vt_exit(status);
}

/* ---- environment ----------------------------------------------------- */

static char **vt__environ;

static inline const char *vt_getenv(const char *name)
{
	size_t n = strlen(name);

	if (!vt__environ) {
		__wasi_size_t count = 0, size = 0;

		if (__wasi_environ_sizes_get(&count, &size))
			count = size = 0;
		vt__environ = vt_alloc((count + 1) * sizeof(char *));
		if (__wasi_environ_get((uint8_t **)vt__environ,
				       vt_alloc(size + 1)))
			count = 0;
		vt__environ[count] = NULL;
	}
	for (char **e = vt__environ; *e; e++)
		if (vt_prefix(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

/* Every "NAME=value" (for env). */
static inline char **vt_environ(void)
{
	vt_getenv("");
	return vt__environ;
}

/* ---- paths ------------------------------------------------------------ */

#define VT_PREOPENS 8

struct vt_preopen {
	int fd;
	char *name;	/* absolute, no trailing '/' ("" for "/") */
	size_t len;
};

static struct vt_preopen vt__preopens[VT_PREOPENS];
static int vt__npreopens = -1;
static char *vt__cwd;

static inline void vt__load_preopens(void)
{
	vt__npreopens = 0;
	for (int fd = 3; vt__npreopens < VT_PREOPENS; fd++) {
		__wasi_prestat_t ps;
		struct vt_preopen *p = &vt__preopens[vt__npreopens];
		char *name;
		size_t len;

		if (__wasi_fd_prestat_get(fd, &ps))
			break;
		len = ps.u.dir.pr_name_len;
		name = vt_alloc(len + 1);
		if (__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, len))
			continue;
		while (len && name[len - 1] == '/')
			len--;
		name[len] = '\0';
		if (name[0] != '/')
			continue;	/* only absolute mount points */
		p->fd = fd;
		p->name = name;
		p->len = len;
		vt__npreopens++;
	}
}

/* The working directory: $PWD when absolute, else "/". */
static inline const char *vt_cwd(void)
{
	if (!vt__cwd) {
		const char *pwd = vt_getenv("PWD");

		vt__cwd = vt_strdup(pwd && pwd[0] == '/' ? pwd : "/");
	}
	return vt__cwd;
}

/*
 * path made absolute (from the working directory) with "." and ".."
 * resolved by name and no repeated or trailing '/': a new string.
 */
static inline char *vt_abspath(const char *path)
{
	const char *cwd = path[0] == '/' ? "" : vt_cwd();
	size_t n = strlen(cwd) + strlen(path) + 3;
	char *out = vt_alloc(n), *o = out;
	const char *s = cwd;

	*o = '\0';
	for (int part = 0; part < 2; part++, s = path) {
		while (*s) {
			const char *e;
			size_t len;

			while (*s == '/')
				s++;
			e = s;
			while (*e && *e != '/')
				e++;
			len = (size_t)(e - s);
			if (len == 2 && s[0] == '.' && s[1] == '.') {
				while (o > out && *--o != '/')
					;
				*o = '\0';
			} else if (len && !(len == 1 && s[0] == '.')) {
				*o++ = '/';
				memcpy(o, s, len);
				o += len;
				*o = '\0';
			}
			s = e;
		}
	}
	if (o == out) {
		out[0] = '/';
		out[1] = '\0';
	}
	return out;
}

/*
 * The preopened directory serving path and the path inside it ("." for
 * the directory itself). Returns the directory's descriptor, or -1 with
 * *err set (ENOENT: no preopened directory holds it).
 */
#ifdef VT__IMPORTED
VT__SHARED("path")
int vt_path(const char *path, const char **rel, int *err);
#else
static inline int vt_path(const char *path, const char **rel, int *err)
{
	char *abs = vt_abspath(path);
	struct vt_preopen *best = NULL;

	if (vt__npreopens < 0)
		vt__load_preopens();
	for (int i = 0; i < vt__npreopens; i++) {
		struct vt_preopen *p = &vt__preopens[i];

		if (vt_prefix(abs, p->name, p->len) &&
		    (abs[p->len] == '/' || abs[p->len] == '\0' ||
		     p->len == 0) && (!best || p->len > best->len))
			best = p;
	}
	if (!best) {
		*err = __WASI_ERRNO_NOENT;
		return -1;
	}
	*rel = abs + best->len;
	while (**rel == '/')
		(*rel)++;
	if (!**rel)
		*rel = ".";
	return best->fd;
}
#endif

/*
 * Is dir (absolute, resolved) above a preopened directory? WASI shows
 * only what is mounted, yet /home is as real as /home/user: a tool that
 * walks a path must not take it as missing.
 */
static inline bool vt_above_mount(const char *dir)
{
	size_t n = strlen(dir);

	if (vt__npreopens < 0)
		vt__load_preopens();
	for (int i = 0; i < vt__npreopens; i++)
		if (vt_prefix(vt__preopens[i].name, dir, n) &&
		    (vt__preopens[i].name[n] == '/' || n == 1))
			return true;
	return false;
}

/* ---- files ------------------------------------------------------------ */

#define VT_RIGHTS ((__wasi_rights_t)0x1FFFFFFF)
/* What Wasmtime reads as "opened for writing": never asked for a read,
 * so a read-only tree (filesystem.user = "ro") still opens. */
#define VT_WRITE_RIGHTS (__WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_WRITE | \
			 __WASI_RIGHTS_FD_ALLOCATE | \
			 __WASI_RIGHTS_FD_FILESTAT_SET_SIZE)

#define VT_READ 0
#define VT_WRITE 1	/* create, truncate */
#define VT_APPEND 2	/* create, append */
#define VT_EXCL 4	/* with VT_WRITE: fail if it exists */
#define VT_DIR 8	/* a directory, for reading its entries */
#define VT_NOFOLLOW 16	/* do not follow a final symbolic link */

/* Opens path; returns a descriptor, or -1 with *err set. "-" is not
 * special here: the tools decide what it means. */
#ifdef VT__IMPORTED
VT__SHARED("open")
int vt_open(const char *path, int how, int *err);
#else
static inline int vt_open(const char *path, int how, int *err)
{
	const char *rel;
	int dir = vt_path(path, &rel, err);
	__wasi_oflags_t of = 0;
	__wasi_fdflags_t ff = 0;
	__wasi_fd_t fd;
	__wasi_errno_t e;

	if (dir < 0)
		return -1;
	if (how & (VT_WRITE | VT_APPEND))
		of |= __WASI_OFLAGS_CREAT;
	if (how & VT_WRITE)
		of |= __WASI_OFLAGS_TRUNC;
	if (how & VT_EXCL)
		of |= __WASI_OFLAGS_EXCL;
	if (how & VT_DIR)
		of |= __WASI_OFLAGS_DIRECTORY;
	if (how & VT_APPEND)
		ff |= __WASI_FDFLAGS_APPEND;
	e = __wasi_path_open(dir, how & VT_NOFOLLOW ? 0 :
			     __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, rel, of,
			     how & (VT_WRITE | VT_APPEND) ? VT_RIGHTS :
			     VT_RIGHTS & ~VT_WRITE_RIGHTS, VT_RIGHTS, ff, &fd);
	if (e) {
		*err = e;
		return -1;
	}
	return (int)fd;
}
#endif

static inline void vt_close(int fd)
{
	if (fd > 2)
		(void)!__wasi_fd_close(fd);
}

/* Reads up to n bytes: the count, 0 at the end, or -errno. */
#ifdef VT__IMPORTED
VT__SHARED("read")
long vt_read(int fd, void *buf, size_t n);
#else
static inline long vt_read(int fd, void *buf, size_t n)
{
	for (;;) {
		__wasi_iovec_t iov = { buf, n };
		size_t got = 0;
		__wasi_errno_t e = __wasi_fd_read(fd, &iov, 1, &got);

		if (e == __WASI_ERRNO_INTR)
			continue;
		return e ? -(long)e : (long)got;
	}
}
#endif

/* Reads exactly n bytes unless the file ends (or fails) first; returns
 * how many it read. For a format's fixed headers. */
static inline size_t vt_read_full(int fd, void *buf, size_t n)
{
	size_t done = 0;
	long got;

	while (done < n && (got = vt_read(fd, (char *)buf + done, n - done)) > 0)
		done += (size_t)got;
	return done;
}

/* path's status (following a final link unless nofollow); 0 or errno. */
static inline int vt_stat(const char *path, bool nofollow,
			  __wasi_filestat_t *st)
{
	const char *rel;
	int err, dir = vt_path(path, &rel, &err);

	if (dir < 0)
		return err;
	return __wasi_path_filestat_get(dir, nofollow ? 0 :
					__WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
					rel, st);
}

static inline bool vt_is_dir(const char *path)
{
	__wasi_filestat_t st;

	return !vt_stat(path, false, &st) &&
	       st.filetype == __WASI_FILETYPE_DIRECTORY;
}

/* dir/name as a new string ("name" alone when dir is "." or empty). */
static inline char *vt_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *s = vt_alloc(a + b + 2);

	memcpy(s, dir, a);
	if (a && dir[a - 1] != '/')
		s[a++] = '/';
	memcpy(s + a, name, b + 1);
	return s;
}

/* The last part of path (GNU basename's rule, trailing '/' ignored),
 * in a new string. */
static inline char *vt_basename(const char *path)
{
	size_t n = strlen(path);
	const char *s;
	char *out;

	while (n > 1 && path[n - 1] == '/')
		n--;
	s = path + n;
	while (s > path && s[-1] != '/')
		s--;
	if (n == 1 && path[0] == '/')
		s = path;
	out = vt_alloc((size_t)(path + n - s) + 1);
	memcpy(out, s, (size_t)(path + n - s));
	out[path + n - s] = '\0';
	return out;
}

/* ---- directories ------------------------------------------------------ */

struct vt_dir {
	int fd;
	__wasi_dircookie_t cookie;
	char *buf;
	size_t len, pos, cap;
	bool done;
};

struct vt_dirent {
	const char *name;		/* NUL-terminated, valid until next */
	uint8_t type;			/* __WASI_FILETYPE_* */
};

static inline bool vt_opendir(struct vt_dir *d, const char *path, int *err)
{
	d->fd = vt_open(path, VT_DIR, err);
	d->cookie = 0;
	d->cap = 8192;
	d->buf = vt_alloc(d->cap);
	d->len = d->pos = 0;
	d->done = false;
	return d->fd >= 0;
}

/* The next entry other than "." and "..", or false at the end. */
static inline bool vt_readdir(struct vt_dir *d, struct vt_dirent *ent)
{
	for (;;) {
		__wasi_dirent_t de;
		size_t need;

		if (d->pos + sizeof(de) <= d->len) {
			memcpy(&de, d->buf + d->pos, sizeof(de));
			need = sizeof(de) + de.d_namlen;
			if (d->pos + need <= d->len) {
				char *name = d->buf + d->pos + sizeof(de);
				static char one[4096];
				size_t n = de.d_namlen < sizeof(one) ?
					   de.d_namlen : sizeof(one) - 1;

				d->pos += need;
				d->cookie = de.d_next;
				memcpy(one, name, n);
				one[n] = '\0';
				if (!strcmp(one, ".") || !strcmp(one, ".."))
					continue;
				ent->name = one;
				ent->type = de.d_type;
				return true;
			}
			if (need > d->cap) {	/* one long name */
				d->cap = need * 2;
				d->buf = vt_alloc(d->cap);
			}
		}
		if (d->done)
			return false;
		{
			size_t used = 0;

			if (__wasi_fd_readdir(d->fd, (uint8_t *)d->buf, d->cap,
					      d->cookie, &used))
				return false;
			d->done = used < d->cap;
			d->len = used;
			d->pos = 0;
			if (!used)
				return false;
		}
	}
}

static inline void vt_closedir(struct vt_dir *d)
{
	vt_close(d->fd);
}

/* ---- line input -------------------------------------------------------- */

struct vt_in {
	int fd;
	char *buf;
	size_t cap, start, end;
	bool eof;
	int err;	/* a read error (errno), after which eof is set */
};

static inline void vt_in_init(struct vt_in *in, int fd)
{
	in->fd = fd;
	in->cap = 65536;
	in->buf = vt_alloc(in->cap);
	in->start = in->end = 0;
	in->eof = false;
	in->err = 0;
}

/*
 * The next record ending in delim (or the last one without it): its
 * bytes and length, delim included if present; NULL at the end. Valid
 * until the next call. Lines of any length: the buffer grows. The last
 * record, without its delim, is followed by a NUL, so that a tool that
 * cuts the delim off to have a string has a string either way.
 */
#ifdef VT__IMPORTED
VT__SHARED("getdelim")
char *vt__getdelim(struct vt_in *in, size_t *len, char delim);

/* The library's says that memory ran out (ENOMEM); this says it as the
 * tool itself would, with its own status. */
static inline char *vt_getdelim(struct vt_in *in, size_t *len, char delim)
{
	char *line = vt__getdelim(in, len, delim);

	if (!line && in->err == __WASI_ERRNO_NOMEM)
		vt_die("memory exhausted");
	return line;
}
#else
static inline char *vt_getdelim(struct vt_in *in, size_t *len, char delim)
{
	size_t scan = in->start;

	for (;;) {
		char *nl = vt_memchr(in->buf + scan, delim, in->end - scan);

		if (nl) {
			char *line = in->buf + in->start;

			*len = (size_t)(nl + 1 - line);
			in->start += *len;
			return line;
		}
		scan = in->end;
		if (in->eof) {
			char *line = in->buf + in->start;

			in->buf[in->end] = '\0';	/* the spare byte */
			*len = in->end - in->start;
			in->start = in->end;
			return *len ? line : NULL;
		}
		if (in->start > 0) {	/* keep the partial line at the front */
			memmove(in->buf, in->buf + in->start,
				in->end - in->start);
			in->end -= in->start;
			scan -= in->start;
			in->start = 0;
		}
		/* a byte is kept spare, for the last record's NUL */
		if (in->end + 1 == in->cap) {
#ifdef VT_LIBRARY
			/* said, not a trap: the app's wrapper ends it */
			if ((long)(in->cap * 2) <= 0 ||
			    !vt__room(in->cap * 2)) {
				in->err = __WASI_ERRNO_NOMEM;
				return NULL;
			}
#endif
			in->buf = vt_grow(in->buf, in->cap, in->cap * 2);
			in->cap *= 2;
		}
		{
			long n = vt_read(in->fd, in->buf + in->end,
					 in->cap - in->end - 1);

			if (n < 0)
				in->err = (int)-n;
			if (n <= 0)
				in->eof = true;
			else
				in->end += (size_t)n;
		}
	}
}
#endif

static inline char *vt_getline(struct vt_in *in, size_t *len)
{
	return vt_getdelim(in, len, '\n');
}

/*
 * Opens an input operand: "-" is stdin. Returns a descriptor, or -1
 * after the GNU message ("prog: name: why").
 */
static inline int vt_open_input(const char *name)
{
	int err, fd;

	if (!strcmp(name, "-"))
		return 0;
	fd = vt_open(name, VT_READ, &err);
	if (fd < 0)
		vt_warn_errno(name, err);
	return fd;
}

/*
 * All that is left of fd (read as name) in one buffer, for the tools
 * that work on a whole document (tac, json, csvlook, c8asm, img2txt).
 * *len is its size. NULL after the GNU message on a read error.
 */
static inline char *vt_read_all(int fd, const char *name, size_t *len)
{
	size_t n = 0, cap = 65536;
	char *buf = vt_alloc(cap);
	long got;

	while ((got = vt_read(fd, buf + n, cap - n)) > 0)
		if ((n += (size_t)got) == cap) {
			buf = vt_grow(buf, cap, cap * 2);
			cap *= 2;
		}
	if (got < 0) {
		vt_warn_errno(name, (int)-got);
		return NULL;
	}
	*len = n;
	return buf;
}

/*
 * vt_read_all of an input operand ("-" is stdin); NULL after the GNU
 * message when it cannot be opened or read. The descriptor stays open:
 * these tools read one input, then exit.
 */
static inline char *vt_read_input(const char *name, size_t *len)
{
	int fd = vt_open_input(name);

	return fd < 0 ? NULL : vt_read_all(fd, name, len);
}

/* ---- numbers ----------------------------------------------------------- */

/* A whole decimal number (leading blanks and a sign allowed, nothing
 * after it); false if s is not one or overflows. */
static inline bool vt_parse_int(const char *s, int64_t *out)
{
	uint64_t v = 0;
	bool neg = false;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (*s || v > (uint64_t)INT64_MAX + neg)
		return false;
	*out = neg ? -(int64_t)(v - 1) - 1 : (int64_t)v;
	return true;
}

/* ---- options ------------------------------------------------------------ */

static int vt_optind = 1;	/* the next argument to look at */
static char *vt_optarg;
static int vt__optpos;

/*
 * getopt's words for an option the tool does not have; status 1. The
 * message is patched in place, not copied: it is said once, then the
 * tool exits.
 */
static inline void vt_bad_option(char c)
{
	static char msg[] = "invalid option -- 'x'";

	msg[sizeof(msg) - 3] = c;
	vt_usage_error(msg, 1);
}

/*
 * For a tool that takes no options: only "--" and "-" (stdin) may start
 * with a dash. Leaves vt_optind at the first operand.
 */
static inline void vt_no_options(int argc, char **argv)
{
	if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		if (strcmp(argv[1], "--"))
			vt_bad_option(argv[1][1]);
		vt_optind = 2;
	}
}

/*
 * POSIX getopt over spec ("nc:" : -n, -c ARG): returns the option, '?'
 * after a usage message for an unknown one or a missing argument, -1 at
 * the first operand or after "--". A lone "-" is an operand.
 */
static inline int vt_getopt(int argc, char **argv, const char *spec)
{
	char *arg, c;
	const char *o;

	if (!vt__optpos) {
		if (vt_optind >= argc)
			return -1;
		arg = argv[vt_optind];
		if (arg[0] != '-' || !arg[1])
			return -1;
		if (!strcmp(arg, "--")) {
			vt_optind++;
			return -1;
		}
		vt__optpos = 1;
	}
	arg = argv[vt_optind];
	c = arg[vt__optpos++];
	o = c == ':' ? NULL : strchr(spec, c);
	if (!arg[vt__optpos]) {
		vt__optpos = 0;
		vt_optind++;
	}
	if (!o)
		vt_bad_option(c);
	if (o[1] == ':') {
		if (vt__optpos) {
			vt_optarg = arg + vt__optpos;
			vt__optpos = 0;
			vt_optind++;
		} else if (vt_optind < argc) {
			vt_optarg = argv[vt_optind++];
		} else {
			static char msg[] =
				"option requires an argument -- 'x'";

			msg[sizeof(msg) - 3] = c;
			vt_usage_error(msg, 1);
		}
	}
	return c;
}

/*
 * Calls fn on each input operand argv[vt_optind..argc), "-" (stdin) when
 * there is none, opened by vt_open_input and closed after; one that
 * cannot be opened has been reported and is skipped.
 */
static inline void vt_each_input(int argc, char **argv,
				 void (*fn)(int fd, const char *name))
{
	if (vt_optind == argc)
		argv[--vt_optind] = "-";
	for (int i = vt_optind; i < argc; i++) {
		int fd = vt_open_input(argv[i]);

		if (fd < 0)
			continue;
		fn(fd, argv[i]);
		vt_close(fd);
	}
}

/* ---- entry -------------------------------------------------------------- */

/*
 * When --help asks for the usage instead of being an argument. GNU's
 * tools that read options with getopt take it anywhere; ours look at
 * the first argument. Those whose arguments are data (echo, printf,
 * true, false) answer it only alone, as GNU's do: `echo --help me`
 * prints "--help me".
 */
#define VT_HELP_FIRST(argc, argv) ((argc) > 1 && !strcmp((argv)[1], "--help"))
#define VT_HELP_ALONE(argc, argv) ((argc) == 2 && !strcmp((argv)[1], "--help"))

/*
 * Defines main: fetches the arguments (argv[0] is the tool's name),
 * answers --help with usage on stdout and status 0, runs fn and exits
 * with its status (or 1 if a write failed).
 */
#define VT_TOOL(fn, usage) VT_TOOL_HELP(fn, VT_HELP_FIRST, 0, usage)

/* The same, asked(argc, argv) saying when --help is asked for, and the
 * status it ends with then. */
#define VT_TOOL_HELP(fn, asked, help_status, usage)			\
	int main(void)							\
	{								\
		__wasi_size_t argc = 0, size = 0;			\
		char **argv;						\
		int rc;							\
									\
		if (__wasi_args_sizes_get(&argc, &size))		\
			argc = size = 0;				\
		argv = vt_alloc((argc + 1) * sizeof(char *));		\
		if (__wasi_args_get((uint8_t **)argv, vt_alloc(size + 1))) \
			argc = 0;					\
		argv[argc] = NULL;					\
		if (argc)						\
			vt_prog = argv[0];	/* the app's name */	\
		if (asked(argc, argv)) {				\
			vt_puts(usage);					\
			vt_exit(help_status);				\
		}							\
		rc = fn((int)argc, argv);				\
		vt_exit(rc);						\
		return rc;						\
	}

#endif
