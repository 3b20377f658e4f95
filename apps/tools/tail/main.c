/*
 * tail - the last lines (-n) or bytes (-c) of each file, or everything
 * from the Nth one on (+N). Input is streamed: only the last N records
 * are held. -f keeps reading each file as it grows, once a second,
 * naming the file (with several) whenever the output moves to another;
 * standard input is not followed (a pipe ends), as GNU's does.
 */
#include "vytool_text.h"
#include "vyoma_poll.h"
#include "vyoma_tiny.h"

static uint64_t count = 10;
static bool bytes, from_start, follow, headers_off, headers_on;
static char delim = '\n';

/* Writes fd from record number count (1-based) on. */
static int tail_from(int fd)
{
	static char buf[65536];
	uint64_t skip = count ? count - 1 : 0;
	long n;

	while ((n = vt_read(fd, buf, sizeof(buf))) > 0) {
		char *p = buf, *end = buf + n;

		if (bytes) {
			size_t s = skip < (uint64_t)n ? (size_t)skip : (size_t)n;

			p += s;
			skip -= s;
		} else {
			char *nl;

			while (skip && (nl = memchr(p, delim, (size_t)(end - p)))) {
				p = nl + 1;
				skip--;
			}
			if (skip)
				p = end;
		}
		vt_put(p, (size_t)(end - p));
	}
	return n < 0 ? (int)-n : 0;
}

/* Writes the last count records of fd. */
static int tail_last(int fd)
{
	size_t cap = 65536, start = 0, end = 0;
	uint64_t held = 0;	/* record ends in [start, end) */
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
		if (!bytes)
			for (char *p = buf + end, *e = p + n;
			     (p = memchr(p, delim, (size_t)(e - p))); p++)
				held++;
		end += (size_t)n;
		if (bytes) {
			if (end - start > count)
				start = end - (size_t)count;
			continue;
		}
		while (held > count) {
			start = (size_t)((char *)memchr(buf + start, delim,
							end - start) + 1 - buf);
			held--;
		}
	}
	if (!bytes) {
		/* An unterminated last line counts too. */
		if (end > start && buf[end - 1] != delim)
			held++;
		while (held > count) {
			start = (size_t)((char *)memchr(buf + start, delim,
							end - start) + 1 - buf);
			held--;
		}
	}
	vt_put(buf + start, end - start);
	return n < 0 ? (int)-n : 0;
}

/* -f: the files followed (regular files and the like: a pipe ends). */
#define FOLLOW_MAX 64
static int follow_fd[FOLLOW_MAX];
static const char *follow_name[FOLLOW_MAX];
static int nfollow;

/*
 * Prints what is appended to each followed file, once a second, for
 * ever; with headers, a file's name before its new lines whenever the
 * output moves to another file, as GNU's tail -f does.
 */
static void tail_follow(bool headers, bool first)
{
	static char buf[65536];
	__wasi_subscription_t sub;
	__wasi_event_t ev;
	size_t nev;
	int last = nfollow - 1;	/* the last file printed */

	vy_sub_clock(&sub, 1000000000ull, 0);
	for (;;) {
		vt_flush();
		(void)!__wasi_poll_oneoff(&sub, &ev, 1, &nev);
		for (int i = 0; i < nfollow; i++) {
			long n;

			while ((n = vt_read(follow_fd[i], buf, sizeof(buf))) > 0) {
				if (headers && i != last)
					vtx_name_header(follow_name[i], &first);
				last = i;
				vt_put(buf, (size_t)n);
			}
		}
	}
}

static const char longs[] =
	"c1bytes\0"
	"n1lines\0"
	"f0follow\0"
	"q0quiet\0"
	"q0silent\0"
	"v0verbose\0"
	"z0zero-terminated\0";

static void set_count(const char *s, bool in_bytes)
{
	const char *p = s;

	bytes = in_bytes;
	from_start = *p == '+';
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

static int tail_main(int argc, char **argv)
{
	int c, nfiles;
	bool first = true;

	/* The old form: tail -5 file. */
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
			else if (*e == 'f')
				follow = true;
		}
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((c = vtx_getopt(argc, argv, "c:n:fFqvz", longs)) != -1) {
		switch (c) {
		case 'c':
		case 'n':
			set_count(vt_optarg, c == 'c');
			break;
		case 'f':
		case 'F':
			follow = true;
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
		err = from_start ? tail_from(fd) : tail_last(fd);
		if (err)
			vt_warn_errno(name, err);
		if (follow && fd > 0 && nfollow < FOLLOW_MAX) {
			follow_fd[nfollow] = fd;
			follow_name[nfollow++] = name;
		} else {
			vt_close(fd);
		}
	}
	if (nfollow)
		tail_follow(headers_on || (nfiles > 1 && !headers_off), first);
	return vt_status;
}

VT_TOOL(tail_main,
	"Usage: tail [OPTION]... [FILE]...\n"
	"Print the last 10 lines of each FILE to standard output.\n"
	"\n"
	"  -c, --bytes=[+]NUM    the last NUM bytes; +NUM: from byte NUM on\n"
	"  -f, --follow          output appended data as the file grows\n"
	"  -n, --lines=[+]NUM    the last NUM lines; +NUM: from line NUM on\n"
	"  -q, --quiet           never print headers giving file names\n"
	"  -v, --verbose         always print headers giving file names\n"
	"  -z, --zero-terminated line delimiter is NUL, not newline\n")
