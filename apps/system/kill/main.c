/*
 * kill - stops apps or instances at once, through the supervisor's
 * `kill` command. There are no signals: `-9`, `-KILL`, `-s NAME` are
 * accepted for habit's sake and mean the same, an immediate stop. But
 * signal 0 (`-0`, `-s 0`) is POSIX's probe, which scripts use to ask
 * whether a process lives: it stops nothing, and asks `ps` instead.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

/* Is the app or instance in ps's answer alive, as signal 0 asks? */
static bool alive(const char *answer)
{
	const char *state = vt_field(answer, "state");

	return !strcmp(state, "running") || !strcmp(state, "starting");
}

static int kill_main(int argc, char **argv)
{
	int i = 1, status = 0;
	bool probe = false;

	if (i < argc && !strcmp(argv[i], "-l")) {
		vt_puts("KILL\n");
		return 0;
	}
	if (i < argc && !strcmp(argv[i], "-s")) {
		probe = i + 1 < argc && !strcmp(argv[i + 1], "0");
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] &&
		   strcmp(argv[i], "--")) {
		probe = !strcmp(argv[i], "-0");
		i++;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc)
		vt_usage_error("no app or instance given", 1);
	for (; i < argc; i++) {
		char line[128], *answer;
		const char *err;

		if (strlen(argv[i]) > 100 || strchr(argv[i], ' ')) {
			vt_warn(argv[i], "no such app or instance");
			status = 1;
			continue;
		}
		strcpy(line, probe ? "ps " : "kill ");
		strcat(line, argv[i]);
		answer = vt_ask(line, probe);
		if (!answer)
			return 1;
		if ((err = vt_answer_error(answer))) {
			answer[strcspn(answer, "\n")] = '\0';
			vt_warn(argv[i], err);
			status = 1;
		} else if (probe && !alive(answer)) {
			vt_warn(argv[i], "not running");
			status = 1;
		}
	}
	return status;
}

VT_TOOL(kill_main,
	"Usage: kill [-s SIGNAL | -SIGNAL] APP|APP#ID|ID...\n"
	"Stop each app or instance at once (VyomaOS has no signals: any\n"
	"signal given means this). -l lists the one signal, KILL. Signal 0\n"
	"(-0, -s 0) stops nothing: status 0 if each is running.\n")
