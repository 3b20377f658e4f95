/*
 * kill - stops apps or instances at once, through the supervisor's
 * `kill` command. There are no signals: `-9`, `-KILL`, `-s NAME` are
 * accepted for habit's sake and mean the same, an immediate stop. But
 * signal 0 (`-0`, `-s 0`) is POSIX's probe, which scripts use to ask
 * whether a process lives: it stops nothing, and asks `ps` instead. A
 * stop returns once the target has stopped (ps says so).
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

/*
 * Is the app or instance in ps's answer alive (not yet exited, failed or
 * stopped), as signal 0 asks and as a stop waits for?
 */
static bool alive(const char *answer)
{
	static const char live[] = " starting running stopping halting "
				   "killing ";
	char word[24] = " ";
	const char *state = vt_field(answer, "state");

	if (strlen(state) > sizeof(word) - 3)
		return false;
	strcat(strcat(word, state), " ");
	return strstr(live, word) != NULL;
}

/*
 * Waits (2 s at most) until the run that was stopped has ended: no
 * longer alive, or started again by its restart policy (its restarts
 * count moved on from was). The supervisor stops it from its own
 * thread; kill returns only after, so kill $$ never returns to the
 * shell it stops and a script's next line finds the app stopped.
 */
static void wait_stopped(const char *line, const char *was)
{
	__wasi_subscription_t sub = { 0 };
	__wasi_event_t ev;
	__wasi_size_t nev;

	sub.u.tag = __WASI_EVENTTYPE_CLOCK;
	sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
	sub.u.u.clock.timeout = 10000000ull;	/* 10 ms */
	for (int tries = 0; tries < 200; tries++) {
		char *answer = vt_ask(line, true);

		if (!answer || vt_answer_error(answer) || !alive(answer) ||
		    strcmp(vt_field(answer, "restarts"), was))
			return;
		(void)!__wasi_poll_oneoff(&sub, &ev, 1, &nev);
	}
}

static int kill_main(int argc, char **argv)
{
	int i = 1, status = 0;
	const char *sig = NULL;
	bool probe;

	if (i < argc && !strcmp(argv[i], "-l")) {
		vt_puts("KILL\n");
		return 0;
	}
	/* -s SIG, -n SIG (bash's), -sSIG, -nSIG, -SIG */
	if (i < argc && (!strcmp(argv[i], "-s") || !strcmp(argv[i], "-n"))) {
		sig = i + 1 < argc ? argv[i + 1] : "";
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] &&
		   strcmp(argv[i], "--")) {
		sig = argv[i] + 1;
		if ((*sig == 's' || *sig == 'n') && sig[1])
			sig++;
		i++;
	}
	probe = sig && (!strcmp(sig, "0") || !strcmp(sig, "SIG0"));
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc)
		vt_usage_error("no app or instance given", 1);
	for (; i < argc; i++) {
		char line[128], *answer;
		const char *err, *was;

		if (strlen(argv[i]) > 100 || strchr(argv[i], ' ')) {
			vt_warn(argv[i], "no such app or instance");
			status = 1;
			continue;
		}
		/* The run a stop ends: its restarts count, asked first. */
		strcpy(line, "ps ");
		strcat(line, argv[i]);
		answer = vt_ask(line, true);
		was = answer && !vt_answer_error(answer) ?
		      vt_field(answer, "restarts") : "";
		if (!probe) {
			strcpy(line, "kill ");
			strcat(line, argv[i]);
			answer = vt_ask(line, false);
		}
		if (!answer)
			return 1;
		if ((err = vt_answer_error(answer))) {
			answer[strcspn(answer, "\n")] = '\0';
			vt_warn(argv[i], err);
			status = 1;
		} else if (probe && !alive(answer)) {
			vt_warn(argv[i], "not running");
			status = 1;
		} else if (!probe) {
			strcpy(line, "ps ");
			strcat(line, argv[i]);
			wait_stopped(line, was);
		}
	}
	return status;
}

VT_TOOL(kill_main,
	"Usage: kill [-s SIGNAL | -n SIGNAL | -SIGNAL] APP|APP#ID|ID...\n"
	"Stop each app or instance at once (VyomaOS has no signals: any\n"
	"signal given means this). -l lists the one signal, KILL. Signal 0\n"
	"(-0, -s 0) stops nothing: status 0 if each is running.\n")
