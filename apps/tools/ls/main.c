/*
 * ls - list directory contents, as GNU ls for -l -a -A -1 -R -h -d -t
 * -r -S -F and --color. Names sort by bytes (the C locale); columns
 * when stdout is a terminal ($COLUMNS wide, else 80), else one a line.
 * WASI has no modes, owners or block counts: -l shows drwxr-xr-x for
 * directories, lrwxrwxrwx for links and -rw-r--r-- else, owner and
 * group "user", and blocks as sizes rounded up to 4 KiB. Time is UTC.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

struct ent {
	char *name, *path;
	__wasi_filestat_t st;
};

/* the options, one bit each, in this order */
#define SPEC "laA1RhdtrSFC"
static unsigned opts;
#define O(c) (opts & (1u << (strchr(SPEC, c) - SPEC)))
static bool color, tty;
static int64_t now;
static bool first_color = true, printed;

static bool long_opt(const char *a)
{
	if (strncmp(a, "--color", 7) || (a[7] && a[7] != '='))
		return false;
	a += 7 + !!a[7];
	/* always, yes, force; auto, tty, if-tty; never, no, none */
	color = !*a || a[0] == 'y' || a[0] == 'f' || (a[0] == 'a' &&
		a[1] == 'l') || (tty && (a[0] == 'a' || a[0] == 't' ||
		a[0] == 'i'));
	return true;
}

static int cmp(const void *x, const void *y)
{
	const struct ent *a = x, *b = y;
	int r = 0;

	if (O('t') && a->st.mtim != b->st.mtim)
		r = a->st.mtim > b->st.mtim ? -1 : 1;
	else if (O('S') && a->st.size != b->st.size)
		r = a->st.size > b->st.size ? -1 : 1;
	else
		r = strcmp(a->name, b->name);
	return O('r') ? -r : r;
}

/* The reasons ls meets, without vytool's whole table. */
static void fail(const char *what, const char *path, int e)
{
	vt_warn(vf_msg(what, path), e == __WASI_ERRNO_NOENT ?
		"No such file or directory" : "Permission denied");
	vt_status = 2;
}

static bool is_dir(const struct ent *e)
{
	return e->st.filetype == __WASI_FILETYPE_DIRECTORY;
}

static bool is_link(const struct ent *e)
{
	return e->st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK;
}

/* The name, coloured, with -F's mark; returns its width on screen. */
static size_t put_name(const struct ent *e)
{
	const char *c = is_dir(e) ? "01;34" : is_link(e) ? "01;36" : NULL;
	size_t w = 0;

	if (color && c) {
		if (first_color)
			vt_puts("\033[0m");
		first_color = false;
		vt_puts("\033[");
		vt_puts(c);
		vt_putc('m');
	}
	vt_puts(e->name);
	if (color && c)
		vt_puts("\033[0m");
	for (const char *p = e->name; *p; p++)
		w += (*p & 0xc0) != 0x80;
	if (O('F') && (is_dir(e) || is_link(e))) {
		vt_putc(is_dir(e) ? '/' : '@');
		w++;
	}
	return w;
}

static void pad(size_t n)
{
	while (n--)
		vt_putc(' ');
}

static const char *size_str(const struct ent *e, char *b)
{
	return O('h') ? vf_human(e->st.size, b) : vt_utoa(e->st.size, b);
}

static void put_long(struct ent *e, int nw, int sw)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int64_t t = (int64_t)(e->st.mtim / 1000000000u);
	struct vf_tm tm;
	char b[24];

	vt_puts(is_dir(e) ? "drwxr-xr-x " : is_link(e) ? "lrwxrwxrwx " :
		"-rw-r--r-- ");
	vt_putu_width(e->st.nlink, nw);
	/*
	 * WASI shows no owners: the files an app sees are its user's (the
	 * home) or everyone's (/tmp), so the user it runs for names both.
	 */
	{
		const char *who = vt_getenv("USER");

		who = who && *who ? who : "user";
		vt_putc(' ');
		vt_puts(who);
		vt_putc(' ');
		vt_puts(who);
		vt_putc(' ');
	}
	{
		const char *s = size_str(e, b);

		pad((size_t)sw - strlen(s));
		vt_puts(s);
	}
	vf_gmtime(t, &tm);
	vt_putc(' ');
	vt_put(months + tm.mon * 3, 3);
	vt_putu_width((uint64_t)tm.mday, 3);
	if (t > now - 15778476 && t <= now) {
		/* GNU's "%b %e %H:%M": the hour has two digits */
		vt_putc(' ');
		vt_putc((char)('0' + tm.hour / 10));
		vt_putc((char)('0' + tm.hour % 10));
		vt_putc(':');
		vt_putc((char)('0' + tm.min / 10));
		vt_putc((char)('0' + tm.min % 10));
	} else {
		vt_putc(' ');
		vt_putu_width((uint64_t)tm.year, 5);
	}
	vt_putc(' ');
	put_name(e);
	if (is_link(e)) {
		int err;
		char *target = vf_readlink(e->path, &err);

		if (target) {
			vt_puts(" -> ");
			vt_puts(target);
		}
	}
	vt_putc('\n');
}

static size_t width_of(const struct ent *e)
{
	size_t w = O('F') && (is_dir(e) || is_link(e));

	for (const char *p = e->name; *p; p++)
		w += (*p & 0xc0) != 0x80;
	return w;
}

/* Columns filled top to bottom, as wide as the widest name, as many
 * as fit the terminal ($COLUMNS, else 80). */
static void put_columns(struct ent **v, size_t n)
{
	const char *env = vt_getenv("COLUMNS");
	int64_t line = 80;
	size_t w = 1, cols, rows;

	if (env && (!vt_parse_int(env, &line) || line < 1))
		line = 80;
	for (size_t i = 0; i < n; i++)
		if (width_of(v[i]) + 2 > w)
			w = width_of(v[i]) + 2;
	cols = (size_t)line / w ? (size_t)line / w : 1;
	rows = (n + cols - 1) / cols;
	for (size_t r = 0; r < rows; r++) {
		for (size_t i = r; i < n; i += rows) {
			size_t x = put_name(v[i]);

			if (i + rows < n)
				pad(w - x);
		}
		vt_putc('\n');
	}
}

static void list(struct ent **v, size_t n, bool total)
{
	int nw = 1, sw = 1;
	uint64_t blocks = 0;

	vf_sort((void **)v, n, cmp);
	if (!O('l')) {
		if (tty && !O('1'))
			put_columns(v, n);
		else
			for (size_t i = 0; i < n; i++) {
				put_name(v[i]);
				vt_putc('\n');
			}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char b[24];
		int x = (int)strlen(vt_utoa(v[i]->st.nlink, b));

		nw = x > nw ? x : nw;
		x = (int)strlen(size_str(v[i], b));
		sw = x > sw ? x : sw;
		if (!is_link(v[i]))
			blocks += vf_kblocks(v[i]->st.size);
	}
	if (total) {
		char b[24];

		vt_puts("total ");
		vt_puts(O('h') ? vf_human(blocks * 1024, b) : vt_utoa(blocks, b));
		vt_putc('\n');
	}
	for (size_t i = 0; i < n; i++)
		put_long(v[i], nw, sw);
}

static struct ent *get(const char *name, const char *path, bool follow)
{
	struct ent *e = vt_alloc(sizeof(*e));
	int err = vt_stat(path, !follow, &e->st);

	if (err && follow)	/* a dangling link still lists */
		err = vt_stat(path, true, &e->st);
	if (err) {
		fail("cannot access", path, err);
		return NULL;
	}
	e->name = (char *)name;
	e->path = (char *)path;
	return e;
}

static void list_dir(const char *path, bool header)
{
	struct vt_dir d;
	struct vt_dirent de;
	struct ent **v;
	size_t cap = 16, k = 0;
	int err;

	if (printed)
		vt_putc('\n');
	printed = true;
	if (header) {
		vt_puts(path);
		vt_puts(":\n");
	}
	if (!vt_opendir(&d, path, &err)) {
		fail("cannot open directory", path, err);
		return;
	}
	v = vt_alloc(cap * sizeof(*v));
	if (O('a') && (v[0] = get(".", path, false))) {
		/* ".." of a mount point is out of reach: show "."'s */
		v[1] = vt_alloc(sizeof(**v));
		*v[1] = *v[0];
		v[1]->name = "..";
		if (!vt_stat(vt_join(path, ".."), true, &v[1]->st))
			v[1]->path = vt_join(path, "..");
		k = 2;
	}
	while (vt_readdir(&d, &de)) {
		char *name;

		if (de.name[0] == '.' && !O('a') && !O('A'))
			continue;
		if (k + 1 >= cap) {
			v = vt_grow(v, cap * sizeof(*v), 2 * cap * sizeof(*v));
			cap *= 2;
		}
		name = vt_strdup(de.name);
		v[k] = get(name, vt_join(path, name), false);
		k += !!v[k];
	}
	vt_closedir(&d);
	list(v, k, true);
	if (!O('R'))
		return;
	for (size_t i = 0; i < k; i++)
		if (is_dir(v[i]) && strcmp(v[i]->name, ".") &&
		    strcmp(v[i]->name, ".."))
			list_dir(v[i]->path, true);
}

static int ls_main(int argc, char **argv)
{
	__wasi_fdstat_t fs;
	struct ent **files, **dirs;
	size_t nf = 0, nd = 0;

	tty = !__wasi_fd_fdstat_get(1, &fs) &&
	      fs.fs_filetype == __WASI_FILETYPE_CHARACTER_DEVICE;
	opts = vf_flags(&argc, argv, SPEC, long_opt, 2);
	if (O('C'))
		opts &= ~(1u << 3);
	now = vf_now(NULL);
	if (argc == 1)
		argv[argc++] = ".";
	files = vt_alloc((size_t)argc * sizeof(*files));
	dirs = vt_alloc((size_t)argc * sizeof(*dirs));
	for (int i = 1; i < argc; i++) {
		struct ent *e = get(argv[i], argv[i], !O('l') && !O('F') &&
				    !O('d'));

		if (e && is_link(e) && !O('l') && !O('F') && !O('d'))
			e = get(argv[i], argv[i], true);
		if (!e)
			continue;
		if (is_dir(e) && !O('d'))
			dirs[nd++] = e;
		else
			files[nf++] = e;
	}
	if (nf) {
		list(files, nf, false);
		printed = true;
	}
	vf_sort((void **)dirs, nd, cmp);
	for (size_t i = 0; i < nd; i++)
		list_dir(dirs[i]->path, O('R') || nf + nd > 1 ||
			 vt_status == 2);
	return vt_status;
}

VT_TOOL(ls_main,
	"Usage: ls [-1aAdFhlrRSt] [--color[=always|auto|never]] [FILE]...\n"
	"List FILEs (default .), as GNU ls. WASI has no modes or owners:\n"
	"-l shows fixed ones.\n")
