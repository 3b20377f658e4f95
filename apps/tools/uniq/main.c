/*
 * uniq - drop (or count, -c; or keep only, -d/-u/-D) adjacent
 * repeated lines. Only the previous line is held; comparison can skip
 * fields (-f) and characters (-s), stop after -w characters and ignore
 * case (-i).
 */
#include "vytool_text.h"
#include "vyoma_tiny.h"

static uint64_t skip_fields, skip_chars, check_chars = UINT64_MAX;
static bool count, only_dup, only_uniq, all_dup, icase;
static char eol = '\n';

/* The part of the line that is compared. */
static const char *key(const char *s, size_t len, size_t *klen)
{
	const char *e = s + len;

	/* Up to the end: -f 99999999999999999999 must not count on. */
	for (uint64_t f = 0; f < skip_fields && s < e; f++) {
		while (s < e && vtx_blank(*s))
			s++;
		while (s < e && !vtx_blank(*s))
			s++;
	}
	s += (uint64_t)(e - s) < skip_chars ? (size_t)(e - s) :
	     (size_t)skip_chars;
	*klen = (size_t)(e - s);
	if (*klen > check_chars)
		*klen = (size_t)check_chars;
	return s;
}

static bool same(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t ka, kb;

	a = key(a, alen, &ka);
	b = key(b, blen, &kb);
	if (ka != kb)
		return false;
	if (!icase)
		return !memcmp(a, b, ka);
	for (size_t i = 0; i < ka; i++) {
		char x = a[i], y = b[i];

		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return false;
	}
	return true;
}

static void put_line(const char *s, size_t len)
{
	vt_put(s, len);
	vt_putc(eol);
}

/* Ends a group of n equal lines whose first is s. */
static void flush_group(const char *s, size_t len, uint64_t n)
{
	if (all_dup || (only_dup && n < 2) || (only_uniq && n > 1))
		return;
	if (count) {
		vt_putu_width(n, 7);
		vt_putc(' ');
	}
	put_line(s, len);
}

static const char longs[] =
	"c0count\0"
	"d0repeated\0"
	"D0all-repeated\0"
	"f1skip-fields\0"
	"i0ignore-case\0"
	"s1skip-chars\0"
	"u0unique\0"
	"w1check-chars\0"
	"z0zero-terminated\0";

static uint64_t number(const char *what)
{
	uint64_t v = 0;

	/* Past 2^64-1 is "all of them" here, as GNU's uniq takes it. */
	if ((!vtx_parse_size(vt_optarg, &v) && v != UINT64_MAX) ||
	    vt_optarg[vtx_span(vt_optarg, "0123456789")]) {
		vt_warn(what, vt_optarg);
		vt_exit(1);
	}
	return v;
}

static int uniq_main(int argc, char **argv)
{
	struct vt_in in;
	char *line, *prev = NULL;
	size_t len, plen = 0, pcap = 0;
	uint64_t n = 0;
	int c, fd;

	while ((c = vtx_getopt(argc, argv, "cdDf:is:uw:z", longs)) != -1) {
		switch (c) {
		case 'c': count = true; break;
		case 'd': only_dup = true; break;
		case 'D': all_dup = true; break;
		case 'i': icase = true; break;
		case 'u': only_uniq = true; break;
		case 'z': eol = '\0'; break;
		case 'f':
			skip_fields = number("invalid number of fields to skip");
			break;
		case 's':
			skip_chars = number("invalid number of bytes to skip");
			break;
		case 'w':
			check_chars = number("invalid number of bytes to compare");
			break;
		}
	}
	if (argc - vt_optind > 2) {
		vt_warn("extra operand", argv[vt_optind + 2]);
		vt_usage_error(NULL, 1);
	}
	if (all_dup && count) {
		vt_usage_error("printing all duplicated lines and repeat "
			       "counts is meaningless", 1);
	}
	fd = vt_optind < argc ? vt_open_input(argv[vt_optind]) : 0;
	if (fd < 0)
		return 1;
	if (argc - vt_optind == 2 && strcmp(argv[vt_optind + 1], "-")) {
		int err, out = vt_open(argv[vt_optind + 1], VT_WRITE, &err);

		if (out < 0) {
			vt_warn_errno(argv[vt_optind + 1], err);
			return 1;
		}
		vt_stdout.fd = out;
	}
	vt_in_init(&in, fd);
	while ((line = vt_getdelim(&in, &len, eol))) {
		if (line[len - 1] == eol)
			len--;
		if (prev && same(prev, plen, line, len)) {
			n++;
			if (all_dup) {
				if (n == 2)
					put_line(prev, plen);
				put_line(line, len);
			}
			continue;
		}
		if (prev)
			flush_group(prev, plen, n);
		if (len > pcap) {
			pcap = len * 2;
			prev = vt_alloc(pcap);
		} else if (!prev) {
			prev = vt_alloc(1);
		}
		memcpy(prev, line, len);
		plen = len;
		n = 1;
	}
	if (prev)
		flush_group(prev, plen, n);
	if (in.err)
		vt_warn_errno(argv[vt_optind], in.err);
	return vt_status;
}

VT_TOOL(uniq_main,
	"Usage: uniq [OPTION]... [INPUT [OUTPUT]]\n"
	"Filter adjacent matching lines from INPUT (or standard input),\n"
	"writing to OUTPUT (or standard output).\n"
	"\n"
	"  -c    prefix lines by their number of occurrences\n"
	"  -d    print one line of each repeated group; -D all of them\n"
	"  -u    only print unique lines\n"
	"  -f N  skip the first N fields; -s N: the first N characters\n"
	"  -w N  compare at most N characters; -i: ignore case\n"
	"  -z    line delimiter is NUL, not newline\n")
