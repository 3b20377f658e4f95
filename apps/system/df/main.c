/*
 * df - the file systems an app sees: one line per mount (/home/user,
 * /tmp, /data...). WASI has no statvfs, so sizes are unknown and shown
 * as "-" rather than guessed; with operands, the mount holding each.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static bool human, header;

static void row(const char *mount)
{
	if (!header)
		vt_puts(human ?
			"Filesystem      Size  Used Avail Use% Mounted on\n" :
			"Filesystem     1K-blocks  Used Available Use% Mounted on\n");
	header = true;
	vt_puts(human ? "vyoma              -     -     -    - " :
		"vyoma                  -     -         -    - ");
	vt_puts(mount);
	vt_putc('\n');
}

static const char *mount_of(const char *path)
{
	const char *rel;
	int err, fd = vt_path(path, &rel, &err);
	__wasi_filestat_t st;

	if (fd >= 0 && (err = vt_stat(path, false, &st)) == 0) {
		for (int i = 0; i < vt__npreopens; i++)
			if (vt__preopens[i].fd == fd)
				return vt__preopens[i].len ?
				       vt__preopens[i].name : "/";
	}
	vt_warn_errno(path, err ? err : __WASI_ERRNO_NOENT);
	return NULL;
}

static int df_main(int argc, char **argv)
{
	int c;

	while ((c = vt_getopt(argc, argv, "hHkPaTl")) != -1)
		if (c == 'h' || c == 'H')
			human = true;
		else if (c == 'k')
			human = false;
	if (vt_optind == argc) {
		vt_path("/", &(const char *){ NULL }, &c);
		for (int i = 0; i < vt__npreopens; i++)
			row(vt__preopens[i].len ? vt__preopens[i].name : "/");
	}
	for (int i = vt_optind; i < argc; i++) {
		const char *m = mount_of(argv[i]);

		if (m)
			row(m);
	}
	return vt_status;
}

VT_TOOL(df_main,
	"Usage: df [-h] [-k] [FILE]...\n"
	"Show the file systems mounted in this app (or the one holding each\n"
	"FILE). WASI cannot tell their sizes: they are shown as \"-\".\n"
	"\n"
	"  -h   sizes in powers of 1024 (header only)\n"
	"  -k   sizes in 1K blocks (the default)\n")
