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
#define BAD_DATE "invalid date: YYYY-MM-DD"
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

/*
 * digits[.d...], at most point digits after the point (none: no point)
 * and as many made up with zeros: an amount typed (point 2, in cents)
 * or kept in the ledger (point 0); 0 when malformed or not below MAXC.
 */
static uint64_t amount(const char *s, int point)
{
	uint64_t v = 0;
	int frac = -1;

	for (; *s; s++) {
		unsigned digit = (unsigned)(*s - '0');	/* > 9: none */

		if (*s == '.' && frac < 0 && point)
			frac = 0;
		else if (digit < 10 && frac < point && v < MAXC)
			v = v * 10 + digit, frac += frac >= 0;
		else
			return 0;
	}
	if (!frac)
		return 0;	/* "12.": a point without cents */
	for (frac = frac < 0 ? 0 : frac; frac < point; frac++)
		v *= 10;	/* 12 or 12.5 */
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
	char b[21], *s = vt_utoa(100 + v % 100, b);

	vt_putu_width(v / 100, width - 3);
	*s = '.';	/* "105": ".05" */
	vt_puts(s);
}

/* The line to the ledger: one write in append mode, whole or not at all. */
static void append(void)
{
	__wasi_fd_t fd = 0;
	__wasi_size_t done;
	__wasi_ciovec_t iov = { (const uint8_t *)line, len };

	if (vy__data_dir() < 0 ||
	    __wasi_path_open((__wasi_fd_t)vy__data_dir(), 0, FILE,
			     __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0,
			     __WASI_FDFLAGS_APPEND, &fd))
		vt_die("cannot open /data/" FILE);
	if (__wasi_fd_write(fd, &iov, 1, &done) || done != len)
		vt_die("cannot write /data/" FILE);
}

/* arg: the words after "add", up to argv's NULL */
static int do_add(char **arg)
{
	char b[21];
	uint64_t v;
	uint32_t ymd = 0;	/* the date, as YYYYMMDD */
	int y, m, d;
	__wasi_timestamp_t now = 0;
	const char *s;

	if (arg[0] && arg[1] && !strcmp(arg[0], "-d")) {
		s = arg[1];
		arg += 2;
		for (int i = 0; i < 10; i++) {
			unsigned digit = (unsigned)(s[i] - '0');

			if (i == 4 || i == 7) {
				if (s[i] != '-')
					vt_die(BAD_DATE);
			} else if (digit < 10) {
				ymd = ymd * 10 + digit;
			} else {
				vt_die(BAD_DATE);
			}
		}
		y = (int)(ymd / 10000);
		m = (int)(ymd / 100 % 100);
		d = (int)(ymd % 100);
		/*
		 * A month's days: 28, and 2 bits a month more; February's
		 * 29th in a leap year (a century's year divides by 400).
		 */
		if (s[10] || !y || m < 1 || m > 12 || d < 1 ||
		    d > 28 + (0x3BBEECC >> 2 * m & 3) +
		    (m == 2 && !(y % (y % 100 ? 4 : 400))))
			vt_die(BAD_DATE);
	} else {
		(void)!__wasi_clock_time_get(__WASI_CLOCKID_REALTIME,
					     1000000000, &now);
		vy_civil_from_days((long)(now / 86400000000000ull), &y, &m,
				   &d);
		ymd = (uint32_t)(y * 10000 + m * 100 + d);
	}
	if (!arg[0] || !arg[1])
		vt_usage_error("missing amount or category", 1);
	v = amount(arg[0], 2);
	if (!v)
		vt_die("invalid amount: like 12.50, more than 0");
	if (!arg[1][0] || !clean(arg[1], false))
		vt_die("invalid category: one word");
	for (int i = 9; i >= 0; i--) {	/* YYYY-MM-DD, from its end */
		if (i == 4 || i == 7) {
			line[i] = '-';
		} else {
			line[i] = (char)('0' + ymd % 10);
			ymd /= 10;
		}
	}
	len = 10;
	add("\t");
	add(vt_utoa(v, b));
	add("\t");
	add(arg[1]);
	add("\t");
	for (arg += 2; *arg; arg++) {	/* the note's words */
		if (!clean(*arg, true))
			vt_die("invalid note");
		add(*arg);
		if (arg[1])
			add(" ");
	}
	add("\n");
	append();
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
		uint64_t v;

		for (f[n++] = p; *p && *p != '\n'; p++)
			if (*p == '\t' && n < 4)
				*p = '\0', f[n++] = p + 1;
		l = p + !!*p;
		*p = '\0';
		/* f[0] a date: its 10 bytes, then the tab */
		if (n < 4 || f[1] - f[0] != 11 || !*f[2] ||
		    (cat && strcmp(cat, f[2])))
			continue;
		v = amount(f[1], 0);
		if (!v)
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
		return do_add(argv + 2);
	if (strcmp(cmd, "list") && strcmp(cmd, "sum"))
		vt_usage_error(argc > 1 ? "unknown command" :
			       "missing command", 1);
	if (argc > 3)
		vt_usage_error("too many arguments", 1);
	return walk(argv[2], cmd[0] == 'l');
}

VT_TOOL(expenses_main, USAGE)
