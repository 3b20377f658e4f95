/*
 * usercmd.c - the supervisor commands about users (usercmd.h).
 *
 * A password check is slow by design (Argon2id) and may first wait out
 * the growing delay: all of it happens on the caller's own thread, so
 * the main loop and every other app go on. What a check decides about
 * the screen (log in, unlock, switch) is posted to session.c, which the
 * main loop carries out.
 */
#include "usercmd.h"
#include "authlimit.h"
#include "ipc.h"
#include "log.h"
#include "proc.h"
#include "queue.h"
#include "session.h"
#include "userdb.h"
#include "userfiles.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define WORDS_MAX 4
/*
 * Where a wrong password's delay is counted (authlimit.h): the seat or
 * the user asking (su, passwd) in the top 16 bits, the name tried for
 * below, so neither one's own right password nor another seat's clears
 * the count for a name being guessed.
 */
#define SOURCE_SCREEN 1ull
#define SOURCE_CONSOLE 2ull
#define SOURCE_OF_UID(uid) (3ull + (uid) % 65000u)
#define SOURCE_SHIFT 48
#define SOURCE_MASK (0xffffull << SOURCE_SHIFT)

struct out {
	char *text;
	size_t cap;
};

static size_t say(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static size_t say(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->text, o->cap, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return (size_t)n < o->cap ? (size_t)n : o->cap - 1;
}

/* A secret decoded from hex, wiped when done with. */
struct secret {
	char bytes[USERDB_PASSWORD_MAX + 1];
	bool given;		/* "-" is none */
};

/* Splits args at single spaces into at most WORDS_MAX words (copies,
 * NUL-terminated, in buf). Returns the count, or -1 if there are more. */
static int split(const char *args, size_t len, char *buf, size_t cap,
		 char **words)
{
	size_t i, n = 0;

	if (len >= cap)
		return -1;
	memcpy(buf, args, len);
	buf[len] = '\0';
	for (i = 0; i < len; i++) {
		if (buf[i] == ' ') {
			buf[i] = '\0';
			continue;
		}
		if (i && buf[i - 1])
			continue;
		if (n == WORDS_MAX)
			return -1;
		words[n++] = buf + i;
	}
	return (int)n;
}

/* "-" or hex of 1 to USERDB_PASSWORD_MAX bytes, none a NUL or newline. */
static bool decode(const char *hex, struct secret *s)
{
	size_t n = 0, hexlen = strlen(hex);

	memset(s, 0, sizeof(*s));
	if (strcmp(hex, "-") == 0)
		return true;
	if (hexlen % 2 || hexlen / 2 > USERDB_PASSWORD_MAX ||
	    sodium_hex2bin((unsigned char *)s->bytes, USERDB_PASSWORD_MAX,
			   hex, hexlen, NULL, &n, NULL) != 0 ||
	    n != hexlen / 2 || n == 0 || memchr(s->bytes, '\0', n) ||
	    memchr(s->bytes, '\n', n))
		return false;
	s->given = true;
	return true;
}

static void wipe(struct secret *s)
{
	sodium_memzero(s, sizeof(*s));
}

/* The delay's id for a try from source at name. */
static uint64_t limit_id(uint64_t source, const char *name)
{
	uint64_t h;

	crypto_generichash((unsigned char *)&h, sizeof(h),
			   (const unsigned char *)name, strlen(name), NULL, 0);
	return source << SOURCE_SHIFT | (h & ~SOURCE_MASK);
}

/* Sleeps out the delay, in steps, giving up if caller is killed; the
 * try is counted (authlimit_take) once its turn comes. */
static bool wait_turn(struct app *caller, uint64_t id)
{
	uint64_t ns;

	while ((ns = authlimit_take(id, monotonic_ns()))) {
		if (caller && atomic_load(&caller->killing))
			return false;
		usleep(ns > 100000000u ? 100000u : (useconds_t)(ns / 1000 + 1));
	}
	return true;
}

/*
 * The check every password goes through: the delay first, then
 * userdb_verify, whose answer is the same for an unknown user.
 */
static enum userdb_err check(struct app *caller, uint64_t source,
			     const char *name, const char *password,
			     struct userdb_user *u)
{
	uint64_t id = limit_id(source, name);
	enum userdb_err err;

	/* No one's password is empty (userdb refuses it for every name
	 * without hashing): such a try guesses nothing, and must not make
	 * entries in the delay's table at no cost. */
	if (!*password)
		return USERDB_DENIED;
	if (!wait_turn(caller, id))
		return USERDB_DENIED;
	err = userdb_verify(name, password, u);
	if (err == USERDB_OK)
		authlimit_succeeded(id);
	return err;
}

/*
 * A password typed to be checked: <user> <hex>; "-" or nothing after the
 * name when nothing was typed (Enter at the prompt). That is a wrong
 * password like any other, not a usage error.
 */
static bool given_password(char **w, int n, struct secret *pw)
{
	memset(pw, 0, sizeof(*pw));
	if (n != 1 && (n != 2 || !decode(w[1], pw)))
		return false;
	pw->given = true;
	return true;
}

static uint32_t caller_uid(const struct app *caller)
{
	return session_app_uid(caller);
}

/* An admin user (session_is_admin: never the system). */
static bool caller_admin(const struct app *caller)
{
	return session_is_admin(caller_uid(caller));
}

static size_t failed(struct out *o, enum userdb_err err)
{
	if (err == USERDB_DENIED)
		return say(o, "error authentication failed");
	return say(o, "error %s", userdb_strerror(err));
}

/* ---- anyone's ------------------------------------------------------------ */

static size_t whoami(struct app *caller, char **w, int n, struct out *o)
{
	char name[USERDB_NAME_MAX + 1];

	(void)w;
	if (n)
		return say(o, "error whoami takes no arguments");
	session_user_name(caller_uid(caller), name);
	return say(o, "whoami %s", name);
}

static size_t id(struct app *caller, char **w, int n, struct out *o)
{
	struct userdb_user u;

	if (n > 1)
		return say(o, "error id takes at most a user's name");
	if (n ? !userdb_find(w[0], &u) :
		!userdb_find_uid(caller_uid(caller), &u)) {
		if (!n && caller_uid(caller) == USERDB_SYSTEM_UID)
			return say(o, "id name=system uid=0 gid=0 admin=1");
		return say(o, "error no such user '%.32s'", n ? w[0] : "?");
	}
	return say(o, "id name=%s uid=%u gid=%u admin=%d", u.name, u.uid,
		   u.uid, u.admin);
}

/*
 * The user a running app acts for: what a service asks before it acts
 * on a message's sender (a driver setting the clock for an admin only),
 * as a server calls getpeereid() on a socket. The sender's name in a
 * message is the broker's, so it cannot be forged; an instance's id is
 * never reused, so the answer is about the app that asked.
 */
static size_t peer(struct app *caller, char **w, int n, struct out *o)
{
	char name[USERDB_NAME_MAX + 1];
	struct app *app;
	uint32_t uid;

	(void)caller;
	if (n != 1)
		return say(o, "error peer takes one app's name");
	app = proc_find_named(w[0], strlen(w[0]));
	if (!app || !lifecycle_is_up(atomic_load(&app->state)))
		return say(o, "error '%.48s' is not running", w[0]);
	/* w[0] named a running app, so it is a name as the broker
	 * writes them: the answer repeats it, for the asker to match. */
	uid = session_app_uid(app);
	/* The system is "system" and no admin (session.c): a package's
	 * service may run as the system too. */
	if (!session_user_name(uid, name))
		return say(o, "error '%.48s' runs for no known user", w[0]);
	return say(o, "peer %.48s user=%s uid=%u admin=%d", w[0], name, uid,
		   session_is_admin(uid));
}

static bool on_console(uint32_t uid);

static size_t users(struct app *caller, char **w, int n, struct out *o)
{
	struct userdb_user u;
	char row[160];
	size_t i, rows = 0;

	(void)w;
	if (n)
		return say(o, "error users takes no arguments");
	for (i = 0; userdb_at(i, &u); i++, rows++) {
		int len = snprintf(row, sizeof(row), "users name=%s uid=%u "
				   "admin=%d desktop=%d console=%d", u.name,
				   u.uid, u.admin,
				   session_screen_uid() == u.uid,
				   on_console(u.uid));

		ipc_reply(caller, row, (size_t)len);
	}
	return say(o, "users end %zu", rows);
}

static size_t passwd(struct app *caller, char **w, int n, struct out *o)
{
	uint32_t me = caller_uid(caller);
	struct secret old, new;
	struct userdb_user u, mine;
	enum userdb_err err;
	size_t len;

	if (n != 3)
		return say(o, "error usage: passwd <user> <old|-> <new>");
	if (!decode(w[1], &old) || !decode(w[2], &new) || !new.given) {
		wipe(&old);
		wipe(&new);
		return say(o, "error a password is 1 to %d bytes, in hex, "
			   "without a newline", USERDB_PASSWORD_MAX);
	}
	if (!userdb_find_uid(me, &mine) || strcmp(mine.name, w[0]) != 0) {
		/* Another's: an admin's to set, without theirs. */
		err = caller_admin(caller) ? USERDB_OK : USERDB_DENIED;
		if (err)
			len = say(o, "error permission denied: only an admin "
				  "sets another user's password");
		else if (!userdb_find(w[0], &u))
			len = say(o, "error no such user '%s'", w[0]);
		else
			goto set;
		wipe(&old);
		wipe(&new);
		return len;
	}
	/* One's own: with the old one, unless an admin. */
	if (old.given || !caller_admin(caller)) {
		err = check(caller, SOURCE_OF_UID(me), mine.name, old.bytes,
			    &u);
		if (err) {
			wipe(&old);
			wipe(&new);
			return failed(o, err);
		}
	}
set:
	err = userdb_set_password(w[0], new.bytes);
	wipe(&old);
	wipe(&new);
	if (err)
		return failed(o, err);
	log_info("users: %s's password changed by %s", w[0], caller->label);
	return say(o, "passwd ok %s", w[0]);
}

static size_t useradd(struct app *caller, char **w, int n, struct out *o)
{
	struct secret pw;
	struct userdb_user u;
	enum userdb_err err;

	if (!caller_admin(caller))
		return say(o, "error permission denied: only an admin adds "
			   "users");
	if (n < 2 || n > 3 || (n == 3 && strcmp(w[2], "admin") != 0))
		return say(o, "error usage: useradd <user> <password|-> "
			   "[admin]");
	if (!decode(w[1], &pw))
		return say(o, "error a password is 1 to %d bytes, in hex, "
			   "without a newline", USERDB_PASSWORD_MAX);
	err = userdb_add(w[0], pw.given ? pw.bytes : NULL, n == 3, &u);
	wipe(&pw);
	if (err)
		return failed(o, err);
	log_info("users: %s (uid %u%s) added by %s", u.name, u.uid,
		 u.admin ? ", an admin" : "", caller->label);
	return say(o, "useradd ok %s uid=%u", u.name, u.uid);
}

/* Does any app run (or is it about to) for uid? */
static bool has_apps(uint32_t uid)
{
	for (size_t i = 0; i < proc_count(); i++) {
		struct app *app = proc_at(i);
		int state = atomic_load(&app->state);

		/* An app su'd to them counts: its children run as them. */
		if (!atomic_load(&app->vacant) &&
		    (atomic_load(&app->uid) == uid ||
		     atomic_load(&app->su_uid) == uid) &&
		    (lifecycle_is_up(state) || state == LIFE_STARTING))
			return true;
	}
	return false;
}

static size_t userdel(struct app *caller, char **w, int n, struct out *o)
{
	struct userdb_user u;
	enum userdb_err err;

	if (!caller_admin(caller))
		return say(o, "error permission denied: only an admin removes "
			   "users");
	if (n != 1)
		return say(o, "error usage: userdel <user>");
	if (!userdb_find(w[0], &u))
		return say(o, "error no such user '%.32s'", w[0]);
	if (u.uid == caller_uid(caller))
		return say(o, "error you cannot remove yourself");
	if (session_screen_uid() == u.uid || on_console(u.uid) ||
	    has_apps(u.uid))
		return say(o, "error %s is logged in (or has apps running)",
			   u.name);
	err = userdb_remove(u.name);
	if (err)
		return failed(o, err);
	if (userfiles_remove_user(u.name) != 0)
		log_warn("users: %s's files could not all be removed",
			 u.name);
	log_info("users: %s (uid %u) removed by %s", u.name, u.uid,
		 caller->label);
	return say(o, "userdel ok %s", u.name);
}

/*
 * su <user> <password>: the caller's children run as that user from
 * now on (apps/system/su spawns the command). It must be able to spawn.
 */
static size_t su(struct app *caller, char **w, int n, struct out *o)
{
	struct secret pw;
	struct userdb_user u;
	enum userdb_err err;

	if (!caller->manifest.caps[CAP_SPAWN])
		return say(o, "error permission denied: su needs the spawn "
			   "capability");
	if (!given_password(w, n, &pw))
		return say(o, "error usage: su <user> <password in hex>");
	err = check(caller, SOURCE_OF_UID(caller_uid(caller)), w[0],
		    pw.bytes, &u);
	wipe(&pw);
	if (err) {
		app_warn(caller, "su to '%.32s' refused", w[0]);
		return failed(o, err);
	}
	atomic_store(&caller->su_uid, u.uid);
	log_info("users: %s is now su %s", caller->label, u.name);
	return say(o, "su ok %s uid=%u", u.name, u.uid);
}

static size_t lock(struct app *caller, char **w, int n, struct out *o)
{
	(void)caller;
	(void)w;
	if (n)
		return say(o, "error lock takes no arguments");
	session_request_lock();
	return say(o, "lock ok");
}

static size_t logout(struct app *caller, char **w, int n, struct out *o)
{
	(void)caller;
	(void)w;
	if (n)
		return say(o, "error logout takes no arguments");
	session_request_logout();
	return say(o, "logout ok");
}

/* ---- the greeter's ------------------------------------------------------- */

static size_t greeter(struct app *caller, char **w, int n, struct out *o)
{
	char list[USERDB_MAX * (USERDB_NAME_MAX + 1) + 1] = "", who[40];
	struct userdb_user u;
	size_t i, len = 0;
	uint64_t wait = authlimit_longest_wait_ns(SOURCE_MASK,
		SOURCE_SCREEN << SOURCE_SHIFT, monotonic_ns());
	const char *mode;

	(void)caller;
	(void)w;
	if (n)
		return say(o, "error greeter takes no arguments");
	for (i = 0; userdb_at(i, &u); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					i ? "," : "", u.name);
	if (!session_user_name(session_screen_uid(), who))
		snprintf(who, sizeof(who), "-");
	mode = userdb_damaged() ? "damaged" : !userdb_count() ? "setup" :
	       session_screen_uid() != SESSION_NOBODY ? "lock" : "login";
	return say(o, "greeter mode=%s user=%s users=%s delay=%llu", mode, who,
		   len ? list : "-",
		   (unsigned long long)((wait + 999999999u) / 1000000000u));
}

static size_t login(struct app *caller, char **w, int n, struct out *o)
{
	struct secret pw;
	struct userdb_user u;
	enum userdb_err err;

	if (!given_password(w, n, &pw))
		return say(o, "error usage: login <user> <password in hex>");
	/* The greeter logs in on a screen that waits for it, no other. */
	if (session_screen_uid() != SESSION_NOBODY && !session_locked()) {
		wipe(&pw);
		return say(o, "error the screen is in use: it is neither "
			   "locked nor waiting for a login");
	}
	err = check(caller, SOURCE_SCREEN, w[0], pw.bytes, &u);
	wipe(&pw);
	if (err) {
		log_warn("session: a login on the screen failed");
		return failed(o, err);
	}
	session_request_login(u.uid);
	return say(o, "login ok %s", u.name);
}

static size_t setup(struct app *caller, char **w, int n, struct out *o)
{
	struct secret pw;
	struct userdb_user u;
	enum userdb_err err;

	(void)caller;
	if (n != 2 || !decode(w[1], &pw) || !pw.given)
		return say(o, "error usage: setup <user> <password in hex>");
	/* The first user only: later ones are an admin's to add. */
	err = userdb_add_first(w[0], pw.bytes, &u);
	wipe(&pw);
	if (err == USERDB_SET_UP)
		return say(o, "error this machine is set up already");
	if (err)
		return failed(o, err);
	log_info("users: %s (uid %u) set up as the first user, an admin",
		 u.name, u.uid);
	session_request_login(u.uid);
	return say(o, "setup ok %s", u.name);
}

/* ---- the console's -------------------------------------------------------- */

static _Atomic uint32_t console_uid;	/* 0: no one */

static bool on_console(uint32_t uid)
{
	return uid && atomic_load(&console_uid) == uid;
}

unsigned usercmd_console_login(const char *name, const char *password)
{
	struct userdb_user u;

	if (check(NULL, SOURCE_CONSOLE, name, password, &u) != USERDB_OK)
		return 0;
	atomic_store(&console_uid, u.uid);
	return u.uid;
}

void usercmd_console_logout(void)
{
	atomic_store(&console_uid, 0);
}

/* ---- the table ------------------------------------------------------------ */

static const struct {
	const char *name;
	size_t (*run)(struct app *caller, char **w, int n, struct out *o);
} table[] = {
	{ "whoami", whoami }, { "id", id }, { "peer", peer },
	{ "users", users },
	{ "passwd", passwd }, { "useradd", useradd }, { "userdel", userdel },
	{ "su", su }, { "lock", lock }, { "logout", logout },
	{ "greeter", greeter }, { "login", login }, { "setup", setup },
};

size_t usercmd_run(struct app *caller, const char *cmd, const char *args,
		   size_t len, char *text, size_t cap)
{
	/* Two hex passwords and a name fit; anything longer is not ours. */
	char buf[2 * 2 * USERDB_PASSWORD_MAX + 2 * USERDB_NAME_MAX + 16];
	struct out o = { text, cap };
	char *words[WORDS_MAX];
	size_t i, n;
	int count;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].name, cmd) == 0)
			break;
	if (i == sizeof(table) / sizeof(table[0]))
		return say(&o, "error unknown command '%.16s'", cmd);
	count = split(args, len, buf, sizeof(buf), words);
	if (count < 0)
		n = say(&o, "error too many or too long arguments to %s", cmd);
	else
		n = table[i].run(caller, words, count, &o);
	sodium_memzero(buf, sizeof(buf));
	return n;
}
