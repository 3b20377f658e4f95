/*
 * units - converts a quantity between units of one kind:
 *
 *	units 10 km mi		-> 6.213712 mi
 *	units 98.6 F C K	-> 37 C, then 310.15 K (one line each)
 *
 * Kinds: length (m km cm mm um nm mi yd ft in nmi), mass (kg g mg t lb oz
 * st), volume (l ml m3 gal qt pt cup floz tbsp tsp: US measures), data
 * (B KB MB GB TB KiB MiB GiB TiB bit) and temperature (C F K). Results
 * are rounded to 6 decimal places (from 10^12 up, to whole numbers),
 * trailing zeros dropped. An unknown
 * unit, units of two kinds, or a malformed number is refused (status 1).
 * Its test (test.py) checks many conversions against Python's.
 */
#include "vytool.h"
#include "vyoma_tiny.h"	/* wasi-libc's string functions are larger */

#define USAGE								\
	"Usage: units VALUE FROM TO...\n"				\
	"Convert VALUE in unit FROM to each unit TO, one line each.\n"	\
	"length: m km cm mm um nm mi yd ft in nmi\n"			\
	"mass: kg g mg t lb oz st\n"					\
	"volume: l ml m3 gal qt pt cup floz tbsp tsp (US)\n"		\
	"data: B KB MB GB TB KiB MiB GiB TiB bit\n"			\
	"temperature: C F K\n"

/* Each name ends in a space; a '|' starts the next kind. */
static const char names[] =
	"m km cm mm um nm mi yd ft in nmi |kg g mg t lb oz st |"
	"l ml m3 gal qt pt cup floz tbsp tsp |"
	"B KB MB GB TB KiB MiB GiB TiB bit |C F K ";

/* How much of the kind's first unit one of each is. */
static const double factor[] = {
	1, 1e3, 1e-2, 1e-3, 1e-6, 1e-9, 1609.344, 0.9144, 0.3048, 0.0254,
	1852,
	1, 1e-3, 1e-6, 1e3, 0.45359237, 0.028349523125, 6.35029318,
	1, 1e-3, 1e3, 3.785411784, 0.946352946, 0.473176473, 0.2365882365,
	0.0295735295625, 0.01478676478125, 0.00492892159375,
	1, 1e3, 1e6, 1e9, 1e12, 1024, 1048576, 1073741824, 1099511627776.0,
	0.125,
	1, 5.0 / 9, 1,
};

/* Temperatures also move their zero: kelvin = v * factor + offset. */
#define TEMP 38
static const double offset[] = { 273.15, 273.15 - 32 * 5.0 / 9, 0 };

/* The unit's index, its kind in *kind; -1 if there is no such unit. */
static int lookup(const char *u, int *kind)
{
	const char *p = names;
	int i = 0;
	size_t n = strlen(u);

	*kind = 0;
	for (; *p; p++) {
		if (*p == '|') {
			++*kind;
			continue;
		}
		if (!strncmp(p, u, n) && p[n] == ' ' && n)
			return i;
		while (*p != ' ')
			p++;
		i++;
	}
	vt_warn("unknown unit", u);
	return -1;
}

/* [-+]digits[.digits]: anything else is not a number. */
static bool parse(const char *s, double *v)
{
	double scale = 1;
	bool neg = *s == '-', any = false, dot = false;

	*v = 0;
	if (*s == '-' || *s == '+')
		s++;
	for (; *s; s++) {
		if (*s == '.' && !dot) {
			dot = true;
		} else if (*s >= '0' && *s <= '9') {
			if (dot)
				scale /= 10;
			*v = *v * 10 + (*s - '0');
			any = true;
		} else {
			return false;
		}
	}
	*v *= neg ? -scale : scale;
	return any;
}

/* v rounded to 6 decimal places, without trailing zeros. */
static bool put(double v)
{
	char b[8];
	uint64_t u;
	unsigned frac;
	int n = 6;

	if (v < 0) {
		v = -v;
		if (v >= 5e-7)
			vt_putc('-');
	}
	if (v >= 1.8e19)
		return false;
	if (v >= 1e12) {	/* whole numbers: no room for 6 places */
		vt_putu((uint64_t)(v + 0.5));
		return true;
	}
	u = (uint64_t)(v * 1e6 + 0.5);
	vt_putu(u / 1000000);
	frac = (unsigned)(u % 1000000);
	if (!frac)
		return true;
	for (; frac % 10 == 0; n--)
		frac /= 10;
	b[0] = '.';
	b[n + 1] = '\0';
	for (; n; n--, frac /= 10)
		b[n] = (char)('0' + frac % 10);
	vt_puts(b);
	return true;
}

static int units_main(int argc, char **argv)
{
	double v;
	int from, to, kf, kt;

	if (argc < 4)
		vt_usage_error("missing operand", 1);
	if (!parse(argv[1], &v))
		vt_die("not a number");
	from = lookup(argv[2], &kf);
	if (from < 0)
		return 1;
	v = v * factor[from] + (from >= TEMP ? offset[from - TEMP] : 0);
	for (int i = 3; i < argc; i++) {
		double r;

		to = lookup(argv[i], &kt);
		if (to < 0)
			continue;
		if (kt != kf) {
			vt_warn("cannot convert between kinds", argv[i]);
			continue;
		}
		r = (v - (to >= TEMP ? offset[to - TEMP] : 0)) / factor[to];
		if (!put(r)) {
			vt_warn("result too large", argv[i]);
			continue;
		}
		vt_putc(' ');
		vt_puts(argv[i]);
		vt_putc('\n');
	}
	return vt_status;
}

VT_TOOL(units_main, USAGE)
