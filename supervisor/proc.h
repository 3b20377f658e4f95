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
#include "sched.h"
#include "window.h"

#define VYOMA_VERSION "0.1.0"
#define APP_LINE_MAX 4096	/* longest protocol line, newline excluded */
#define APP_CONSOLE_KEEP 16	/* console lines kept for `log` */
#define APP_CONSOLE_WIDTH 200
#define APP_STOP_GRACE_MS 1000
#define APP_CONSOLE_RATE 100	/* console lines logged per second */

enum app_state {
	APP_LOADED,		/* manifest read, module compiled */
	APP_STARTING,		/* about to start; messages wait in its queue */
	APP_RUNNING,
	APP_EXITED,		/* returned from _start or proc_exit(0) */
	APP_FAILED,		/* trapped, non-zero exit, or could not start */
	APP_STOPPED,		/* ended because the supervisor stopped it */
	APP_BACKOFF,		/* ended; its restart policy restarts it soon */
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
	bool thread_started;	/* joinable; guarded by life_lock */
	pthread_mutex_t life_lock;	/* start, join, cpu clock */
	_Atomic int state;
	atomic_bool start_requested, restart_requested;
	_Atomic uint64_t kill_at_ns;	/* stop's grace ends; 0 = none */
	uint64_t started_ns;		/* monotonic, last start */
	_Atomic uint64_t restart_at_ns;	/* APP_BACKOFF: when to start */
	uint64_t backoff_ns;		/* current delay between starts */
	_Atomic uint64_t cpu_ns_done;	/* CPU time of finished runs */
	atomic_uint restarts;
	atomic_bool stopping;	/* stdin closed: please exit */
	atomic_bool killing;	/* grace is over: trap at the next epoch */

	/* Lines to the app wait here; it reads them as its stdin. */
	struct msgq inbox;

	struct sched_entity sched;

	/* Accounting, read by the shell from other threads. */
	atomic_size_t memory_bytes;	/* linear memory, last seen */
	atomic_ulong messages_out;	/* routed on its behalf */
	atomic_ulong lines_rejected;	/* malformed lines it printed */
	atomic_uint warnings;		/* logged about it, see app_warn */
	atomic_ulong frames;		/* flushes */
	_Atomic uint64_t first_frame_ns;	/* start to first flush, this run */
	atomic_ulong console_dropped;	/* over the console rate */
	uint64_t console_window_ns;	/* app thread only */
	unsigned console_in_window;
	atomic_ulong drops_reported;	/* of its messages dropped elsewhere */
	uint64_t drop_notice_ns;	/* last "queue full" notice to it */

	/* Who last sent this app a message, for @reply. */
	pthread_mutex_t reply_lock;
	char last_sender[MANIFEST_NAME_MAX + 1];

	/* The last console lines, for `log`. */
	pthread_mutex_t console_lock;
	char console[APP_CONSOLE_KEEP][APP_CONSOLE_WIDTH + 1];
	unsigned console_next, console_count;

	struct line_buf out, err;	/* only touched by the app's thread */
	bool denied_draw;		/* each denial is logged once */
	bool denied_shell;
	bool denied_stdio;
};

/*
 * Creates the engine (pooling allocator, epoch interruption), the linker
 * with WASI and the shims, the module cache (module_cache_dir may be
 * NULL) and the epoch ticker.
 */
int proc_init(const char *module_cache_dir);

/*
 * Reads dir/vyoma.toml, compiles (or reuses) its module and registers the
 * app. data_root/<name> becomes its /data if it has the filesystem
 * capability. Errors are logged; returns NULL and the app is not started.
 */
struct app *proc_load(const char *dir, const char *data_root);

/* Starts the app's thread; display apps need a window first. */
int proc_start(struct app *app);

/* Marks an app as starting (before proc_start), so broadcasts reach it. */
void proc_mark_starting(struct app *app);

/*
 * Stops every app: closes its stdin (an app waiting for input sees end of
 * file and can exit by itself) and waits up to half of grace_ms; then any
 * wasm still running is interrupted at its next epoch check, and the rest
 * of grace_ms is waited. Returns the number of apps still not stopped
 * (blocked in a host call such as a long sleep).
 */
size_t proc_stop_all(int grace_ms);

/*
 * Lifecycle requests, safe from any thread (the shell runs on the calling
 * app's thread); the main thread carries them out in proc_tick().
 */
void proc_request_start(struct app *app);
void proc_request_restart(struct app *app);
/* Closes stdin now; interrupts after grace_ms if still running. */
void proc_stop(struct app *app, int grace_ms);
/* Interrupts at once. */
void proc_kill(struct app *app);

/* Main thread: starts requested apps, enforces stop deadlines. */
void proc_tick(void);

/* Milliseconds until proc_tick() has something to do, or -1. */
long proc_next_deadline_ms(void);

/* CPU time the app has used, in all its runs, in nanoseconds. */
uint64_t proc_cpu_ns(struct app *app);

/* Copies up to max of the app's last console lines, oldest first. */
size_t proc_console(struct app *app, char (*lines)[APP_CONSOLE_WIDTH + 1],
		    size_t max);

/* Called when a request needs the main thread (wakes its loop). */
extern void (*proc_on_request)(void);

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

/* Bytes the app wrote to stdout (is_stdout) or stderr, in any pieces. */
void proc_output(struct app *app, bool is_stdout, const unsigned char *data,
		 size_t len);

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
/* Called on the main thread when an app's thread has been started. */
extern void (*proc_on_start)(struct app *app);

#endif
