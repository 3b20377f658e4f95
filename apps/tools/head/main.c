/*
 * head - the first lines (-n) or bytes (-c) of each file; with a
 * negative count, all but the last ones, streamed by holding back only
 * that many records.
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

static uint64_t count = 10;
static bool bytes, all_but, headers_off, headers_on;
static char delim = '\n';

/* Writes the first count records (lines or bytes) of fd. */
static int head_first(int fd)
{
	static char buf[65536];
	uint64_t left = count;
	long n = 0;

	while (left && (n = vt_read(fd, buf, sizeof(buf))) > 0) {
		size_t take = (size_t)n;

		if (bytes) {
			if (take > left)
				take = (size_t)left;
			left -= take;
		} else {
			char *p = buf, *end = buf + n, *nl;

			while (left && (nl = memchr(p, delim, (size_t)(end - p)))) {
				p = nl + 1;
				left--;
			}
			if (!left)
				take = (size_t)(p - buf);
		}
		vt_put(buf, take);
	}
	return n < 0 ? (int)-n : 0;
}

/* Writes all of fd but its last count records. */
static int head_all_but(int fd)
{
	size_t cap = 65536, start = 0, end = 0;
	uint64_t held = 0;	/* complete records in [start, end) */
	char *buf = vt_alloc(cap);
	long n;

	for (;;) {
		if (start > 0 && (start > cap / 2 || end == cap)) {
			memmove(buf, buf + start, end - start);
			end -= start;
			start = 0;
		}
		if (end == cap) {
			buf = vt_grow(buf, cap, cap * 2);
			cap *= 2;
		}
		n = vt_read(fd, buf + end, cap - end);
		if (n <= 0)
			break;
		if (bytes) {
			end += (size_t)n;
			if (end - start > count) {
				size_t out = end - start - (size_t)count;

				vt_put(buf + start, out);
				start += out;
			}
			continue;
		}
		for (char *p = buf + end, *e = p + n;
		     (p = memchr(p, delim, (size_t)(e - p))); p++)
			held++;
		end += (size_t)n;
		while (held > count) {
			char *nl = memchr(buf + start, delim, end - start);
			size_t len = (size_t)(nl + 1 - (buf + start));

			vt_put(buf + start, len);
			start += len;
			held--;
		}
	}
	return n < 0 ? (int)-n : 0;
}

static const char longs[] =
	"c1bytes\0"
	"n1lines\0"
	"q0quiet\0"
	"q0silent\0"
	"v0verbose\0"
	"z0zero-terminated\0";

static void set_count(const char *s, bool in_bytes)
{
	const char *p = s;

	bytes = in_bytes;
	all_but = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if (!vtx_parse_size(p, &count)) {
		vt_flush();
		vt_eputs(vt_prog);
		vt_eputs(in_bytes ? ": invalid number of bytes: '" :
			 ": invalid number of lines: '");
		vt_eputs(s);
		vt_eputs("'\n");
		vt_exit(1);
	}
}

static int head_main(int argc, char **argv)
{
	int c, nfiles;
	bool first = true;

	/* The old form: head -5 file. */
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' &&
	    argv[1][1] <= '9') {
		char *s = argv[1] + 1, *e = s + vtx_span(s, "0123456789");
		char save = *e;

		*e = '\0';
		set_count(s, false);
		*e = save;
		for (; *e; e++) {
			if (*e == 'c')
				bytes = true;
			else if (*e == 'q')
				headers_off = true;
			else if (*e == 'v')
				headers_on = true;
			else if (*e == 'z')
				delim = '\0';
		}
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((c = vtx_getopt(argc, argv, "c:n:qvz0123456789", longs)) != -1) {
		switch (c) {
		case 'c':
		case 'n':
			set_count(vt_optarg, c == 'c');
			break;
		case 'q':
			headers_off = true;
			headers_on = false;
			break;
		case 'v':
			headers_on = true;
			headers_off = false;
			break;
		case 'z':
			delim = '\0';
			break;
		}
	}
	if (vt_optind == argc)
		argv[--vt_optind] = "-";
	nfiles = argc - vt_optind;
	for (int i = vt_optind; i < argc; i++) {
		const char *name = argv[i];
		int fd = vt_open_input(name), err;

		if (fd < 0)
			continue;
		if (headers_on || (nfiles > 1 && !headers_off))
			vtx_name_header(name, &first);
		err = all_but ? head_all_but(fd) : head_first(fd);
		if (err)
			vt_warn_errno(name, err);
		vt_close(fd);
	}
	return vt_status;
}

VT_TOOL(head_main,
	"Usage: head [OPTION]... [FILE]...\n"
	"Print the first 10 lines of each FILE to standard output.\n"
	"\n"
	"  -c, --bytes=[-]NUM    print the first NUM bytes; with '-', all but\n"
	"                        the last NUM bytes\n"
	"  -n, --lines=[-]NUM    print the first NUM lines; with '-', all but\n"
	"                        the last NUM lines\n"
	"  -q, --quiet           never print headers giving file names\n"
	"  -v, --verbose         always print headers giving file names\n"
	"  -z, --zero-terminated line delimiter is NUL, not newline\n")
