/*
 * test_lifecycle.c - the lifecycle table, cell by cell: every cell is
 * well formed, the questions a reader asks have the answers the design
 * gives, and the races the hardening issue found are cells whose outcome
 * is right whichever order the two events arrive in.
 */
#include "check.h"
#include "lifecycle.h"

#include <stdbool.h>

static const struct life_cell *cell(enum life_state s, enum life_event e)
{
	return &lifecycle_table[s][e];
}

/* The state after feeding events to an app in state s (policy: none). */
static enum life_state run(enum life_state s, const enum life_event *ev,
			   int n)
{
	int i;

	for (i = 0; i < n; i++) {
		const struct life_cell *c = cell(s, ev[i]);

		s = c->next == LIFE_BY_POLICY ?
		    lifecycle_after_run(ev[i], false, false) : c->next;
	}
	return s;
}

static void test_every_cell_is_well_formed(void)
{
	int s, e, bad = 0;

	for (s = 0; s < LIFE_STATE_COUNT; s++) {
		for (e = 0; e < LIFE_EVENT_COUNT; e++) {
			const struct life_cell *c = cell(s, e);

			/* An ignored or refused event leaves the state as
			 * it was; a note changes only the state. */
			if ((c->action == ACT_IGNORE ||
			     c->action == ACT_REFUSE ||
			     c->action == ACT_DEFER) && (int)c->next != s)
				bad++;
			if (c->action == ACT_NOTE && (int)c->next == s)
				bad++;
			if (c->next == LIFE_BY_POLICY &&
			    c->action != ACT_REAP_POLICY &&
			    c->action != ACT_REAP_KILLED)
				bad++;
			if (c->next > LIFE_BY_POLICY ||
			    c->action >= ACT_COUNT)
				bad++;
			if (bad) {
				fprintf(stderr, "cell %s x %s\n",
					lifecycle_state_name(s),
					lifecycle_event_name(e));
				break;
			}
		}
	}
	CHECK_INT(bad, 0);
	for (s = 0; s < LIFE_STATE_COUNT; s++)
		CHECK(strcmp(lifecycle_state_name(s), "?") != 0);
	for (e = 0; e < LIFE_EVENT_COUNT; e++)
		CHECK(strcmp(lifecycle_event_name(e), "?") != 0);
}

/* A run ends only where a thread runs: exits elsewhere are ignored. */
static void test_runs_end_only_where_a_thread_runs(void)
{
	int s;

	for (s = 0; s < LIFE_STATE_COUNT; s++) {
		bool up = lifecycle_is_up(s);
		enum life_action a = cell(s, LIFE_EXIT)->action;

		CHECK(up == (a == ACT_REAP || a == ACT_REAP_POLICY ||
			     a == ACT_REAP_KILLED || a == ACT_REAP_LAUNCH));
		CHECK(cell(s, LIFE_EXIT)->action == cell(s, LIFE_FAIL)->action);
	}
}

static void test_answers(void)
{
	/* What happens if an app traps while it is being stopped? It is
	 * down for good (failed), and never restarted. */
	CHECK_INT(cell(LIFE_STOPPING, LIFE_FAIL)->action, ACT_REAP);
	CHECK_INT(cell(LIFE_STOPPING, LIFE_FAIL)->next, LIFE_FAILED);
	/* A clean exit while stopping is a stop. */
	CHECK_INT(cell(LIFE_STOPPING, LIFE_EXIT)->next, LIFE_STOPPED);
	/* The grace period ending interrupts it; it is still a stop, and
	 * so is a kill on top of one. */
	CHECK_INT(cell(LIFE_STOPPING, LIFE_DEADLINE)->action, ACT_INTERRUPT);
	CHECK_INT(cell(LIFE_STOPPING, LIFE_DEADLINE)->next, LIFE_HALTING);
	CHECK_INT(cell(LIFE_STOPPING, LIFE_KILL)->next, LIFE_HALTING);
	/* A stop that had to interrupt it ends stopped, however it ends
	 * (an interrupted run ends as a trap). */
	CHECK_INT(cell(LIFE_HALTING, LIFE_FAIL)->next, LIFE_STOPPED);
	CHECK_INT(cell(LIFE_HALTING, LIFE_EXIT)->next, LIFE_STOPPED);
	/* A killed app's policy decides, however it ends (s6, systemd):
	 * proc.c restarts it if the policy restarts after a failure. */
	CHECK_INT(cell(LIFE_KILLING, LIFE_FAIL)->action, ACT_REAP_KILLED);
	CHECK_INT(cell(LIFE_KILLING, LIFE_EXIT)->action, ACT_REAP_KILLED);
	/* A stop asked while it is being killed keeps it down (a shutdown
	 * must not restart what it kills). */
	CHECK_INT(cell(LIFE_KILLING, LIFE_STOP)->next, LIFE_HALTING);
	/* Stopping an app waiting to be restarted keeps it down. */
	CHECK_INT(cell(LIFE_BACKOFF, LIFE_STOP)->action, ACT_CANCEL);
	CHECK_INT(cell(LIFE_BACKOFF, LIFE_STOP)->next, LIFE_STOPPED);
	CHECK_INT(cell(LIFE_BACKOFF, LIFE_DEADLINE)->action, ACT_LAUNCH);
	/* Requests that cannot be met are refused, not silently dropped. */
	CHECK_INT(cell(LIFE_RUNNING, LIFE_START)->action, ACT_REFUSE);
	CHECK_INT(cell(LIFE_EXITED, LIFE_STOP)->action, ACT_REFUSE);
	CHECK_INT(cell(LIFE_LOADED, LIFE_KILL)->action, ACT_REFUSE);
	/* A start or restart while compiling is kept for when the module
	 * is ready; once loaded, either one starts it. */
	CHECK_INT(cell(LIFE_COMPILING, LIFE_START)->action, ACT_DEFER);
	CHECK_INT(cell(LIFE_COMPILING, LIFE_START)->next, LIFE_COMPILING);
	CHECK_INT(cell(LIFE_COMPILING, LIFE_RESTART)->action, ACT_DEFER);
	CHECK_INT(cell(LIFE_COMPILING, LIFE_RESTART)->next, LIFE_COMPILING);
	CHECK_INT(cell(LIFE_LOADED, LIFE_RESTART)->action, ACT_PREPARE);
	/* Stop and kill while compiling have nothing to stop. */
	CHECK_INT(cell(LIFE_COMPILING, LIFE_STOP)->action, ACT_REFUSE);
	CHECK_INT(cell(LIFE_COMPILING, LIFE_KILL)->action, ACT_REFUSE);
	/* A module that is ready is linked; one that is broken is failed. */
	CHECK_INT(cell(LIFE_COMPILING, LIFE_COMPILED)->action, ACT_LINK);
	CHECK_INT(cell(LIFE_COMPILING, LIFE_BROKEN)->next, LIFE_FAILED);
	/* Only these states take messages, and fewer take broadcasts. */
	CHECK(lifecycle_takes_messages(LIFE_LOADED));
	CHECK(lifecycle_takes_messages(LIFE_RUNNING));
	CHECK(!lifecycle_takes_messages(LIFE_STOPPING));
	CHECK(!lifecycle_takes_messages(LIFE_EXITED));
	CHECK(!lifecycle_takes_broadcasts(LIFE_LOADED));
	CHECK(lifecycle_takes_broadcasts(LIFE_STARTING));
}

/*
 * Found by the hardening review: `restart` of an app that was never
 * started left its stdin closed, so it exited at once. Now it is a
 * start: PREPARE (which reopens the queue) and then LAUNCH.
 */
static void test_restart_of_a_never_started_app(void)
{
	static const enum life_event ev[] = { LIFE_RESTART, LIFE_LAUNCH };

	CHECK_INT(cell(LIFE_LOADED, LIFE_RESTART)->action, ACT_PREPARE);
	CHECK_INT(run(LIFE_LOADED, ev, 2), LIFE_RUNNING);
}

/*
 * Found: a stop racing the app's own exit could be lost, and the app
 * restarted by its policy. In the table, both orders keep it down.
 */
static void test_stop_racing_an_exit(void)
{
	static const enum life_event stop_first[] = { LIFE_STOP, LIFE_FAIL };
	enum life_state after_fail;

	CHECK_INT(run(LIFE_RUNNING, stop_first, 2), LIFE_FAILED);
	/* The exit first, under an always-restart policy: back-off, and
	 * then the stop cancels the restart. */
	after_fail = lifecycle_after_run(LIFE_FAIL, true, true);
	CHECK_INT(after_fail, LIFE_BACKOFF);
	CHECK_INT(cell(after_fail, LIFE_STOP)->next, LIFE_STOPPED);
	/* Or with no policy: already down, and the stop is refused. */
	after_fail = lifecycle_after_run(LIFE_FAIL, false, false);
	CHECK_INT(cell(after_fail, LIFE_STOP)->action, ACT_REFUSE);
}

/* A restart is kept whatever happens to the run it replaces. */
static void test_restart_survives_the_end_of_the_run(void)
{
	static const enum life_event trap[] = { LIFE_RESTART, LIFE_FAIL };
	static const enum life_event slow[] = { LIFE_RESTART, LIFE_DEADLINE,
						LIFE_FAIL };
	static const enum life_event killed[] = { LIFE_KILL, LIFE_RESTART,
						  LIFE_FAIL };
	static const enum life_event changed_mind[] = { LIFE_RESTART,
							LIFE_STOP,
							LIFE_EXIT };

	CHECK_INT(run(LIFE_RUNNING, trap, 2), LIFE_RUNNING);
	CHECK_INT(run(LIFE_RUNNING, slow, 3), LIFE_RUNNING);
	CHECK_INT(run(LIFE_RUNNING, killed, 3), LIFE_RUNNING);
	CHECK_INT(run(LIFE_RUNNING, changed_mind, 3), LIFE_STOPPED);
}

static void test_policy(void)
{
	CHECK_INT(lifecycle_after_run(LIFE_EXIT, false, true), LIFE_EXITED);
	CHECK_INT(lifecycle_after_run(LIFE_EXIT, true, true), LIFE_BACKOFF);
	CHECK_INT(lifecycle_after_run(LIFE_FAIL, false, false), LIFE_FAILED);
	CHECK_INT(lifecycle_after_run(LIFE_FAIL, false, true), LIFE_BACKOFF);
}

int main(void)
{
	test_every_cell_is_well_formed();
	test_runs_end_only_where_a_thread_runs();
	test_answers();
	test_restart_of_a_never_started_app();
	test_stop_racing_an_exit();
	test_restart_survives_the_end_of_the_run();
	test_policy();
	return check_summary("lifecycle");
}
