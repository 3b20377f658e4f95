/*
 * pkgstore.c - the installed-apps tree (pkgstore.h): unpacking, the
 * atomic switch between versions, the sweep after a power cut, and the
 * re-check of installed files.
 */
#include "pkgstore.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "log.h"

#define DIR_NAME_MAX 128
#define RECORD_MAX (64u << 10)

void (*pkgstore_step_hook)(int step);

/* Zeroed (in .bss, not 8 KB of .data) until pkgstore_open. */
static struct {
	bool open;
	int storefd, appsfd;
	char apps[PATH_MAX];
	char store[PATH_MAX];
} tree;

static void step(int n)
{
	if (pkgstore_step_hook)
		pkgstore_step_hook(n);
}

static int open_dir_at(int at, const char *name)
{
	return openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		      O_CLOEXEC);
}

/* A version as a directory name may carry it: no '/', no leading dot. */
static bool version_ok(const char *v)
{
	if (!v[0] || v[0] == '.' || strlen(v) > 32)
		return false;
	for (; *v; v++)
		if (!(*v >= 'a' && *v <= 'z') && !(*v >= 'A' && *v <= 'Z') &&
		    !(*v >= '0' && *v <= '9') && !strchr(".+~-_", *v))
			return false;
	return true;
}

static void dir_name(char out[DIR_NAME_MAX], const struct manifest *m,
		     const uint8_t sha256[SIGN_HASH])
{
	char hex[2 * SIGN_HASH + 1];

	sodium_bin2hex(hex, sizeof(hex), sha256, SIGN_HASH);
	snprintf(out, DIR_NAME_MAX, "%s-%s-%.16s", m->name, m->version, hex);
}

/* The store directory apps/<name> points to, or -1 if none. */
static int linked(const char *name, char out[DIR_NAME_MAX])
{
	char target[PATH_MAX];
	size_t len;
	ssize_t n = tree.open ? readlinkat(tree.appsfd, name, target,
					   sizeof(target) - 1) : -1;

	if (n < 0)
		return -1;
	target[n] = '\0';
	/* The prefix first: a shorter target ends before target + 9. */
	if (strncmp(target, "../store/", 9) != 0)
		return -1;
	len = strlen(target + 9);
	if (strchr(target + 9, '/') || target[9] == '.' || !len ||
	    len >= DIR_NAME_MAX)
		return -1;
	memcpy(out, target + 9, len + 1);
	return 0;
}

static int remove_in(const char *base, const char *name)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", base, name) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return file_remove_tree(path);
}

/*
 * A stream over a directory we hold open. The dup shares the file
 * offset with dirfd, so it is rewound before every walk.
 */
static DIR *walk(int dirfd)
{
	int fd = dup(dirfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (d)
		rewinddir(d);
	else if (fd >= 0)
		close(fd);
	return d;
}

/* ---- the sweep ------------------------------------------------------------ */

static bool is_linked(const char *dir)
{
	DIR *d = walk(tree.appsfd);
	struct dirent *e;
	char target[DIR_NAME_MAX];
	bool found = false;

	if (!d)
		return true;	/* cannot tell: keep it */
	while (!found && (e = readdir(d)))
		found = e->d_name[0] != '.' &&
			linked(e->d_name, target) == 0 &&
			strcmp(target, dir) == 0;
	closedir(d);
	return found;
}

static void sweep(void)
{
	struct dirent *e;
	char target[DIR_NAME_MAX];
	DIR *d = walk(tree.appsfd);

	/* Links: half-made ones, and any that name no version. */
	for (; d && (e = readdir(d));) {
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_name[0] != '.' && linked(e->d_name, target) == 0 &&
		    fstatat(tree.storefd, target, &st, AT_SYMLINK_NOFOLLOW) ==
		    0 && S_ISDIR(st.st_mode))
			continue;
		log_warn("packages: removing %s/%s, left by an install that "
			 "did not finish", tree.apps, e->d_name);
		remove_in(tree.apps, e->d_name);
	}
	if (d)
		closedir(d);
	/* Versions: unpacked but never switched to, or switched from. */
	d = walk(tree.storefd);
	for (; d && (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (e->d_name[0] != '.' && is_linked(e->d_name)))
			continue;
		log_info("packages: removing %s/%s, no longer installed",
			 tree.store, e->d_name);
		remove_in(tree.store, e->d_name);
	}
	if (d)
		closedir(d);
	fsync(tree.appsfd);
	fsync(tree.storefd);
}

int pkgstore_open(const char *dir)
{
	pkgstore_close();
	if (strlen(dir) > 1024) {
		log_error("packages: %s: path too long", dir);
		return -1;
	}
	snprintf(tree.apps, sizeof(tree.apps), "%s/apps", dir);
	snprintf(tree.store, sizeof(tree.store), "%s/store", dir);
	if (file_mkdirs(tree.apps, 0755) != 0 ||
	    file_mkdirs(tree.store, 0755) != 0 ||
	    (tree.appsfd = open_dir_at(AT_FDCWD, tree.apps)) < 0) {
		log_error("packages: %s: %s", dir, strerror(errno));
		return -1;
	}
	tree.storefd = open_dir_at(AT_FDCWD, tree.store);
	if (tree.storefd < 0) {
		log_error("packages: %s: %s", tree.store, strerror(errno));
		close(tree.appsfd);
		return -1;
	}
	tree.open = true;
	sweep();
	return 0;
}

void pkgstore_close(void)
{
	if (tree.open) {
		close(tree.appsfd);
		close(tree.storefd);
	}
	tree.open = false;
}

const char *pkgstore_apps_dir(void)
{
	return tree.apps;
}

/* ---- install -------------------------------------------------------------- */

static int write_file_at(int dirfd, const char *name, const void *data,
			 size_t len)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			O_CLOEXEC, 0644);

	if (fd < 0)
		return -1;
	if (file_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* "file <name> <size> <sha256>" for every member but the signature. */
static char *record(const struct vpk *v, const struct manifest *m,
		    const uint8_t sha256[SIGN_HASH], size_t *len)
{
	size_t cap = 256 + v->count * (VPK_NAME_MAX + 96);
	char *buf = malloc(cap), hex[2 * SIGN_HASH + 1];
	uint8_t h[SIGN_HASH];
	size_t n;

	if (!buf)
		return NULL;
	sodium_bin2hex(hex, sizeof(hex), sha256, SIGN_HASH);
	n = (size_t)snprintf(buf, cap, "vyoma-package 1\nname %s\nversion %s"
			     "\nsha256 %s\n", m->name, m->version, hex);
	for (size_t i = 0; i < v->count; i++) {
		const struct vpk_member *f = &v->members[i];

		if (!strcmp(f->name, VPK_SIGNATURE))
			continue;
		sign_sha256(v->bytes + f->offset, f->size, h);
		sodium_bin2hex(hex, sizeof(hex), h, SIGN_HASH);
		n += (size_t)snprintf(buf + n, cap - n, "file %s %zu %s\n",
				      f->name, f->size, hex);
	}
	*len = n;
	return buf;
}

static int unpack(const struct vpk *v, const struct manifest *m,
		  const uint8_t sha256[SIGN_HASH], const char *tmp)
{
	size_t len;
	char *rec;
	int fd, rc = -1;

	remove_in(tree.store, tmp);
	if (mkdirat(tree.storefd, tmp, 0755) != 0 ||
	    (fd = open_dir_at(tree.storefd, tmp)) < 0)
		return -1;
	for (size_t i = 0; i < v->count; i++) {
		const struct vpk_member *f = &v->members[i];

		/* The signature too: pkg verify checks the package again. */
		if (write_file_at(fd, f->name, v->bytes + f->offset,
				  f->size) != 0)
			goto out;
	}
	step(1);
	rec = record(v, m, sha256, &len);
	if (!rec)
		goto out;
	rc = write_file_at(fd, PKGSTORE_RECORD, rec, len);
	free(rec);
	if (rc == 0)
		rc = fsync(fd);
out:
	close(fd);
	return rc;
}

enum pkgstore_result pkgstore_install(const struct vpk *v,
				      const struct manifest *m,
				      const uint8_t sha256[SIGN_HASH],
				      char *err, size_t errlen)
{
	char dir[DIR_NAME_MAX], tmp[DIR_NAME_MAX + 8], link[DIR_NAME_MAX + 8];
	char old[DIR_NAME_MAX], target[DIR_NAME_MAX + 16];
	bool had = false;

	link[0] = '\0';

	if (!tree.open) {
		snprintf(err, errlen, "the installed-apps tree is not open");
		return PKGSTORE_FAILED;
	}
	if (!manifest_name_valid(m->name) || !version_ok(m->version)) {
		snprintf(err, errlen, "'%s' version '%s' cannot name a "
			 "directory", m->name, m->version);
		return PKGSTORE_FAILED;
	}
	dir_name(dir, m, sha256);
	had = linked(m->name, old) == 0;
	if (had && !strcmp(old, dir))
		return PKGSTORE_SAME;
	snprintf(tmp, sizeof(tmp), ".%s.tmp", dir);
	if (unpack(v, m, sha256, tmp) != 0)
		goto fail;
	step(2);
	/* A leftover of the same version that no link names. */
	remove_in(tree.store, dir);
	if (renameat(tree.storefd, tmp, tree.storefd, dir) != 0 ||
	    fsync(tree.storefd) != 0)
		goto fail;
	step(3);
	snprintf(link, sizeof(link), ".%s.new", m->name);
	snprintf(target, sizeof(target), "../store/%s", dir);
	unlinkat(tree.appsfd, link, 0);
	if (symlinkat(target, tree.appsfd, link) != 0)
		goto fail;
	step(4);
	if (renameat(tree.appsfd, link, tree.appsfd, m->name) != 0 ||
	    fsync(tree.appsfd) != 0)
		goto fail;
	step(5);
	if (had) {
		remove_in(tree.store, old);
		fsync(tree.storefd);
	}
	return had ? PKGSTORE_UPGRADED : PKGSTORE_INSTALLED;
fail:
	snprintf(err, errlen, "cannot install %s in %s: %s", m->name,
		 tree.store, strerror(errno));
	if (link[0])
		unlinkat(tree.appsfd, link, 0);
	remove_in(tree.store, tmp);
	return PKGSTORE_FAILED;
}

int pkgstore_remove(const char *name, char *err, size_t errlen)
{
	char dir[DIR_NAME_MAX];

	if (!manifest_name_valid(name) || linked(name, dir) != 0) {
		snprintf(err, errlen, "'%s' is not installed", name);
		return -1;
	}
	if (unlinkat(tree.appsfd, name, 0) != 0 || fsync(tree.appsfd) != 0) {
		snprintf(err, errlen, "cannot remove %s: %s", name,
			 strerror(errno));
		return -1;
	}
	remove_in(tree.store, dir);
	fsync(tree.storefd);
	return 0;
}

/* ---- what is installed ---------------------------------------------------- */

bool pkgstore_has(const char *name)
{
	char dir[DIR_NAME_MAX];

	return manifest_name_valid(name) && linked(name, dir) == 0;
}

static int open_installed(const char *name)
{
	char dir[DIR_NAME_MAX];

	if (!manifest_name_valid(name) || linked(name, dir) != 0)
		return -1;
	return open_dir_at(tree.storefd, dir);
}

/* The record's "sha256 <hex>" line into sha256. */
static int record_hash(const char *rec, uint8_t sha256[SIGN_HASH])
{
	const char *p = strstr(rec, "\nsha256 ");

	return p && sodium_hex2bin(sha256, SIGN_HASH, p + 8, 2 * SIGN_HASH,
				   NULL, NULL, NULL) == 0 ? 0 : -1;
}

int pkgstore_installed(const char *name, struct manifest *m,
		       uint8_t sha256[SIGN_HASH])
{
	char err[256], *text, *rec;
	size_t len, rec_len;
	int fd = open_installed(name), rc = -1;

	if (fd < 0)
		return -1;
	text = file_read_at(fd, VPK_MANIFEST, FILE_SMALL_MAX, &len);
	rec = file_read_at(fd, PKGSTORE_RECORD, RECORD_MAX, &rec_len);
	if (text && rec && manifest_parse(text, len, name, m, err,
					  sizeof(err)) == 0 &&
	    record_hash(rec, sha256) == 0)
		rc = 0;
	free(text);
	free(rec);
	close(fd);
	return rc;
}

/* One "file <name> <size> <hex>" line checked against the file. */
static int verify_line(int fd, const char *line, char *err, size_t errlen)
{
	char name[VPK_NAME_MAX + 1], hex[2 * SIGN_HASH + 1];
	char got[2 * SIGN_HASH + 1];
	uint8_t h[SIGN_HASH];
	size_t size, len;
	char *data;

	if (sscanf(line, "file %64s %zu %64s", name, &size, hex) != 3 ||
	    !vpk_name_ok(name, strlen(name))) {
		snprintf(err, errlen, "its record is damaged");
		return -1;
	}
	data = file_read_at(fd, name, VPK_MEMBER_MAX, &len);
	if (!data) {
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		return -1;
	}
	sign_sha256(data, len, h);
	free(data);
	sodium_bin2hex(got, sizeof(got), h, SIGN_HASH);
	if (len != size || strcmp(got, hex) != 0) {
		snprintf(err, errlen, "%s has changed since it was installed",
			 name);
		return -1;
	}
	return 0;
}

static int verify_dir(int fd, const char *rec, char *err, size_t errlen)
{
	size_t listed = 0, present = 0;
	const char *line;
	struct dirent *e;
	DIR *d;

	if (strncmp(rec, "vyoma-package 1\n", 16) != 0) {
		snprintf(err, errlen, "its record is damaged");
		return -1;
	}
	for (line = rec; (line = strstr(line, "\nfile ")); listed++) {
		line++;
		if (verify_line(fd, line, err, errlen) != 0)
			return -1;
	}
	d = walk(fd);
	while (d && (e = readdir(d)))
		present += strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
			   strcmp(e->d_name, PKGSTORE_RECORD) &&
			   strcmp(e->d_name, VPK_SIGNATURE);
	if (d)
		closedir(d);
	if (present != listed) {
		snprintf(err, errlen, "it holds %zu files, its package %zu",
			 present, listed);
		return -1;
	}
	return 0;
}

int pkgstore_verify(const char *name, char *err, size_t errlen)
{
	size_t len;
	char *rec;
	int fd = open_installed(name), rc = -1;

	if (fd < 0) {
		snprintf(err, errlen, "'%s' is not installed", name);
		return -1;
	}
	rec = file_read_at(fd, PKGSTORE_RECORD, RECORD_MAX, &len);
	if (!rec || strlen(rec) != len)
		snprintf(err, errlen, "its record is missing or damaged");
	else
		rc = verify_dir(fd, rec, err, errlen);
	free(rec);
	close(fd);
	return rc;
}

static int add_member(struct vpk_writer *w, int fd, const char *name,
		      char *err, size_t errlen)
{
	size_t len;
	char *data = file_read_at(fd, name, VPK_MEMBER_MAX, &len);
	int rc = data ? vpk_add(w, name, data, len) : -1;

	if (rc != 0)
		snprintf(err, errlen, "%s: %s", name, data ? "cannot be a "
			 "package member" : strerror(errno));
	free(data);
	return rc;
}

int pkgstore_rebuild(const char *name, struct vpk_writer *w, char *err,
		     size_t errlen)
{
	char file[VPK_NAME_MAX + 1];
	const char *line;
	size_t len;
	char *rec;
	int fd = open_installed(name), rc = -1;

	memset(w, 0, sizeof(*w));
	if (fd < 0) {
		snprintf(err, errlen, "'%s' is not installed", name);
		return -1;
	}
	rec = file_read_at(fd, PKGSTORE_RECORD, RECORD_MAX, &len);
	if (!rec || strlen(rec) != len) {
		snprintf(err, errlen, "its record is missing or damaged");
		goto out;
	}
	for (line = rec; (line = strstr(line, "\nfile ")); ) {
		line += 6;
		if (sscanf(line, "%64s", file) != 1 ||
		    add_member(w, fd, file, err, errlen) != 0)
			goto out;
	}
	if (faccessat(fd, VPK_SIGNATURE, F_OK, AT_SYMLINK_NOFOLLOW) == 0 &&
	    add_member(w, fd, VPK_SIGNATURE, err, errlen) != 0)
		goto out;
	rc = vpk_finish(w);
	if (rc != 0)
		snprintf(err, errlen, "its files make no package");
out:
	if (rc != 0)
		vpk_writer_free(w);
	free(rec);
	close(fd);
	return rc;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

size_t pkgstore_each(int (*fn)(const char *name, void *arg), void *arg)
{
	struct dirent **list;
	size_t visited = 0;
	bool stop = false;
	int n;

	if (!tree.open)
		return 0;
	n = scandir(tree.apps, &list, NULL, by_name);
	for (int i = 0; i < n; i++) {
		char dir[DIR_NAME_MAX];

		if (!stop && list[i]->d_name[0] != '.' &&
		    linked(list[i]->d_name, dir) == 0) {
			visited++;
			stop = fn(list[i]->d_name, arg) != 0;
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	return visited;
}
