/*
 * proc.h - the Process Manager: loading an app from where it is
 * installed, and its lifecycle (lifecycle.h) driven from the main thread.
 *
 * Where to look, one hop each:
 *   born       an installed app: proc_load() here; another instance of
 *              one: instance_spawn() (instance.c); a run: launch() in
 *              proc.c, then run.c on its own thread
 *   its bytes  stdin, stdout, stderr and pipe ends: stream.c (pipes:
 *              pipe.c); protocol lines: output.c; WASI calls: wasi_shim.c
 *   dies       its run: run_ended() in proc.c; an instance's slot:
 *              instance_reap() (instance.c)
 *   found      registry.c (by name, id, position; status for ps)
 *   compiled   compile.c, cached by modcache.c
 *
 * An app's identity is its install folder: the folder's name is the
 * app's name, and a manifest that claims another name is refused, so no
 * app can take another's name, messages or /data.
 */
#ifndef VYOMA_PROC_H
#define VYOMA_PROC_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "fdset.h"
#include "libraries.h"
#include "lifecycle.h"
#include "manifest.h"
#include "queue.h"
#include "sched.h"
#include "stream.h"
#include "window.h"

#include <wasmtime.h>

/* The supervisor binary's version: the VERSION file's, given by the
 * Makefile to the files that say it (main.c, shell.c). The system's is
 * os-release's (update_running_version()), which a slot may change. */
#ifndef VYOMA_VERSION
#define VYOMA_VERSION "unknown"
#endif
#define APP_LINE_MAX 4096	/* longest protocol line, newline excluded */
#define APP_CONSOLE_KEEP 16	/* console lines kept for `log` */
#define APP_CONSOLE_WIDTH 200
#define APP_STOP_GRACE_MS 1000
#define APP_CONSOLE_RATE 100	/* console lines logged per second */
#define APP_CONSOLE_BYTES_RATE 16384	/* and bytes */
#define APP_WARN_BUDGET 20

struct line_buf {
	char data[APP_LINE_MAX + 1];	/* and a CR before the newline */
	size_t len;
	bool discarding;	/* inside an over-long line: drop to '\n' */
};

struct module_entry;

/* Touched only by the app's own thread while it runs. */
struct app_io {
	struct line_buf out, err;
	uint64_t console_window_ns;	/* start of this rate window */
	unsigned console_in_window;
	size_t console_bytes_in_window;
	unsigned lines_since_tick;
	uint64_t last_screenshot_ns;	/* its shell runs on this thread */
	unsigned long console_dropped_reported;
	struct fdset fds;		/* descriptors it holds */
	struct stream streams[STREAM_MAX];	/* stdio and pipe ends */
	bool denied_draw, denied_stdio, denied_shell, denied_spawn;
						/* logged once each */
};

/* Counters, read by ps and the shutdown summary from any thread. */
struct app_stats {
	atomic_size_t memory_bytes;	/* linear memory, last seen */
	atomic_ulong messages_out;	/* routed on its behalf */
	atomic_ulong lines_rejected;	/* malformed lines it printed */
	atomic_uint warnings;		/* logged about it, see app_warn */
	atomic_ulong frames;		/* flushes */
	_Atomic uint64_t first_frame_ns;	/* start to first flush, this run */
	atomic_ulong console_dropped;	/* over the console rate, all runs */
	atomic_ulong drops_reported;	/* of its messages dropped elsewhere */
	_Atomic uint64_t drop_notice_ns;	/* last "queue full" notice to it */
	atomic_uint open_files;		/* descriptors held now */
	_Atomic uint64_t cpu_ns_done;	/* CPU time of finished runs */
	atomic_uint restarts;
};

/*
 * How a run is invoked: a command's arguments (argv[0] is the app's name)
 * and environment, and what its stdin, stdout and stderr are
 * (STREAM_NONE: its kind's default; a pipe end here is held until the
 * run takes it over). Set before the run starts.
 */
struct invocation {
	const char *const *argv;	/* NULL: just the app's name */
	size_t argc;
	const char *const *env;		/* "NAME=value" */
	size_t envc;
	struct stream stdio[STREAM_STDIO];
};

/* A run's exit status as a shell sees it: a trap is 128 + SIGABRT, as
 * under `wasmtime run`; stopped by the supervisor, 128 + SIGKILL. */
#define EXIT_STATUS_TRAP 134
#define EXIT_STATUS_KILLED 137

struct app {
	/* Fixed once loaded (for an instance: once spawned). */
	struct manifest manifest;
	uint32_t id;		/* registry index + 1 (+ a multiple of
				 * REGISTRY_MAX for a reused slot): its tag
				 * on queued lines */
	char label[MANIFEST_NAME_MAX + 16];	/* "name", or "name#id" */
	/*
	 * An instance (instance.h) is a run of an installed command app
	 * that another app spawned: it has the installed app's manifest
	 * (attenuated) and module, its own everything else, and is reaped
	 * once its parent has its status. Its struct is reused, never freed.
	 */
	struct app *origin;		/* the installed app, or NULL */
	/* Installed from a package, or spawned (at any depth) by such an
	 * app: never holds the packages capability, so no installed app can
	 * approve another's upgrade by running pkg (docs/packages.md). */
	bool packaged;
	uint32_t parent_id;		/* 0: none */
	bool transient;			/* an instance */
	atomic_bool vacant;		/* a reaped instance's slot */
	atomic_bool reserved;		/* vacant, being made a new instance */
	atomic_bool ended;		/* its run has ended */
	/* A command waiting in vyoma_process.request for this app's answer
	 * (its id): the one time an app may name the instance. */
	_Atomic uint32_t awaiting;
	struct pipe *exit_pipe;		/* write end held until it ends, so
					 * the parent's exitfd reads EOF then
					 * (instance.c's exit_lock) */
	atomic_bool waited;		/* its status is taken: reap it */
	atomic_bool doomed;		/* killed before it ran: never runs */
	atomic_uint children;		/* live instances it spawned */
	struct app *root;		/* the installed app its tree grew from */
	atomic_uint descendants;	/* live instances in its tree (a root) */
	char *how_strings;		/* its argv and environment */
	char *open_path;		/* the shell's `open`: told of this
					 * file as each run starts (proc.c) */
	enum user_files user_files;	/* as granted: its own, or narrowed
					 * to its parent's */
	/* Whom it runs for (session.h): set as a run starts (an
	 * instance's when spawned), read by any thread. */
	_Atomic uint32_t uid;		/* 0: the system */
	_Atomic uint32_t su_uid;	/* `su`: its children's, or 0 */
	unsigned char seat;		/* enum seat: where it was started */
	char dir[PATH_MAX];	/* holds vyoma.toml and the entry module */
	char data_dir[PATH_MAX];	/* host side of /data, "" if none */
	struct window *window;	/* NULL without the display capability */
	_Atomic(const wasmtime_module_t *) compiled;	/* from compile.c */
	_Atomic(struct module_entry *) module;	/* linked; NULL until then */
	char compile_error[512];	/* why it cannot be compiled */

	/*
	 * Lifecycle. state is written only by the main thread; pending holds
	 * requests and the end of a run, posted from any thread.
	 */
	_Atomic int state;		/* enum life_state */
	atomic_uint pending;		/* PENDING_* bits */
	_Atomic int outcome;		/* LIFE_EXIT or LIFE_FAIL, with PENDING_ENDED */
	uint64_t deadline_ns;		/* main thread: grace or back-off end */
	_Atomic uint64_t started_ns;	/* this run's start; set by the main thread */
	uint64_t backoff_ns;		/* main thread: delay between starts */
	unsigned runs;			/* main thread */
	atomic_bool autostarted;	/* its boot start has been made */
	atomic_bool cpu_final;		/* this run's CPU time is counted */
	pthread_mutex_t thread_lock;	/* the thread handle, for cpu time */
	pthread_t thread;
	bool thread_started;
	atomic_bool killing;	/* read by its thread: trap at the next check */
	atomic_bool over_budget;	/* grew past the machine's memory */
	struct invocation how;		/* its next run's */
	_Atomic int exit_status;	/* of its last run */
	int exit_code;			/* proc_exit's, on its own thread */
	bool exit_called;		/* this run called proc_exit */
	/* The shared libraries linked into this run's store (libraries.c):
	 * none as a run starts, each at its first call. */
	int nlinks;
	struct lib_link links[LIBRARIES_PER_APP];

	/* Lines to the app wait here; it reads them as its stdin. */
	struct msgq inbox;
	struct sched_entity sched;
	struct app_io io;
	struct netstate *net;		/* its sockets (net.h), or NULL */
	struct app_stats stats;

	pthread_mutex_t console_lock;	/* the last console lines, for `log` */
	char console[APP_CONSOLE_KEEP][APP_CONSOLE_WIDTH + 1];
	unsigned console_next, console_count;
};

/*
 * Reads dir/vyoma.toml, checks the app's identity and grants, and
 * registers it; its module is compiled off the main thread and it starts
 * (if autostart) once compiled. data_root/<name> becomes its /data if it
 * has the filesystem capability. Errors are logged as one line; returns
 * NULL and the app is not registered.
 */
struct app *proc_load(const char *dir, const char *data_root);

/*
 * Where installed apps are found (the --apps directories, in order) and
 * their /data root, for apps loaded when first asked for.
 */
void proc_set_search(const char *const *dirs, size_t n, const char *data_root);

/*
 * The installed app called name: loaded already, or loaded now from the
 * first search directory that has it (its module then compiles off the
 * caller's thread). NULL if there is none, or it cannot be loaded
 * (logged). A name is a folder's, never a path.
 */
struct app *proc_installed(const char *name);
bool proc_installed_exists(const char *name);

/*
 * The installed app that opens files of type ext (lower case, no dot):
 * in the first search directory that has one (the base image's before
 * installed packages), the first by name whose manifest's `opens` names
 * it; loaded now if it was not (its module then compiles off the
 * caller's thread). NULL if none does.
 */
struct app *proc_opener(const char *ext, size_t len);

/* The installed command apps' names (first of a name in search order),
 * sorted, each NUL-terminated, into buf: as many whole names as fit in
 * cap bytes (*written). Returns the bytes all of them take. */
size_t proc_command_names(char *buf, size_t cap, size_t *written);

/* The registry of loaded apps, in load order. */
size_t proc_count(void);
struct app *proc_at(size_t i);
struct app *proc_find(const char *name, size_t len);
struct app *proc_by_id(uint32_t id);

/*
 * By the name ps and the log give it: "name" (the installed app) or
 * "name#id" (the app or instance with that id, which must be an app
 * called name). NULL
 * if there is none, or the id is not 1 to UINT32_MAX in digits.
 */
struct app *proc_find_named(const char *text, size_t len);

/* "id" in digits, 1 to UINT32_MAX; 0 if text is not one. */
uint32_t proc_parse_id(const char *text, size_t len);

/*
 * Lifecycle requests, safe from any thread: the main thread carries them
 * out in proc_tick(), through the lifecycle table. Each returns the cell
 * that applies to the app's state now, so a caller can say at once
 * whether the request is refused.
 */
struct life_cell proc_request(struct app *app, enum life_event request);
void proc_stop(struct app *app);

/* Main thread: carries out requests, ended runs, compiles, deadlines. */
void proc_tick(void);

/* Milliseconds until proc_tick() has something to do, or -1. */
long proc_next_deadline_ms(void);

/*
 * Stops every app: closes its stdin and waits up to half of grace_ms;
 * then any wasm still running is interrupted and the rest of grace_ms is
 * waited. Returns the number of apps still not stopped (blocked in a
 * host call that cannot be interrupted).
 */
size_t proc_stop_all(int grace_ms);

/* Sets up what the lifecycle needs; call once before loading apps. */
void proc_init_lifecycle(void);

/*
 * Takes an installed app that is down (no instance up, nothing asked of
 * it) out of the registry's lookups, so that its name loads afresh from
 * disk: its package was upgraded or removed. 0, or -1 if it is not down.
 */
int proc_retire(struct app *app);

/*
 * The package service (pkg.c) is about to change the installed app name
 * on disk: its loaded copy, if any, is retired (proc_retire), and no one
 * loads name until proc_change_end. 0, or -1 if the app is not down (and
 * nothing was done). One change at a time.
 */
int proc_change_begin(const char *name);
void proc_change_end(void);

/* Is any app's module still being compiled? */
bool proc_compiling(void);

/*
 * What ps and stats show of an app or instance, read at one moment (each
 * field atomically; the set is as consistent as a running app allows).
 */
struct proc_status {
	const char *label;		/* "name" or "name#id" */
	uint32_t id, parent_id;
	uint32_t uid;			/* whom it runs for (session.h) */
	enum app_kind kind;
	int state;			/* enum life_state */
	bool vacant;			/* a reaped instance's slot: skip it */
	uint64_t uptime_ns, cpu_ns, first_frame_ns;
	size_t memory_bytes;
	unsigned long messages_in, messages_out, dropped, rejected, frames;
	unsigned long console_dropped;
	unsigned queued, restarts, open_files;
};

void proc_status(struct app *app, struct proc_status *st);

/* CPU time the app has used, in all its runs, in nanoseconds. */
uint64_t proc_cpu_ns(struct app *app);

/* Copies up to max of the app's last console lines, oldest first. */
size_t proc_console(struct app *app, char (*lines)[APP_CONSOLE_WIDTH + 1],
		    size_t max);
void proc_keep_console(struct app *app, const char *line, size_t len);
/* Forgets them: the app now runs for another user. */
void proc_forget_console(struct app *app);

/*
 * Queues one line (no newline) for the app's stdin without blocking,
 * tagged with who sent it (0: the supervisor).
 */
enum msgq_result proc_deliver_from(struct app *app, const char *line,
				   size_t len, uint32_t sender_id);
int proc_deliver(struct app *app, const char *line, size_t len);

const char *app_state_name(int state);

/*
 * Logs a warning about an app, prefixed with its name. Only the first
 * APP_WARN_BUDGET are logged, so a hostile app cannot flood the log; the
 * rest are still counted (lines_rejected) and shown by ps.
 */
void app_warn(struct app *app, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Called when something needs the main thread (wakes its loop). */
extern void (*proc_on_request)(void);
/* Called on the main thread as an app's run starts, before its thread. */
extern void (*proc_on_start)(struct app *app);
/* Called on the main thread when an instance is reaped (its window goes). */
extern void (*proc_on_reap)(struct app *app);

#endif
