/*
 * rv-selfrestart - asks the shell to restart itself and exits at once.
 * A restart requested through the shell is carried out as soon as the
 * run ends (RESTARTING + exit = reap and launch), with none of the
 * restart policy's back-off: a start loop as fast as the main thread
 * can launch threads, two log lines per run.
 *
 * Without the 5 ms wait it shows a race instead: the new run's request
 * is judged against the state before the launch and dropped, while the
 * shell answers "restart ... requested".
 */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;

	/* Let the main thread mark this run running first: a restart asked
	 * for in the first moments of a run is taken as the previous run's
	 * (RESTARTING + restart = ignore) and silently lost. */
	vy_next_event(&ev, 5);
	vy_send("supervisor", "restart rv-selfrestart");
	return 0;
}
