/*
 * sleep - pause for the sum of its operands: numbers with an optional
 * fraction and suffix (s, m, h, d), or "inf". The wait is one WASI
 * clock subscription (poll_oneoff), which the supervisor can interrupt.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

#define NS 1000000000ull

/* One operand in nanoseconds (saturating); false if malformed. */
static bool parse(const char *s, uint64_t *out)
{
	static const char suffix[] = "smhd";
	static const uint32_t mult[] = { 1, 60, 3600, 86400 };
	uint64_t whole = 0, frac = 0, scale = NS, m = 1;
	bool digits = false;

	if (!strcmp(s, "inf") || !strcmp(s, "infinity")) {
		*out = UINT64_MAX;
		return true;
	}
	if (*s == '+')
		s++;
	for (; *s >= '0' && *s <= '9'; s++, digits = true)
		whole = whole > UINT64_MAX / 100 ? UINT64_MAX / 100 :
			whole * 10 + (uint64_t)(*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits = true)
			if (scale > 1) {
				scale /= 10;
				frac += (uint64_t)(*s - '0') * scale;
			}
	if (!digits)
		return false;
	if (*s) {
		const char *p = strchr(suffix, *s);

		if (!p || s[1])
			return false;
		m = mult[p - suffix];
	}
	if (whole > UINT64_MAX / NS / m) {
		*out = UINT64_MAX;
	} else {
		*out = whole * NS * m;
		frac *= m;
		*out = *out + frac < *out ? UINT64_MAX : *out + frac;
	}
	return true;
}

static int sleep_main(int argc, char **argv)
{
	uint64_t total = 0;
	__wasi_subscription_t sub;
	__wasi_event_t ev;
	size_t n;

	while (vt_getopt(argc, argv, "") != -1)
		;
	if (vt_optind == argc)
		vt_usage_error("missing operand", 1);
	for (int i = vt_optind; i < argc; i++) {
		uint64_t t;

		if (!parse(argv[i], &t)) {
			vt_warn(vf_msg("invalid time interval", argv[i]),
				NULL);
			vt_status = 2;
			continue;
		}
		total = total + t < total ? UINT64_MAX : total + t;
	}
	if (vt_status)
		vf_try(1);
	memset(&sub, 0, sizeof(sub));
	sub.u.tag = __WASI_EVENTTYPE_CLOCK;
	sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
	do {	/* in steps of a day, so "inf" never overflows the host */
		uint64_t step = total < 86400 * NS ? total : 86400 * NS;

		sub.u.u.clock.timeout = step;
		if (__wasi_poll_oneoff(&sub, &ev, 1, &n))
			return 1;
		if (total != UINT64_MAX)
			total -= step;
	} while (total);
	return 0;
}

VT_TOOL(sleep_main,
	"Usage: sleep NUMBER[SUFFIX]...\n"
	"Pause for the sum of the NUMBERs of seconds. A NUMBER may have a\n"
	"fraction; SUFFIX is s (seconds), m (minutes), h (hours), d (days);\n"
	"\"inf\" sleeps for ever.\n")
