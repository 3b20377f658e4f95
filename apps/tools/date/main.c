/*
 * date - print the date and time, now or as -d (@SECONDS, YYYY-MM-DD
 * [HH:MM[:SS]]) or -r FILE says, in GNU's default format, +FORMAT, -R
 * or -I. VyomaOS has no time zones: every time is UTC (-u changes
 * nothing) and the clock cannot be set from here.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

static const char *iso(const char *what)
{
	static const char *const names[] = { "date", "hours", "minutes",
		"seconds", "ns" };
	static const char *const fmts[] = {
		"%Y-%m-%d", "%Y-%m-%dT%H+00:00", "%Y-%m-%dT%H:%M+00:00",
		"%Y-%m-%dT%H:%M:%S+00:00", "%Y-%m-%dT%H:%M:%S,%N+00:00"
	};

	for (int i = 0; i < 5; i++)
		if (!*what || !strncmp(names[i], what, strlen(what)))
			return fmts[i];
	vt_usage_error(vf_msg("invalid argument", what), 1);
	return NULL;
}

static int date_main(int argc, char **argv)
{
	const char *fmt = "%a %b %e %H:%M:%S %Z %Y", *date = NULL;
	const char *ref = NULL;
	uint32_t ns = 0;
	int64_t t;
	int i;

	for (i = 1; i < argc; i++) {
		char *a = argv[i];

		if (a[0] == '+') {
			fmt = a + 1;
		} else if (!strcmp(a, "-u") || !strcmp(a, "--utc") ||
			   !strcmp(a, "--universal")) {
		} else if (!strcmp(a, "-R") || !strcmp(a, "--rfc-email")) {
			fmt = "%a, %d %b %Y %H:%M:%S +0000";
		} else if (!strncmp(a, "-I", 2)) {
			fmt = iso(a + 2);
		} else if (!strncmp(a, "--iso-8601", 10)) {
			fmt = iso(a[10] == '=' ? a + 11 : "");
		} else if (!strncmp(a, "--date=", 7)) {
			date = a + 7;
		} else if (!strncmp(a, "--reference=", 12)) {
			ref = a + 12;
		} else if (!strcmp(a, "-d") || !strcmp(a, "-r")) {
			if (i + 1 == argc)
				vt_usage_error(vf_msg("option requires an "
					       "argument --", a + 1), 1);
			*(a[1] == 'd' ? &date : &ref) = argv[++i];
		} else if (!strncmp(a, "-d", 2) || !strncmp(a, "-r", 2)) {
			*(a[1] == 'd' ? &date : &ref) = a + 2;
		} else if (a[0] == '-' && a[1]) {
			vt_usage_error(vf_msg("invalid option --", a + 1), 1);
		} else {
			vt_usage_error(vf_msg("invalid date", a), 1);
		}
	}
	t = vf_now(&ns);
	if (date) {
		ns = 0;
		if (!vf_parse_date(date, &t)) {
			vt_warn(vf_msg("invalid date", date), NULL);
			return 1;
		}
	}
	if (ref) {
		__wasi_filestat_t st;
		int e = vt_stat(ref, false, &st);

		if (e) {
			vt_warn_errno(ref, e);
			return 1;
		}
		t = (int64_t)(st.mtim / 1000000000u);
		ns = (uint32_t)(st.mtim % 1000000000u);
	}
	vf_strftime(fmt, t, ns);
	vt_putc('\n');
	return 0;
}

VT_TOOL(date_main,
	"Usage: date [OPTION]... [+FORMAT]\n"
	"Display the date and time in UTC (VyomaOS has no time zones).\n"
	"\n"
	"  -d STRING   that time: @SECONDS, YYYY-MM-DD [HH:MM[:SS]], now\n"
	"  -r FILE     the last modification time of FILE\n"
	"  -u          UTC (always)\n"
	"  -I[FMT]     ISO 8601: date (default), hours, minutes, seconds, ns\n"
	"  -R          RFC 5322 (e-mail) format\n"
	"FORMAT takes %a %A %b %B %c %C %d %D %e %F %H %I %j %k %l %m %M %n\n"
	"%N %p %R %s %S %t %T %u %w %x %X %y %Y %z %Z %%, and the flags - _.\n")
