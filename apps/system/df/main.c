/*
 * df - the file systems an app sees: one line per mount (/home/user,
 * /tmp, /data...). WASI has no statvfs, so sizes are unknown and shown
 * as "-" rather than guessed; with operands, the mount holding each.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static bool human, header;

static void row(const struct vt_preopen *mount)
{
	if (!header)
		vt_puts(human ?
			"Filesystem      Size  Used Avail Use% Mounted on\n" :
			"Filesystem     1K-blocks  Used Available Use% Mounted on\n");
	header = true;
	vt_puts(human ? "vyoma              -     -     -    - " :
		"vyoma                  -     -         -    - ");
	vt_puts(mount->len ? mount->name : "/");
	vt_puts("\n");
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
		/* -h, -H: human sizes; -k: 1K blocks; the last wins */
		while (*++arg) {
			if (strchr("hHk", *arg))
				human = *arg != 'k';
			else if (!strchr("PaTl", *arg))
				vt_bad_option(*arg);
		}
	}
	return i;
}

static int df_main(int argc, char **argv)
{
	int first = options(argc, argv), operands = argc - first, err;

	/* Looking up "/" loads the mount table, even when nothing holds it. */
	vt_path("/", &(const char *){ NULL }, &err);
	for (int i = 0; i < (operands ? operands : vt__npreopens); i++) {
		const struct vt_preopen *mount = operands ?
			mount_of(argv[first + i]) : &vt__preopens[i];

		if (mount)
			row(mount);
	}
	return 0;	/* vt_exit makes it vt_status */
}

VT_TOOL(df_main,
	"Usage: df [-h] [-k] [FILE]...\n"
	"Show the file systems mounted in this app (or the one holding each\n"
	"FILE). WASI cannot tell their sizes: they are shown as \"-\".\n"
	"\n"
	"  -h   sizes in powers of 1024 (header only)\n"
	"  -k   sizes in 1K blocks (the default)\n")
