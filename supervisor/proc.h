/*
 * proc.h - the Process Manager: one Wasmtime engine for the system, each
 * module compiled once, each app in its own store on its own thread with a
 * WASI context built from its manifest's capabilities and nothing else.
 */
#ifndef VYOMA_PROC_H
#define VYOMA_PROC_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "manifest.h"
#include "queue.h"
#include "window.h"

#define VYOMA_VERSION "0.1.0"
#define APP_LINE_MAX 4096	/* longest protocol line, newline excluded */

enum app_state {
	APP_LOADED,		/* manifest read, module compiled */
	APP_RUNNING,
	APP_EXITED,		/* returned from _start or proc_exit(0) */
	APP_FAILED,		/* trapped, non-zero exit, or could not start */
	APP_STOPPED,		/* ended because the supervisor stopped it */
};

struct line_buf {
	char data[APP_LINE_MAX];
	size_t len;
	bool discarding;	/* inside an over-long line: drop to '\n' */
};

struct module_entry;

struct app {
	struct manifest manifest;
	char dir[PATH_MAX];	/* holds vyoma.toml and the entry module */
	char data_dir[PATH_MAX];	/* host side of /data, "" if none */
	struct module_entry *module;
	struct window *window;	/* NULL without the display capability */

	pthread_t thread;
	bool thread_started;
	_Atomic int state;
	atomic_bool stopping;	/* stdin closed: please exit */
	atomic_bool killing;	/* grace is over: trap at the next epoch */
	int exit_code;

	/* Lines to the app wait here; it reads them as its stdin. */
	struct msgq inbox;

	/* Accounting, read by the shell from other threads. */
	atomic_size_t memory_bytes;	/* linear memory, last seen */
	atomic_ulong messages_out;	/* routed on its behalf */
	atomic_ulong lines_rejected;	/* malformed lines it printed */
	atomic_uint warnings;		/* logged about it, see app_warn */
	atomic_ulong drops_reported;	/* of its messages dropped elsewhere */
	uint64_t drop_notice_ns;	/* last "queue full" notice to it */

	/* Who last sent this app a message, for @reply. */
	pthread_mutex_t reply_lock;
	char last_sender[MANIFEST_NAME_MAX + 1];

	struct line_buf out, err;	/* only touched by the app's thread */
	bool denied_draw;		/* each denial is logged once */
	bool denied_shell;
	bool denied_stdio;
};

/* Creates the engine, the linker with WASI, and the epoch ticker. */
int proc_init(void);

/*
 * Reads dir/vyoma.toml, compiles (or reuses) its module and registers the
 * app. data_root/<name> becomes its /data if it has the filesystem
 * capability. Errors are logged; returns NULL and the app is not started.
 */
struct app *proc_load(const char *dir, const char *data_root);

/* Starts the app's thread; display apps need a window first. */
int proc_start(struct app *app);

/*
 * Stops every app: closes its stdin (an app waiting for input sees end of
 * file and can exit by itself) and waits up to half of grace_ms; then any
 * wasm still running is interrupted at its next epoch check, and the rest
 * of grace_ms is waited. Returns the number of apps still not stopped
 * (blocked in a host call such as a long sleep).
 */
size_t proc_stop_all(int grace_ms);

/* The registry of loaded apps, in load order. */
size_t proc_count(void);
struct app *proc_at(size_t i);
struct app *proc_find(const char *name, size_t len);

/*
 * Queues one line (no newline) for the app's stdin without blocking. A full
 * or closed queue refuses the line and counts it. Returns 0 if queued.
 */
int proc_deliver(struct app *app, const char *line, size_t len);

const char *app_state_name(int state);

#define APP_WARN_BUDGET 20

/*
 * Logs a warning about an app, prefixed with its name. Only the first
 * APP_WARN_BUDGET are logged, so a hostile app cannot flood the log; the
 * rest are still counted (lines_rejected) and shown by ps.
 */
void app_warn(struct app *app, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set by the display layer: called after an app flushes a frame. */
extern void (*proc_on_frame)(struct app *app);

#endif
