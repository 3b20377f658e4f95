/*
 * sum - print the 16-bit checksum and block count of each FILE, as GNU
 * sum.
 *
 *	sum [-r | -s] [FILE]...
 *
 * -r (the default) is BSD's rotating checksum with 1 KiB blocks,
 * printed "%05d %5d"; -s is System V's sum of the bytes folded to 16
 * bits, with 512-byte blocks, printed "%d %d". The name follows when
 * FILE operands are given. A FILE that cannot be read is reported and
 * makes the status 1.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"

static bool sysv, named;

static void sum_fd(int fd, const char *name)
{
	static unsigned char buf[16384];
	uint64_t bytes = 0;
	uint32_t s = 0;
	long n;
	char b[21], *d;

	while ((n = vt_read(fd, buf, sizeof(buf))) > 0) {
		bytes += (uint64_t)n;
		for (long i = 0; i < n; i++)
			s = sysv ? s + buf[i] :
			    (((s >> 1) | (s & 1) << 15) + buf[i]) & 0xffff;
	}
	if (n < 0) {
		vt_warn_errno(name, (int)-n);
		return;
	}
	if (sysv) {
		s = (s & 0xffff) + (s >> 16);
		s = (s & 0xffff) + (s >> 16);
		vt_putu(s);
		vt_putc(' ');
		vt_putu((bytes + 511) / 512);
	} else {
		d = vt_utoa(s, b);
		vt_puts(&"0000"[strlen(d) - 1]);
		vt_puts(d);
		vt_putc(' ');
		vt_putu_width((bytes + 1023) / 1024, 5);
	}
	if (named) {
		vt_putc(' ');
		vt_puts(name);
	}
	vt_putc('\n');
}

static int sum_main(int argc, char **argv)
{
	int c;

	while ((c = vt_getopt(argc, argv, "rs")) != -1)
		sysv = c == 's';
	named = vt_optind < argc;
	vt_each_input(argc, argv, sum_fd);
	return vt_status;
}

VT_TOOL(sum_main,
	"Usage: sum [OPTION]... [FILE]...\n"
	"Print checksum and block counts for each FILE.\n"
	"\n"
	"  -r  use BSD sum algorithm (the default), use 1K blocks\n"
	"  -s  use System V sum algorithm, use 512 bytes blocks\n")
