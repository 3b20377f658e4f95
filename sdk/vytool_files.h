/*
 * vytool_files.h - what the file tools (ls, cp, mv, rm, find, du, stat,
 * date, touch...) share on top of vytool.h: GNU's option permutation
 * with long options, status of a path, directory listings, sorting,
 * human-readable sizes, UTC calendar time and its strftime, shell
 * patterns, and copying and removing trees. Everything is static
 * inline, so a tool carries only what it calls.
 *
 * WASI has no owners, modes or block counts: the tools show fixed
 * owners ("user"), modes (rwxr-xr-x for directories, rw-r--r-- else)
 * and count a file's blocks as its size rounded up to 4 KiB, which is
 * what ext4 and tmpfs allocate for the files people list. Time is UTC.
 */
#ifndef VYTOOL_FILES_H
#define VYTOOL_FILES_H

#include "vytool.h"

/* a and b in a new string. */
static inline char *vf_cat(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	char *s = vt_alloc(n + m + 1);

	memcpy(s, a, n);
	memcpy(s + n, b, m + 1);
	return s;
}

/* "what 'name'" as a new string. */
static inline char *vf_msg(const char *what, const char *name)
{
	size_t a = strlen(what), b = strlen(name);
	char *s = vt_alloc(a + b + 4);

	memcpy(s, what, a);
	s[a] = ' ';
	s[a + 1] = '\'';
	memcpy(s + a + 2, name, b);
	s[a + b + 2] = '\'';
	s[a + b + 3] = '\0';
	return s;
}

/* GNU's verbose lines: "what'a'" or "what'a'to'b'". */
static inline void vf_say(const char *what, const char *a, const char *to,
			  const char *b)
{
	vt_puts(what);
	vt_putc('\'');
	vt_puts(a);
	vt_putc('\'');
	if (to) {
		vt_puts(to);
		vt_putc('\'');
		vt_puts(b);
		vt_putc('\'');
	}
	vt_putc('\n');
}

/* GNU's second line after a usage error, and the exit. */
static inline void vf_try(int status)
{
	vt_eputs("Try '");
	vt_eputs(vt_prog);
	vt_eputs(" --help' for more information.\n");
	vt_exit(status);
}

/* "prog: cannot VERB 'name': why" */
static inline void vf_fail(const char *verb, const char *name, int err)
{
	vt_warn_errno(vf_msg(verb, name), err);
}

/* ---- arguments ---------------------------------------------------------- */

/*
 * GNU's argument order: options anywhere, operands after, "--" ends
 * options. Returns a new argv holding the options, then "--", then the
 * operands; *argc is updated. Arguments starting with "--" are given
 * to lng (which returns false for an unknown one: a usage error with
 * status bad). spec is vt_getopt's, to know which options take a value.
 */
static inline char **vf_args(int *argc, char **argv, const char *spec,
			     bool (*lng)(const char *arg), int bad)
{
	int n = *argc, no = 1, nops = 0;
	char **out = vt_alloc((size_t)(n + 2) * sizeof(char *));
	char **ops = vt_alloc((size_t)(n + 1) * sizeof(char *));
	bool rest = false;

	out[0] = argv[0];
	for (int i = 1; i < n; i++) {
		char *a = argv[i];

		if (rest || a[0] != '-' || !a[1]) {
			ops[nops++] = a;
		} else if (a[1] == '-') {
			if (!a[2])
				rest = true;
			else if (!lng || !lng(a)) {
				vt_usage_error(vf_msg("unrecognized option",
						      a), bad);
			}
		} else {
			out[no++] = a;
			for (char *p = a + 1; *p; p++) {
				const char *o = strchr(spec, *p);

				if (o && *p != ':' && o[1] == ':') {
					if (!p[1] && i + 1 < n)
						out[no++] = argv[++i];
					break;
				}
			}
		}
	}
	out[no++] = "--";
	for (int i = 0; i < nops; i++)
		out[no++] = ops[i];
	out[no] = NULL;
	*argc = no;
	return out;
}

/*
 * For tools whose options take no values: GNU's parsing (options
 * anywhere, "--" ends them, long ones given to lng) straight into a
 * mask, bit i for spec[i]. The operands are left in argv[1..*argc-1].
 */
static inline uint32_t vf_flags(int *argc, char **argv, const char *spec,
				bool (*lng)(const char *arg), int bad)
{
	int n = *argc, nops = 1;
	uint32_t mask = 0;
	bool rest = false;

	for (int i = 1; i < n; i++) {
		char *a = argv[i];

		if (rest || a[0] != '-' || !a[1]) {
			argv[nops++] = a;
			continue;
		}
		if (a[1] == '-') {
			if (!a[2])
				rest = true;
			else if (!lng || !lng(a))
				vt_usage_error(vf_msg("unrecognized option",
						      a), bad);
			continue;
		}
		while (*++a) {
			int k = 0;

			while (spec[k] && spec[k] != *a)
				k++;
			if (!spec[k]) {
				char msg[] = "invalid option -- 'x'";

				msg[sizeof(msg) - 3] = *a;
				vt_usage_error(msg, bad);
			}
			mask |= 1u << k;
		}
	}
	argv[nops] = NULL;
	*argc = nops;
	return mask;
}

/* "'name'" in GNU's messages. */
static inline char *vf_quote(const char *name)
{
	size_t n = strlen(name);
	char *s = vt_alloc(n + 3);

	s[0] = '\'';
	memcpy(s + 1, name, n);
	s[n + 1] = '\'';
	s[n + 2] = '\0';
	return s;
}

/* ---- status ---------------------------------------------------------- */

static inline int vf_lstat(const char *path, __wasi_filestat_t *st)
{
	return vt_stat(path, true, st);
}

/* A's target into a new string, or NULL with *err set. */
static inline char *vf_readlink(const char *path, int *err)
{
	const char *rel;
	int dir = vt_path(path, &rel, err);
	size_t cap = 256, used;

	if (dir < 0)
		return NULL;
	for (;;) {
		char *buf = vt_alloc(cap + 1);
		int e = __wasi_path_readlink(dir, rel, (uint8_t *)buf, cap,
					     &used);

		if (e) {
			*err = e;
			return NULL;
		}
		if (used < cap) {
			buf[used] = '\0';
			return buf;
		}
		cap *= 4;
	}
}

/* Blocks of 1 KiB a file is counted as (its size rounded up to 4 KiB). */
static inline uint64_t vf_kblocks(uint64_t size)
{
	return (size + 4095) / 4096 * 4;
}

/* ---- directories ------------------------------------------------------- */

struct vf_ent {
	char *name;
	uint8_t type;
};

/* path's entries (without "." and ".."), in the directory's order. */
static inline struct vf_ent *vf_list(const char *path, size_t *count,
				     int *err)
{
	struct vt_dir d;
	struct vt_dirent de;
	size_t n = 0, cap = 16;
	struct vf_ent *v;

	if (!vt_opendir(&d, path, err))
		return NULL;
	v = vt_alloc(cap * sizeof(*v));
	while (vt_readdir(&d, &de)) {
		char *name = vt_strdup(de.name);

		if (n == cap) {
			v = vt_grow(v, cap * sizeof(*v), 2 * cap * sizeof(*v));
			cap *= 2;
		}
		v[n].name = name;
		v[n++].type = de.type;
	}
	vt_closedir(&d);
	*count = n;
	return v;
}

/* ---- sorting ------------------------------------------------------------ */

static inline void vf__sift(void **a, size_t i, size_t n,
			    int (*cmp)(const void *, const void *))
{
	for (;;) {
		size_t c = 2 * i + 1;
		void *t;

		if (c >= n)
			return;
		if (c + 1 < n && cmp(a[c + 1], a[c]) > 0)
			c++;
		if (cmp(a[c], a[i]) <= 0)
			return;
		t = a[i];
		a[i] = a[c];
		a[c] = t;
		i = c;
	}
}

/* A heap sort of n pointers: small, O(n log n), in place; not stable,
 * so cmp must break ties itself. */
static inline void vf_sort(void **a, size_t n,
			   int (*cmp)(const void *, const void *))
{
	for (size_t i = n / 2; i-- > 0;)
		vf__sift(a, i, n, cmp);
	for (size_t e = n; e-- > 1;) {
		void *t = a[0];

		a[0] = a[e];
		a[e] = t;
		vf__sift(a, 0, e, cmp);
	}
}

/* ---- sizes -------------------------------------------------------------- */

/* bytes as GNU's -h does: "123", "1.5K", "12M" (rounded up). */
static inline char *vf_human(uint64_t v, char *buf)
{
	static const char units[] = "KMGTPE";
	uint64_t d = 1, q, r, w;
	int u = 0;
	char *p;

	while (v / d >= 1024 && u < 6) {
		d *= 1024;
		u++;
	}
	if (!u)
		return vt_utoa(v, buf);
	q = v / d;
	r = v % d;
	if (q < 10) {
		uint64_t t = q * 10 + (r * 10 + d - 1) / d;

		if (t < 100) {
			p = buf;
			*p++ = (char)('0' + t / 10);
			*p++ = '.';
			*p++ = (char)('0' + t % 10);
			*p++ = units[u - 1];
			*p = '\0';
			return buf;
		}
		q = 10;
		r = 0;
	}
	w = q + (r != 0);
	if (w >= 1024 && u < 6) {
		memcpy(buf, "1.0?", 5);
		buf[3] = units[u];
		return buf;
	}
	p = vt_utoa(w, buf);
	buf[20] = units[u - 1];
	buf[21] = '\0';
	return p;
}

/* ---- time ---------------------------------------------------------------- */

struct vf_tm {
	int64_t year;
	int mon, mday, hour, min, sec, wday, yday;	/* mon 0-11 */
};

static inline void vf_gmtime(int64_t t, struct vf_tm *tm)
{
	int64_t days = t / 86400, s = t % 86400, z, era, doe, yoe, doy, mp;

	if (s < 0) {
		s += 86400;
		days--;
	}
	tm->hour = (int)(s / 3600);
	tm->min = (int)(s / 60 % 60);
	tm->sec = (int)(s % 60);
	tm->wday = (int)((days % 7 + 11) % 7);	/* 1970-01-01: Thursday */
	/* The days-to-civil algorithm, by 400-year eras from 0000-03-01. */
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	tm->mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->mon = (int)(mp < 10 ? mp + 2 : mp - 10);
	tm->year = yoe + era * 400 + (tm->mon < 2);
	{
		static const short before[] = {
			0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
		};
		int64_t y = tm->year;
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

		tm->yday = before[tm->mon] + tm->mday - 1 +
			   (leap && tm->mon > 1);
	}
}

/* Seconds since the epoch of a civil UTC date (mon 1-12). */
static inline int64_t vf_timegm(int64_t y, int m, int d, int hh, int mm,
				int ss)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468) * 86400 +
	       hh * 3600 + mm * 60 + ss;
}

static inline int64_t vf_now(uint32_t *nsec)
{
	__wasi_timestamp_t t = 0;

	(void)!__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1000, &t);
	if (nsec)
		*nsec = (uint32_t)(t % 1000000000u);
	return (int64_t)(t / 1000000000u);
}

static inline void vf__num(int64_t v, int width, char pad)
{
	char b[22];
	char *s = vt_itoa(v, b);

	for (int n = width - (int)strlen(s); n > 0; n--)
		vt_putc(pad);
	vt_puts(s);
}

/*
 * strftime for UTC onto stdout: %a %A %b %B %c %C %d %D %e %F %H %I %j
 * %k %l %m %M %n %N %p %R %s %S %t %T %u %w %y %Y %z %Z %h %x %X %%,
 * with GNU's '-' (no padding) and '_' (spaces) flags.
 */
static inline void vf_strftime(const char *f, int64_t t, uint32_t nsec)
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	static const char *const dayl[] = { "Sunday", "Monday", "Tuesday",
		"Wednesday", "Thursday", "Friday", "Saturday" };
	static const char *const monl[] = { "January", "February", "March",
		"April", "May", "June", "July", "August", "September",
		"October", "November", "December" };
	struct vf_tm tm;

	vf_gmtime(t, &tm);
	for (; *f; f++) {
		char pad = '0', c;
		int w = 2;
		int64_t v;

		if (*f != '%' || !f[1]) {
			vt_putc(*f);
			continue;
		}
		c = *++f;
		if ((c == '-' || c == '_') && f[1]) {
			pad = c == '-' ? 0 : ' ';
			c = *++f;
		}
		switch (c) {
		case 'a': vt_put(days + tm.wday * 3, 3); continue;
		case 'A': vt_puts(dayl[tm.wday]); continue;
		case 'h':
		case 'b': vt_put(months + tm.mon * 3, 3); continue;
		case 'B': vt_puts(monl[tm.mon]); continue;
		case 'c': vf_strftime("%a %b %e %H:%M:%S %Y", t, nsec);
			continue;
		case 'D':
		case 'x': vf_strftime("%m/%d/%y", t, nsec); continue;
		case 'F': vf_strftime("%Y-%m-%d", t, nsec); continue;
		case 'R': vf_strftime("%H:%M", t, nsec); continue;
		case 'T':
		case 'X': vf_strftime("%H:%M:%S", t, nsec); continue;
		case 'n': vt_putc('\n'); continue;
		case 't': vt_putc('\t'); continue;
		case '%': vt_putc('%'); continue;
		case 'p': vt_puts(tm.hour < 12 ? "AM" : "PM"); continue;
		case 'z': vt_puts("+0000"); continue;
		case 'Z': vt_puts("UTC"); continue;
		case 's': vt_puti(t); continue;
		case 'N': vf__num(nsec, 9, '0'); continue;
		case 'e':
		case 'k':
		case 'l':
			if (pad == '0')
				pad = ' ';
			break;
		}
		switch (c) {
		case 'C': v = tm.year / 100; break;
		case 'd':
		case 'e': v = tm.mday; break;
		case 'H':
		case 'k': v = tm.hour; break;
		case 'I':
		case 'l': v = (tm.hour + 11) % 12 + 1; break;
		case 'j': v = tm.yday + 1; w = 3; break;
		case 'm': v = tm.mon + 1; break;
		case 'M': v = tm.min; break;
		case 'S': v = tm.sec; break;
		case 'u': v = (tm.wday + 6) % 7 + 1; w = 1; break;
		case 'w': v = tm.wday; w = 1; break;
		case 'y': v = tm.year % 100; break;
		case 'Y': v = tm.year; w = 1; break;
		default:
			vt_putc('%');
			vt_putc(c);
			continue;
		}
		vf__num(v, pad ? w : 0, pad);
	}
}

/*
 * A date: "@SECONDS" or "YYYY-MM-DD[( |T)HH:MM[:SS]]" (UTC), or
 * "now"; false if it is neither.
 */
static inline bool vf_parse_date(const char *s, int64_t *out)
{
	int64_t v[6] = { 0 };
	const char seps[] = "-- ::";
	int i = 0;

	if (s[0] == '@')
		return vt_parse_int(s + 1, out);
	if (!strcmp(s, "now")) {
		*out = vf_now(NULL);
		return true;
	}
	for (;;) {
		if (*s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9' && v[i] < 100000)
			v[i] = v[i] * 10 + (*s++ - '0');
		if (++i == 6 || !*s)
			break;
		if (*s != seps[i - 1] && !(i == 3 && *s == 'T'))
			return false;
		s++;
	}
	if (*s || i == 2 || i == 4 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 60)
		return false;
	*out = vf_timegm(v[0], (int)v[1], (int)v[2], (int)v[3], (int)v[4],
			 (int)v[5]);
	return true;
}

/* ---- shell patterns ------------------------------------------------------ */

static inline int vf__lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* c in the character class name[0..n) ("alpha", "digit"...). */
static inline bool vf__class(const char *name, size_t n, int c)
{
	/* Each class: its name, then the kinds it holds: 1 upper, 2 lower,
	 * 4 digit, 8 punct, 16 ' ', 32 '\t', 64 other space, 128 control. */
	static const char classes[] =
		"alpha\3\0digit\4\0alnum\7\0upper\1\0lower\2\0space\160\0"
		"blank\60\0punct\10\0print\37\0graph\17\0cntrl\340\0xdigit\4";
	int kind = c >= 'A' && c <= 'Z' ? 1 : c >= 'a' && c <= 'z' ? 2 :
		   c >= '0' && c <= '9' ? 4 : c == ' ' ? 16 : c == '\t' ? 32 :
		   c > 32 && c < 127 ? 8 : c >= 10 && c <= 13 ? 64 :
		   c < 32 || c == 127 ? 128 : 0;

	for (const char *p = classes; p < classes + sizeof(classes) - 1;
	     p += strlen(p) + 1) {
		size_t len = strlen(p) - 1;

		if (len == n && !memcmp(p, name, n))
			return (p[len] & kind) ||
			       (len == 6 && ((c | 32) >= 'a' && (c | 32) <= 'f'));
	}
	return false;
}

/*
 * A bracket expression at p ("[...]") against c: the end past ']' and
 * *hit, or NULL when there is no closing ']' (then '[' is literal).
 */
static inline const char *vf__bracket(const char *p, int c, bool icase,
				      bool *hit)
{
	bool neg = false, ok = false;
	const char *s = p + 1;

	if (*s == '!' || *s == '^') {
		neg = true;
		s++;
	}
	for (bool first = true; first || *s != ']'; first = false) {
		int lo, hi;

		if (!*s)
			return NULL;
		if (s[0] == '[' && s[1] == ':') {
			const char *e = s + 2;

			while (*e && (e[0] != ':' || e[1] != ']'))
				e++;
			if (!*e)
				return NULL;
			ok |= vf__class(s + 2, (size_t)(e - s - 2), c) ||
			      (icase && vf__class(s + 2, (size_t)(e - s - 2),
						  c >= 'a' && c <= 'z' ?
						  c - 32 : vf__lower(c)));
			s = e + 2;
			continue;
		}
		if (*s == '\\' && s[1])
			s++;
		lo = (unsigned char)*s++;
		hi = lo;
		if (s[0] == '-' && s[1] && s[1] != ']') {
			s++;
			if (*s == '\\' && s[1])
				s++;
			hi = (unsigned char)*s++;
		}
		if ((c >= lo && c <= hi) ||
		    (icase && vf__lower(c) >= vf__lower(lo) &&
		     vf__lower(c) <= vf__lower(hi)))
			ok = true;
	}
	*hit = ok != neg;
	return s + 1;
}

/*
 * fnmatch without flags ('*' matches '/' and leading dots), optionally
 * ignoring ASCII case. One remembered '*' keeps it O(len(p) * len(s)).
 */
static inline bool vf_fnmatch(const char *p, const char *s, bool icase)
{
	const char *star = NULL, *retry = NULL;

	for (;;) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			star = p;
			retry = s;
			continue;
		}
		if (*s) {
			const char *next = NULL;
			int c = (unsigned char)*s;

			if (*p == '?') {
				next = p + 1;
			} else if (*p == '[') {
				bool hit;
				const char *e = vf__bracket(p, c, icase, &hit);

				if (!e)
					next = c == '[' ? p + 1 : NULL;
				else if (hit)
					next = e;
			} else if (*p) {
				const char *q = p;

				if (*q == '\\' && q[1])
					q++;
				if ((unsigned char)*q == c ||
				    (icase && vf__lower((unsigned char)*q) ==
				     vf__lower(c)))
					next = q + 1;
			}
			if (next) {
				p = next;
				s++;
				continue;
			}
		} else if (!*p) {
			return true;
		}
		if (!star || !*retry)
			return false;
		p = star;
		s = ++retry;
	}
}

/* ---- changing files -------------------------------------------------------- */

static inline int vf_mkdir(const char *path)
{
	const char *rel;
	int err, dir = vt_path(path, &rel, &err);

	return dir < 0 ? err : __wasi_path_create_directory(dir, rel);
}

static inline int vf_rmdir(const char *path)
{
	const char *rel;
	int err, dir = vt_path(path, &rel, &err);

	return dir < 0 ? err : __wasi_path_remove_directory(dir, rel);
}

static inline int vf_unlink(const char *path)
{
	const char *rel;
	int err, dir = vt_path(path, &rel, &err);

	return dir < 0 ? err : __wasi_path_unlink_file(dir, rel);
}

static inline int vf_symlink(const char *target, const char *path)
{
	const char *rel;
	int err, dir = vt_path(path, &rel, &err);

	return dir < 0 ? err : __wasi_path_symlink(target, dir, rel);
}

/* Sets path's times in nanoseconds, as flags (__WASI_FSTFLAGS_*) say. */
static inline int vf_set_times(const char *path, bool nofollow,
			       uint64_t atim, uint64_t mtim, int flags)
{
	const char *rel;
	int err, dir = vt_path(path, &rel, &err);

	if (dir < 0)
		return err;
	return __wasi_path_filestat_set_times(dir, nofollow ? 0 :
		__WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, rel, atim, mtim,
		(__wasi_fstflags_t)flags);
}

/* Whether abs path b is a or inside it. */
static inline bool vf_within(const char *a, const char *b)
{
	size_t n = strlen(a);

	return !strncmp(a, b, n) && (b[n] == '/' || !b[n] || n == 1);
}

/* The bytes of one open file into another; 0 or errno. */
static inline int vf_copy_fd(int in, int out)
{
	static char buf[65536];
	long n;

	while ((n = vt_read(in, buf, sizeof(buf))) > 0) {
		const char *p = buf;

		while (n > 0) {
			__wasi_ciovec_t iov = { (const uint8_t *)p, (size_t)n };
			size_t w = 0;
			int e = __wasi_fd_write(out, &iov, 1, &w);

			if (e == __WASI_ERRNO_INTR)
				continue;
			if (e)
				return e;
			if (!w)
				return __WASI_ERRNO_IO;
			p += w;
			n -= (long)w;
		}
	}
	return n < 0 ? (int)-n : 0;
}

/* ---- trees (rm, cp, mv) ------------------------------------------------------ */

#define VF_FORCE 1	/* rm: missing files are fine; cp: replace */
#define VF_VERBOSE 2
#define VF_RECURSE 4
#define VF_EMPTYDIR 8	/* rm -d */
#define VF_PRESERVE 16	/* cp -p: times */
#define VF_NOCLOBBER 32
#define VF_DEREF 64	/* cp: follow links inside the tree */
#define VF_ASK 128	/* cp -i: ask before replacing a file */

/*
 * rm -i, cp -i, mv -i: "what 'path'? " on stderr, the answer a line of
 * stdin; yes only for one starting with y, as GNU's.
 */
static inline bool vf_yes(const char *what, const char *path)
{
	char c = 0, first = 0;

	vt_eputs(path ? vf_msg(what, path) : what);
	vt_eputs("? ");
	vt_flush_out(&vt_stderr);
	while (vt_read(0, &c, 1) == 1 && c != '\n')
		if (!first)
			first = c;
	return first == 'y' || first == 'Y';
}

/* Removes path (a tree with VF_RECURSE); false after a message. */
static inline bool vf_remove(const char *path, int how)
{
	__wasi_filestat_t st;
	int e = vf_lstat(path, &st);
	bool ok = true;

	if (e) {
		if (e == __WASI_ERRNO_NOENT && (how & VF_FORCE))
			return true;
		vf_fail("cannot remove", path, e);
		return false;
	}
	if (st.filetype == __WASI_FILETYPE_DIRECTORY) {
		if (how & VF_RECURSE) {
			size_t n;
			struct vf_ent *v = vf_list(path, &n, &e);

			if (!v) {
				vf_fail("cannot remove", path, e);
				return false;
			}
			for (size_t i = 0; i < n; i++)
				ok &= vf_remove(vt_join(path, v[i].name), how);
		} else if (!(how & VF_EMPTYDIR)) {
			vf_fail("cannot remove", path, __WASI_ERRNO_ISDIR);
			return false;
		}
		e = ok ? vf_rmdir(path) : 0;
	} else {
		e = vf_unlink(path);
	}
	if (e) {
		vf_fail("cannot remove", path, e);
		return false;
	}
	if (ok && (how & VF_VERBOSE))
		vf_say(st.filetype == __WASI_FILETYPE_DIRECTORY ?
		       "removed directory " : "removed ", path, NULL, NULL);
	return ok;
}

/*
 * Copies src to dst (a whole tree with VF_RECURSE): files' bytes,
 * directories, links as links unless VF_DEREF, times with VF_PRESERVE.
 * top: src is an operand (links there are followed unless recursive).
 * False after a message.
 */
static inline bool vf_copy(const char *src, const char *dst, int how,
			   bool top)
{
	__wasi_filestat_t st, dt;
	bool follow = (how & VF_DEREF) || (top && !(how & VF_RECURSE));
	const char *why = "cannot stat", *who = src;
	int e = vt_stat(src, !follow, &st), in, out;
	bool ok = true, exists, dir;

	if (e)
		goto fail;
	exists = !vt_stat(dst, false, &dt);
	if (exists && (how & VF_NOCLOBBER))
		return true;
	dir = st.filetype == __WASI_FILETYPE_DIRECTORY;
	why = "cannot overwrite";
	who = dst;
	if (exists && dt.dev == st.dev && dt.ino == st.ino) {
		why = "same file:";
		goto fail;
	}
	if (exists && dir != (dt.filetype == __WASI_FILETYPE_DIRECTORY)) {
		e = dir ? __WASI_ERRNO_NOTDIR : __WASI_ERRNO_ISDIR;
		goto fail;
	}
	/* -i: after what would fail anyway, as GNU asks */
	if (exists && !dir && (how & VF_ASK) && !vf_yes("cp: overwrite", dst))
		return true;
	if (dir) {
		size_t n;
		struct vf_ent *v;

		why = "-r not specified; omitting directory";
		who = src;
		if (!(how & VF_RECURSE))
			goto fail;
		why = "cannot copy into itself:";
		if (vf_within(vt_abspath(src), vt_abspath(dst)))
			goto fail;
		why = "cannot create";
		who = dst;
		if (!exists && (e = vf_mkdir(dst)))
			goto fail;
		why = "cannot read";
		who = src;
		/* listed first: no descriptor stays open per level */
		if (!(v = vf_list(src, &n, &e)))
			goto fail;
		for (size_t i = 0; i < n; i++)
			ok &= vf_copy(vt_join(src, v[i].name),
				      vt_join(dst, v[i].name), how, false);
	} else if (st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK) {
		char *target = vf_readlink(src, &e);

		why = "cannot read";
		if (!target)
			goto fail;
		vf_unlink(dst);
		why = "cannot create";
		who = dst;
		if ((e = vf_symlink(target, dst)))
			goto fail;
	} else {
		why = "cannot open";
		who = src;
		if ((in = vt_open(src, VT_READ, &e)) < 0)
			goto fail;
		out = vt_open(dst, VT_WRITE, &e);
		if (out < 0 && (how & VF_FORCE) && !vf_unlink(dst))
			out = vt_open(dst, VT_WRITE, &e);
		why = "cannot create";
		who = dst;
		if (out >= 0) {
			why = "cannot read";
			who = src;
			e = vf_copy_fd(in, out);
			vt_close(out);
		}
		vt_close(in);
		if (out < 0 || e)
			goto fail;
	}
	if (ok && (how & VF_PRESERVE))
		vf_set_times(dst, true, st.atim, st.mtim,
			     __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM);
	if (ok && (how & VF_VERBOSE))
		vf_say("", src, " -> ", dst);
	return ok;
fail:
	vt_warn(vf_msg(why, who), e ? vt_strerror(e) : NULL);
	return false;
}

/*
 * The sources argv[vt_optind..argc-1) to the last operand: fn(source,
 * destination) for each, the destination being the directory's entry of
 * the source's name when into (the last operand is a directory). Several
 * sources to anything else is GNU's "target ...: Not a directory", 1.
 */
static inline int vf_to_target(int argc, char **argv, bool into,
			       void (*fn)(const char *src, const char *dst))
{
	const char *last = argv[argc - 1];

	if (!into && argc - vt_optind > 2) {
		vt_warn(vf_msg("target", last), "Not a directory");
		return 1;
	}
	for (int i = vt_optind; i < argc - 1; i++)
		fn(argv[i], into ? vt_join(last, vt_basename(argv[i])) : last);
	return vt_status;
}

/* cp's and mv's operands: SOURCE DEST or SOURCE... DIRECTORY, with
 * GNU's usage errors for fewer than two. */
static inline int vf_sources_to_target(int argc, char **argv,
				       void (*fn)(const char *src,
						  const char *dst))
{
	int n = argc - vt_optind;

	if (!n)
		vt_usage_error("missing file operand", 1);
	if (n == 1)
		vt_usage_error(vf_msg("missing destination file operand after",
				      argv[argc - 1]), 1);
	return vf_to_target(argc, argv, vt_is_dir(argv[argc - 1]), fn);
}

#endif
