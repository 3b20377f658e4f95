/*
 * df - the file systems an app sees: one line per mount (/home/user,
 * /tmp, /data...), or with operands the mount holding each, in GNU's
 * columns. WASI has no statvfs, so the sizes are the supervisor's `df`
 * answer, which covers the asker's own mounts and no others
 * (docs/protocol.md); a mount it does not name shows "-".
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_files.h"
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static bool human, posix;
static char *answer;

/* The answer's row for mount ("df total_kib=... mount=M\n"), or NULL.
 * The answer is not cut: each operand may look up any row again. */
static const char *row_of(const char *mount)
{
	size_t n = strlen(mount);

	for (const char *line = answer; line && *line;) {
		const char *end = strchr(line, '\n');

		if (!end)
			end = line + strlen(line);
		if ((size_t)(end - line) > n + 7 &&
		    !memcmp(end - n - 7, " mount=", 7) &&
		    !memcmp(end - n, mount, n))
			return line;
		line = *end ? end + 1 : end;
	}
	return NULL;
}

/* One cell: right-aligned in width, then a blank. */
static void cell(const char *s, size_t width)
{
	for (size_t n = strlen(s); n < width; n++)
		vt_putc(' ');
	vt_puts(s);
	vt_putc(' ');
}

/* A size in KiB as asked: 1K blocks, or GNU's -h. */
static const char *size(uint64_t kib, char *buf)
{
	return human ? vf_human(kib * 1024, buf) : vt_utoa(kib, buf);
}

static void show(const char *mount, bool *header)
{
	const char *row = row_of(mount), *c[4] = { "-", "-", "-", "-" };
	char b[4][24];

	if (!*header)
		vt_puts(human ? "Filesystem      Size  Used Avail Use% Mounted on\n" :
			posix ? "Filesystem     1024-blocks      Used "
				"Available Capacity Mounted on\n" :
			"Filesystem     1K-blocks      Used Available Use% "
			"Mounted on\n");
	*header = true;
	if (row) {
		uint64_t used = vt_field_u(row, "used_kib");
		uint64_t avail = vt_field_u(row, "avail_kib");

		c[0] = size(vt_field_u(row, "total_kib"), b[0]);
		c[1] = size(used, b[1]);
		c[2] = size(avail, b[2]);
		/* GNU: used / (used + available), rounded up */
		if (used + avail) {
			char *pct = vt_utoa((used * 100 + used + avail - 1) /
					    (used + avail), b[3]);

			strcat(pct, "%");
			c[3] = pct;
		}
	}
	vt_puts("vyoma          ");
	cell(c[0], human ? 5 : posix ? 11 : 9);
	cell(c[1], human ? 5 : 9);
	cell(c[2], human ? 5 : 9);
	cell(c[3], posix ? 8 : 4);
	vt_puts(mount);
	vt_putc('\n');
}

/* The mount holding path, or NULL after saying why there is none. */
static const struct vt_preopen *mount_of(const char *path)
{
	const char *rel;
	int err, fd = vt_path(path, &rel, &err);
	__wasi_filestat_t st;

	/* vt_path found the mount by name; the file must exist in it. */
	if (fd >= 0 && !(err = __wasi_path_filestat_get(fd,
				__WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, rel, &st))) {
		const struct vt_preopen *mount = vt__preopens;

		/* fd is one of the table's: vt_path took it from there */
		while (mount->fd != fd && mount < vt__preopens + VT_PREOPENS - 1)
			mount++;
		return mount;
	}
	vt_warn_errno(path, err);
	return NULL;
}

/*
 * The options, all flags: a plain scan rather than vt_getopt, whose
 * option-argument handling df would carry unused (some 500 bytes).
 * Same rules: options end at the first operand, "-" or "--";
 * returns the index of the first operand.
 */
static int options(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (arg[0] != '-' || !arg[1])
			break;
		if (!strcmp(arg, "--"))
			return i + 1;
		/* -h: human sizes; -k: 1K blocks; the last wins */
		while (*++arg) {
			if (*arg == 'h' || *arg == 'k')
				human = *arg == 'h';
			else if (*arg == 'P')
				posix = true;
			else if (!strchr("al", *arg))
				vt_bad_option(*arg);
		}
	}
	return i;
}

static int df_main(int argc, char **argv)
{
	int first = options(argc, argv), operands = argc - first, err;
	bool header = false;

	/* Looking up "/" loads the mount table, even when nothing holds it. */
	vt_path("/", &(const char *){ NULL }, &err);
	for (int i = 0; i < (operands ? operands : vt__npreopens); i++) {
		const struct vt_preopen *mount = operands ?
			mount_of(argv[first + i]) : &vt__preopens[i];

		if (!mount)
			continue;
		if (!answer)
			answer = vt_ask("df", false);
		show(mount->len ? mount->name : "/", &header);
	}
	return 0;	/* vt_exit makes it vt_status */
}

VT_TOOL(df_main,
	"Usage: df [-h] [-k] [-P] [FILE]...\n"
	"Show the file systems mounted in this app (or the one holding each\n"
	"FILE): their size, use and room, as the supervisor measures them.\n"
	"\n"
	"  -h   sizes in powers of 1024 (1K 234M 2G)\n"
	"  -k   sizes in 1K blocks (the default)\n"
	"  -P   POSIX's header and columns\n")
