/*
 * expenses - a ledger of what was spent, kept in /data/expenses.txt, one
 * expense a line: date, amount in cents, category and note, by tabs.
 *
 *	expenses add [-d YYYY-MM-DD] 12.50 food lunch with Ana
 *	expenses list [CATEGORY]	every expense (of CATEGORY), as added
 *	expenses sum [CATEGORY]		their total
 *
 * Amounts are whole cents (no floating point anywhere): 12, 12.5 or
 * 12.50, more than 0 and below 10^12. The date is today (UTC) unless -d
 * gives one. A malformed amount, date or category is refused (status 1)
 * and nothing is written; malformed lines in the file are skipped, and
 * list and sum read its first MiB (some 30 000 expenses). Its
 * test (test.py) adds, lists and sums, checking the sums exactly.
 */
#include "vytool.h"
#include "vyoma.h"
#include "vyoma_date.h"
#include "vyoma_tiny.h"	/* wasi-libc's string functions are larger */

#define USAGE								\
	"Usage: expenses add [-d YYYY-MM-DD] AMOUNT CATEGORY [NOTE]...\n" \
	"   or: expenses list [CATEGORY]\n"				\
	"   or: expenses sum [CATEGORY]\n"				\
	"Keep a ledger of expenses in /data/expenses.txt; AMOUNT as 12.50.\n"

#define FILE "expenses.txt"	/* in /data */
#define MAXC 100000000000000ull	/* cents: below 10^12 units */

static char line[512];
static size_t len;

static void add(const char *s)
{
	size_t n = strlen(s);

	if (len + n >= sizeof(line))
		vt_die("expense too long");
	memcpy(line + len, s, n);
	len += n;
}

/* digits[.d[d]]: the amount in cents, or 0 when malformed. */
static uint64_t cents(const char *s)
{
	uint64_t v = 0;
	int frac = -1;

	for (; *s; s++) {
		if (*s == '.' && frac < 0)
			frac = 0;
		else if (*s >= '0' && *s <= '9' && frac < 2 && v < MAXC)
			v = v * 10 + (uint64_t)(*s - '0'), frac += frac >= 0;
		else
			return 0;
	}
	if (!frac)
		return 0;	/* "12.": a point without cents */
	for (frac = frac < 0 ? 0 : frac; frac < 2; frac++)
		v *= 10;
	return v < MAXC ? v : 0;
}

/* A word without control characters (or, for a category, blanks). */
static bool clean(const char *s, bool blanks)
{
	for (; *s; s++)
		if ((unsigned char)*s < 32 || *s == 127 ||
		    (!blanks && *s == ' '))
			return false;
	return true;
}

/* v cents as units and cents, right-aligned in width columns. */
static void put_cents(uint64_t v, int width)
{
	char b[24], *p = b + sizeof(b) - 1;

	*p = '\0';
	for (int i = 0; i < 4 || v; i++) {
		if (i == 2) {
			*--p = '.';
			continue;
		}
		*--p = (char)('0' + v % 10);
		v /= 10;
	}
	for (width -= (int)(b + sizeof(b) - 1 - p); width > 0; width--)
		vt_putc(' ');
	vt_puts(p);
}

static int do_add(int argc, char **argv)
{
	char date[11], b[21];
	uint64_t v;
	int y, m, d;
	__wasi_fd_t fd = 0;
	__wasi_size_t done;
	__wasi_ciovec_t iov = { (const uint8_t *)line, 0 };
	__wasi_timestamp_t now = 0;

	(void)!__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1000000000,
				     &now);
	vy_civil_from_days((long)(now / 86400000000000ull), &y, &m, &d);
	vt_optind = 2;
	if (argc > 3 && !strcmp(argv[2], "-d")) {
		const char *s = argv[3];

		vt_optind = 4;
		for (int i = 0; i < 10; i++)
			if ((i == 4 || i == 7) != (s[i] == '-') ||
			    (s[i] != '-' && (s[i] < '0' || s[i] > '9')))
				vt_die("invalid date: YYYY-MM-DD");
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		    (s[2] - '0') * 10 + s[3] - '0';
		m = (s[5] - '0') * 10 + s[6] - '0';
		d = (s[8] - '0') * 10 + s[9] - '0';
		if (s[10] || !y || m < 1 || m > 12 || d < 1 ||
		    d > vy_days_from_civil(y + m / 12, m % 12 + 1, 1) -
		    vy_days_from_civil(y, m, 1))
			vt_die("invalid date: YYYY-MM-DD");
	}
	if (argc - vt_optind < 2)
		vt_usage_error("missing amount or category", 1);
	v = cents(argv[vt_optind]);
	if (!v)
		vt_die("invalid amount: like 12.50, more than 0");
	if (!argv[vt_optind + 1][0] || !clean(argv[vt_optind + 1], false))
		vt_die("invalid category: one word");
	date[0] = (char)('0' + y / 1000);
	date[1] = (char)('0' + y / 100 % 10);
	date[2] = (char)('0' + y / 10 % 10);
	date[3] = (char)('0' + y % 10);
	date[4] = date[7] = '-';
	date[5] = (char)('0' + m / 10);
	date[6] = (char)('0' + m % 10);
	date[8] = (char)('0' + d / 10);
	date[9] = (char)('0' + d % 10);
	date[10] = '\0';
	add(date);
	add("\t");
	add(vt_utoa(v, b));
	add("\t");
	add(argv[vt_optind + 1]);
	add("\t");
	for (int i = vt_optind + 2; i < argc; i++) {
		if (!clean(argv[i], true))
			vt_die("invalid note");
		add(argv[i]);
		if (i + 1 < argc)
			add(" ");
	}
	add("\n");
	iov.buf_len = len;
	/* One write in append mode: the line goes in whole or not at all. */
	if (vy__data_dir() < 0 ||
	    __wasi_path_open((__wasi_fd_t)vy__data_dir(), 0, FILE,
			     __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0,
			     __WASI_FDFLAGS_APPEND, &fd))
		vt_die("cannot open /data/" FILE);
	if (__wasi_fd_write(fd, &iov, 1, &done) || done != len)
		vt_die("cannot write /data/" FILE);
	return 0;
}

/* Each expense (of cat, if given): printed, or only summed. */
static int walk(const char *cat, bool print)
{
	static char buf[1 << 20];	/* .bss: no bytes in the module */
	long got = vy_data_read(FILE, buf, sizeof(buf) - 1);
	uint64_t total = 0;
	char *l = buf;

	buf[got > 0 ? got : 0] = '\0';
	while (*l) {
		char *f[4], *p = l;
		int n = 0;
		uint64_t v = 0;

		for (f[n++] = p; *p && *p != '\n'; p++)
			if (*p == '\t' && n < 4)
				*p = '\0', f[n++] = p + 1;
		l = p + !!*p;
		*p = '\0';
		if (n < 4 || strlen(f[0]) != 10 || !*f[2] ||
		    (cat && strcmp(cat, f[2])))
			continue;
		for (p = f[1]; *p >= '0' && *p <= '9' && v < MAXC; p++)
			v = v * 10 + (uint64_t)(*p - '0');
		if (*p || !v || v >= MAXC)
			continue;
		total += v;
		if (!print)
			continue;
		vt_puts(f[0]);
		vt_putc(' ');
		put_cents(v, 10);
		vt_putc(' ');
		vt_puts(f[2]);
		if (*f[3]) {
			vt_putc(' ');
			vt_puts(f[3]);
		}
		vt_putc('\n');
	}
	if (!print) {
		put_cents(total, 0);
		vt_putc('\n');
	}
	return 0;
}

static int expenses_main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "add"))
		return do_add(argc, argv);
	if (strcmp(cmd, "list") && strcmp(cmd, "sum"))
		vt_usage_error(argc > 1 ? "unknown command" :
			       "missing command", 1);
	if (argc > 3)
		vt_usage_error("too many arguments", 1);
	return walk(argv[2], cmd[0] == 'l');
}

VT_TOOL(expenses_main, USAGE)
