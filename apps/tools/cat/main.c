/*
 * cat - concatenate files to standard output, as GNU cat for -n, -b,
 * -s, -E, -A and -v's common cases. Without options the bytes are
 * copied through one buffer, never parsed.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vyoma_tiny.h"

static bool number, number_nonblank, squeeze, show_ends, show_nonprinting;
static uint64_t line_no;
static bool prev_blank;

static void copy_raw(int fd, const char *name)
{
	static char buf[65536];
	long n;

	while ((n = vt_read(fd, buf, sizeof(buf))) > 0) {
		vt_flush();
		if (!vt_write_fd(1, buf, (size_t)n)) {
			vt_warn("write error", NULL);
			vt_exit(1);
		}
	}
	if (n < 0)
		vt_warn_errno(name, (int)-n);
}

static void put_visible(unsigned char c)
{
	if (c >= 128) {
		vt_puts("M-");
		c -= 128;
	}
	if (c < 32 && c != '\t') {
		vt_putc('^');
		vt_putc((char)(c + 64));
	} else if (c == 127) {
		vt_puts("^?");
	} else {
		vt_putc((char)c);
	}
}

static void copy_lines(int fd, const char *name)
{
	struct vt_in in;
	size_t len;
	char *line;

	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &len))) {
		bool nl = line[len - 1] == '\n';
		size_t body = len - nl;
		bool blank = body == 0 && nl;

		if (squeeze && blank && prev_blank)
			continue;
		prev_blank = blank;
		if (number && !(number_nonblank && blank)) {
			vt_putu_width(++line_no, 6);
			vt_putc('\t');
		}
		if (show_nonprinting)
			for (size_t i = 0; i < body; i++)
				put_visible((unsigned char)line[i]);
		else
			vt_put(line, body);
		if (nl) {
			if (show_ends)
				vt_putc('$');
			vt_putc('\n');
		}
	}
	if (in.err)
		vt_warn_errno(name, in.err);
}

static void cat_file(int fd, const char *name)
{
	if (number || squeeze || show_ends || show_nonprinting)
		copy_lines(fd, name);
	else
		copy_raw(fd, name);
}

static int cat_main(int argc, char **argv)
{
	int c;

	while ((c = vt_getopt(argc, argv, "nbsEAvu")) != -1) {
		switch (c) {
		case 'b':
			number_nonblank = true;
			/* fall through */
		case 'n':
			number = true;
			break;
		case 's':
			squeeze = true;
			break;
		case 'A':
			show_nonprinting = show_ends = true;
			break;
		case 'E':
			show_ends = true;
			break;
		case 'v':
			show_nonprinting = true;
			break;
		}
	}
	vt_each_input(argc, argv, cat_file);
	return 0;
}

VT_TOOL(cat_main,
	"Usage: cat [OPTION]... [FILE]...\n"
	"Concatenate FILE(s) to standard output; '-' or none: standard input.\n"
	"\n"
	"  -A   equivalent to -vE\n"
	"  -b   number non-empty output lines\n"
	"  -E   display $ at end of each line\n"
	"  -n   number all output lines\n"
	"  -s   suppress repeated empty output lines\n"
	"  -v   use ^ and M- notation, except for LFD and TAB\n")
