/*
 * test_userdb.c - the user database (userdb.h): adding, finding and
 * removing users, uids, passwords (set, checked, rehashed when weak),
 * the only admin, names, what survives a close and an open, and files
 * that are corrupt (every flipped byte, every truncation, each rule of
 * the format broken) or cannot be written: reported with their line,
 * and never replaced. Argon2id at the real cost is slow by design, so
 * the whole test hashes about twenty times.
 */
#include "check.h"
#include "file.h"
#include "userdb.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PW "correct horse"
/* An Argon2id hash as the parser sees it: the text is not checked. */
#define H "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA"

static char root[] = "/tmp/vyoma-test-userdb-XXXXXX";

static const char *path(const char *dir, const char *name)
{
	static char p[2][512];
	static int which;

	which ^= 1;
	if (name)
		snprintf(p[which], sizeof(p[0]), "%s/%s/%s", root, dir, name);
	else
		snprintf(p[which], sizeof(p[0]), "%s/%s", root, dir);
	return p[which];
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The bytes of a file (malloc'd), NULL if there is none. */
static char *slurp(const char *p, size_t *len)
{
	return file_read(p, 1 << 20, len);
}

static void put(const char *p, const char *data, size_t len)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	CHECK(fd >= 0 && write(fd, data, len) == (ssize_t)len);
	close(fd);
}

/* body with its seal line after it, into out. */
static size_t seal(char *out, size_t cap, const char *body)
{
	unsigned char sum[crypto_generichash_BYTES];
	char hex[2 * crypto_generichash_BYTES + 1];

	crypto_generichash(sum, sizeof(sum), (const unsigned char *)body,
			   strlen(body), NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	return (size_t)snprintf(out, cap, "%sseal %s\n", body, hex);
}

static struct userdb_user users[USERDB_MAX];
static char hashes[USERDB_MAX][USERDB_HASH_MAX];
static size_t count;

static enum userdb_err parse(const char *text, size_t len, char *err,
			     size_t errlen)
{
	return userdb_parse(text, len, users, hashes, &count, err, errlen);
}

static bool same_file(const char *p, const char *want, size_t want_len)
{
	size_t len = 0;
	char *got = slurp(p, &len);
	bool same = got && len == want_len && memcmp(got, want, len) == 0;

	free(got);
	return same;
}

static void test_names(void)
{
	static const char *const good[] = {
		"alice", "a", "user", "bob_2", "x-y", "rooty", "a0-_",
		"abcdefghijklmnopqrstuvwxyz012345",
	};
	static const char *const bad[] = {
		"", "Alice", "1abc", "_a", "-a", "a b", "a.b", "a/b", "a\n",
		"\xc3\xa4", "abcdefghijklmnopqrstuvwxyz0123456", "system",
		"root", "admin", "nobody", "supervisor", "broadcast", "reply",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(userdb_name_valid(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(!userdb_name_valid(bad[i]));
		CHECK_INT(userdb_add(bad[i], NULL, false, NULL),
			  USERDB_BAD_NAME);
	}
	CHECK(!userdb_name_valid(NULL));
	for (i = USERDB_OK; i <= USERDB_SET_UP; i++)
		CHECK(*userdb_strerror((enum userdb_err)i));
}

static void test_add_find_remove(void)
{
	char err[256], pw[USERDB_PASSWORD_MAX + 2];
	struct userdb_user u;
	struct stat st;

	/* The directory is made, 0700. */
	CHECK_INT(userdb_open(path("db", NULL), err, sizeof(err)), USERDB_OK);
	CHECK(stat(path("db", NULL), &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK_INT(userdb_count(), 0);
	CHECK(!userdb_damaged());
	CHECK(access(path("db", "users"), F_OK) != 0);

	/* The first user is an admin whatever was asked. */
	memset(&u, 0, sizeof(u));
	CHECK_INT(userdb_add("alice", PW, false, &u), USERDB_OK);
	CHECK_STR(u.name, "alice");
	CHECK_INT(u.uid, USERDB_FIRST_UID);
	CHECK(u.admin);
	CHECK(stat(path("db", "users"), &st) == 0 &&
	      (st.st_mode & 0777) == 0600);
	CHECK_INT(userdb_add("bob", NULL, false, &u), USERDB_OK);
	CHECK_INT(u.uid, 1001);
	CHECK(!u.admin);
	CHECK_INT(userdb_add("carol", NULL, true, &u), USERDB_OK);
	CHECK_INT(u.uid, 1002);
	CHECK(u.admin);
	CHECK_INT(userdb_add("alice", NULL, false, NULL), USERDB_EXISTS);

	/* Passwords: 1-256 bytes, no newline; refused before hashing. */
	CHECK_INT(userdb_add("dave", "", false, NULL), USERDB_BAD_PASSWORD);
	CHECK_INT(userdb_add("dave", "a\nb", false, NULL),
		  USERDB_BAD_PASSWORD);
	memset(pw, 'x', sizeof(pw) - 1);
	pw[USERDB_PASSWORD_MAX + 1] = '\0';
	CHECK_INT(userdb_add("dave", pw, false, NULL), USERDB_BAD_PASSWORD);
	CHECK(!userdb_find("dave", NULL));

	CHECK(userdb_find("bob", &u) && u.uid == 1001 && !u.admin);
	CHECK(userdb_find_uid(1002, &u) && strcmp(u.name, "carol") == 0);
	CHECK(!userdb_find("mallory", &u));
	CHECK(!userdb_find_uid(999, &u));
	CHECK(!userdb_find(NULL, &u));
	CHECK_INT(userdb_count(), 3);
	CHECK(userdb_at(0, &u) && u.uid == 1000);
	CHECK(userdb_at(2, &u) && u.uid == 1002);
	CHECK(!userdb_at(3, &u));

	/* uids: one after the highest, so a freed one below it is not
	 * reused; the highest, once freed, is. */
	CHECK_INT(userdb_remove("bob"), USERDB_OK);
	CHECK(!userdb_find("bob", NULL));
	CHECK(!userdb_find_uid(1001, NULL));
	CHECK_INT(userdb_add("dave", NULL, false, &u), USERDB_OK);
	CHECK_INT(u.uid, 1003);
	CHECK_INT(userdb_remove("dave"), USERDB_OK);
	CHECK_INT(userdb_add("erin", NULL, false, &u), USERDB_OK);
	CHECK_INT(u.uid, 1003);
	CHECK(userdb_at(1, &u) && strcmp(u.name, "carol") == 0);

	CHECK_INT(userdb_remove("bob"), USERDB_NO_USER);
	CHECK_INT(userdb_set_admin("bob", true), USERDB_NO_USER);
	CHECK_INT(userdb_set_password("bob", NULL), USERDB_NO_USER);
	CHECK(access(path("db", "users.tmp"), F_OK) != 0);
}

static void test_verify(void)
{
	char pw[USERDB_PASSWORD_MAX + 2];
	struct userdb_user u;
	double t0, wrong, unknown, locked;

	memset(&u, 0, sizeof(u));
	CHECK_INT(userdb_verify("alice", PW, &u), USERDB_OK);
	CHECK_STR(u.name, "alice");
	CHECK_INT(u.uid, 1000);
	CHECK(u.admin);

	/* Wrong, unknown and locked: the same answer in about the same
	 * time (the last two against the decoy). */
	t0 = now();
	CHECK_INT(userdb_verify("alice", "wrong", &u), USERDB_DENIED);
	wrong = now() - t0;
	t0 = now();
	CHECK_INT(userdb_verify("mallory", PW, &u), USERDB_DENIED);
	unknown = now() - t0;
	t0 = now();
	CHECK_INT(userdb_verify("carol", PW, &u), USERDB_DENIED);
	locked = now() - t0;
	CHECK(unknown > wrong / 3 && unknown < wrong * 3);
	CHECK(locked > wrong / 3 && locked < wrong * 3);
	if (!(unknown > wrong / 3 && unknown < wrong * 3 &&
	      locked > wrong / 3 && locked < wrong * 3))
		fprintf(stderr, "    wrong %.3f s, unknown %.3f s, locked "
			"%.3f s\n", wrong, unknown, locked);

	/* Passwords no one can have are refused for every name. */
	CHECK_INT(userdb_verify("alice", "", &u), USERDB_DENIED);
	CHECK_INT(userdb_verify("alice", PW "\n", &u), USERDB_DENIED);
	CHECK_INT(userdb_verify("alice", NULL, &u), USERDB_DENIED);
	CHECK_INT(userdb_verify(NULL, PW, &u), USERDB_DENIED);

	/* Spaces and UTF-8 are a password's own business. */
	CHECK_INT(userdb_set_password("alice", "p\xc3\xa4ss w\xc3\xb6rd "
				      "\xe2\x9c\x93 \xf0\x9f\x99\x82"),
		  USERDB_OK);
	CHECK_INT(userdb_verify("alice", PW, &u), USERDB_DENIED);
	CHECK_INT(userdb_verify("alice", "p\xc3\xa4ss w\xc3\xb6rd "
				"\xe2\x9c\x93 \xf0\x9f\x99\x82", &u),
		  USERDB_OK);
	CHECK_INT(userdb_set_password("alice", "a\nb"), USERDB_BAD_PASSWORD);
	CHECK_INT(userdb_set_password("alice", ""), USERDB_BAD_PASSWORD);

	/* The longest password; one byte more is refused. */
	memset(pw, 'y', sizeof(pw) - 1);
	pw[USERDB_PASSWORD_MAX] = '\0';
	CHECK_INT(userdb_set_password("carol", pw), USERDB_OK);
	CHECK_INT(userdb_verify("carol", pw, &u), USERDB_OK);
	CHECK_STR(u.name, "carol");
	pw[USERDB_PASSWORD_MAX] = 'y';
	pw[USERDB_PASSWORD_MAX + 1] = '\0';
	CHECK_INT(userdb_set_password("carol", pw), USERDB_BAD_PASSWORD);
	/* Locked again: no password opens it. */
	CHECK_INT(userdb_set_password("carol", NULL), USERDB_OK);
	pw[USERDB_PASSWORD_MAX] = '\0';
	CHECK_INT(userdb_verify("carol", pw, &u), USERDB_DENIED);
}

static void test_persistence(void)
{
	struct userdb_user u;
	char err[256], *text;
	size_t len = 0;

	userdb_close();
	CHECK_INT(userdb_count(), 0);
	CHECK(!userdb_find("alice", NULL));
	CHECK_INT(userdb_open(path("db", NULL), err, sizeof(err)), USERDB_OK);
	CHECK_INT(userdb_count(), 3);
	CHECK(userdb_at(0, &u) && strcmp(u.name, "alice") == 0 &&
	      u.uid == 1000 && u.admin);
	CHECK(userdb_at(1, &u) && strcmp(u.name, "carol") == 0 &&
	      u.uid == 1002 && u.admin);
	CHECK(userdb_at(2, &u) && strcmp(u.name, "erin") == 0 &&
	      u.uid == 1003 && !u.admin);
	CHECK_INT(userdb_verify("alice", "p\xc3\xa4ss w\xc3\xb6rd "
				"\xe2\x9c\x93 \xf0\x9f\x99\x82", &u),
		  USERDB_OK);

	text = slurp(path("db", "users"), &len);
	CHECK(text && strncmp(text, "vyoma-users 1\nuser alice 1000 admin "
			      "$argon2id$", 46) == 0);
	CHECK(text && strstr(text, "\nuser carol 1002 admin !\n"));
	CHECK(text && strstr(text, "\nuser erin 1003 user !\nseal "));
	CHECK_INT(parse(text, len, err, sizeof(err)), USERDB_OK);
	CHECK_INT(count, 3);
	free(text);
}

static void test_last_admin(void)
{
	struct userdb_user u;
	char err[256];

	CHECK_INT(userdb_set_admin("carol", false), USERDB_OK);
	CHECK_INT(userdb_remove("alice"), USERDB_LAST_ADMIN);
	CHECK_INT(userdb_set_admin("alice", false), USERDB_LAST_ADMIN);
	CHECK_INT(userdb_set_admin("alice", true), USERDB_OK);
	CHECK(userdb_find("alice", &u) && u.admin);
	CHECK_INT(userdb_set_admin("erin", true), USERDB_OK);
	CHECK_INT(userdb_set_admin("alice", false), USERDB_OK);
	CHECK_INT(userdb_remove("erin"), USERDB_LAST_ADMIN);
	CHECK_INT(userdb_remove("alice"), USERDB_OK);
	CHECK_INT(userdb_set_admin("erin", false), USERDB_LAST_ADMIN);

	userdb_close();
	CHECK_INT(userdb_open(path("db", NULL), err, sizeof(err)), USERDB_OK);
	CHECK_INT(userdb_count(), 2);
	CHECK(userdb_find("erin", &u) && u.admin && u.uid == 1003);
	CHECK(userdb_find("carol", &u) && !u.admin);
	CHECK(!userdb_find("alice", &u));
	userdb_close();
}

static void test_full(void)
{
	struct userdb_user u;
	char err[256], name[16];
	int i;

	CHECK_INT(userdb_open(path("full", NULL), err, sizeof(err)),
		  USERDB_OK);
	for (i = 0; i < USERDB_MAX; i++) {
		snprintf(name, sizeof(name), "u%d", i);
		CHECK_INT(userdb_add(name, NULL, false, &u), USERDB_OK);
		CHECK_INT(u.uid, USERDB_FIRST_UID + i);
		CHECK(u.admin == (i == 0));
	}
	CHECK_INT(userdb_add("one-more", NULL, false, NULL), USERDB_FULL);
	CHECK_INT(userdb_count(), USERDB_MAX);
	userdb_close();
	CHECK_INT(userdb_open(path("full", NULL), err, sizeof(err)),
		  USERDB_OK);
	CHECK_INT(userdb_count(), USERDB_MAX);
	userdb_close();
}

/* Two seats setting up at once (the console and the greeter): one first
 * user, the other told the machine is set up. */
static atomic_int first_ok, first_refused;

static void *set_up(void *name)
{
	enum userdb_err e = userdb_add_first(name, "pw-first", NULL);

	if (e == USERDB_OK)
		atomic_fetch_add(&first_ok, 1);
	else if (e == USERDB_SET_UP)
		atomic_fetch_add(&first_refused, 1);
	return NULL;
}

static void test_first_user(void)
{
	static char names[4][8] = { "ann", "ben", "cat", "dan" };
	struct userdb_user u;
	pthread_t t[4];
	char err[256];
	int i;

	CHECK_INT(userdb_open(path("first", NULL), err, sizeof(err)),
		  USERDB_OK);
	for (i = 0; i < 4; i++)
		CHECK_INT(pthread_create(&t[i], NULL, set_up, names[i]), 0);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK_INT(atomic_load(&first_ok), 1);
	CHECK_INT(atomic_load(&first_refused), 3);
	CHECK_INT(userdb_count(), 1);
	CHECK(userdb_at(0, &u) && u.admin);
	CHECK_INT(userdb_add_first("eve", "pw", NULL), USERDB_SET_UP);
	CHECK_INT(userdb_add_first(u.name, "pw", NULL), USERDB_EXISTS);
	CHECK_INT(userdb_add_first("Bad!", "pw", NULL), USERDB_BAD_NAME);
	CHECK_INT(userdb_count(), 1);
	userdb_close();
	CHECK_INT(userdb_open(path("first", NULL), err, sizeof(err)),
		  USERDB_OK);
	CHECK_INT(userdb_count(), 1);
	userdb_close();
}

/* A file whose hash is weaker than the current limits: a good login
 * replaces it, a bad one does not. */
static void test_rehash(void)
{
	char weak[crypto_pwhash_STRBYTES], body[512], text[1024], err[256];
	char *now_text;
	struct userdb_user u;
	size_t len, now_len = 0;

	CHECK_INT(crypto_pwhash_str(weak, "hunter2", 7,
				    crypto_pwhash_OPSLIMIT_MIN,
				    crypto_pwhash_MEMLIMIT_MIN), 0);
	CHECK(strncmp(weak, "$argon2id$", 10) == 0);
	snprintf(body, sizeof(body), "vyoma-users 1\nuser old 1000 admin "
		 "%s\n", weak);
	len = seal(text, sizeof(text), body);
	mkdir(path("rehash", NULL), 0700);
	put(path("rehash", "users"), text, len);

	CHECK_INT(userdb_open(path("rehash", NULL), err, sizeof(err)),
		  USERDB_OK);
	CHECK_INT(userdb_verify("old", "hunter3", &u), USERDB_DENIED);
	CHECK(same_file(path("rehash", "users"), text, len));
	CHECK_INT(userdb_verify("old", "hunter2", &u), USERDB_OK);
	CHECK_INT(u.uid, 1000);

	now_text = slurp(path("rehash", "users"), &now_len);
	CHECK(now_text != NULL);
	if (!now_text)
		return;
	CHECK_INT(parse(now_text, now_len, err, sizeof(err)), USERDB_OK);
	CHECK_INT(count, 1);
	CHECK(strcmp(hashes[0], weak) != 0);
	CHECK_INT(crypto_pwhash_str_needs_rehash(hashes[0], USERDB_OPSLIMIT,
						 USERDB_MEMLIMIT), 0);
	CHECK(strstr(hashes[0], "$m=65536,t=2,") != NULL);
	/* The new hash opens it too, and is kept as it is. */
	CHECK_INT(userdb_verify("old", "hunter2", &u), USERDB_OK);
	CHECK(same_file(path("rehash", "users"), now_text, now_len));
	free(now_text);
}

struct slow_check {
	atomic_int started, done;
	enum userdb_err result;
	double seconds;
};

static void *verify_thread(void *arg)
{
	struct slow_check *c = arg;
	double t0 = now();

	atomic_store(&c->started, 1);
	c->result = userdb_verify("old", "hunter2", NULL);
	c->seconds = now() - t0;
	atomic_store(&c->done, 1);
	return NULL;
}

/* A password check does not hold the lock: lookups during it are
 * quick (measured against the check itself, not a clock figure). */
static void test_verify_unlocked(void)
{
	struct slow_check c = { 0 };
	double worst = 0, t0, t;
	pthread_t thread;
	long calls = 0;

	CHECK_INT(pthread_create(&thread, NULL, verify_thread, &c), 0);
	while (!atomic_load(&c.started))
		;
	while (!atomic_load(&c.done)) {
		t0 = now();
		userdb_find("old", NULL);
		t = now() - t0;
		if (t > worst)
			worst = t;
		calls++;
	}
	pthread_join(thread, NULL);
	CHECK_INT(c.result, USERDB_OK);
	CHECK(calls > 0);
	CHECK(worst < c.seconds / 4);
	if (!(worst < c.seconds / 4))
		fprintf(stderr, "    a lookup took %.3f s of a %.3f s check\n",
			worst, c.seconds);
}

/* Failed saves: the file and the memory stay as they were. */
static void test_failed_save(void)
{
	struct userdb_user u;
	char *before;
	size_t len = 0;

	CHECK_INT(userdb_add("second", NULL, false, &u), USERDB_OK);
	before = slurp(path("rehash", "users"), &len);
	CHECK(before != NULL);

	/* Something in the way of the temporary file. */
	CHECK_INT(mkdir(path("rehash", "users.tmp"), 0700), 0);
	errno = 0;
	CHECK_INT(userdb_add("third", NULL, false, NULL), USERDB_IO);
	CHECK_INT(errno, EISDIR);
	CHECK_INT(userdb_set_admin("second", true), USERDB_IO);
	CHECK_INT(userdb_set_password("second", NULL), USERDB_IO);
	CHECK_INT(userdb_remove("second"), USERDB_IO);
	CHECK_INT(userdb_count(), 2);
	CHECK(!userdb_find("third", NULL));
	CHECK(userdb_find("second", &u) && !u.admin);
	CHECK(before && same_file(path("rehash", "users"), before, len));
	CHECK_INT(rmdir(path("rehash", "users.tmp")), 0);

	/* A read-only directory (root writes into one regardless). */
	if (geteuid() != 0) {
		CHECK_INT(chmod(path("rehash", NULL), 0500), 0);
		CHECK_INT(userdb_add("third", NULL, false, NULL), USERDB_IO);
		CHECK_INT(userdb_count(), 2);
		CHECK(before && same_file(path("rehash", "users"), before,
					  len));
		CHECK_INT(chmod(path("rehash", NULL), 0700), 0);
	}

	/* The next save holds only what succeeded. */
	CHECK_INT(userdb_add("third", NULL, false, &u), USERDB_OK);
	CHECK_INT(u.uid, 1002);
	CHECK(userdb_find("second", &u) && !u.admin);
	CHECK(access(path("rehash", "users.tmp"), F_OK) != 0);
	free(before);
	userdb_close();
}

struct bad_case {
	const char *body;	/* sealed unless raw */
	bool raw;
	const char *want;	/* the start of err; NULL: it parses */
};

static void test_parse_rules(void)
{
#define HDR "vyoma-users 1\n"
#define USER "user alice 1000 admin " H "\n"
	static const struct bad_case cases[] = {
		{ HDR, false, NULL },
		{ HDR USER, false, NULL },
		{ HDR "user bob 4294967294 user !\n" USER, false, NULL },
		{ "", true, "line 1: the file is empty" },
		{ "vyoma-users 2\n", false, "line 1: not a" },
		{ "vyoma-users 1 \n", false, "line 1: not a" },
		{ "\n", false, "line 1: not a" },
		{ HDR USER "user bob 1000 user !\n", false,
		  "line 3: uid 1000 again" },
		{ HDR USER "user alice 1001 user !\n", false,
		  "line 3: user alice again" },
		{ HDR "user alice 1000 admin\n", false,
		  "line 2: fewer than 5" },
		{ HDR "user alice 1000 admin ! x\n", false,
		  "line 2: more than 5" },
		{ HDR "user  alice 1000 admin !\n", false,
		  "line 2: an empty field" },
		{ HDR "user alice 1000 admin !\x20\n", false,
		  "line 2: an empty field" },
		{ HDR "user \n", false, "line 2: an empty field" },
		{ HDR "user alice 01000 admin !\n", false, "line 2: bad uid" },
		{ HDR "user alice 999 admin !\n", false, "line 2: bad uid" },
		{ HDR "user alice 0 admin !\n", false, "line 2: bad uid" },
		{ HDR "user alice 4294967295 admin !\n", false,
		  "line 2: bad uid" },
		{ HDR "user alice 4294967296 admin !\n", false,
		  "line 2: bad uid" },
		{ HDR "user alice 99999999999 admin !\n", false,
		  "line 2: bad uid" },
		{ HDR "user alice +1000 admin !\n", false, "line 2: bad uid" },
		{ HDR "user alice 1e3 admin !\n", false, "line 2: bad uid" },
		{ HDR "user alice 1000 root !\n", false, "line 2: role" },
		{ HDR "user alice 1000 Admin !\n", false, "line 2: role" },
		{ HDR "user alice 1000 admin x\n", false,
		  "line 2: the hash is not Argon2id" },
		{ HDR "user alice 1000 admin !!\n", false,
		  "line 2: the hash is not Argon2id" },
		{ HDR "user alice 1000 admin $argon2i$v=19$m=8,t=1,p=1$a$b\n",
		  false, "line 2: the hash is not Argon2id" },
		{ HDR "user Alice 1000 admin !\n", false, "line 2: bad name" },
		{ HDR "user root 1000 admin !\n", false, "line 2: bad name" },
		{ HDR "user abcdefghijklmnopqrstuvwxyz0123456 1000 admin !\n",
		  false, "line 2: the name is too long" },
		{ HDR "user alice\t1000 admin !\n", false,
		  "line 2: byte 0x09 is not printable" },
		{ "vyoma-users 1\r\n", false,
		  "line 1: byte 0x0d is not printable" },
		{ HDR "user al\x80ice 1000 admin !\n", false,
		  "line 2: byte 0x80 is not printable" },
		{ HDR "user alice 1000 admin !\x7f\n", false,
		  "line 2: byte 0x7f is not printable" },
		{ HDR "group wheel\n", false, "line 2: neither" },
		{ HDR "\n", false, "line 2: neither" },
		{ HDR "seal\n", false, "line 2: neither" },
		{ HDR USER, true, "line 3: no seal" },
		{ HDR, true, "line 2: no seal" },
		{ HDR USER "seal 00\n", true, "line 3: the seal is not 64" },
		{ HDR USER "seal 000000000000000000000000000000000000000000"
		  "0000000000000000000000\n", true, "line 3: the seal does "
		  "not match" },
		{ HDR USER "use", true, "line 3: no newline" },
		{ "vyoma-us", true, "line 1: no newline" },
	};
	char text[1024], err[256];
	size_t i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bad_case *c = &cases[i];
		enum userdb_err e;

		if (c->raw)
			len = (size_t)snprintf(text, sizeof(text), "%s",
					       c->body);
		else
			len = seal(text, sizeof(text), c->body);
		err[0] = '\0';
		e = parse(text, len, err, sizeof(err));
		CHECK_INT(e, c->want ? USERDB_DAMAGED : USERDB_OK);
		if (c->want && strncmp(err, c->want, strlen(c->want)) != 0) {
			CHECK_STR(err, c->want);
			fprintf(stderr, "    case %zu\n", i);
		}
		if (!c->want)
			CHECK_STR(err, "");
	}

	/* Parsed in uid order whatever the file's order. */
	len = seal(text, sizeof(text), HDR "user zed 1005 user !\n" USER);
	CHECK_INT(parse(text, len, err, sizeof(err)), USERDB_OK);
	CHECK_INT(count, 2);
	CHECK(users[0].uid == 1000 && strcmp(users[0].name, "alice") == 0 &&
	      users[0].admin && strcmp(hashes[0], H) == 0);
	CHECK(users[1].uid == 1005 && !users[1].admin &&
	      strcmp(hashes[1], "!") == 0);

	/* The longest hash fits; one byte more does not. */
	{
		char body[512], hash[USERDB_HASH_MAX + 1];

		memset(hash, 'A', sizeof(hash));
		memcpy(hash, "$argon2id$", 10);
		hash[USERDB_HASH_MAX - 1] = '\0';
		snprintf(body, sizeof(body), HDR "user a 1000 user %s\n", hash);
		len = seal(text, sizeof(text), body);
		CHECK_INT(parse(text, len, err, sizeof(err)), USERDB_OK);
		CHECK_STR(hashes[0], hash);
		hash[USERDB_HASH_MAX - 1] = 'A';
		hash[USERDB_HASH_MAX] = '\0';
		snprintf(body, sizeof(body), HDR "user a 1000 user %s\n", hash);
		len = seal(text, sizeof(text), body);
		CHECK_INT(parse(text, len, err, sizeof(err)), USERDB_DAMAGED);
		CHECK_STR(err, "line 2: the hash is too long");
	}

	/* USERDB_MAX users, and one more. */
	{
		static char body[USERDB_MAX * 40 + 100], big[sizeof(body) + 80];
		size_t n = (size_t)snprintf(body, sizeof(body), HDR);

		for (i = 0; i <= USERDB_MAX; i++) {
			if (i == USERDB_MAX) {
				len = seal(big, sizeof(big), body);
				CHECK_INT(parse(big, len, err, sizeof(err)),
					  USERDB_OK);
				CHECK_INT(count, USERDB_MAX);
			}
			n += (size_t)snprintf(body + n, sizeof(body) - n,
					      "user u%zu %zu user !\n", i,
					      1000 + i);
		}
		len = seal(big, sizeof(big), body);
		CHECK_INT(parse(big, len, err, sizeof(err)), USERDB_DAMAGED);
		CHECK_STR(err, "line 66: more than 64 users");
	}

	/* Anything after the seal, even an empty line; a seal first. */
	len = seal(text, sizeof(text), HDR USER);
	text[len] = 'x';
	CHECK_INT(parse(text, len + 1, err, sizeof(err)), USERDB_DAMAGED);
	CHECK_STR(err, "line 4: text after the seal");
	text[len] = '\n';
	CHECK_INT(parse(text, len + 1, err, sizeof(err)), USERDB_DAMAGED);
	CHECK_STR(err, "line 4: text after the seal");
	len = seal(text, sizeof(text), HDR);
	len += (size_t)snprintf(text + len, sizeof(text) - len, USER);
	CHECK_INT(parse(text, len, err, sizeof(err)), USERDB_DAMAGED);
	CHECK_STR(err, "line 3: text after the seal");

	/* The seal is lower-case hex only. */
	len = seal(text, sizeof(text), HDR USER);
	for (i = len - 65; i < len - 1; i++)
		if (text[i] >= 'a' && text[i] <= 'f')
			break;
	if (i < len - 1) {
		text[i] -= 'a' - 'A';
		CHECK_INT(parse(text, len, err, sizeof(err)), USERDB_DAMAGED);
		CHECK_STR(err, "line 3: the seal does not match the text "
			  "above it");
	}

	/* A NUL inside. */
	len = seal(text, sizeof(text), HDR USER);
	text[20] = '\0';
	CHECK_INT(parse(text, len, err, sizeof(err)), USERDB_DAMAGED);
	CHECK_STR(err, "line 2: byte 0x00 is not printable ASCII");
	/* No room for the message: still refused. */
	CHECK_INT(parse(text, len, NULL, 0), USERDB_DAMAGED);
#undef HDR
#undef USER
}

/* Every flipped byte and every truncation of a real file is caught. */
static void test_corrupt_bytes(const char *good, size_t len)
{
	static const unsigned char flips[] = { 0x01, 0x20, 0x80 };
	char *text = malloc(len + 1), err[256];
	size_t i, f, missed = 0;

	if (!text)
		return;
	for (i = 0; i < len; i++) {
		for (f = 0; f < sizeof(flips); f++) {
			memcpy(text, good, len);
			text[i] ^= (char)flips[f];
			err[0] = '\0';
			if (parse(text, len, err, sizeof(err)) !=
			    USERDB_DAMAGED || strncmp(err, "line ", 5) != 0)
				missed++;
		}
	}
	CHECK_INT(missed, 0);
	for (i = 0; i < len; i++) {
		err[0] = '\0';
		if (parse(good, i, err, sizeof(err)) != USERDB_DAMAGED ||
		    strncmp(err, "line ", 5) != 0)
			missed++;
	}
	CHECK_INT(missed, 0);
	CHECK_INT(parse(good, len, err, sizeof(err)), USERDB_OK);
	free(text);
}

/* A damaged file: reported with its line, every change and login
 * refused, and its bytes left as they were. */
static void check_damaged(const char *dir, const char *text, size_t len,
			  const char *want)
{
	char err[256] = "";

	mkdir(path(dir, NULL), 0700);
	put(path(dir, "users"), text, len);
	CHECK_INT(userdb_open(path(dir, NULL), err, sizeof(err)),
		  USERDB_DAMAGED);
	if (!strstr(err, want)) {
		CHECK_STR(err, want);
	} else {
		CHECK(strstr(err, "/users: ") != NULL);
	}
	CHECK(userdb_damaged());
	CHECK_INT(userdb_count(), 0);
	CHECK_INT(userdb_add("zed", NULL, true, NULL), USERDB_DAMAGED);
	CHECK_INT(userdb_add("zed", PW, true, NULL), USERDB_DAMAGED);
	CHECK_INT(userdb_remove("alice"), USERDB_DAMAGED);
	CHECK_INT(userdb_set_password("alice", NULL), USERDB_DAMAGED);
	CHECK_INT(userdb_set_admin("alice", false), USERDB_DAMAGED);
	CHECK_INT(userdb_verify("alice", PW, NULL), USERDB_DAMAGED);
	CHECK(same_file(path(dir, "users"), text, len));
	CHECK(access(path(dir, "users.tmp"), F_OK) != 0);
	userdb_close();
	CHECK(!userdb_damaged());
}

static void test_damaged_files(void)
{
	char *good, *text, err[256];
	size_t len = 0, at;

	/* The file the earlier tests left: real hashes, real seal. */
	good = slurp(path("db", "users"), &len);
	CHECK(good != NULL);
	if (!good)
		return;
	test_corrupt_bytes(good, len);

	text = malloc(len + 2);
	if (!text) {
		free(good);
		return;
	}
	/* One bit of carol's uid on line 2 (1002 to 1012): only the seal
	 * on line 4 tells. */
	memcpy(text, good, len);
	at = (size_t)(strstr(text, " 1002 ") - text) + 3;
	text[at] ^= 1;
	check_damaged("flip", text, len, "line 4: the seal does not match");
	check_damaged("cut", good, len / 2, "line ");
	check_damaged("empty", good, 0, "line 1: the file is empty");
	memcpy(text, good, len);
	text[len] = '#';
	check_damaged("junk", text, len + 1, "line 5: text after the seal");

	/* Not a regular file, or a symlink: left alone the same way. */
	mkdir(path("notfile", NULL), 0700);
	mkdir(path("notfile", "users"), 0700);
	CHECK_INT(userdb_open(path("notfile", NULL), err, sizeof(err)),
		  USERDB_DAMAGED);
	CHECK_INT(userdb_add("zed", NULL, true, NULL), USERDB_DAMAGED);
	userdb_close();
	mkdir(path("link", NULL), 0700);
	CHECK_INT(symlink(path("db", "users"), path("link", "users")), 0);
	CHECK_INT(userdb_open(path("link", NULL), err, sizeof(err)),
		  USERDB_DAMAGED);
	CHECK_INT(userdb_add("zed", NULL, true, NULL), USERDB_DAMAGED);
	userdb_close();

	/* The good file still opens. */
	CHECK_INT(userdb_open(path("db", NULL), err, sizeof(err)), USERDB_OK);
	CHECK_INT(userdb_count(), 2);
	userdb_close();
	free(text);
	free(good);
}

static void test_dir(void)
{
	char err[256] = "";

	/* A symlink for the directory is refused. */
	CHECK_INT(symlink(path("db", NULL), path("dirlink", NULL)), 0);
	CHECK_INT(userdb_open(path("dirlink", NULL), err, sizeof(err)),
		  USERDB_IO);
	CHECK(strstr(err, "symlink") != NULL);
	CHECK_INT(userdb_add("zed", NULL, true, NULL), USERDB_IO);
	/* Closed: nothing to find, nothing written. */
	CHECK_INT(userdb_count(), 0);
	CHECK_INT(userdb_verify("zed", PW, NULL), USERDB_DENIED);
}

int main(void)
{
	char cmd[600];

	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	test_names();
	test_parse_rules();
	test_add_find_remove();
	test_verify();
	test_persistence();
	test_last_admin();
	test_full();
	test_first_user();
	test_rehash();
	test_verify_unlocked();
	test_failed_save();
	test_damaged_files();
	test_dir();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	CHECK_INT(system(cmd), 0);
	return check_summary("userdb");
}
