/*
 * userdb.h - the user database: who the users are, which of them are
 * admins, and their password hashes. It lives only in the supervisor:
 * hashes never leave it, and its directory is one no app grant can
 * reach (grants_forbid). Passwords are hashed by libsodium's
 * crypto_pwhash_str (Argon2id, USERDB_OPSLIMIT / USERDB_MEMLIMIT) and
 * rehashed at a login when crypto_pwhash_str_needs_rehash says the
 * stored hash is weaker than that.
 *
 * The file (USERDB_FILE in the directory given to userdb_open) is text:
 *
 *	vyoma-users 1
 *	user <name> <uid> <admin|user> <hash|!>
 *	...
 *	seal <BLAKE2b-256 of every byte before this line, 64 hex digits>
 *
 * "!" is a locked password: no password opens it (a hosted developer's
 * user, created by --user, until `passwd` gives it one). It is written
 * whole to a temporary file, synced, and renamed over the old one (and
 * the directory synced), so a power cut leaves the old file or the new,
 * never half of one. A file that does not parse or whose seal does not
 * match is reported and left alone: the database is then damaged, every
 * change and login is refused, and nothing replaces it on its own.
 *
 * Thread safety: every function takes the database's lock; a password
 * check (slow by design) runs without holding it, so one login does not
 * stall ps.
 */
#ifndef VYOMA_USERDB_H
#define VYOMA_USERDB_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define USERDB_FILE "users"
#define USERDB_MAX 64			/* users on one machine */
#define USERDB_NAME_MAX 32		/* bytes of a name */
#define USERDB_PASSWORD_MAX 256		/* bytes of a password */
#define USERDB_FIRST_UID 1000
#define USERDB_SYSTEM_UID 0		/* the supervisor's own apps */
#define USERDB_ADMIN_GID 10		/* the admin group's id */
#define USERDB_HASH_MAX 128		/* a stored hash with its NUL */

/*
 * Argon2id costs: libsodium's INTERACTIVE limits (2 passes, 64 MiB).
 * Only the fuzz build sets its own (the Makefile's FUZZ_CFLAGS): the
 * cheapest, so each input that hashes takes microseconds, not 0.1 s.
 */
#ifndef USERDB_OPSLIMIT
#define USERDB_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#endif
#ifndef USERDB_MEMLIMIT
#define USERDB_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE
#endif

enum userdb_err {
	USERDB_OK = 0,
	USERDB_EXISTS,		/* useradd: the name is taken */
	USERDB_NO_USER,		/* no such user */
	USERDB_BAD_NAME,	/* see userdb_name_valid */
	USERDB_BAD_PASSWORD,	/* empty, too long, or has a NUL/newline */
	USERDB_DENIED,		/* wrong password (or a locked one) */
	USERDB_FULL,		/* USERDB_MAX users */
	USERDB_LAST_ADMIN,	/* userdel or demotion of the only admin */
	USERDB_DAMAGED,		/* the file is corrupt: nothing is changed */
	USERDB_IO,		/* the file could not be written (errno kept) */
	USERDB_NOMEM,		/* hashing could not get its memory */
	USERDB_SET_UP,		/* userdb_add_first: a user exists already */
};

struct userdb_user {
	char name[USERDB_NAME_MAX + 1];
	uint32_t uid;
	bool admin;
};

/* A short message for an error, for replies and the log. */
const char *userdb_strerror(enum userdb_err err);

/*
 * A name is 1 to USERDB_NAME_MAX bytes of [a-z0-9_-], starting with a
 * letter, and not one the system keeps: system, root, admin, nobody,
 * supervisor, broadcast, reply ("user" is allowed: hosted mode's
 * default user is called that).
 */
bool userdb_name_valid(const char *name);

/*
 * Opens the database in dir (made 0700 if missing): reads USERDB_FILE
 * if there is one. Returns USERDB_OK (no file: no users yet),
 * USERDB_DAMAGED with the reason (file, line) in err, or USERDB_IO.
 * Calls sodium_init().
 */
enum userdb_err userdb_open(const char *dir, char *err, size_t errlen);

/* Forgets the database in memory (tests; shutdown). */
void userdb_close(void);

bool userdb_damaged(void);
size_t userdb_count(void);

/* The i-th user in uid order; false past the end. */
bool userdb_at(size_t i, struct userdb_user *out);
bool userdb_find(const char *name, struct userdb_user *out);
bool userdb_find_uid(uint32_t uid, struct userdb_user *out);

/*
 * Adds a user with the next free uid (from USERDB_FIRST_UID) and saves.
 * password NULL: locked ("!"). The first user is always an admin.
 */
enum userdb_err userdb_add(const char *name, const char *password,
			   bool admin, struct userdb_user *out);
/* The first user, an admin; USERDB_SET_UP if anyone was there first. */
enum userdb_err userdb_add_first(const char *name, const char *password,
				 struct userdb_user *out);
enum userdb_err userdb_remove(const char *name);
/* password NULL locks the user ("!"), as at userdb_add. */
enum userdb_err userdb_set_password(const char *name, const char *password);
enum userdb_err userdb_set_admin(const char *name, bool admin);

/*
 * Checks name's password: USERDB_OK and *out, or USERDB_DENIED for a
 * wrong password, a locked one, or an unknown name alike. An unknown
 * name is checked against a decoy hash of the same cost, so the two
 * take the same time. On success a hash weaker than the current limits
 * is replaced (and saved).
 */
enum userdb_err userdb_verify(const char *name, const char *password,
			      struct userdb_user *out);

/*
 * Parses a database file's bytes (the seal included) into users (in uid
 * order) and their hashes, USERDB_MAX of each room; USERDB_OK or
 * USERDB_DAMAGED (count 0) with "line N: why" in err. For userdb_open,
 * the unit test and the fuzz target; touches no global state.
 */
enum userdb_err userdb_parse(const char *text, size_t len,
			     struct userdb_user *users,
			     char (*hashes)[USERDB_HASH_MAX],
			     size_t *count, char *err, size_t errlen);

#endif
