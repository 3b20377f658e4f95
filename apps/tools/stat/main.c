/*
 * stat - display file status, in GNU's default layout or a -c/--format
 * (adds a newline) or --printf (backslash escapes, no newline) FORMAT.
 * WASI has no modes, owners or block counts: directories show as 0755,
 * files as 0644, links as 0777, all owned by user (1000), and blocks
 * are the size rounded up to 4 KiB, in 512-byte units.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

static const char *format;
static bool deref, printf_mode;

static bool long_opt(const char *a)
{
	if (!strncmp(a, "--format=", 9)) {
		format = a + 9;
	} else if (!strncmp(a, "--printf=", 9)) {
		format = a + 9;
		printf_mode = true;
	} else if (!strcmp(a, "--dereference")) {
		deref = true;
	} else {
		return false;
	}
	return true;
}

static const char *type_name(__wasi_filestat_t *st)
{
	switch (st->filetype) {
	case __WASI_FILETYPE_DIRECTORY: return "directory";
	case __WASI_FILETYPE_SYMBOLIC_LINK: return "symbolic link";
	case __WASI_FILETYPE_CHARACTER_DEVICE: return "character special file";
	case __WASI_FILETYPE_BLOCK_DEVICE: return "block special file";
	case __WASI_FILETYPE_SOCKET_STREAM:
	case __WASI_FILETYPE_SOCKET_DGRAM: return "socket";
	case __WASI_FILETYPE_REGULAR_FILE:
		return st->size ? "regular file" : "regular empty file";
	default: return "unknown";
	}
}

static void put_time(uint64_t ns, bool human)
{
	int64_t s = (int64_t)(ns / 1000000000u);

	struct vf_tm tm;
	int v[5];

	if (!human) {
		vt_puti(s);
		return;
	}
	vf_gmtime(s, &tm);
	vf__num(tm.year, 4, '0');
	v[0] = tm.mon + 1;
	v[1] = tm.mday;
	v[2] = tm.hour;
	v[3] = tm.min;
	v[4] = tm.sec;
	for (int i = 0; i < 5; i++) {
		vt_putc("-- ::"[i]);
		vf__num(v[i], 2, '0');
	}
	vt_putc('.');
	vf__num((int64_t)(ns % 1000000000u), 9, '0');
	vt_puts(" +0000");
}

/* One directive (after '%'): false if it is not one. */
static bool directive(char c, const char *name, __wasi_filestat_t *st,
		      char *out)
{
	bool dir = st->filetype == __WASI_FILETYPE_DIRECTORY;
	bool lnk = st->filetype == __WASI_FILETYPE_SYMBOLIC_LINK;
	uint64_t v;
	const char *s = NULL;

	switch (c) {
	case 'n': s = name; break;
	case 'N':	/* quoted; '@' (the default format's): plain */
	case '@': {
		int e;
		char *t = lnk ? vf_readlink(name, &e) : NULL;

		if (c == 'N') {
			name = vf_msg("", name) + 1;
			t = t ? vf_msg("", t) + 1 : NULL;
		}
		vt_puts(name);
		if (t) {
			vt_puts(" -> ");
			vt_puts(t);
		}
		return true;
	}
	case 'F': s = type_name(st); break;
	case 'a': s = lnk ? "777" : dir ? "755" : "644"; break;
	case 'A': s = lnk ? "lrwxrwxrwx" : dir ? "drwxr-xr-x" : "-rw-r--r--";
		break;
	case 'U':
	case 'G': s = "user"; break;
	case 'u':
	case 'g': s = "1000"; break;
	case 'w':
	case 'x':
	case 'y':
	case 'z':
		if (c == 'w') {
			s = "-";
			break;
		}
		put_time(c == 'x' ? st->atim : c == 'y' ? st->mtim : st->ctim,
			 true);
		return true;
	case 'W': s = "0"; break;
	case 'X': put_time(st->atim, false); return true;
	case 'Y': put_time(st->mtim, false); return true;
	case 'Z': put_time(st->ctim, false); return true;
	case 's': v = st->size; goto num;
	case 'b': v = lnk ? 0 : vf_kblocks(st->size) * 2; goto num;
	case 'B': v = 512; goto num;
	case 'o': v = 4096; goto num;
	case 'h': v = st->nlink; goto num;
	case 'i': v = st->ino; goto num;
	case 'd': v = st->dev; goto num;
	case '%': s = "%"; break;
	default: s = "?";
	}
	strcpy(out, s);
	return true;
num:
	strcpy(out, vt_utoa(v, out + 40));
	return true;
}

static void show(const char *fmt, const char *name, __wasi_filestat_t *st)
{
	static char out[4096];

	for (const char *f = fmt; *f; f++) {
		if (printf_mode && *f == '\\' && f[1]) {
			const char *e = strchr("n\nt\t\\\\\"\"a\ab\bf\fr\rv\v",
					       *++f);

			vt_putc(e ? e[1] : *f);
			continue;
		}
		if (*f != '%' || !f[1]) {
			vt_putc(*f);
			continue;
		}
		{
			bool left = false;
			int width = 0, n;
			const char *start = f;

			while (*++f == '-' || *f == '0' || *f == '+' ||
			       *f == ' ' || *f == '#')
				left |= *f == '-';
			while (*f >= '0' && *f <= '9' && width < 1000)
				width = width * 10 + (*f++ - '0');
			out[0] = '\0';
			if (!*f || !directive(*f, name, st, out)) {
				vt_put(start, (size_t)(f - start) + !!*f);
				if (!*f)
					f--;
				continue;
			}
			n = (int)strlen(out);
			if (!left)
				for (; n < width; n++)
					vt_putc(' ');
			vt_puts(out);
			for (; n < width; n++)
				vt_putc(' ');
		}
	}
}

static int stat_main(int argc, char **argv)
{
	int c;

	argv = vf_args(&argc, argv, "Lc:t", long_opt, 1);
	while ((c = vt_getopt(argc, argv, "Lc:t")) != -1) {
		if (c == 'L')
			deref = true;
		else if (c == 'c')
			format = vt_optarg;
	}
	if (vt_optind == argc)
		vt_usage_error("missing operand", 1);
	for (int i = vt_optind; i < argc; i++) {
		__wasi_filestat_t st;
		int e = vt_stat(argv[i], !deref, &st);

		if (e) {
			vf_fail("cannot statx", argv[i], e);
			continue;
		}
		if (format) {
			show(format, argv[i], &st);
			if (!printf_mode)
				vt_putc('\n');
			continue;
		}
		show("  File: %@\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o "
		     "%F\nDevice: %d\tInode: %-11i Links: %h\n"
		     "Access: (0%a/%A)  Uid: ( 1000/    user)   "
		     "Gid: ( 1000/    user)\nAccess: %x\nModify: %y\n"
		     "Change: %z\n Birth: -\n", argv[i], &st);
	}
	return vt_status;
}

VT_TOOL(stat_main,
	"Usage: stat [OPTION]... FILE...\n"
	"Display file status.\n"
	"\n"
	"  -L                follow links\n"
	"  -c, --format=FMT  use FMT, with a newline after each\n"
	"      --printf=FMT  use FMT, with backslash escapes, no newline\n"
	"FMT: %n name, %N quoted name, %s size, %F type, %a %A mode, %U %G\n"
	"%u %g owner, %h links, %i inode, %d device, %b blocks, %B %o sizes,\n"
	"%x %y %z access/modify/change time, %X %Y %Z the same in seconds.\n"
	"WASI has no modes or owners: they are fixed (0755 directories,\n"
	"0644 files, user 1000); blocks count the size rounded to 4 KiB.\n")
