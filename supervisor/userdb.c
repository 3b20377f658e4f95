/*
 * userdb.c - the user database (userdb.h): the table of users in memory,
 * the sealed text file it is kept in, and the password checks.
 *
 * Every change is made to a copy of the table (next), written out whole,
 * and only then made the table (db): a change the disk refused is not in
 * memory either. One lock guards both tables, the directory and the
 * damaged flag; hashing and checking a password (a tenth of a second or
 * more, by design) run with it released, on copies of what they need.
 * The file is read and written relative to the directory's descriptor,
 * never through a symlink.
 */
#include "userdb.h"
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER "vyoma-users 1\n"
#define TMP_FILE USERDB_FILE ".tmp"
#define LOCKED "!"
#define ARGON2ID "$argon2id$"
#define SEAL_BYTES crypto_generichash_BYTES	/* BLAKE2b-256 */
#define UID_MAX 4294967294u	/* (uint32_t)-1 means "no uid" to chown */

/* The longest file: the header, USERDB_MAX of the longest user line,
 * the seal. A larger file is not one of ours. */
#define LINE_MAX_BYTES (sizeof("user  4294967294 admin \n") + \
			USERDB_NAME_MAX + USERDB_HASH_MAX)
#define TEXT_MAX (sizeof(HEADER) + USERDB_MAX * LINE_MAX_BYTES + \
		  sizeof("seal \n") + 2 * SEAL_BYTES)

_Static_assert(USERDB_HASH_MAX >= crypto_pwhash_STRBYTES,
	       "a stored hash holds what crypto_pwhash_str writes");

struct table {
	size_t count;
	struct userdb_user users[USERDB_MAX];	/* in uid order */
	char hashes[USERDB_MAX][USERDB_HASH_MAX];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct table db, next;
static int dir_fd = -1;
static bool damaged;

/* The decoy an unknown or locked name is checked against, made at the
 * first check of any name, so that check costs the same for all. */
static pthread_mutex_t decoy_lock = PTHREAD_MUTEX_INITIALIZER;
static char decoy[USERDB_HASH_MAX];
static bool decoy_made;

static const char *const reserved[] = {
	"system", "root", "admin", "nobody", "supervisor", "broadcast",
	"reply",
};

const char *userdb_strerror(enum userdb_err err)
{
	switch (err) {
	case USERDB_OK:
		return "ok";
	case USERDB_EXISTS:
		return "the user exists";
	case USERDB_NO_USER:
		return "no such user";
	case USERDB_BAD_NAME:
		return "bad user name (1-32 of a-z 0-9 _ -, a letter first, "
		       "not a reserved name)";
	case USERDB_BAD_PASSWORD:
		return "bad password (1-256 bytes, no newline)";
	case USERDB_DENIED:
		return "wrong name or password";
	case USERDB_FULL:
		return "too many users";
	case USERDB_LAST_ADMIN:
		return "the only admin cannot be removed or demoted";
	case USERDB_DAMAGED:
		return "the user database is damaged";
	case USERDB_IO:
		return "the user database could not be written";
	case USERDB_NOMEM:
		return "no memory for hashing the password";
	case USERDB_SET_UP:
		return "the machine has a user already";
	}
	return "unknown error";
}

bool userdb_name_valid(const char *name)
{
	size_t i, n;

	if (!name)
		return false;
	n = strnlen(name, USERDB_NAME_MAX + 1);
	if (n == 0 || n > USERDB_NAME_MAX || name[0] < 'a' || name[0] > 'z')
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcmp(name, reserved[i]) == 0)
			return false;
	return true;
}

/* 1 to USERDB_PASSWORD_MAX bytes, no newline (the line protocol's end):
 * true with its length. */
static bool password_valid(const char *password, size_t *len)
{
	size_t n;

	if (!password)
		return false;
	n = strnlen(password, USERDB_PASSWORD_MAX + 1);
	if (n == 0 || n > USERDB_PASSWORD_MAX || memchr(password, '\n', n))
		return false;
	*len = n;
	return true;
}

/* ---- the file's text -------------------------------------------------- */

static enum userdb_err bad(char *err, size_t errlen, size_t line,
			   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static enum userdb_err bad(char *err, size_t errlen, size_t line,
			   const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err || errlen == 0)
		return USERDB_DAMAGED;
	n = snprintf(err, errlen, "line %zu: ", line);
	if (n >= 0 && (size_t)n < errlen) {
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return USERDB_DAMAGED;
}

/* The seal of text: 64 lower-case hex digits and a NUL. */
static void seal_hex(const char *text, size_t len, char *hex)
{
	unsigned char sum[SEAL_BYTES];

	crypto_generichash(sum, sizeof(sum), (const unsigned char *)text, len,
			   NULL, 0);
	sodium_bin2hex(hex, 2 * SEAL_BYTES + 1, sum, sizeof(sum));
}

/* A uid as the file spells it: decimal, no sign, no leading zero. */
static bool parse_uid(const char *s, size_t n, uint32_t *uid)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 10 || s[0] == '0')
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v < USERDB_FIRST_UID || v > UID_MAX)
		return false;
	*uid = (uint32_t)v;
	return true;
}

/* Puts a user into users (count of them, in uid order) at its place. */
static void insert(struct userdb_user *users, char (*hashes)[USERDB_HASH_MAX],
		   size_t *count, const struct userdb_user *u, const char *hash)
{
	size_t i = *count;

	while (i > 0 && users[i - 1].uid > u->uid) {
		users[i] = users[i - 1];
		memcpy(hashes[i], hashes[i - 1], USERDB_HASH_MAX);
		i--;
	}
	users[i] = *u;
	snprintf(hashes[i], USERDB_HASH_MAX, "%s", hash);
	(*count)++;
}

/* One "user" line, s[0..n) without its newline, into users. */
static enum userdb_err parse_user(const char *s, size_t n, size_t line,
				  struct userdb_user *users,
				  char (*hashes)[USERDB_HASH_MAX],
				  size_t *count, char *err, size_t errlen)
{
	const char *field[5], *p = s, *end = s + n, *space;
	size_t len[5], nf = 0, i;
	struct userdb_user u;
	char hash[USERDB_HASH_MAX];

	for (;;) {
		space = memchr(p, ' ', (size_t)(end - p));
		if ((space ? space : end) == p)
			return bad(err, errlen, line, "an empty field");
		if (nf == 5)
			return bad(err, errlen, line, "more than 5 fields");
		field[nf] = p;
		len[nf++] = (size_t)((space ? space : end) - p);
		if (!space)
			break;
		p = space + 1;
	}
	if (nf != 5)
		return bad(err, errlen, line, "fewer than 5 fields");

	memset(&u, 0, sizeof(u));
	if (len[1] > USERDB_NAME_MAX)
		return bad(err, errlen, line, "the name is too long");
	memcpy(u.name, field[1], len[1]);
	if (!userdb_name_valid(u.name))
		return bad(err, errlen, line, "bad name \"%s\"", u.name);
	if (!parse_uid(field[2], len[2], &u.uid))
		return bad(err, errlen, line, "bad uid \"%.*s\"", (int)len[2],
			   field[2]);
	if (len[3] == 5 && memcmp(field[3], "admin", 5) == 0)
		u.admin = true;
	else if (!(len[3] == 4 && memcmp(field[3], "user", 4) == 0))
		return bad(err, errlen, line, "role \"%.*s\" is neither admin "
			   "nor user", (int)len[3], field[3]);
	if (len[4] >= USERDB_HASH_MAX)
		return bad(err, errlen, line, "the hash is too long");
	if (!(len[4] == 1 && field[4][0] == '!') &&
	    !(len[4] >= strlen(ARGON2ID) &&
	      memcmp(field[4], ARGON2ID, strlen(ARGON2ID)) == 0))
		return bad(err, errlen, line, "the hash is not Argon2id");
	memcpy(hash, field[4], len[4]);
	hash[len[4]] = '\0';

	for (i = 0; i < *count; i++) {
		if (strcmp(users[i].name, u.name) == 0)
			return bad(err, errlen, line, "user %s again", u.name);
		if (users[i].uid == u.uid)
			return bad(err, errlen, line, "uid %u again", u.uid);
	}
	if (*count == USERDB_MAX)
		return bad(err, errlen, line, "more than %d users",
			   USERDB_MAX);
	insert(users, hashes, count, &u, hash);
	return USERDB_OK;
}

static enum userdb_err parse(const char *text, size_t len,
			     struct userdb_user *users,
			     char (*hashes)[USERDB_HASH_MAX],
			     size_t *count, char *err, size_t errlen)
{
	size_t pos = 0, line = 0, n, i;
	enum userdb_err e;

	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		char want[2 * SEAL_BYTES + 1];

		line++;
		if (!nl)
			return bad(err, errlen, line, "no newline at its end");
		n = (size_t)(nl - s);
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c < 0x20 || c >= 0x7f)
				return bad(err, errlen, line, "byte 0x%02x is "
					   "not printable ASCII", c);
		}
		if (line == 1) {
			if (n + 1 != strlen(HEADER) ||
			    memcmp(s, HEADER, n) != 0)
				return bad(err, errlen, line, "not a "
					   "\"vyoma-users 1\" file");
		} else if (n >= 5 && memcmp(s, "user ", 5) == 0) {
			e = parse_user(s, n, line, users, hashes, count, err,
				       errlen);
			if (e)
				return e;
		} else if (n >= 5 && memcmp(s, "seal ", 5) == 0) {
			if (n != 5 + 2 * SEAL_BYTES)
				return bad(err, errlen, line, "the seal is "
					   "not %u hex digits",
					   2 * SEAL_BYTES);
			seal_hex(text, pos, want);
			if (memcmp(s + 5, want, 2 * SEAL_BYTES) != 0)
				return bad(err, errlen, line, "the seal does "
					   "not match the text above it");
			if (nl + 1 != text + len)
				return bad(err, errlen, line + 1,
					   "text after the seal");
			return USERDB_OK;
		} else {
			return bad(err, errlen, line, "neither a user nor "
				   "the seal");
		}
		pos += n + 1;
	}
	if (line == 0)
		return bad(err, errlen, 1, "the file is empty");
	return bad(err, errlen, line + 1, "no seal (the file is cut short)");
}

enum userdb_err userdb_parse(const char *text, size_t len,
			     struct userdb_user *users,
			     char (*hashes)[USERDB_HASH_MAX],
			     size_t *count, char *err, size_t errlen)
{
	enum userdb_err e;

	*count = 0;
	if (err && errlen)
		err[0] = '\0';
	e = parse(text, len, users, hashes, count, err, errlen);
	if (e)
		*count = 0;	/* a damaged file has no users */
	return e;
}

/* The file's text for t, sealed, into text (TEXT_MAX); its length. */
static size_t format(const struct table *t, char *text)
{
	char hex[2 * SEAL_BYTES + 1];
	size_t len, i;

	len = (size_t)snprintf(text, TEXT_MAX, "%s", HEADER);
	for (i = 0; i < t->count; i++)
		len += (size_t)snprintf(text + len, TEXT_MAX - len,
					"user %s %u %s %s\n",
					t->users[i].name, t->users[i].uid,
					t->users[i].admin ? "admin" : "user",
					t->hashes[i]);
	seal_hex(text, len, hex);
	len += (size_t)snprintf(text + len, TEXT_MAX - len, "seal %s\n", hex);
	return len;
}

/*
 * Writes t to the file: a temporary file written whole and synced, then
 * renamed over the old one, then the directory synced. The lock is held.
 * Once the rename is done the new file is the one every reader sees, so a
 * failed sync of the directory after it is not reported: a power cut
 * before it reaches the disk leaves the old file, which is whole too.
 */
static enum userdb_err save(const struct table *t)
{
	static char text[TEXT_MAX];
	size_t len = format(t, text), done = 0;
	int fd, saved;

	if (dir_fd < 0) {
		errno = EBADF;
		return USERDB_IO;
	}
	fd = openat(dir_fd, TMP_FILE, O_CREAT | O_TRUNC | O_WRONLY |
		    O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return USERDB_IO;
	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		done += (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	saved = close(fd);
	fd = -1;
	if (saved != 0 || renameat(dir_fd, TMP_FILE, dir_fd, USERDB_FILE) != 0)
		goto fail;
	fsync(dir_fd);
	return USERDB_OK;
fail:
	saved = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	unlinkat(dir_fd, TMP_FILE, 0);
	errno = saved;
	return USERDB_IO;
}

/* ---- the table -------------------------------------------------------- */

static int find(const struct table *t, const char *name)
{
	size_t i;

	if (!name)
		return -1;
	for (i = 0; i < t->count; i++)
		if (strcmp(t->users[i].name, name) == 0)
			return (int)i;
	return -1;
}

static size_t admins(const struct table *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->count; i++)
		n += t->users[i].admin;
	return n;
}

/* Whether the file may be written: not damaged, and open. */
static enum userdb_err writable(void)
{
	if (damaged)
		return USERDB_DAMAGED;
	if (dir_fd < 0) {
		errno = EBADF;
		return USERDB_IO;
	}
	return USERDB_OK;
}

/*
 * The uid after the highest, so a removed user's uid (and the files it
 * still owns) passes to no one while a later user exists; past UID_MAX,
 * the lowest free one.
 */
static uint32_t next_uid(const struct table *t)
{
	uint32_t uid = USERDB_FIRST_UID;
	size_t i;

	if (t->count == 0)
		return uid;
	if (t->users[t->count - 1].uid < UID_MAX)
		return t->users[t->count - 1].uid + 1;
	for (i = 0; i < t->count && t->users[i].uid == uid; i++)
		uid++;
	return uid;
}

/* next, made from db and changed by the caller, saved and made db. */
static enum userdb_err commit(void)
{
	enum userdb_err e = save(&next);

	if (e == USERDB_OK)
		db = next;
	return e;
}

/*
 * One Argon2 computation at a time: each takes USERDB_MEMLIMIT (64 MiB)
 * in PID 1, and apps decide how many tries they make at once (fifty su
 * in parallel would otherwise ask for over 3 GiB). The others queue.
 */
static pthread_mutex_t hash_lock = PTHREAD_MUTEX_INITIALIZER;

/* A password's hash, or "!" for none; slow, so called unlocked. */
static enum userdb_err make_hash(const char *password, size_t len,
				 char hash[USERDB_HASH_MAX])
{
	int rc;

	if (!password) {
		snprintf(hash, USERDB_HASH_MAX, LOCKED);
		return USERDB_OK;
	}
	pthread_mutex_lock(&hash_lock);
	rc = crypto_pwhash_str(hash, password, len, USERDB_OPSLIMIT,
			       USERDB_MEMLIMIT);
	pthread_mutex_unlock(&hash_lock);
	return rc == 0 ? USERDB_OK : USERDB_NOMEM;
}

static int verify_hash(const char *hash, const char *password, size_t len)
{
	int rc, saved;

	pthread_mutex_lock(&hash_lock);
	rc = crypto_pwhash_str_verify(hash, password, len);
	saved = errno;
	pthread_mutex_unlock(&hash_lock);
	errno = saved;
	return rc;
}

enum userdb_err userdb_open(const char *dir, char *err, size_t errlen)
{
	enum userdb_err e = USERDB_OK;
	char *text;
	size_t len = 0;
	int fd;

	if (err && errlen)
		err[0] = '\0';
	userdb_close();
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium cannot start");
		errno = ENOSYS;
		return USERDB_IO;
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return USERDB_IO;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", dir, errno == ELOOP ||
			 errno == ENOTDIR ? "a symlink or not a directory" :
			 strerror(errno));
		return USERDB_IO;
	}
	text = file_read_at(fd, USERDB_FILE, TEXT_MAX, &len);

	pthread_mutex_lock(&lock);
	memset(&next, 0, sizeof(next));
	if (text) {
		char why[200];

		e = userdb_parse(text, len, next.users, next.hashes,
				 &next.count, why, sizeof(why));
		if (e) {
			snprintf(err, errlen, "%s/%s: %s", dir, USERDB_FILE,
				 why);
			memset(&next, 0, sizeof(next));
		}
		sodium_memzero(text, len);
		free(text);
	} else if (errno == EFBIG || errno == EINVAL || errno == ELOOP) {
		/* Not a file of ours: left alone like a corrupt one. */
		snprintf(err, errlen, "%s/%s: %s", dir, USERDB_FILE,
			 errno == EFBIG ? "too large" :
			 "a symlink or not a regular file");
		e = USERDB_DAMAGED;
	} else if (errno != ENOENT) {
		snprintf(err, errlen, "%s/%s: %s", dir, USERDB_FILE,
			 strerror(errno));
		e = USERDB_IO;
	}
	if (e == USERDB_IO) {
		close(fd);
	} else {
		db = next;
		dir_fd = fd;
		damaged = e == USERDB_DAMAGED;
	}
	pthread_mutex_unlock(&lock);
	return e;
}

void userdb_close(void)
{
	pthread_mutex_lock(&lock);
	if (dir_fd >= 0)
		close(dir_fd);
	dir_fd = -1;
	damaged = false;
	memset(&db, 0, sizeof(db));
	memset(&next, 0, sizeof(next));
	pthread_mutex_unlock(&lock);
}

bool userdb_damaged(void)
{
	bool d;

	pthread_mutex_lock(&lock);
	d = damaged;
	pthread_mutex_unlock(&lock);
	return d;
}

size_t userdb_count(void)
{
	size_t n;

	pthread_mutex_lock(&lock);
	n = db.count;
	pthread_mutex_unlock(&lock);
	return n;
}

bool userdb_at(size_t i, struct userdb_user *out)
{
	bool ok;

	pthread_mutex_lock(&lock);
	ok = i < db.count;
	if (ok && out)
		*out = db.users[i];
	pthread_mutex_unlock(&lock);
	return ok;
}

bool userdb_find(const char *name, struct userdb_user *out)
{
	int i;

	pthread_mutex_lock(&lock);
	i = find(&db, name);
	if (i >= 0 && out)
		*out = db.users[i];
	pthread_mutex_unlock(&lock);
	return i >= 0;
}

bool userdb_find_uid(uint32_t uid, struct userdb_user *out)
{
	size_t i;
	bool ok = false;

	pthread_mutex_lock(&lock);
	for (i = 0; i < db.count && !ok; i++) {
		ok = db.users[i].uid == uid;
		if (ok && out)
			*out = db.users[i];
	}
	pthread_mutex_unlock(&lock);
	return ok;
}

/* What would refuse adding name (as the first user: first_only), before
 * paying for its hash. Locked. */
static enum userdb_err can_add(const char *name, bool first_only)
{
	enum userdb_err e = writable();

	if (e == USERDB_OK && find(&db, name) >= 0)
		e = USERDB_EXISTS;
	else if (e == USERDB_OK && db.count >= USERDB_MAX)
		e = USERDB_FULL;
	else if (e == USERDB_OK && first_only && db.count)
		e = USERDB_SET_UP;
	return e;
}

/* userdb_add, or with first_only the first user's, who must be the only
 * one: checked again where the user goes in, so two seats setting up at
 * once cannot both make a first admin. */
static enum userdb_err add(const char *name, const char *password,
			   bool admin, bool first_only,
			   struct userdb_user *out);

enum userdb_err userdb_add(const char *name, const char *password,
			   bool admin, struct userdb_user *out)
{
	return add(name, password, admin, false, out);
}

enum userdb_err userdb_add_first(const char *name, const char *password,
				 struct userdb_user *out)
{
	return add(name, password, true, true, out);
}

static enum userdb_err add(const char *name, const char *password,
			   bool admin, bool first_only,
			   struct userdb_user *out)
{
	char hash[USERDB_HASH_MAX];
	struct userdb_user u;
	enum userdb_err e;
	size_t len = 0;
	int saved;

	if (!userdb_name_valid(name))
		return USERDB_BAD_NAME;
	if (password && !password_valid(password, &len))
		return USERDB_BAD_PASSWORD;
	pthread_mutex_lock(&lock);
	e = can_add(name, first_only);
	pthread_mutex_unlock(&lock);
	if (e)
		return e;
	e = make_hash(password, len, hash);
	if (e)
		return e;

	pthread_mutex_lock(&lock);
	e = can_add(name, first_only);	/* again: the lock was let go */
	if (e == USERDB_OK) {
		next = db;
		memset(&u, 0, sizeof(u));
		snprintf(u.name, sizeof(u.name), "%s", name);
		u.uid = next_uid(&next);
		u.admin = admin || next.count == 0;
		insert(next.users, next.hashes, &next.count, &u, hash);
		e = commit();
		if (e == USERDB_OK && out)
			*out = u;
	}
	saved = errno;
	pthread_mutex_unlock(&lock);
	sodium_memzero(hash, sizeof(hash));
	errno = saved;
	return e;
}

enum userdb_err userdb_remove(const char *name)
{
	enum userdb_err e;
	int i, saved;

	pthread_mutex_lock(&lock);
	e = writable();
	i = find(&db, name);
	if (e == USERDB_OK && i < 0)
		e = USERDB_NO_USER;
	else if (e == USERDB_OK && db.users[i].admin && admins(&db) == 1)
		e = USERDB_LAST_ADMIN;
	if (e == USERDB_OK) {
		next = db;
		next.count--;
		memmove(&next.users[i], &next.users[i + 1],
			(next.count - (size_t)i) * sizeof(next.users[0]));
		memmove(next.hashes[i], next.hashes[i + 1],
			(next.count - (size_t)i) * sizeof(next.hashes[0]));
		memset(&next.users[next.count], 0, sizeof(next.users[0]));
		memset(next.hashes[next.count], 0, sizeof(next.hashes[0]));
		e = commit();
	}
	saved = errno;
	pthread_mutex_unlock(&lock);
	errno = saved;
	return e;
}

enum userdb_err userdb_set_password(const char *name, const char *password)
{
	char hash[USERDB_HASH_MAX];
	enum userdb_err e;
	size_t len = 0;
	int i, saved;

	if (password && !password_valid(password, &len))
		return USERDB_BAD_PASSWORD;
	pthread_mutex_lock(&lock);
	e = writable();
	if (e == USERDB_OK && find(&db, name) < 0)
		e = USERDB_NO_USER;
	pthread_mutex_unlock(&lock);
	if (e)
		return e;
	e = make_hash(password, len, hash);
	if (e)
		return e;

	pthread_mutex_lock(&lock);
	e = writable();
	i = find(&db, name);
	if (e == USERDB_OK && i < 0)
		e = USERDB_NO_USER;
	if (e == USERDB_OK) {
		next = db;
		memcpy(next.hashes[i], hash, sizeof(hash));
		e = commit();
	}
	saved = errno;
	pthread_mutex_unlock(&lock);
	sodium_memzero(hash, sizeof(hash));
	errno = saved;
	return e;
}

enum userdb_err userdb_set_admin(const char *name, bool admin)
{
	enum userdb_err e;
	int i, saved;

	pthread_mutex_lock(&lock);
	e = writable();
	i = find(&db, name);
	if (e == USERDB_OK && i < 0)
		e = USERDB_NO_USER;
	else if (e == USERDB_OK && db.users[i].admin && !admin &&
		 admins(&db) == 1)
		e = USERDB_LAST_ADMIN;
	if (e == USERDB_OK && db.users[i].admin != admin) {
		next = db;
		next.users[i].admin = admin;
		e = commit();
	}
	saved = errno;
	pthread_mutex_unlock(&lock);
	errno = saved;
	return e;
}

/* Makes the decoy hash once; NOMEM if Argon2 could not get memory. */
static enum userdb_err decoy_ready(void)
{
	unsigned char password[32];
	enum userdb_err e = USERDB_OK;

	pthread_mutex_lock(&decoy_lock);
	if (!decoy_made) {
		if (sodium_init() < 0) {
			e = USERDB_NOMEM;
		} else {
			randombytes_buf(password, sizeof(password));
			e = make_hash((const char *)password, sizeof(password),
				      decoy);
			sodium_memzero(password, sizeof(password));
			decoy_made = e == USERDB_OK;
		}
	}
	pthread_mutex_unlock(&decoy_lock);
	return e;
}

/*
 * After a good password whose hash is weaker than the current limits: a
 * new hash, stored if the user is still the one checked and its hash
 * has not changed meanwhile. A failure keeps the old hash; the login
 * stands either way.
 */
static void rehash(const struct userdb_user *u, const char *old,
		   const char *password, size_t len)
{
	char hash[USERDB_HASH_MAX];
	int i;

	if (make_hash(password, len, hash) != USERDB_OK)
		return;
	pthread_mutex_lock(&lock);
	i = find(&db, u->name);
	if (writable() == USERDB_OK && i >= 0 && db.users[i].uid == u->uid &&
	    strcmp(db.hashes[i], old) == 0) {
		next = db;
		memcpy(next.hashes[i], hash, sizeof(hash));
		commit();
	}
	pthread_mutex_unlock(&lock);
	sodium_memzero(hash, sizeof(hash));
}

enum userdb_err userdb_verify(const char *name, const char *password,
			      struct userdb_user *out)
{
	char hash[USERDB_HASH_MAX] = LOCKED;
	struct userdb_user u;
	enum userdb_err e;
	size_t len = 0;
	int i, rc;

	memset(&u, 0, sizeof(u));
	e = decoy_ready();
	if (e)
		return e;
	pthread_mutex_lock(&lock);
	e = damaged ? USERDB_DAMAGED : USERDB_OK;
	i = find(&db, name);
	if (i >= 0) {
		u = db.users[i];
		memcpy(hash, db.hashes[i], sizeof(hash));
	}
	pthread_mutex_unlock(&lock);
	if (e)
		return e;
	/* A password no user can have; refused alike for every name. */
	if (!password_valid(password, &len))
		return USERDB_DENIED;

	errno = 0;
	if (strcmp(hash, LOCKED) != 0) {
		rc = verify_hash(hash, password, len);
	} else {
		/* Unknown or locked: the same work, and no whatever it
		 * says (no one knows the decoy's random password). */
		rc = verify_hash(decoy, password, len);
		rc = rc == 0 ? -1 : rc;
	}
	if (rc != 0) {
		e = errno == ENOMEM ? USERDB_NOMEM : USERDB_DENIED;
	} else {
		if (crypto_pwhash_str_needs_rehash(hash, USERDB_OPSLIMIT,
						   USERDB_MEMLIMIT) == 1)
			rehash(&u, hash, password, len);
		if (out)
			*out = u;
	}
	sodium_memzero(hash, sizeof(hash));
	return e;
}
