/*
 * fuzz_usercmd.c - libFuzzer target for the users' commands (usercmd.c):
 * the command table, the splitting of the arguments into words, decode()
 * of hex passwords and what each command does with what it is given,
 * against a real user database (userdb.c) in a temporary directory. The
 * session (session.c) and the broker's ipc_reply are stubbed here: the
 * target is about the parsing and the checks, not the screen.
 *
 * An input is lines. The first byte of the input picks the database each
 * input starts from: even, alice (an admin, password "alice-pw"), bob
 * ("bob-pw") and carol (locked, no password opens it); odd, no users (the
 * first boot, for setup). Each line's first byte then picks who runs it
 * ((byte - '0') % 5): 0 the greeter (the system, uid 0), 1 alice's app, 2 bob's
 * (both may spawn, for su), 3 an app that runs for no one, 4 the console
 * login, given "<name> <password as typed>". The rest of the line is cut
 * as shell.c cuts it: the command up to the first space, its arguments
 * after the spaces that follow.
 *
 * Argon2: the fuzz build hashes at libsodium's cheapest limits
 * (USERDB_OPSLIMIT/USERDB_MEMLIMIT set in the Makefile's FUZZ_CFLAGS, for
 * the fuzz build only), so useradd, passwd, setup, login and su cost
 * microseconds each and stay in; at the real cost (64 MiB, ~0.1 s) a
 * handful of inputs would use up a run. The database's users are made
 * here, so their hashes are cheap too; init checks that they are, so a
 * stale object built at the real cost is noticed, not just slow.
 *
 * The growing delay (authlimit.c, tested in test_authlimit.c) would make
 * the fourth wrong password of an input sleep 2 s and more: it is reset
 * before every line, so no line waits.
 *
 * Beside memory safety and leaks, each line checks:
 *   - the reply is one line that fits its buffer, "<command> ..." or
 *     "error ...", and each list row one line;
 *   - the database keeps its invariants (valid names, rising uids, an
 *     admin while there are users);
 *   - no login, su, console login or own passwd succeeds without the
 *     password the target knows the user to have (it follows every
 *     password the input's lines set), nor useradd or userdel for a
 *     caller that is not an admin, and the screen is only ever handed
 *     to a user who exists.
 */
#include "authlimit.h"
#include "ipc.h"
#include "proc.h"
#include "session.h"
#include "usercmd.h"
#include "userdb.h"
#include "userfiles.h"
#include "log.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REPLY_CAP APP_LINE_MAX	/* shell.c's REPLY_MAX */
#define LINES_MAX 32		/* per input: more adds little */
#define WORDS_MAX 4		/* as usercmd.c splits */

enum { GREETER, ALICE, BOB, NOONE, CALLERS };

static struct app callers[CALLERS];
static char dir[64];
static char *start_text;	/* the database file alice, bob and carol */
static size_t start_len;
static uint32_t screen = SESSION_NOBODY;
static bool verbose;		/* FUZZ_VERBOSE=1: each line and its reply */

/* ---- stubs: the session (session.h) ------------------------------------- */

uint32_t session_screen_uid(void)
{
	return screen;
}

bool session_locked(void)
{
	return false;
}

uint32_t session_app_uid(const struct app *app)
{
	return atomic_load(&app->uid);
}

/* As session.c's. */
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

/* As session.c's: the system is no admin. */
bool session_is_admin(uint32_t uid)
{
	struct userdb_user u;

	return uid != SESSION_NOBODY && uid != USERDB_SYSTEM_UID &&
	       userdb_find_uid(uid, &u) && u.admin;
}

/* What session_tick would do with it: the screen is that user's. */
void session_request_login(uint32_t uid)
{
	struct userdb_user u;

	assert(userdb_find_uid(uid, &u));
	screen = uid;
}

void session_request_lock(void)
{
}

void session_request_logout(void)
{
	screen = SESSION_NOBODY;
}

/* ---- stubs: the broker, the Process Manager, the files ------------------ */

/* A list row goes out before the reply: one line each. */
void ipc_reply(struct app *to, const char *text, size_t len)
{
	assert(to);
	assert(len > 0 && len < REPLY_CAP);
	assert(!memchr(text, '\n', len) && !memchr(text, '\0', len));
	assert(memcmp(text, "users name=", 11) == 0);
}

size_t proc_count(void)
{
	return CALLERS;
}

struct app *proc_at(size_t i)
{
	return &callers[i];
}

/* As registry.c's, for the callers' names only (no instances here). */
struct app *proc_find_named(const char *text, size_t len)
{
	for (int i = 0; i < CALLERS; i++)
		if (strlen(callers[i].manifest.name) == len &&
		    memcmp(callers[i].manifest.name, text, len) == 0)
			return &callers[i];
	return NULL;
}

void app_warn(struct app *app, const char *fmt, ...)
{
	(void)app;
	(void)fmt;
}

int userfiles_remove_user(const char *user)
{
	assert(userdb_name_valid(user));
	return 0;
}

/* ---- what the target knows of the passwords ----------------------------- */

static struct known {
	char name[USERDB_NAME_MAX + 1];
	char pw[USERDB_PASSWORD_MAX + 1];	/* "" if locked */
} known[USERDB_MAX + 1];
static size_t known_count;

static struct known *known_find(const char *name)
{
	for (size_t i = 0; i < known_count; i++)
		if (strcmp(known[i].name, name) == 0)
			return &known[i];
	return NULL;
}

static void known_set(const char *name, const char *pw)
{
	struct known *k = known_find(name);

	if (!k) {
		assert(known_count < USERDB_MAX);
		k = &known[known_count++];
		snprintf(k->name, sizeof(k->name), "%s", name);
	}
	snprintf(k->pw, sizeof(k->pw), "%s", pw);
}

static void known_remove(const char *name)
{
	struct known *k = known_find(name);

	assert(k);
	*k = known[--known_count];
}

/* Does pw open name, as far as the target knows? */
static bool known_opens(const char *name, const char *pw)
{
	struct known *k = known_find(name);

	return k && k->pw[0] && strcmp(k->pw, pw) == 0;
}

/* The words as usercmd.c's split() makes them (its copy, for the
 * oracle): NUL-terminated in buf, count or -1. */
static int words_of(const char *args, size_t len, char *buf, size_t cap,
		    char **w)
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
		w[n++] = buf + i;
	}
	return (int)n;
}

/* A password word's bytes as text ("" for "-" or anything undecodable:
 * then it must have opened nothing). */
static void password_of(const char *hex, char *out)
{
	size_t n = 0, len = strlen(hex);

	out[0] = '\0';
	if (len % 2 || len / 2 > USERDB_PASSWORD_MAX ||
	    sodium_hex2bin((unsigned char *)out, USERDB_PASSWORD_MAX, hex, len,
			   NULL, &n, NULL) != 0 || n != len / 2) {
		out[0] = '\0';
		return;
	}
	out[n] = '\0';
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* What a reply that says ok means for the passwords; and that it was
 * allowed at all. */
static void follow(const char *cmd, const char *args, size_t len,
		   const char *reply, bool admin, uint32_t uid)
{
	static char buf[2 * REPLY_CAP];
	char pw[USERDB_PASSWORD_MAX + 1];
	struct userdb_user me;
	char *w[WORDS_MAX];
	bool own;
	int n;

	if (!starts(reply, cmd) || !starts(reply + strlen(cmd), " ok "))
		return;
	n = words_of(args, len, buf, sizeof(buf), w);
	assert(n >= 1);
	if (strcmp(cmd, "login") == 0 || strcmp(cmd, "su") == 0) {
		assert(n == 2);
		password_of(w[1], pw);
		assert(known_opens(w[0], pw));
		assert(starts(reply + strlen(cmd) + 4, w[0]));
	} else if (strcmp(cmd, "passwd") == 0) {
		assert(n == 3);
		own = userdb_find_uid(uid, &me) && strcmp(me.name, w[0]) == 0;
		/* Another's: an admin's to set. One's own: with the old
		 * one, unless an admin gives none. */
		assert(own || admin);
		if (own && (!admin || strcmp(w[1], "-") != 0)) {
			password_of(w[1], pw);
			assert(known_opens(w[0], pw));
		}
		password_of(w[2], pw);
		assert(pw[0]);
		known_set(w[0], pw);
	} else if (strcmp(cmd, "useradd") == 0) {
		assert(admin && n >= 2);
		password_of(w[1], pw);
		known_set(w[0], pw);
	} else if (strcmp(cmd, "setup") == 0) {
		assert(n == 2 && known_count == 0);
		password_of(w[1], pw);
		assert(pw[0]);
		known_set(w[0], pw);
	} else if (strcmp(cmd, "userdel") == 0) {
		assert(admin && n == 1);
		known_remove(w[0]);
	}
}

/* The database after every line: what userdb.h promises. */
static void check_db(void)
{
	struct userdb_user u, prev;
	size_t i, admins = 0;

	for (i = 0; userdb_at(i, &u); i++) {
		assert(userdb_name_valid(u.name));
		assert(u.uid >= USERDB_FIRST_UID);
		assert(!i || prev.uid < u.uid);
		assert(known_find(u.name));
		admins += u.admin;
		prev = u;
	}
	assert(i == userdb_count() && i == known_count && i <= USERDB_MAX);
	assert(!i || admins);
}

/* ---- one line ------------------------------------------------------------ */

static void console(const char *text, size_t len)
{
	char name[64] = "", pw[USERDB_PASSWORD_MAX + 2] = "";
	const char *space = memchr(text, ' ', len);
	size_t nlen = space ? (size_t)(space - text) : len;
	unsigned uid;

	if (nlen >= sizeof(name) || len - nlen > sizeof(pw))
		return;
	memcpy(name, text, nlen);
	name[nlen] = '\0';
	if (space) {
		memcpy(pw, space + 1, len - nlen - 1);
		pw[len - nlen - 1] = '\0';
	}
	uid = usercmd_console_login(name, pw);
	if (verbose)
		fprintf(stderr, "console %s %s\n  -> uid %u\n", name, pw, uid);
	if (uid) {
		struct userdb_user u;

		assert(userdb_find(name, &u) && u.uid == uid);
		assert(known_opens(name, pw));
	}
}

static void run_line(const char *line, size_t len)
{
	static char reply[REPLY_CAP];
	unsigned who = (uint8_t)(line[0] - '0') % (CALLERS + 1);
	struct app *caller;
	char cmd[32];
	const char *args;
	size_t cmd_len = 0, args_len, n;
	uint32_t uid;
	bool admin;

	/* No line waits out the growing delay (see the top). */
	authlimit_reset();
	line++;
	len--;
	if (who == CALLERS) {
		console(line, len);
		check_db();
		return;
	}
	caller = &callers[who];
	while (cmd_len < len && line[cmd_len] != ' ')
		cmd_len++;
	args = line + cmd_len;
	args_len = len - cmd_len;
	while (args_len && *args == ' ') {
		args++;
		args_len--;
	}
	if (cmd_len >= sizeof(cmd))
		cmd_len = sizeof(cmd) - 1;
	memcpy(cmd, line, cmd_len);
	cmd[cmd_len] = '\0';
	uid = session_app_uid(caller);
	admin = session_is_admin(uid);

	memset(reply, 0x55, sizeof(reply));
	n = usercmd_run(caller, cmd, args, args_len, reply, sizeof(reply));
	if (verbose)
		fprintf(stderr, "%s %s %.*s\n  -> %s\n", caller->label, cmd,
			(int)args_len, args, reply);
	assert(n > 0 && n < sizeof(reply));
	assert(strlen(reply) == n);
	assert(!memchr(reply, '\n', n));
	assert(starts(reply, "error ") ||
	       (starts(reply, cmd) && reply[strlen(cmd)] == ' '));
	follow(cmd, args, args_len, reply, admin, uid);
	check_db();
}

/* ---- the database each input starts from --------------------------------- */

static void open_db(void)
{
	char err[256];

	userdb_close();
	if (userdb_open(dir, err, sizeof(err)) != USERDB_OK) {
		fprintf(stderr, "fuzz_usercmd: %s: %s\n", dir, err);
		abort();
	}
}

static void write_file(const char *text, size_t len)
{
	char path[sizeof(dir) + 16];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, USERDB_FILE);
	if (!text) {
		unlink(path);
		return;
	}
	f = fopen(path, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
		abort();
}

static char *read_file(size_t *len)
{
	char path[sizeof(dir) + 16], *text = malloc(65536);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, USERDB_FILE);
	f = fopen(path, "r");
	if (!f || !text)
		abort();
	*len = fread(text, 1, 65535, f);
	text[*len] = '\0';
	fclose(f);
	return text;
}

static void init(void)
{
	static const char *names[CALLERS] = { SESSION_GREETER, "alice-app",
					      "bob-app", "noone-app" };
	struct userdb_user u;
	char cheap[64];
	FILE *null = fopen("/dev/null", "w");

	verbose = getenv("FUZZ_VERBOSE") != NULL;
	/* Quiet: every refusal is logged, and libFuzzer's output is ours. */
	if (null)
		log_set_stream(null);
	/* tmpfs if there is one: every change is fsynced. */
	snprintf(dir, sizeof(dir), "%s/vyoma-fuzz-usercmd-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(dir))
		abort();
	open_db();
	if (userdb_add("alice", "alice-pw", true, &u) != USERDB_OK ||
	    userdb_add("bob", "bob-pw", false, &u) != USERDB_OK ||
	    userdb_add("carol", NULL, false, &u) != USERDB_OK)
		abort();
	start_text = read_file(&start_len);
	snprintf(cheap, sizeof(cheap), "$m=%llu,t=%llu,",
		 (unsigned long long)USERDB_MEMLIMIT / 1024,
		 (unsigned long long)USERDB_OPSLIMIT);
	if (USERDB_OPSLIMIT != crypto_pwhash_OPSLIMIT_MIN ||
	    !strstr(start_text, cheap)) {
		fprintf(stderr, "fuzz_usercmd: Argon2 is not at its cheapest "
			"limits: rebuild the fuzz objects\n");
		abort();
	}
	for (int i = 0; i < CALLERS; i++) {
		snprintf(callers[i].label, sizeof(callers[i].label), "%s",
			 names[i]);
		snprintf(callers[i].manifest.name,
			 sizeof(callers[i].manifest.name), "%s", names[i]);
		atomic_store(&callers[i].state, LIFE_RUNNING);
	}
	callers[GREETER].manifest.caps[CAP_LOGIN] = true;
	callers[ALICE].manifest.caps[CAP_SPAWN] = true;
	callers[BOB].manifest.caps[CAP_SPAWN] = true;
}

/* The input's first state: the three users, or none. */
static void reset(bool first_boot)
{
	write_file(first_boot ? NULL : start_text, start_len);
	open_db();
	known_count = 0;
	if (!first_boot) {
		known_set("alice", "alice-pw");
		known_set("bob", "bob-pw");
		known_set("carol", "");
	}
	atomic_store(&callers[GREETER].uid, USERDB_SYSTEM_UID);
	atomic_store(&callers[ALICE].uid, USERDB_FIRST_UID);
	atomic_store(&callers[BOB].uid, USERDB_FIRST_UID + 1);
	atomic_store(&callers[NOONE].uid, SESSION_NOBODY);
	for (int i = 0; i < CALLERS; i++)
		atomic_store(&callers[i].su_uid, 0);
	screen = first_boot ? SESSION_NOBODY : USERDB_FIRST_UID;
	usercmd_console_logout();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	const char *text = (const char *)data, *end, *nl;
	int lines = 0;

	if (!ready) {
		init();
		ready = true;
	}
	if (!size)
		return 0;
	reset(data[0] & 1);
	text++;
	end = (const char *)data + size;
	while (text < end && lines++ < LINES_MAX) {
		nl = memchr(text, '\n', (size_t)(end - text));
		if (!nl)
			nl = end;
		if (nl > text)
			run_line(text, (size_t)(nl - text));
		text = nl + 1;
	}
	return 0;
}
