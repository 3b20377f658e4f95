/*
 * session.c - who is logged in on the screen, and for whom each app runs
 * (session.h). The screen's session is main-thread state published in
 * atomics, so any thread can ask whose it is; changes are requested from
 * the apps' threads (the greeter's login, a lock, a logout) and carried
 * out by session_tick() in the main loop, where the lifecycle is.
 */
#include "session.h"
#include "clipboard.h"
#include "log.h"
#include "proc.h"
#include "quota.h"
#include "userfiles.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

void (*session_wake)(void);
void (*session_on_end)(uint32_t uid);

static _Atomic uint32_t screen_uid = SESSION_NOBODY;
static atomic_bool locked;
/* Requests, taken by session_tick(). */
static _Atomic uint32_t login_wanted = SESSION_NOBODY;
static atomic_bool lock_wanted, logout_wanted;
static bool ready;		/* session_init has run: the greeter may start */

bool session_system_app(const struct app *app)
{
	return app->manifest.caps[CAP_LOGIN] || app->manifest.serves_everyone;
}

uint32_t session_screen_uid(void)
{
	return atomic_load(&screen_uid);
}

bool session_locked(void)
{
	return atomic_load(&locked);
}

uint32_t session_app_uid(const struct app *app)
{
	return atomic_load(&app->uid);
}

bool session_user_name(uint32_t uid, char name[USERDB_NAME_MAX + 1])
{
	struct userdb_user u;

	if (uid == USERDB_SYSTEM_UID) {
		snprintf(name, USERDB_NAME_MAX + 1, "system");
		return true;
	}
	if (uid == SESSION_NOBODY || !userdb_find_uid(uid, &u)) {
		snprintf(name, USERDB_NAME_MAX + 1, "-");
		return false;
	}
	memcpy(name, u.name, sizeof(u.name));
	return true;
}

/* An admin user. The system is not one: an app that runs for it (the
 * greeter, a service for everyone) declares that itself, in its own
 * manifest, and manages no one's apps or users by it. */
bool session_is_admin(uint32_t uid)
{
	struct userdb_user u;

	return uid != SESSION_NOBODY && uid != USERDB_SYSTEM_UID &&
	       userdb_find_uid(uid, &u) && u.admin;
}

/* Its /data for the user it runs for: that user's own copy. */
static bool user_data_dir(struct app *app)
{
	char name[USERDB_NAME_MAX + 1], err[256];
	const struct manifest *m = &app->manifest;

	app->data_dir[0] = '\0';
	if (!m->data_dir)
		return true;
	if (!session_user_name(atomic_load(&app->uid), name) ||
	    userfiles_app_data(name, m->name, app->data_dir) != 0) {
		log_error("%s: cannot make its /data for %s: %s", app->label,
			  name, strerror(errno));
		app->data_dir[0] = '\0';
		return false;
	}
	if (quota_enabled() &&
	    quota_apply(app->data_dir, m->name, m->disk_limit,
			m->disk_limit / (16u << 10) + 256, err,
			sizeof(err)) != 0) {
		log_error("%s: %s", app->label, err);
		return false;
	}
	return true;
}

bool session_assign(struct app *app)
{
	uint32_t uid;

	atomic_store(&app->su_uid, 0);
	if (app->transient)
		return true;	/* assigned when spawned */
	app->seat = SEAT_SCREEN;
	if (session_system_app(app)) {
		atomic_store(&app->uid, USERDB_SYSTEM_UID);
		return true;	/* its /data is the system's, made at load */
	}
	uid = atomic_load(&screen_uid);
	if (uid == SESSION_NOBODY) {
		log_warn("%s: not started: no one is logged in on the screen",
			 app->label);
		return false;
	}
	/* What its run for another user printed is not this one's. */
	if (atomic_exchange(&app->uid, uid) != uid)
		proc_forget_console(app);
	return user_data_dir(app);
}

bool session_assign_instance(struct app *inst, const struct app *parent,
			     const struct app *caller)
{
	uint32_t uid;

	atomic_store(&inst->su_uid, 0);
	if (parent) {
		uid = atomic_load(&parent->su_uid);
		if (!uid)
			uid = atomic_load(&parent->uid);
		inst->seat = parent->seat;
	} else if (caller) {
		uid = atomic_load(&caller->uid);
		inst->seat = caller->seat;
	} else {
		uid = atomic_load(&inst->uid);	/* set by the spawner */
	}
	/* The system's own apps spawn nothing for a user, and an instance
	 * of a system app is no one's. */
	if (session_system_app(inst) || uid == SESSION_NOBODY ||
	    uid == USERDB_SYSTEM_UID) {
		log_warn("%s: not spawned: it would run for no user",
			 inst->manifest.name);
		return false;
	}
	atomic_store(&inst->uid, uid);
	return user_data_dir(inst);
}

bool session_may_message(struct app *from, const struct app *to)
{
	char a[USERDB_NAME_MAX + 1], b[USERDB_NAME_MAX + 1];
	uint32_t fu = atomic_load(&from->uid), tu = atomic_load(&to->uid);

	if (fu == tu && fu != SESSION_NOBODY)
		return true;
	if (to->manifest.serves_everyone || from->manifest.serves_everyone)
		return true;
	session_user_name(fu, a);
	session_user_name(tu, b);
	app_warn(from, "message to %s refused: it runs for %s, the sender "
		 "for %s", to->label, b, a);
	return false;
}

bool session_may_manage(const struct app *caller, const struct app *target)
{
	uint32_t cu = atomic_load(&caller->uid);

	if (session_is_admin(cu))
		return true;
	return cu != SESSION_NOBODY && atomic_load(&target->uid) == cu &&
	       !session_system_app(target);
}

bool session_on_screen(const struct app *caller)
{
	uint32_t uid = atomic_load(&screen_uid);

	return uid != SESSION_NOBODY && atomic_load(&caller->uid) == uid &&
	       caller->seat == SEAT_SCREEN;
}

static void wake(void)
{
	if (session_wake)
		session_wake();
}

void session_request_login(uint32_t uid)
{
	atomic_store(&login_wanted, uid);
	wake();
}

void session_request_lock(void)
{
	atomic_store(&lock_wanted, true);
	wake();
}

void session_request_logout(void)
{
	atomic_store(&logout_wanted, true);
	wake();
}

/* ---- the main thread's side ---------------------------------------------- */

/* Not running, nor about to, nor waiting out a back-off. */
static bool startable(int state)
{
	return state == LIFE_COMPILING || state == LIFE_LOADED ||
	       state == LIFE_EXITED || state == LIFE_FAILED ||
	       state == LIFE_STOPPED;
}

/* The installed apps that run for the screen's user: not the system's. */
static bool screen_app(const struct app *app)
{
	return !app->transient && !session_system_app(app);
}

/*
 * An installed app that is down becomes the screen user's: what it kept
 * of its last run (its console lines for `log`, what was queued for a
 * first run) was the user's before, not this one's to read. At a login,
 * and then each tick while an app still runs for the user before (it was
 * stopping at a switch: it is the new user's once down). Returns whether
 * app is still up for another user.
 */
static bool adopting;

static bool adopt(struct app *app, uint32_t uid)
{
	int state = atomic_load(&app->state);
	uint32_t was;

	if (atomic_load(&app->uid) == uid)
		return false;
	if (lifecycle_is_up(state))
		return true;
	was = atomic_exchange(&app->uid, uid);
	if (was == SESSION_NOBODY)
		return false;
	proc_forget_console(app);
	/* A stopped app's queue is emptied when it starts again; one never
	 * started keeps what was sent for its first run. */
	if (state == LIFE_COMPILING || state == LIFE_LOADED) {
		msgq_close(&app->inbox);
		msgq_reopen(&app->inbox);
	}
	return false;
}

static void adopt_all(void)
{
	uint32_t uid = atomic_load(&screen_uid);
	bool others = false;
	size_t i;

	if (uid == SESSION_NOBODY)
		return;
	for (i = 0; i < proc_count(); i++)
		if (screen_app(proc_at(i)) && adopt(proc_at(i), uid))
			others = true;
	adopting = others;
}

static void begin(uint32_t uid)
{
	char name[USERDB_NAME_MAX + 1];
	size_t i;

	atomic_store(&screen_uid, uid);
	atomic_store(&locked, false);
	session_user_name(uid, name);
	log_info("session: %s logged in on the screen", name);
	adopt_all();
	for (i = 0; i < proc_count(); i++) {
		struct app *app = proc_at(i);
		int state;

		if (!screen_app(app))
			continue;
		state = atomic_load(&app->state);
		/*
		 * Still up for the user before (a switch: end() has just
		 * asked it to stop; the stop is taken at the next tick, then
		 * this restart): it runs for them until it is down and
		 * starts again for this one (launch assigns the user),
		 * rather than be theirs while it holds the other's /data.
		 */
		if (lifecycle_is_up(state)) {
			if (app->manifest.autostart &&
			    atomic_load(&app->uid) != uid) {
				atomic_store(&app->autostarted, true);
				proc_request(app, LIFE_RESTART);
			}
			continue;
		}
		/* As at boot: a start while compiling waits for it. */
		if (app->manifest.autostart &&
		    startable(atomic_load(&app->state))) {
			atomic_store(&app->autostarted, true);
			proc_request(app, LIFE_START);
		}
	}
}

/*
 * Every app of the screen's session stops (its stdin is closed, then it
 * is killed after the grace, as any stop): the installed apps and what
 * was started from the screen, not the console's.
 */
static void end(void)
{
	uint32_t uid = atomic_load(&screen_uid);
	char name[USERDB_NAME_MAX + 1];
	size_t i, n = 0;

	if (uid == SESSION_NOBODY)
		return;
	atomic_store(&screen_uid, SESSION_NOBODY);
	atomic_store(&locked, false);
	for (i = 0; i < proc_count(); i++) {
		struct app *app = proc_at(i);

		if (atomic_load(&app->vacant) || app->seat != SEAT_SCREEN ||
		    atomic_load(&app->uid) != uid || session_system_app(app))
			continue;
		if (lifecycle_is_up(atomic_load(&app->state))) {
			proc_stop(app);
			n++;
		} else if (atomic_load(&app->state) == LIFE_BACKOFF) {
			/* Crashed or killed, waiting to start again: not for
			 * the next user. */
			proc_stop(app);
		} else if (app->transient) {
			/* Spawned, its start not yet taken: it never runs. */
			atomic_store(&app->doomed, true);
		}
	}
	if (session_on_end)
		session_on_end(uid);
	/* What they copied is theirs too. */
	clipboard_clear();
	session_user_name(uid, name);
	log_info("session: %s logged out (%zu apps stopping)", name, n);
}

/* The greeter is up exactly while no one has the screen, or it is
 * locked. */
static void greeter(void)
{
	struct app *g = proc_find(SESSION_GREETER, strlen(SESSION_GREETER));
	bool wanted = atomic_load(&screen_uid) == SESSION_NOBODY ||
		      atomic_load(&locked);
	int state;

	if (!g || !g->manifest.caps[CAP_LOGIN])
		return;
	state = atomic_load(&g->state);
	if (wanted && startable(state))
		proc_request(g, LIFE_START);
	else if (!wanted && lifecycle_is_up(state))
		proc_stop(g);
}

void session_tick(void)
{
	uint32_t uid = atomic_exchange(&login_wanted, SESSION_NOBODY);

	if (!ready)
		return;
	if (atomic_exchange(&logout_wanted, false))
		end();
	if (atomic_exchange(&lock_wanted, false) &&
	    atomic_load(&screen_uid) != SESSION_NOBODY) {
		atomic_store(&locked, true);
		log_info("session: the screen is locked");
	}
	if (uid != SESSION_NOBODY) {
		if (uid == atomic_load(&screen_uid)) {
			atomic_store(&locked, false);
			log_info("session: the screen is unlocked");
		} else {
			/* Switching user: one screen session at a time. */
			end();
			begin(uid);
		}
	}
	if (adopting)
		adopt_all();
	greeter();
}

void session_init(const char *user)
{
	struct userdb_user u;
	enum userdb_err err;

	ready = true;
	for (size_t i = 0; i < proc_count(); i++) {
		struct app *app = proc_at(i);

		atomic_store(&app->uid, session_system_app(app) ?
			     USERDB_SYSTEM_UID : SESSION_NOBODY);
	}
	if (!user) {
		greeter();
		return;
	}
	if (!userdb_find(user, &u)) {
		err = userdb_add(user, NULL, false, &u);
		if (err != USERDB_OK) {
			log_error("--user %s: %s", user,
				  userdb_strerror(err));
			greeter();
			return;
		}
		log_info("session: made user %s (uid %u%s), with no password "
			 "until passwd gives one", u.name, u.uid,
			 u.admin ? ", an admin" : "");
	}
	begin(u.uid);
	greeter();
}
