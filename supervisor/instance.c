/*
 * instance.c - spawned instances of command apps (instance.h): born from
 * a request, attached to their parent, reaped when their status is taken.
 */
#include "instance.h"
#include "guest.h"
#include "lifecycle.h"
#include "log.h"
#include "manifest.h"
#include "pipe.h"
#include "proc.h"
#include "registry.h"
#include "session.h"
#include "userfiles.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum user_files instance_user_files(enum user_files child,
				    enum user_files parent)
{
	return child < parent ? child : parent;
}

/*
 * argv and env copied into one block the instance owns; a working
 * directory is its $PWD, in place of any the environment had.
 */
static bool copy_strings(struct app *app, const struct spawn_request *req)
{
	static const char pwd[] = "PWD=";
	size_t i, bytes = 0, n = 0, total = req->argc + req->envc + 1;
	char **ptrs, *p;

	for (i = 0; i < req->argc; i++)
		bytes += strlen(req->argv[i]) + 1;
	for (i = 0; i < req->envc; i++)
		bytes += strlen(req->env[i]) + 1;
	if (req->cwd)
		bytes += sizeof(pwd) + strlen(req->cwd);
	free(app->how_strings);
	app->how_strings = malloc((total + 1) * sizeof(char *) + bytes);
	if (!app->how_strings)
		return false;
	ptrs = (char **)app->how_strings;
	p = app->how_strings + (total + 1) * sizeof(char *);
	for (i = 0; i < req->argc + req->envc; i++) {
		const char *src = i < req->argc ? req->argv[i] :
						  req->env[i - req->argc];
		size_t len = strlen(src) + 1;

		if (req->cwd && i >= req->argc &&
		    strncmp(src, pwd, sizeof(pwd) - 1) == 0)
			continue;
		memcpy(p, src, len);
		ptrs[n++] = p;
		p += len;
	}
	if (req->cwd) {
		ptrs[n++] = p;
		p += sprintf(p, "%s%s", pwd, req->cwd) + 1;
	}
	ptrs[n] = NULL;
	app->how.argv = (const char *const *)ptrs;
	app->how.argc = req->argc;
	app->how.env = (const char *const *)ptrs + req->argc;
	app->how.envc = n - req->argc;
	return true;
}

#define CWD_MOUNTS_MAX (2 * (3 + MANIFEST_MAX_GRANTS))

/*
 * The directories app is given as it sees them, as run.c preopens them
 * ("/data", its user's home and /tmp, its grants' absolute mounts),
 * added to list from n on (home holds the home's name); the new count.
 */
static size_t mounts_of(const struct app *app, const char **list, size_t n,
			char home[USERFILES_MOUNT_MAX])
{
	const struct manifest *m = &app->manifest;
	char user[USERDB_NAME_MAX + 1];
	uint32_t uid = session_app_uid(app);
	size_t i;

	if (app->data_dir[0])
		list[n++] = "/data";
	if (app->user_files != USER_FILES_NONE && uid != USERDB_SYSTEM_UID &&
	    session_user_name(uid, user) && userfiles_mount(user, home) == 0) {
		list[n++] = home;
		list[n++] = USERFILES_TMP_MOUNT;
	}
	for (i = 0; i < m->grant_count; i++)
		if (m->grants[i].guest_path[0] == '/')
			list[n++] = m->grants[i].guest_path;
	return n;
}

/*
 * May the instance (its user and directories settled) start in
 * req->cwd? Only where it or its parent is given a directory, never in
 * another user's home, and only by a normalised path (userfiles.h): a
 * child put somewhere it cannot be would start at "/" without a word.
 * A refusal is logged against the parent.
 */
static bool cwd_allowed(struct app *app, struct app *parent,
			const struct spawn_request *req, int *err)
{
	const char *mounts[CWD_MOUNTS_MAX], *why;
	char homes[2][USERFILES_MOUNT_MAX], user[USERDB_NAME_MAX + 1];
	char shown[USERFILES_SHOWN_SIZE];
	size_t n = mounts_of(app, mounts, 0, homes[0]);

	if (parent)
		n = mounts_of(parent, mounts, n, homes[1]);
	if (!session_user_name(session_app_uid(app), user))
		user[0] = '\0';
	why = userfiles_cwd_refused(req->cwd, user, mounts, n, err);
	if (!why)
		return true;
	userfiles_shown(req->cwd, strlen(req->cwd), shown);
	if (parent)
		app_warn(parent, "spawn of %s in '%s' refused: %s",
			 app->manifest.name, shown, why);
	else
		log_warn("spawn of %s in '%s' refused: %s",
			 app->manifest.name, shown, why);
	return false;
}

/* A struct for a new instance: a reaped one's, or a new one. */
static struct app *new_struct(struct app *origin, bool *fresh)
{
	struct app *app = registry_reuse();

	*fresh = !app;
	if (app)
		return app;
	/* Half the registry at most: installed apps can always load. */
	if (registry_transient_count() >= INSTANCE_SLOTS_MAX)
		return NULL;
	app = calloc(1, sizeof(*app));
	if (!app)
		return NULL;
	if (msgq_init(&app->inbox, origin->manifest.queue_bytes,
		      origin->manifest.queue_messages) != 0) {
		free(app);
		return NULL;
	}
	fdset_init(&app->io.fds);
	pthread_mutex_init(&app->thread_lock, NULL);
	pthread_mutex_init(&app->console_lock, NULL);
	app->transient = true;
	app->origin = origin;
	/* Invisible until whole, as a reused one is. */
	atomic_store(&app->vacant, true);
	atomic_store(&app->reserved, true);
	return app;
}

/*
 * The installed app whose tree an instance belongs to, for the tree's
 * bound: its parent's root, or its parent if that is installed; with no
 * parent (the console's shell, the shell's `new`), the app it is an
 * instance of, so that those instances and everything they start are
 * bounded like any app's tree instead of by nothing.
 */
static struct app *tree_root(struct app *origin, struct app *parent)
{
	if (!parent)
		return origin;
	return parent->transient ? parent->root : parent;
}

/* Everything a run of the last instance left behind, set back. */
static void reset(struct app *app, struct app *origin, struct app *parent)
{
	app->manifest = origin->manifest;
	free(app->open_path);
	app->open_path = NULL;
	memcpy(app->dir, origin->dir, sizeof(app->dir));
	memcpy(app->data_dir, origin->data_dir, sizeof(app->data_dir));
	atomic_store(&app->compiled, atomic_load(&origin->compiled));
	atomic_store(&app->module, atomic_load(&origin->module));
	app->origin = origin;
	app->parent_id = parent ? parent->id : 0;
	app->root = tree_root(origin, parent);
	app->window = NULL;
	app->deadline_ns = app->backoff_ns = 0;
	app->runs = 0;
	atomic_store(&app->state, LIFE_LOADED);
	atomic_store(&app->pending, 0);
	atomic_store(&app->autostarted, true);
	atomic_store(&app->ended, false);
	atomic_store(&app->waited, false);
	atomic_store(&app->doomed, false);
	atomic_store(&app->children, 0);
	atomic_store(&app->exit_status, EXIT_STATUS_TRAP);
	memset(&app->stats, 0, sizeof(app->stats));
	memset(&app->sched, 0, sizeof(app->sched));
	app->console_next = app->console_count = 0;
	msgq_set_bounds(&app->inbox, origin->manifest.queue_bytes,
			origin->manifest.queue_messages);
	app->user_files = parent ? instance_user_files(origin->manifest.user,
						       parent->user_files) :
				   origin->manifest.user;
	if (parent)
		manifest_narrow_shell(&app->manifest, &parent->manifest);
	app->packaged = origin->packaged || (parent && parent->packaged);
	if (app->packaged)
		app->manifest.caps[CAP_PACKAGES] =
			app->manifest.caps[CAP_UPDATES] = false;
	/* An instance's run is its parent's (or the person's) business:
	 * never restarted. */
	app->manifest.restart = RESTART_NEVER;
	app->manifest.autostart = false;
}

/*
 * What `open` gives an instance: the file's path for its open event
 * (proc.c delivers it after its resize, before it runs), and the file's
 * directory as one more grant, wired like its manifest's own.
 */
static bool opened(struct app *app, const struct spawn_request *req)
{
	struct manifest *m = &app->manifest;

	if (req->grant) {
		if (m->grant_count == MANIFEST_MAX_GRANTS)
			return false;
		m->grants[m->grant_count++] = *req->grant;
		m->caps[CAP_FILESYSTEM] = true;
	}
	if (req->open_path && !(app->open_path = strdup(req->open_path)))
		return false;
	return true;
}

static void release_stdio(struct stream *stdio)
{
	for (int i = 0; i < STREAM_STDIO; i++)
		stream_drop(&stdio[i]);
}

/* Asked to stop, or being killed. */
static bool winding_down(const struct app *app)
{
	int state;

	if (!app)
		return false;
	state = atomic_load(&app->state);
	return state == LIFE_STOPPING || state == LIFE_HALTING ||
	       state == LIFE_KILLING ||
	       atomic_load(&app->killing);
}

struct app *instance_spawn(struct spawn_request *req, int *err)
{
	struct app *origin = req->origin, *parent = req->parent, *app, *root;
	bool fresh;
	int i;

	/* An app asked to stop starts nothing more: what it started now
	 * would outlive it, and at a logout its user's session. */
	*err = GUEST_ERRNO_ACCES;
	if (winding_down(parent ? parent : req->caller)) {
		log_warn("%s: nothing is started for an app that is being "
			 "stopped", (parent ? parent : req->caller)->label);
		goto fail;
	}
	*err = GUEST_ERRNO_NOEXEC;
	/* An app spawns commands; another window or service instance is
	 * the person's to ask for (the shell's `new`). */
	if (origin->manifest.kind != KIND_COMMAND && parent)
		goto fail;
	if (!atomic_load(&origin->module)) {
		/* Still compiling, or broken for good. */
		*err = origin->state == LIFE_COMPILING ? GUEST_ERRNO_AGAIN :
							 GUEST_ERRNO_NOEXEC;
		goto fail;
	}
	*err = GUEST_ERRNO_2BIG;
	if (req->argc + req->envc > INSTANCE_ARGS_MAX)
		goto fail;
	*err = GUEST_ERRNO_AGAIN;
	root = tree_root(origin, parent);
	if (root && atomic_fetch_add(&root->descendants, 1) >=
		    INSTANCE_TREE_MAX) {
		atomic_fetch_sub(&root->descendants, 1);
		goto fail;
	}
	if (parent && atomic_fetch_add(&parent->children, 1) >=
		      INSTANCE_CHILDREN_MAX) {
		atomic_fetch_sub(&parent->children, 1);
		goto unroot;
	}
	*err = GUEST_ERRNO_NFILE;
	app = new_struct(origin, &fresh);
	if (!app)
		goto unparent;
	reset(app, origin, parent);
	atomic_store(&app->uid, req->uid);
	app->seat = req->seat;
	*err = GUEST_ERRNO_ACCES;
	if (!session_assign_instance(app, parent, req->caller))
		goto vacate;
	if (req->cwd && !cwd_allowed(app, parent, req, err))
		goto vacate;
	*err = GUEST_ERRNO_NFILE;
	if (!copy_strings(app, req) || !opened(app, req))
		goto vacate;
	for (i = 0; i < STREAM_STDIO; i++) {
		app->how.stdio[i] = req->stdio[i];
		req->stdio[i].kind = STREAM_NONE;
		req->stdio[i].pipe = NULL;
	}
	if (fresh && registry_add(app) != 0) {
		release_stdio(app->how.stdio);
		free(app->how_strings);
		msgq_destroy(&app->inbox);
		free(app);
		goto unparent;
	}
	snprintf(app->label, sizeof(app->label), "%s#%u",
		 app->manifest.name, app->id);
	/* No parent to take its status: reaped when it ends. */
	atomic_store(&app->waited, !parent);
	/* Whole: from here the main thread and lookups may see it. */
	atomic_store(&app->vacant, false);
	atomic_store(&app->reserved, false);
	proc_request(app, LIFE_START);
	log_debug("%s: spawned by %s", app->label,
		  parent ? parent->label : "the host");
	*err = 0;
	return app;
vacate:
	free(app->open_path);
	app->open_path = NULL;
	if (fresh) {
		free(app->how_strings);
		msgq_destroy(&app->inbox);
		free(app);	/* never registered */
		goto unparent;
	}
	atomic_store(&app->reserved, false);
unparent:
	if (parent)
		atomic_fetch_sub(&parent->children, 1);
unroot:
	if (root)
		atomic_fetch_sub(&root->descendants, 1);
fail:
	release_stdio(req->stdio);
	return NULL;
}

/* The parent's child with this id, or NULL. */
static struct app *child_of(struct app *parent, uint32_t id)
{
	struct app *child = proc_by_id(id);

	if (!child || !child->transient || child->parent_id != parent->id ||
	    atomic_load(&child->waited))
		return NULL;
	return child;
}

int instance_wait(struct app *parent, uint32_t id, bool nohang, int *status)
{
	struct app *child = child_of(parent, id);

	if (!child)
		return GUEST_ERRNO_CHILD;
	for (;;) {
		unsigned long seen = msgq_changes(&parent->inbox);

		if (atomic_load(&child->ended))
			break;
		if (nohang || atomic_load(&parent->killing))
			return GUEST_ERRNO_AGAIN;
		sched_wait_begin(parent);
		msgq_wait_change(&parent->inbox, seen, 0, &parent->killing);
		sched_wait_end(parent);
	}
	*status = atomic_load(&child->exit_status);
	atomic_store(&child->waited, true);
	atomic_fetch_sub(&parent->children, 1);
	/* Reaped by the main thread once its run is joined. */
	if (proc_on_request)
		proc_on_request();
	return 0;
}

/*
 * Kills a child whatever its state: one whose start the main thread has
 * not yet taken (the table refuses a kill before a run) is doomed
 * instead, and never runs.
 */
static void doom(struct app *child)
{
	atomic_store(&child->doomed, true);
	proc_request(child, LIFE_KILL);
	if (proc_on_request)
		proc_on_request();
}

int instance_kill(struct app *parent, uint32_t id)
{
	struct app *child = child_of(parent, id);

	if (!child)
		return GUEST_ERRNO_CHILD;
	doom(child);
	return 0;
}

/* Guards every instance's exit_pipe: its parent adds, its end drops. */
static pthread_mutex_t exit_lock = PTHREAD_MUTEX_INITIALIZER;

/* The instance has ended: whoever reads its exit pipe sees the end. */
static void ended(struct app *app)
{
	struct pipe *p;

	pthread_mutex_lock(&exit_lock);
	atomic_store(&app->ended, true);
	p = app->exit_pipe;
	app->exit_pipe = NULL;
	pthread_mutex_unlock(&exit_lock);
	if (p)
		pipe_release(p, PIPE_WRITE);
}

int instance_exit_pipe(struct app *parent, uint32_t id, struct pipe **out)
{
	struct app *child = child_of(parent, id);
	struct pipe *p;

	if (!child)
		return GUEST_ERRNO_CHILD;
	pthread_mutex_lock(&exit_lock);
	p = child->exit_pipe;
	if (p) {
		/* Asked again: another reading end of the same pipe. */
		pipe_hold(p, PIPE_READ);
	} else if ((p = pipe_new()) != NULL) {
		if (atomic_load(&child->ended))
			pipe_release(p, PIPE_WRITE);
		else
			child->exit_pipe = p;
	}
	pthread_mutex_unlock(&exit_lock);
	if (!p)
		return GUEST_ERRNO_NFILE;
	*out = p;
	return 0;
}

void instance_run_ended(struct app *app)
{
	struct app *parent = app->parent_id ? proc_by_id(app->parent_id) :
					      NULL;
	size_t i, n = proc_count();

	ended(app);
	if (parent)
		msgq_wake(&parent->inbox);
	if (!atomic_load(&app->children))
		return;
	for (i = 0; i < n; i++) {
		struct app *child = proc_at(i);

		if (!child->transient || atomic_load(&child->vacant) ||
		    child->parent_id != app->id ||
		    atomic_exchange(&child->waited, true))
			continue;
		atomic_fetch_sub(&app->children, 1);
		doom(child);
	}
}

void instance_reap(struct app *app)
{
	int state = atomic_load(&app->state);
	struct app *parent;

	if (!app->transient || atomic_load(&app->vacant) ||
	    lifecycle_is_up(state) || state == LIFE_LOADED ||
	    atomic_load(&app->pending))
		return;
	/* Ended without a run of its own (killed first, or its thread could
	 * not start): its parent must still hear of it. */
	if (!atomic_load(&app->ended)) {
		if (atomic_load(&app->doomed))
			atomic_store(&app->exit_status, EXIT_STATUS_KILLED);
		ended(app);
		if (app->parent_id && (parent = proc_by_id(app->parent_id)))
			msgq_wake(&parent->inbox);
	}
	if (!atomic_load(&app->waited))
		return;
	/* Its thread is joined (the ended run's cell did that), so no one
	 * but readers of ps can see it now. */
	if (proc_on_reap)
		proc_on_reap(app);
	release_stdio(app->how.stdio);
	app->how = (struct invocation){ 0 };
	free(app->how_strings);
	app->how_strings = NULL;
	free(app->open_path);
	app->open_path = NULL;
	if (app->root)
		atomic_fetch_sub(&app->root->descendants, 1);
	app->root = NULL;
	atomic_store(&app->vacant, true);
}
