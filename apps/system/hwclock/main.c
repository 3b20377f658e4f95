/*
 * hwclock - the hardware clock's time, or set it: a thin client of the
 * rtc driver (apps/system/rtc), asked "get" or "set TIME" through
 * vy_request; both answer "time YYYY-MM-DDTHH:MM:SSZ" (UTC), which is
 * what this prints.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool.h"
#include "vyoma_process.h"
#include "vyoma_tiny.h"

#define USAGE								\
	"Usage: hwclock [-r|--show]\n"					\
	"       hwclock -s|--set YYYY-MM-DDTHH:MM:SSZ\n"		\
	"Show the hardware clock's time (UTC), or set it and the system\n" \
	"clock from it, then show the time it holds.\n"

static int hwclock_main(int argc, char **argv)
{
	char line[80] = "get", out[256];
	const char *set = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-r") || !strcmp(a, "--show"))
			continue;
		if (!strcmp(a, "-s") || !strcmp(a, "--set")) {
			if (++i == argc)
				vt_usage_error("option requires an argument "
					       "-- 's'", 1);
			set = argv[i];
		} else if (!strncmp(a, "--set=", 6)) {
			set = a + 6;
		} else if (!strcmp(a, "--help")) {
			vt_puts(USAGE);
			return 0;
		} else {
			vt_warn(a[0] == '-' ? "unrecognized option" :
				"extra operand", a);
			vt_usage_error(NULL, 1);
		}
	}
	if (set) {
		/* rtc checks the shape; this only keeps the line whole. */
		if (strlen(set) > sizeof(line) - 5 || strchr(set, '\n'))
			vt_usage_error("TIME must be YYYY-MM-DDTHH:MM:SSZ", 1);
		strcpy(line, "set ");
		strcpy(line + 4, set);
	}
	rc = vy_request("rtc", line, out, sizeof(out), 0);
	if (!rc && !strncmp(out, "time ", 5)) {
		vt_puts(out + 5);
		vt_putc('\n');
		return 0;
	}
	if (!strncmp(out, "error ", 6))
		vt_warn(NULL, out + 6);
	else
		vt_warn("rtc", rc ? vy_request_strerror(rc, vt_strerror(rc)) :
			"unexpected answer");
	return 1;
}

VT_TOOL(hwclock_main, USAGE)
