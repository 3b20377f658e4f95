/*
 * instance.h - instances of command apps, spawned by other apps: born
 * here (instance_spawn), waited for and killed by their parent, and
 * reaped here once their parent has their status (or is gone).
 *
 * An instance is a struct app of its own: its own id ("name#id" in logs
 * and ps), store, thread, lifecycle, streams and counters; the installed
 * app's module and manifest, with the user's files no wider than its
 * parent holds them (docs/processes.md, "Capabilities only narrow").
 * Its struct is reused for later instances, never freed, so a pointer to
 * one never dangles.
 */
#ifndef VYOMA_INSTANCE_H
#define VYOMA_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stream.h"

struct app;
struct fs_grant;
struct manifest;

#define INSTANCE_CHILDREN_MAX 64	/* live children of one parent */
#define INSTANCE_TREE_MAX 256		/* live instances under one root */
#define INSTANCE_SLOTS_MAX 2048		/* of the registry's, for instances;
					 * the rest stay the installed apps' */
#define INSTANCE_ARGS_MAX 1024		/* argv and environment entries */
#define INSTANCE_STRINGS_MAX 65536	/* their bytes */
#define INSTANCE_CWD_MAX 1024		/* its working directory's */

struct spawn_request {
	/* A command, or (with no parent) any app: the shell's `new`. */
	struct app *origin;
	struct app *parent;		/* NULL: none; reaped when it ends */
	const char *const *argv;	/* argv[0] is the app's name */
	size_t argc;
	const char *const *env;		/* "NAME=value" */
	size_t envc;
	const char *cwd;		/* its $PWD; NULL: as env says */
	/* The shell's `open`: the file it is told of before it starts
	 * (VYOMA_EVENT:open:<path>), and a directory it is given besides
	 * its own grants (the file's, when it cannot reach it itself). */
	const char *open_path;		/* NULL: none */
	const struct fs_grant *grant;	/* NULL: none */
	/* Whom a parentless instance runs for (session.h): the caller's
	 * user (the shell's `new` and `open`), or with no caller, uid on
	 * seat (the console's shell). */
	const struct app *caller;
	uint32_t uid;
	unsigned char seat;
	/* The child's stdin, stdout, stderr: held, and taken over by the
	 * instance when the spawn succeeds (released when it fails). */
	struct stream stdio[STREAM_STDIO];
};

/*
 * A new instance of req->origin, starting (its start is posted to the
 * main thread). NULL with *err a WASI errno: AGAIN (too many children of
 * this parent or instances grown from its root app, or the module is not
 * compiled yet), NOEXEC (it cannot be run), NFILE (no slot left), 2BIG.
 */
struct app *instance_spawn(struct spawn_request *req, int *err);

/*
 * The parent's status of its child `id`: 0 and *status once it has
 * ended (the child is then reaped), AGAIN if nohang and it still runs,
 * CHILD if it is not the parent's (or already waited for). Waits on the
 * parent's queue; returns AGAIN too if the parent is being stopped.
 */
int instance_wait(struct app *parent, uint32_t id, bool nohang,
		  int *status);

/* Stops the parent's child `id` now; 0 or CHILD. */
int instance_kill(struct app *parent, uint32_t id);

/*
 * A pipe whose reading end reaches its end when the parent's child `id`
 * has ended (at once if it already has), like Linux's pidfd: a parent
 * can wait for a child and for input in one poll. Returns 0 and the
 * pipe with one reading end held for the caller, or CHILD or NFILE.
 */
int instance_exit_pipe(struct app *parent, uint32_t id, struct pipe **out);

/*
 * A run ended (on its own thread): its parent is woken, and the
 * instances it spawned and did not wait for are killed and reaped.
 */
void instance_run_ended(struct app *app);

/* Main thread: frees the slot of a waited-for instance whose run is
 * over and joined. */
void instance_reap(struct app *app);

/*
 * The user's files a child gets: what its manifest asks for, no more
 * than its parent holds (none if the parent has none, read-only if
 * either is read-only). Grants its manifest names for system
 * directories, its /data and its resources are its own, approved when
 * it was installed: a parent neither narrows nor widens them.
 */
enum user_files instance_user_files(enum user_files child,
				    enum user_files parent);

#endif
