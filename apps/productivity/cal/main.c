/*
 * cal - prints a calendar: this month (UTC), `cal MONTH YEAR` that month,
 * `cal YEAR` the whole year, three months a row. Weeks start on Sunday,
 * the proleptic Gregorian calendar, years 1 to 9999. The layout is
 * Python's calendar.TextCalendar(6) (formatmonth, formatyear): cal's,
 * with the months centred as str.center does and no trailing blanks.
 * A month or year out of range, or a stray word, is refused (status 1).
 * Its test (test.py) compares the output with Python's byte for byte.
 */
#include "vytool.h"
#include "vyoma_date.h"
#include "vyoma_tiny.h"	/* wasi-libc's string functions are larger */

#define USAGE								\
	"Usage: cal [[MONTH] YEAR]\n"					\
	"Print this month's calendar, MONTH's of YEAR, or YEAR's.\n"

#define COLW 20			/* a month's width */
#define SEP 6			/* between months */

static const char *const names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

static char line[3 * (COLW + SEP)];

/* Ends the line: trailing blanks dropped, as Python's rstrip(). */
static void put_line(int n)
{
	while (n && line[n - 1] == ' ')
		n--;
	line[n] = '\n';
	vt_put(line, (size_t)n + 1);
}

/* s centred in width at p, as Python's str.center places it. */
static void center(char *p, const char *s, int width)
{
	int n = (int)strlen(s), marg = width - n;

	memset(p, ' ', (size_t)width);
	memcpy(p + marg / 2 + (marg & width & 1), s, (size_t)n);
}

/* Days since the epoch of the 1st, the month's length, its 1st's column. */
static long first_day(int y, int m, int *len, int *lead)
{
	long d = vy_days_from_civil(y, m, 1);

	*len = (int)(vy_days_from_civil(y + m / 12, m % 12 + 1, 1) - d);
	*lead = (vy_weekday(d) + 1) % 7;	/* Sunday first */
	return d;
}

/* count months side by side from month m of year y. */
static void months(int y, int m, int count, bool with_year)
{
	int len[3], lead[3], height = 0, n = 0;
	char title[24];

	memset(line, ' ', sizeof(line));
	for (int i = 0; i < count; i++, n += COLW + SEP) {
		size_t l = strlen(names[m - 1 + i]);

		memcpy(title, names[m - 1 + i], l + 1);
		if (with_year) {
			char b[21];

			const char *digits = vt_utoa((uint64_t)y, b);

			title[l] = ' ';
			memcpy(title + l + 1, digits, strlen(digits) + 1);
		}
		center(line + n, title, COLW);
		first_day(y, m + i, &len[i], &lead[i]);
		if ((lead[i] + len[i] + 6) / 7 > height)
			height = (lead[i] + len[i] + 6) / 7;
	}
	put_line(n - SEP);
	for (n = 0; n < count * (COLW + SEP); n += COLW + SEP)
		memcpy(line + n, "Su Mo Tu We Th Fr Sa      ", COLW + SEP);
	put_line(n - SEP);
	for (int j = 0; j < height; j++) {
		memset(line, ' ', sizeof(line));
		for (int i = 0; i < count; i++)
			for (int k = 0; k < 7; k++) {
				int d = j * 7 + k - lead[i] + 1;
				char *p = line + i * (COLW + SEP) + k * 3;

				if (d < 1 || d > len[i])
					continue;
				p[0] = d > 9 ? (char)('0' + d / 10) : ' ';
				p[1] = (char)('0' + d % 10);
			}
		put_line(count * (COLW + SEP) - SEP);
	}
}

static int number(const char *s, int lo, int hi, const char *what)
{
	int64_t v;

	if (!vt_parse_int(s, &v) || v < lo || v > hi || *s < '0' || *s > '9')
		vt_die(what);
	return (int)v;
}

static int cal_main(int argc, char **argv)
{
	int y, m, d;
	char b[21];
	__wasi_timestamp_t now = 0;

	(void)!__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1000000000,
				     &now);
	vy_civil_from_days((long)(now / 86400000000000ull), &y, &m, &d);
	if (argc > 3)
		vt_usage_error("too many arguments", 1);
	if (argc == 3)
		m = number(argv[1], 1, 12, "invalid month: 1 to 12");
	if (argc > 1)
		y = number(argv[argc - 1], 1, 9999, "invalid year: 1 to 9999");
	if (argc != 2) {
		months(y, m, 1, true);
		return 0;
	}
	center(line, vt_utoa((uint64_t)y, b), 3 * COLW + 2 * SEP);
	put_line(3 * COLW + 2 * SEP);
	for (m = 1; m <= 12; m += 3) {
		vt_putc('\n');
		months(y, m, 3, false);
	}
	return 0;
}

VT_TOOL(cal_main, USAGE)
