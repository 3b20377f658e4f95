/*
 * sha256sum - SHA-256 checksums as GNU sha256sum prints and checks them.
 *
 *	sha256sum [-b|-t] [--tag] [-z] [FILE]...
 *	sha256sum -c [--quiet] [--status] [-w] [--strict] [--ignore-missing]
 *		  [FILE]...
 *
 * A line is "HASH  NAME" ("HASH *NAME" with -b) or, with --tag, BSD's
 * "SHA256 (NAME) = HASH". A name holding a backslash, a newline or a
 * carriage return is written escaped (\\, \n, \r) behind a backslash
 * that starts the line, as GNU's, except with -z, whose lines end in NUL.
 * -c reads either form back (the hash in either case, CRLF lines,
 * blanks before it, '#' comments) and reports each file OK or FAILED
 * with GNU's messages; lines it cannot read are counted, named with -w,
 * and fail the check with --strict. --quiet drops the OKs, --status
 * every report and summary, --ignore-missing the files that do not
 * exist. The hashing is the supervisor's (sdk/vyoma_hash.h, libsodium):
 * this tool only streams bytes to it.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#define VT_SHARED
#include "vytool.h"
#include "vytool_files.h"
#include "vytool_text.h"
#include "vyoma_hash.h"
#include "vyoma_tiny.h"

static const char hex[] = "0123456789abcdef";
static bool binary, tag, zero, quiet, status_only, warn, strict,
	    ignore_missing;
static int reversed = -1;	/* the lists' "HASH NAME" lines: unknown */

/* The file's digest as 64 hex digits into out: 1, or 0 after a message,
 * or -1 (silently) for a missing file with --ignore-missing. */
static int digest_of(const char *name, char out[65])
{
	static char buf[65536];
	struct vy_sha256 h;
	uint8_t d[32];
	int err, fd = 0;
	long n;

	if (strcmp(name, "-"))
		fd = vt_open(name, VT_READ, &err);
	if (fd < 0 && ignore_missing && err == __WASI_ERRNO_NOENT)
		return -1;
	if (fd < 0) {
		vt_warn_errno(name, err);
		return 0;
	}
	vy_sha256_init(&h);
	while ((n = vt_read(fd, buf, sizeof(buf))) > 0)
		vy_sha256_update(&h, buf, (size_t)n);
	vt_close(fd);
	if (n < 0) {
		vt_warn_errno(name, (int)-n);
		return 0;
	}
	vy_sha256_final(&h, d);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
	return 1;
}

static bool needs_escape(const char *name)
{
	return strchr(name, '\\') || strchr(name, '\n') || strchr(name, '\r');
}

/* name, with \, newline and CR escaped if escaped (the caller has put
 * the backslash that starts the line). */
static void put_name(const char *name, bool escaped)
{
	for (; *name; name++) {
		if (escaped && (*name == '\\' || *name == '\n' ||
				*name == '\r')) {
			vt_putc('\\');
			vt_putc(*name == '\n' ? 'n' : *name == '\r' ? 'r' : '\\');
		} else {
			vt_putc(*name);
		}
	}
}

/* 64 hex digits at h, lower-cased in place, then the character end. */
static bool is_hash(char *h, char end)
{
	for (int i = 0; i < 64; i++, h++) {
		/* | 32 folds A-F; bytes below '0' would fold onto digits */
		if (*h < '0' || !vtx_strchr(hex, *h | 32))
			return false;
		*h |= 32;
	}
	return *h == end;
}

/*
 * One line of a list, without its newline: its hash and its name, both
 * cut out of it in place (the name unescaped); false if the line is in
 * neither form, as GNU's split_3 and bsd_split_3 read them (an empty
 * name in BSD's form is a file that cannot be opened, not a bad line).
 */
static bool parse_line(char *s, char **hash, char **name)
{
	bool escaped;
	char *close;

	s += vtx_span(s, " \t");
	escaped = *s == '\\';
	s += escaped;
	if (!strncmp(s, "SHA256", 6) &&
	    (s[6] == '(' || (s[6] == ' ' && s[7] == '('))) {
		*name = s + 7 + (s[6] == ' ');
		close = strrchr(*name, ')');
		if (!close)
			return false;
		*close++ = '\0';
		close += vtx_span(close, " \t");
		if (*close++ != '=')
			return false;
		*hash = close + vtx_span(close, " \t");
		if (!is_hash(*hash, '\0'))
			return false;
	} else {
		*hash = s;
		if (strlen(s) < 66 || !is_hash(s, s[64]) ||
		    (s[64] != ' ' && s[64] != '\t'))
			return false;
		s[64] = '\0';
		s += 65;
		/* "HASH NAME", one blank, or a name of one character: what
		 * GNU calls BSD reversed, and will not mix with "HASH  NAME"
		 * (lest a renamed " NAME" be read as NAME) */
		if (!s[1] || (*s != ' ' && *s != '*')) {
			if (!reversed)
				return false;
			reversed = 1;
		} else if (reversed != 1) {
			reversed = 0;
			s++;
		}
		*name = s;
	}
	if (escaped) {
		char *w = *name;

		for (char *r = *name; *r; r++) {
			if (*r == '\\') {
				r++;
				if (*r != '\\' && *r != 'n' && *r != 'r')
					return false;
				*w++ = *r == 'n' ? '\n' : *r == 'r' ? '\r' : '\\';
			} else {
				*w++ = *r;
			}
		}
		*w = '\0';
	}
	return true;
}

/* A warning on stderr that leaves the status alone (the check's result
 * decides it), and none with --status. */
static void note(const char *a, const char *b)
{
	int status = vt_status;

	if (!status_only)
		vt_warn(a, b);
	vt_status = status;
}

static void note_count(int n, const char *one, const char *many)
{
	char num[24];

	if (n)
		note("WARNING", vf_cat(vt_utoa((uint64_t)n, num),
				       n == 1 ? one : many));
}

/* -c: each line of list checked; GNU's messages and status. */
static int check(const char *list)
{
	const char *shown = strcmp(list, "-") ? list : "'standard input'";
	int fd = vt_open_input(list), bad = 0, unreadable = 0, improper = 0,
	    good = 0, verified = 0;
	char *line, *hash, *name, sum[65], num[24];
	unsigned long lineno = 0;
	struct vt_in in;
	size_t len;

	if (fd < 0)
		return 1;
	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &len))) {
		bool match, escaped;
		int got;

		lineno++;
		if (line[0] == '#')
			continue;
		/* As GNU's: CRLF lines too, and empty ones skipped */
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len)
			continue;
		if (!parse_line(line, &hash, &name)) {
			improper++;
			if (warn)
				note(vf_cat(vf_cat(shown, ": "),
					    vt_utoa(lineno, num)),
				     "improperly formatted SHA256 checksum line");
			continue;
		}
		good++;
		got = digest_of(name, sum);
		if (got < 0)
			continue;
		match = got && !strcmp(sum, hash);
		verified += got;
		unreadable += !got;
		bad += got && !match;
		if (status_only || (quiet && match))
			continue;
		/* a report's name is escaped only for a newline (GNU 9.1) */
		escaped = strchr(name, '\n') != NULL;
		if (escaped)
			vt_putc('\\');
		put_name(name, escaped);
		vt_puts(!got ? ": FAILED open or read\n" :
			match ? ": OK\n" : ": FAILED\n");
	}
	vt_close(fd);
	if (!good) {
		vt_warn(shown, "no properly formatted checksum lines found");
		return 1;
	}
	note_count(improper, " line is improperly formatted",
		   " lines are improperly formatted");
	note_count(unreadable, " listed file could not be read",
		   " listed files could not be read");
	note_count(bad, " computed checksum did NOT match",
		   " computed checksums did NOT match");
	if (ignore_missing && !verified) {
		note(shown, "no file was verified");
		return 1;
	}
	return bad || unreadable || (strict && improper);
}

static void print_sum(const char *name, const char *sum)
{
	bool escaped = !zero && needs_escape(name);

	if (escaped)
		vt_putc('\\');
	if (tag) {
		vt_puts("SHA256 (");
		put_name(name, escaped);
		vt_puts(") = ");
		vt_puts(sum);
	} else {
		vt_puts(sum);
		vt_puts(binary ? " *" : "  ");
		put_name(name, escaped);
	}
	vt_putc(zero ? '\0' : '\n');
}

static const char longs[] = "c0check\0" "b0binary\0" "t0text\0" "T0tag\0"
			    "z0zero\0" "q0quiet\0" "s0status\0" "w0warn\0"
			    "S0strict\0" "i0ignore-missing\0";

static int sha256sum_main(int argc, char **argv)
{
	bool checking = false;
	char sum[65];
	int c, status = 0;

	while ((c = vtx_getopt(argc, argv, "cbtzw", longs)) != -1) {
		checking |= c == 'c';
		if (c == 'b' || c == 't')
			binary = c == 'b';
		tag |= c == 'T';
		zero |= c == 'z';
		quiet |= c == 'q';
		status_only |= c == 's';
		warn |= c == 'w';
		strict |= c == 'S';
		ignore_missing |= c == 'i';
	}
	if (checking && (tag || zero))
		vt_usage_error(tag ? "the --tag option is meaningless when "
				     "verifying checksums" :
				     "the --zero option is not supported when "
				     "verifying checksums", 1);
	if (vt_optind == argc)
		argv[--vt_optind] = "-";
	for (int i = vt_optind; i < argc; i++) {
		if (checking)
			status |= check(argv[i]);
		else if (digest_of(argv[i], sum) > 0)
			print_sum(argv[i], sum);
		else
			status = 1;
	}
	return status;
}

VT_TOOL(sha256sum_main,
	"Usage: sha256sum [OPTION]... [FILE]...\n"
	"Print or check SHA-256 checksums (computed by the supervisor).\n"
	"With no FILE, or when FILE is -, read standard input.\n"
	"\n"
	"  -b, --binary   write \"HASH *NAME\" lines\n"
	"  -c, --check    check the \"HASH  NAME\" or \"SHA256 (NAME) = HASH\"\n"
	"                 lines of each FILE\n"
	"      --tag      write BSD-style \"SHA256 (NAME) = HASH\" lines\n"
	"  -t, --text     write \"HASH  NAME\" lines (the default)\n"
	"  -z, --zero     end each line with NUL, names unescaped\n"
	"\n"
	"With --check:\n"
	"      --ignore-missing  skip files that do not exist\n"
	"      --quiet    do not print OK for each file verified\n"
	"      --status   print nothing; the status says\n"
	"      --strict   fail for improperly formatted lines\n"
	"  -w, --warn     name each improperly formatted line\n")
