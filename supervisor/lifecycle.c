/*
 * lifecycle.c - the lifecycle table (lifecycle.h). Read a row as "while
 * the app is <state>", a column as "when <event> happens". Every cell is
 * written out; a request that is already met (stop while stopping) is
 * ignored, one that cannot be met (stop while down) is refused and the
 * shell says why. Events that cannot happen in a state (an exit while no
 * thread runs) are ignored if they ever did. tests/unit/test_lifecycle.c
 * checks the table cell by cell.
 */
#include "lifecycle.h"

#define CELL(a, n) { ACT_##a, LIFE_##n }

/* EXITED, FAILED and STOPPED: down, started again only when asked. */
#define DOWN_ROW(self) {						\
	[LIFE_START] = CELL(PREPARE, STARTING),				\
	[LIFE_LAUNCH] = CELL(IGNORE, self),				\
	[LIFE_STOP] = CELL(REFUSE, self),				\
	[LIFE_RESTART] = CELL(PREPARE, STARTING),			\
	[LIFE_KILL] = CELL(REFUSE, self),				\
	[LIFE_EXIT] = CELL(IGNORE, self),				\
	[LIFE_FAIL] = CELL(IGNORE, self),				\
	[LIFE_DEADLINE] = CELL(IGNORE, self),				\
	[LIFE_COMPILED] = CELL(IGNORE, self),				\
	[LIFE_BROKEN] = CELL(IGNORE, self),				\
}

const struct life_cell lifecycle_table[LIFE_STATE_COUNT][LIFE_EVENT_COUNT] = {
	/*
	 * Nothing can be done with it until its module is ready, but a
	 * start or restart asked for now is kept and carried out then (a
	 * person who picks an app from the launcher on a first boot is not
	 * told to try again, nor is a script that restarts an app which a
	 * login has just begun to load).
	 */
	[LIFE_COMPILING] = {
		[LIFE_START] = CELL(DEFER, COMPILING),
		[LIFE_LAUNCH] = CELL(IGNORE, COMPILING),
		[LIFE_STOP] = CELL(REFUSE, COMPILING),
		[LIFE_RESTART] = CELL(DEFER, COMPILING),
		[LIFE_KILL] = CELL(REFUSE, COMPILING),
		[LIFE_EXIT] = CELL(IGNORE, COMPILING),
		[LIFE_FAIL] = CELL(IGNORE, COMPILING),
		[LIFE_DEADLINE] = CELL(IGNORE, COMPILING),
		[LIFE_COMPILED] = CELL(LINK, LOADED),
		[LIFE_BROKEN] = CELL(REPORT, FAILED),
	},
	[LIFE_LOADED] = DOWN_ROW(LOADED),
	[LIFE_STARTING] = {
		[LIFE_START] = CELL(IGNORE, STARTING),
		[LIFE_LAUNCH] = CELL(LAUNCH, RUNNING),
		[LIFE_STOP] = CELL(CANCEL, STOPPED),
		[LIFE_RESTART] = CELL(IGNORE, STARTING),
		[LIFE_KILL] = CELL(CANCEL, STOPPED),
		[LIFE_EXIT] = CELL(IGNORE, STARTING),
		[LIFE_FAIL] = CELL(IGNORE, STARTING),
		[LIFE_DEADLINE] = CELL(IGNORE, STARTING),
		[LIFE_COMPILED] = CELL(IGNORE, STARTING),
		[LIFE_BROKEN] = CELL(IGNORE, STARTING),
	},
	[LIFE_RUNNING] = {
		[LIFE_START] = CELL(REFUSE, RUNNING),
		[LIFE_LAUNCH] = CELL(IGNORE, RUNNING),
		[LIFE_STOP] = CELL(CLOSE_STDIN, STOPPING),
		[LIFE_RESTART] = CELL(CLOSE_STDIN, RESTARTING),
		[LIFE_KILL] = CELL(INTERRUPT, KILLING),
		[LIFE_EXIT] = { ACT_REAP_POLICY, LIFE_BY_POLICY },
		[LIFE_FAIL] = { ACT_REAP_POLICY, LIFE_BY_POLICY },
		[LIFE_DEADLINE] = CELL(IGNORE, RUNNING),
		[LIFE_COMPILED] = CELL(IGNORE, RUNNING),
		[LIFE_BROKEN] = CELL(IGNORE, RUNNING),
	},
	/* Asked to stop: whatever the app does now, it stays down. */
	[LIFE_STOPPING] = {
		[LIFE_START] = CELL(REFUSE, STOPPING),
		[LIFE_LAUNCH] = CELL(IGNORE, STOPPING),
		[LIFE_STOP] = CELL(IGNORE, STOPPING),
		[LIFE_RESTART] = CELL(NOTE, RESTARTING),
		[LIFE_KILL] = CELL(INTERRUPT, HALTING),
		[LIFE_EXIT] = CELL(REAP, STOPPED),
		[LIFE_FAIL] = CELL(REAP, FAILED),
		[LIFE_DEADLINE] = CELL(INTERRUPT, HALTING),
		[LIFE_COMPILED] = CELL(IGNORE, STOPPING),
		[LIFE_BROKEN] = CELL(IGNORE, STOPPING),
	},
	/* Asked to restart: however the run ends, the next one starts (at
	 * once, or in back-off if the last start was under a second ago). */
	[LIFE_RESTARTING] = {
		[LIFE_START] = CELL(IGNORE, RESTARTING),
		[LIFE_LAUNCH] = CELL(IGNORE, RESTARTING),
		[LIFE_STOP] = CELL(NOTE, STOPPING),
		[LIFE_RESTART] = CELL(IGNORE, RESTARTING),
		[LIFE_KILL] = CELL(INTERRUPT, KILLING),
		[LIFE_EXIT] = CELL(REAP_LAUNCH, RUNNING),
		[LIFE_FAIL] = CELL(REAP_LAUNCH, RUNNING),
		[LIFE_DEADLINE] = CELL(INTERRUPT, RESTARTING),
		[LIFE_COMPILED] = CELL(IGNORE, RESTARTING),
		[LIFE_BROKEN] = CELL(IGNORE, RESTARTING),
	},
	/* A stop that had to interrupt it: it ends stopped, however it
	 * ends, unless a restart is asked. */
	[LIFE_HALTING] = {
		[LIFE_START] = CELL(REFUSE, HALTING),
		[LIFE_LAUNCH] = CELL(IGNORE, HALTING),
		[LIFE_STOP] = CELL(IGNORE, HALTING),
		[LIFE_RESTART] = CELL(NOTE, RESTARTING),
		[LIFE_KILL] = CELL(IGNORE, HALTING),
		[LIFE_EXIT] = CELL(REAP, STOPPED),
		[LIFE_FAIL] = CELL(REAP, STOPPED),
		[LIFE_DEADLINE] = CELL(IGNORE, HALTING),
		[LIFE_COMPILED] = CELL(IGNORE, HALTING),
		[LIFE_BROKEN] = CELL(IGNORE, HALTING),
	},
	/*
	 * Killed: as s6-svc -k or systemctl kill, a kill is the end of a
	 * run, not a wish for the app to stay down: a policy that restarts
	 * after a failure restarts it (a hung driver comes back), any other
	 * leaves it stopped. A stop or restart asked meanwhile wins.
	 */
	[LIFE_KILLING] = {
		[LIFE_START] = CELL(REFUSE, KILLING),
		[LIFE_LAUNCH] = CELL(IGNORE, KILLING),
		[LIFE_STOP] = CELL(NOTE, HALTING),
		[LIFE_RESTART] = CELL(NOTE, RESTARTING),
		[LIFE_KILL] = CELL(IGNORE, KILLING),
		[LIFE_EXIT] = { ACT_REAP_KILLED, LIFE_BY_POLICY },
		[LIFE_FAIL] = { ACT_REAP_KILLED, LIFE_BY_POLICY },
		[LIFE_DEADLINE] = CELL(IGNORE, KILLING),
		[LIFE_COMPILED] = CELL(IGNORE, KILLING),
		[LIFE_BROKEN] = CELL(IGNORE, KILLING),
	},
	[LIFE_EXITED] = DOWN_ROW(EXITED),
	[LIFE_FAILED] = DOWN_ROW(FAILED),
	[LIFE_STOPPED] = DOWN_ROW(STOPPED),
	/* Down, waiting to be restarted by its policy. */
	[LIFE_BACKOFF] = {
		[LIFE_START] = CELL(PREPARE, STARTING),
		[LIFE_LAUNCH] = CELL(IGNORE, BACKOFF),
		[LIFE_STOP] = CELL(CANCEL, STOPPED),
		[LIFE_RESTART] = CELL(PREPARE, STARTING),
		[LIFE_KILL] = CELL(CANCEL, STOPPED),
		[LIFE_EXIT] = CELL(IGNORE, BACKOFF),
		[LIFE_FAIL] = CELL(IGNORE, BACKOFF),
		[LIFE_DEADLINE] = CELL(LAUNCH, RUNNING),
		[LIFE_COMPILED] = CELL(IGNORE, BACKOFF),
		[LIFE_BROKEN] = CELL(IGNORE, BACKOFF),
	},
};

const char *lifecycle_state_name(enum life_state s)
{
	static const char *const names[] = {
		[LIFE_COMPILING] = "compiling",
		[LIFE_LOADED] = "loaded",
		[LIFE_STARTING] = "starting",
		[LIFE_RUNNING] = "running",
		[LIFE_STOPPING] = "stopping",
		[LIFE_RESTARTING] = "restarting",
		[LIFE_HALTING] = "halting",
		[LIFE_KILLING] = "killing",
		[LIFE_EXITED] = "exited",
		[LIFE_FAILED] = "failed",
		[LIFE_STOPPED] = "stopped",
		[LIFE_BACKOFF] = "backoff",
	};

	return (unsigned)s < LIFE_STATE_COUNT ? names[s] : "?";
}

const char *lifecycle_event_name(enum life_event e)
{
	static const char *const names[] = {
		[LIFE_START] = "start",
		[LIFE_LAUNCH] = "launch",
		[LIFE_STOP] = "stop",
		[LIFE_RESTART] = "restart",
		[LIFE_KILL] = "kill",
		[LIFE_EXIT] = "exit",
		[LIFE_FAIL] = "fail",
		[LIFE_DEADLINE] = "deadline",
		[LIFE_COMPILED] = "compiled",
		[LIFE_BROKEN] = "broken",
	};

	return (unsigned)e < LIFE_EVENT_COUNT ? names[e] : "?";
}

const char *lifecycle_action_name(enum life_action a)
{
	static const char *const names[] = {
		[ACT_IGNORE] = "ignore",
		[ACT_REFUSE] = "refuse",
		[ACT_NOTE] = "note",
		[ACT_PREPARE] = "prepare",
		[ACT_LAUNCH] = "launch",
		[ACT_CLOSE_STDIN] = "close-stdin",
		[ACT_INTERRUPT] = "interrupt",
		[ACT_CANCEL] = "cancel",
		[ACT_REAP] = "reap",
		[ACT_REAP_POLICY] = "reap-policy",
		[ACT_REAP_KILLED] = "reap-killed",
		[ACT_REAP_LAUNCH] = "reap-launch",
		[ACT_LINK] = "link",
		[ACT_REPORT] = "report",
		[ACT_DEFER] = "defer",
	};

	return (unsigned)a < ACT_COUNT ? names[a] : "?";
}

bool lifecycle_is_up(enum life_state s)
{
	return s == LIFE_RUNNING || s == LIFE_STOPPING ||
	       s == LIFE_RESTARTING || s == LIFE_HALTING ||
	       s == LIFE_KILLING;
}

bool lifecycle_takes_messages(enum life_state s)
{
	return s == LIFE_COMPILING || s == LIFE_LOADED ||
	       s == LIFE_STARTING || s == LIFE_RUNNING;
}

bool lifecycle_takes_broadcasts(enum life_state s)
{
	return s == LIFE_STARTING || s == LIFE_RUNNING;
}

enum life_state lifecycle_after_run(enum life_event outcome,
				    bool restart_on_exit, bool restart_on_fail)
{
	if (outcome == LIFE_EXIT)
		return restart_on_exit ? LIFE_BACKOFF : LIFE_EXITED;
	return restart_on_fail ? LIFE_BACKOFF : LIFE_FAILED;
}
