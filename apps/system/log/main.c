/*
 * log - an app's last console lines (what it wrote to stderr, or to
 * stdout if it is a command started without a terminal), from the
 * supervisor's `log` command.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static int log_main(int argc, char **argv)
{
	char line[128] = "log ", *answer, *p, *row;
	size_t skip;

	if (argc != 2 || strlen(argv[1]) > 100 || strchr(argv[1], ' '))
		vt_usage_error("one app or instance, please", 1);
	strcat(line, argv[1]);
	answer = vt_ask(line, true);
	if (!answer)
		return 1;
	p = answer;
	while ((row = vt_next_line(&p))) {
		const char *err = vt_answer_error(row);

		if (err) {
			vt_warn(argv[1], err);
			return 1;
		}
		if (strncmp(row, "log ", 4) || !strncmp(row, "log end ", 8))
			continue;
		/* "log <name> <line>" */
		skip = 4 + strcspn(row + 4, " ");
		vt_puts(row[skip] ? row + skip + 1 : "");
		vt_putc('\n');
	}
	return 0;
}

VT_TOOL(log_main,
	"Usage: log APP|APP#ID|ID\n"
	"Show the app's last console lines, oldest first.\n")
