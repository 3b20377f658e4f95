/*
 * registry.c - the apps the supervisor has loaded and the instances it
 * runs: found by name, by id (the tag their messages carry) or by
 * position, each with its inbound queue, its last console lines and its
 * status as ps shows it. Slots are only ever added (any thread, under a
 * lock) and never freed; a reaped instance's slot is reused under a new
 * id, so any thread may read the registry without a lock.
 */
#include "registry.h"
#include "lifecycle.h"
#include "log.h"
#include "proc.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static struct app *apps[REGISTRY_MAX];
static _Atomic size_t app_count;
/* Apps are added and slots reused from any thread (spawns); readers
 * never lock: a slot, once filled, holds the same struct for good. */
static pthread_mutex_t add_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic size_t transient_slots;

int registry_add(struct app *app)
{
	size_t n;

	pthread_mutex_lock(&add_lock);
	n = atomic_load(&app_count);
	if (n == REGISTRY_MAX) {
		pthread_mutex_unlock(&add_lock);
		return -1;
	}
	app->id = (uint32_t)n + 1;
	apps[n] = app;
	if (app->transient)
		atomic_fetch_add(&transient_slots, 1);
	atomic_store(&app_count, n + 1);
	pthread_mutex_unlock(&add_lock);
	return 0;
}

struct app *registry_reuse(void)
{
	size_t i, n = atomic_load(&app_count);

	for (i = 0; i < n; i++) {
		struct app *app = apps[i];
		bool reserved = false;

		/* Claimed while still vacant, so nothing (the reaper, a
		 * lookup by id) acts on it until the new instance is whole
		 * and its spawner clears vacant. */
		if (!app->transient || !atomic_load(&app->vacant) ||
		    !atomic_compare_exchange_strong(&app->reserved, &reserved,
						    true))
			continue;
		if (!atomic_load(&app->vacant)) {
			atomic_store(&app->reserved, false);
			continue;
		}
		/* The same slot, the next generation: a stale id finds
		 * nothing. */
		pthread_mutex_lock(&add_lock);
		app->id = app->id > UINT32_MAX - REGISTRY_MAX ?
			  (uint32_t)i + 1 : app->id + REGISTRY_MAX;
		pthread_mutex_unlock(&add_lock);
		return app;
	}
	return NULL;
}

size_t registry_transient_count(void)
{
	return atomic_load(&transient_slots);
}

void registry_reset(void)
{
	atomic_store(&app_count, 0);
	atomic_store(&transient_slots, 0);
}

size_t proc_count(void)
{
	return app_count;
}

struct app *proc_at(size_t i)
{
	return i < app_count ? apps[i] : NULL;
}

struct app *proc_by_id(uint32_t id)
{
	size_t i = id ? (id - 1) % REGISTRY_MAX : REGISTRY_MAX;
	struct app *app = i < app_count ? apps[i] : NULL;

	return app && app->id == id && !atomic_load(&app->vacant) ? app : NULL;
}

struct app *proc_find(const char *name, size_t len)
{
	size_t i, n = app_count;

	/* Installed apps only: an instance is reached through its id,
	 * and a retired app (proc_retire) by no one. */
	for (i = 0; i < n; i++)
		if (!apps[i]->transient && !atomic_load(&apps[i]->vacant) &&
		    strlen(apps[i]->manifest.name) == len &&
		    memcmp(apps[i]->manifest.name, name, len) == 0)
			return apps[i];
	return NULL;
}

uint32_t proc_parse_id(const char *text, size_t len)
{
	uint64_t id = 0;
	size_t i;

	if (!len || len > 10)
		return 0;
	for (i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return 0;
		id = id * 10 + (uint64_t)(text[i] - '0');
	}
	return id <= UINT32_MAX ? (uint32_t)id : 0;
}

struct app *proc_find_named(const char *text, size_t len)
{
	const char *hash = memchr(text, '#', len);
	size_t name_len = hash ? (size_t)(hash - text) : len;
	struct app *app;

	if (!hash)
		return proc_find(text, len);
	app = proc_by_id(proc_parse_id(hash + 1, len - name_len - 1));
	if (!app || strlen(app->manifest.name) != name_len ||
	    memcmp(app->manifest.name, text, name_len) != 0)
		return NULL;
	return app;
}

enum msgq_result proc_deliver_from(struct app *app, const char *line,
				   size_t len, uint32_t sender_id)
{
	if (len > APP_LINE_MAX)
		return MSGQ_FULL;
	return msgq_push(&app->inbox, line, len, sender_id);
}

int proc_deliver(struct app *app, const char *line, size_t len)
{
	return proc_deliver_from(app, line, len, 0) == MSGQ_OK ? 0 : -1;
}

/* ---- console lines kept for `log` ---------------------------------------- */

/*
 * Kept escaped and cut at a whole character: `log` hands these lines to
 * other apps, which must get neither control characters nor half a
 * UTF-8 sequence from them.
 */
void proc_status(struct app *app, struct proc_status *st)
{
	/*
	 * restarts before state: a new run counts its restart before it is
	 * marked running, so this order can never show the last run's
	 * "exited" beside the next run's count.
	 */
	st->restarts = atomic_load(&app->stats.restarts);
	st->state = atomic_load(&app->state);
	st->uid = atomic_load(&app->uid);
	st->label = app->label;
	st->id = app->id;
	st->parent_id = app->parent_id;
	st->kind = app->manifest.kind;
	st->vacant = atomic_load(&app->vacant);
	st->uptime_ns = lifecycle_is_up(st->state) ?
			monotonic_ns() - app->started_ns : 0;
	st->cpu_ns = proc_cpu_ns(app);
	st->first_frame_ns = atomic_load(&app->stats.first_frame_ns);
	st->memory_bytes = atomic_load(&app->stats.memory_bytes);
	st->messages_in = atomic_load(&app->inbox.popped);
	st->messages_out = atomic_load(&app->stats.messages_out);
	st->queued = msgq_count(&app->inbox);
	st->dropped = atomic_load(&app->inbox.dropped);
	st->rejected = atomic_load(&app->stats.lines_rejected);
	st->frames = atomic_load(&app->stats.frames);
	st->open_files = atomic_load(&app->stats.open_files);
	st->console_dropped = atomic_load(&app->stats.console_dropped);
}

void proc_keep_console(struct app *app, const char *line, size_t len)
{
	char *slot;

	pthread_mutex_lock(&app->console_lock);
	slot = app->console[app->console_next];
	utf8_escape(line, len, slot, APP_CONSOLE_WIDTH + 1);
	app->console_next = (app->console_next + 1) % APP_CONSOLE_KEEP;
	if (app->console_count < APP_CONSOLE_KEEP)
		app->console_count++;
	pthread_mutex_unlock(&app->console_lock);
}

void proc_forget_console(struct app *app)
{
	pthread_mutex_lock(&app->console_lock);
	memset(app->console, 0, sizeof(app->console));
	app->console_next = app->console_count = 0;
	pthread_mutex_unlock(&app->console_lock);
}

size_t proc_console(struct app *app, char (*lines)[APP_CONSOLE_WIDTH + 1],
		    size_t max)
{
	size_t i, n;

	pthread_mutex_lock(&app->console_lock);
	n = app->console_count < max ? app->console_count : max;
	for (i = 0; i < n; i++) {
		unsigned at = (app->console_next + APP_CONSOLE_KEEP -
			       (unsigned)n + (unsigned)i) % APP_CONSOLE_KEEP;

		memcpy(lines[i], app->console[at], sizeof(lines[i]));
	}
	pthread_mutex_unlock(&app->console_lock);
	return n;
}

const char *app_state_name(int state)
{
	return lifecycle_state_name((enum life_state)state);
}

void app_warn(struct app *app, const char *fmt, ...)
{
	unsigned n = atomic_fetch_add(&app->stats.warnings, 1);
	char msg[512];
	va_list ap;

	if (n > APP_WARN_BUDGET)
		return;
	if (n == APP_WARN_BUDGET) {
		log_warn("%s: further warnings about this app are counted (see "
			 "ps), not logged", app->label);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warn("%s: %s", app->label, msg);
}

