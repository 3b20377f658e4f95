/*
 * kill - stops apps or instances at once, through the supervisor's
 * `kill` command. There are no signals: `-9`, `-KILL`, `-s NAME` are
 * accepted for habit's sake and mean the same, an immediate stop.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

static int kill_main(int argc, char **argv)
{
	int i = 1, status = 0;

	if (i < argc && !strcmp(argv[i], "-l")) {
		vt_puts("KILL\n");
		return 0;
	}
	if (i < argc && !strcmp(argv[i], "-s"))
		i += 2;
	else if (i < argc && argv[i][0] == '-' && argv[i][1] &&
		 strcmp(argv[i], "--"))
		i++;
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc)
		vt_usage_error("no app or instance given", 1);
	for (; i < argc; i++) {
		char line[128] = "kill ", *answer;
		const char *err;

		if (strlen(argv[i]) > 100 || strchr(argv[i], ' ')) {
			vt_warn(argv[i], "no such app or instance");
			status = 1;
			continue;
		}
		strcat(line, argv[i]);
		answer = vt_ask(line, false);
		if (!answer)
			return 1;
		if ((err = vt_answer_error(answer))) {
			answer[strcspn(answer, "\n")] = '\0';
			vt_warn(argv[i], err);
			status = 1;
		}
	}
	return status;
}

VT_TOOL(kill_main,
	"Usage: kill [-s SIGNAL | -SIGNAL] APP|APP#ID|ID...\n"
	"Stop each app or instance at once (VyomaOS has no signals: any\n"
	"signal given means this). -l lists the one signal, KILL.\n")
