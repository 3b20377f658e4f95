/*
 * lifecycle.h - an app's life as one table: state x event -> action and
 * next state, in the manner of s6-supervise. "What happens if an app
 * traps while it is being stopped?" is one cell: lifecycle_table
 * [LIFE_STOPPING][LIFE_FAIL].
 *
 * Only the supervisor's main thread changes an app's state, by feeding
 * events through this table one at a time (proc.c). Other threads post
 * requests and the app's own thread posts how its run ended; the main
 * thread turns those into events in a fixed order, so two things that
 * happen at once (a stop and the app's own exit) are two cells in a row,
 * never a race.
 */
#ifndef VYOMA_LIFECYCLE_H
#define VYOMA_LIFECYCLE_H

#include <stdbool.h>

enum life_state {
	LIFE_COMPILING,		/* manifest checked; its module compiling */
	LIFE_LOADED,		/* checked and compiled, never started */
	LIFE_STARTING,		/* start accepted: messages wait in its queue */
	LIFE_RUNNING,		/* its thread runs */
	LIFE_STOPPING,		/* stdin closed; interrupted at the deadline */
	LIFE_RESTARTING,	/* as stopping, then started again */
	LIFE_HALTING,		/* a stop's interrupt: ends stopped */
	LIFE_KILLING,		/* killed; ends as its policy says */
	LIFE_EXITED,		/* ended with status 0 */
	LIFE_FAILED,		/* trapped, non-zero status, or could not run */
	LIFE_STOPPED,		/* ended because the supervisor stopped it */
	LIFE_BACKOFF,		/* ended; its policy starts it at the deadline */
	LIFE_STATE_COUNT
};

enum life_event {
	LIFE_START,		/* request: start it */
	LIFE_LAUNCH,		/* the main loop launches what is starting */
	LIFE_STOP,		/* request: close stdin, interrupt after grace */
	LIFE_RESTART,		/* request: stop, then start */
	LIFE_KILL,		/* request: interrupt now */
	LIFE_EXIT,		/* its run ended with status 0 */
	LIFE_FAIL,		/* its run ended: trap or non-zero status */
	LIFE_DEADLINE,		/* its deadline (grace or back-off) passed */
	LIFE_COMPILED,		/* its module is compiled */
	LIFE_BROKEN,		/* its module could not be read or compiled */
	LIFE_EVENT_COUNT
};

enum life_action {
	ACT_IGNORE,		/* nothing to do: the request is already met */
	ACT_REFUSE,		/* not possible in this state: say why */
	ACT_NOTE,		/* only the state changes (its intent) */
	ACT_PREPARE,		/* reopen its queue for a new run */
	ACT_LAUNCH,		/* start its thread */
	ACT_CLOSE_STDIN,	/* close stdin and arm the grace deadline */
	ACT_INTERRUPT,		/* trap its wasm at the next check, wake it */
	ACT_CANCEL,		/* drop a pending start or restart */
	ACT_REAP,		/* join the ended run's thread */
	ACT_REAP_POLICY,	/* join it; the restart policy picks the state */
	ACT_REAP_KILLED,	/* join it; a failure to a policy that restarts
				 * after one, else stopped */
	ACT_REAP_LAUNCH,	/* join it and start the next run at once */
	ACT_LINK,		/* link the compiled module against WASI */
	ACT_REPORT,		/* log why its module is unusable */
	ACT_DEFER,		/* keep the request for a later state */
	ACT_COUNT
};

/* The next state is the action's choice (ACT_REAP_POLICY and
 * ACT_REAP_KILLED only). */
#define LIFE_BY_POLICY LIFE_STATE_COUNT

struct life_cell {
	enum life_action action;
	enum life_state next;	/* or LIFE_BY_POLICY */
};

extern const struct life_cell
	lifecycle_table[LIFE_STATE_COUNT][LIFE_EVENT_COUNT];

const char *lifecycle_state_name(enum life_state s);
const char *lifecycle_event_name(enum life_event e);
const char *lifecycle_action_name(enum life_action a);

/* Its thread exists: it runs, or is being stopped. */
bool lifecycle_is_up(enum life_state s);

/* It will read messages sent now (queued until it runs, if starting). */
bool lifecycle_takes_messages(enum life_state s);

/* It is running or about to: broadcasts reach it. */
bool lifecycle_takes_broadcasts(enum life_state s);

/*
 * The state after a run ended with outcome (LIFE_EXIT or LIFE_FAIL),
 * under a restart policy: restart_on_exit / restart_on_fail say whether
 * the app's manifest restarts it then.
 */
enum life_state lifecycle_after_run(enum life_event outcome,
				    bool restart_on_exit,
				    bool restart_on_fail);

#endif
