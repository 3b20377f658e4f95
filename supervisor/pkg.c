/*
 * pkg.c - the package service (pkg.h): `pkg update | available | info |
 * install | install-file | remove | list | verify`, the rules a package
 * must meet beyond its signature, and the switch of a loaded app to its
 * new version.
 */
#include "pkg.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "capwords.h"
#include "download.h"
#include "ipc.h"
#include "lifecycle.h"
#include "log.h"
#include "pkgstore.h"
#include "proc.h"
#include "session.h"
#include "trust.h"

#define WORDS_MAX 4
#define BASE_DIRS_MAX 8

/* Package operations are one at a time: each runs on its caller's
 * thread, and the trust store and the tree are not shared otherwise. */
static pthread_mutex_t pkg_lock = PTHREAD_MUTEX_INITIALIZER;
static bool ready;
static const char *base_dirs[BASE_DIRS_MAX];
static size_t base_count;

/* Capabilities only the base image's own apps may hold. */
static const enum capability system_caps[] = {
	CAP_LOGIN, CAP_PACKAGES, CAP_DESKTOP, CAP_UPDATES, CAP_DEVICES,
};

struct out {
	char *buf;
	size_t cap, len;
};

static size_t say(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static size_t say(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf, o->cap, fmt, ap);
	va_end(ap);
	o->len = n < 0 ? 0 : (size_t)n >= o->cap ? o->cap - 1 : (size_t)n;
	return o->len;
}

static void row(struct app *caller, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void row(struct app *caller, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		ipc_reply(caller, line, (size_t)n < sizeof(line) ?
			  (size_t)n : sizeof(line) - 1);
}

const char *pkg_open(const char *root_key, const char *data_root,
		     const char *const *dirs, size_t count)
{
	char trust[PATH_MAX], tree[PATH_MAX];

	snprintf(trust, sizeof(trust), "%s/.vyoma/trust", data_root);
	snprintf(tree, sizeof(tree), "%s/.vyoma/packages", data_root);
	for (base_count = 0; base_count < count && base_count < BASE_DIRS_MAX;
	     base_count++)
		base_dirs[base_count] = dirs[base_count];
	if (trust_open(root_key ? root_key : "", trust) == TRUST_NO_ROOT)
		log_info("packages: %s", trust_reason());
	if (pkgstore_open(tree) != 0)
		return NULL;
	ready = true;
	return pkgstore_apps_dir();
}

void pkg_close(void)
{
	trust_close();
	pkgstore_close();
	ready = false;
}

/* ---- reading what the app downloaded -------------------------------------- */

static unsigned char *read_download(struct app *caller, const char *name,
				    size_t max, size_t *len, struct out *o)
{
	char err[256];
	unsigned char *buf = download_read(caller, name, max, len, err,
					   sizeof(err));

	if (!buf)
		say(o, "error %s", err);
	return buf;
}

/* ---- what a package may be ------------------------------------------------ */

static bool base_app(const char *name)
{
	char path[PATH_MAX];

	for (size_t i = 0; i < base_count; i++) {
		snprintf(path, sizeof(path), "%s/%s/vyoma.toml", base_dirs[i],
			 name);
		if (access(path, F_OK) == 0)
			return true;
	}
	return false;
}

static bool listed(const char (*list)[128], size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

static void add(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= cap)
		return;
	if (n)
		buf[n++] = ' ', buf[n] = '\0';
	va_start(ap, fmt);
	vsnprintf(buf + n, cap - n, fmt, ap);
	va_end(ap);
}

/*
 * What the new manifest may do that the old one may not, as words
 * separated by spaces ("network:example.org:80 files:/home=rw"); "" if
 * nothing. Limits (memory, CPU) are not permissions and are left out.
 */
static void widening(const struct manifest *old, const struct manifest *new,
		     char *buf, size_t cap)
{
	size_t i, j;

	buf[0] = '\0';
	for (i = 0; i < CAP_COUNT; i++)
		if (new->caps[i] && !old->caps[i])
			add(buf, cap, "%s", capability_name((enum capability)i));
	if (new->data_dir && !old->data_dir)
		add(buf, cap, "files:/data=rw");
	if (new->user > old->user)
		add(buf, cap, "files:home=%s",
		    new->user == USER_FILES_RW ? "rw" : "ro");
	for (i = 0; i < new->grant_count; i++) {
		const struct fs_grant *g = &new->grants[i];
		bool had = false;

		for (j = 0; j < old->grant_count; j++)
			had |= !strcmp(old->grants[j].guest_path,
				       g->guest_path) &&
			       !strcmp(old->grants[j].host_path,
				       g->host_path) &&
			       (old->grants[j].writable || !g->writable);
		if (!had)
			add(buf, cap, "files:%s=%s", g->guest_path,
			    g->writable ? "rw" : "ro");
	}
	for (i = 0; i < new->host_count; i++)
		if (!listed(old->hosts, old->host_count, new->hosts[i]))
			add(buf, cap, "connect:%s", new->hosts[i]);
	for (i = 0; i < new->listen_count; i++) {
		bool had = false;

		for (j = 0; j < old->listen_count; j++)
			had |= old->listen[j][0] <= new->listen[i][0] &&
			       new->listen[i][1] <= old->listen[j][1];
		if (!had)
			add(buf, cap, "listen:%u-%u", new->listen[i][0],
			    new->listen[i][1]);
	}
	for (i = 0; i < new->resolve_count; i++)
		if (!listed(old->resolve, old->resolve_count, new->resolve[i]))
			add(buf, cap, "resolve:%s", new->resolve[i]);
	if (new->caps[CAP_SHELL] && old->caps[CAP_SHELL] && !old->shell_all) {
		if (new->shell_all)
			add(buf, cap, "shell:all");
		for (i = 0; !new->shell_all && i < new->shell_count; i++) {
			bool had = false;

			for (j = 0; j < old->shell_count; j++)
				had |= !strcmp(old->shell[j], new->shell[i]);
			if (!had)
				add(buf, cap, "shell:%s", new->shell[i]);
		}
	}
	/* Files the person opens of a new type would be given to it. */
	for (i = 0; i < new->opens_count; i++)
		if (!manifest_opens(old, new->opens[i], strlen(new->opens[i])))
			add(buf, cap, "opens=%s", new->opens[i]);
	if (new->serves_everyone && !old->serves_everyone)
		add(buf, cap, "serves:everyone");
}

/*
 * Every rule past the signature: the archive's order, the manifest, the
 * name and version the index (or nothing, for a local file) gives, no
 * base app's name, no system capability.
 */
static int check_package(const struct vpk *v, const char *label,
			 const struct index_entry *want, struct manifest *m,
			 struct out *o)
{
	const struct vpk_member *mf = vpk_find(v, VPK_MANIFEST);
	char err[512], path[128];

	snprintf(path, sizeof(path), "%s:" VPK_MANIFEST, label);
	if (manifest_parse((const char *)v->bytes + mf->offset, mf->size,
			   path, m, err, sizeof(err)) != 0 ||
	    vpk_check_order(v, m->entry, err, sizeof(err)) != 0)
		return say(o, "error %s", err), -1;
	if (want && (strcmp(m->name, want->name) ||
		     strcmp(m->version, want->version)))
		return say(o, "error %s holds %s %s, not the index's %s %s",
			   label, m->name, m->version, want->name,
			   want->version), -1;
	if (base_app(m->name))
		return say(o, "error '%s' is the name of an app in the base "
			   "system", m->name), -1;
	for (size_t i = 0; i < sizeof(system_caps) / sizeof(system_caps[0]);
	     i++)
		if (m->caps[system_caps[i]])
			return say(o, "error %s asks for the %s capability, "
				   "which only the base system's apps have",
				   m->name, capability_name(system_caps[i])),
			       -1;
	return 0;
}

/* ---- the loaded app ------------------------------------------------------- */

/*
 * The loaded copy of an app about to change on disk: it must be down
 * (with no instance up); it is then retired, and no start loads it until
 * proc_change_end, so the next start loads what is on disk then. 0, or
 * -1 with why.
 */
static int release(const char *name, struct out *o)
{
	if (proc_change_begin(name) != 0)
		return say(o, "error '%s' is running: stop it first", name),
		       -1;
	return 0;
}

/* ---- the subcommands ------------------------------------------------------ */

static bool may_change(struct app *caller, struct out *o)
{
	if (session_is_admin(session_app_uid(caller)))
		return true;
	app_warn(caller, "pkg refused: its user is not an admin");
	say(o, "error permission denied: installing and removing apps is "
	    "for admins");
	return false;
}

static size_t cmd_update(struct app *caller, char **w, int n, struct out *o)
{
	unsigned char *cert, *index;
	size_t cert_len = 0, index_len = 0;
	char err[600];
	int rc;

	if (n != 3)
		return say(o, "error usage: pkg update <certificate> <index>");
	if (!may_change(caller, o))
		return o->len;
	cert = read_download(caller, w[1], SIGN_TEXT_MAX, &cert_len, o);
	index = cert ? read_download(caller, w[2], SIGN_TEXT_MAX, &index_len,
				     o) : NULL;
	if (!index) {
		free(cert);
		return o->len;
	}
	rc = trust_update((char *)cert, cert_len, (char *)index, index_len,
			  (uint64_t)time(NULL), err, sizeof(err));
	free(cert);
	free(index);
	if (rc < 0) {
		app_warn(caller, "pkg update refused: %s", err);
		return say(o, "error %s", err);
	}
	return say(o, "pkg %s version=%" PRIu64 " packages=%zu",
		   rc ? "updated" : "current", trust_index()->version,
		   trust_index()->count);
}

/* The index, fresh, or why not. */
static const struct index *usable_index(struct out *o)
{
	if (!trust_index())
		return say(o, "error %s", trust_reason()), NULL;
	if (!trust_fresh((uint64_t)time(NULL)))
		return say(o, "error the trusted index has expired: run pkg "
			   "update"), NULL;
	return trust_index();
}

static const char *installed_version(const char *name, struct manifest *m)
{
	uint8_t h[SIGN_HASH];

	return pkgstore_installed(name, m, h) == 0 ? m->version : "-";
}

static size_t cmd_available(struct app *caller, char **w, int n,
			    struct out *o)
{
	const struct index *ix = trust_index();
	struct manifest *m = malloc(sizeof(*m));
	size_t shown = 0;

	(void)w;
	if (n != 1)
		return free(m), say(o, "error usage: pkg available");
	if (!ix || !m)
		return free(m), say(o, "error %s", ix ? "out of memory" :
				    trust_reason());
	for (size_t i = 0; i < ix->count; i++, shown++) {
		const struct index_entry *e = &ix->entries[i];

		row(caller, "pkg available %s %s %s %" PRIu64 " %s %s",
		    e->name, e->version, e->category, e->length,
		    installed_version(e->name, m), e->description);
	}
	free(m);
	return say(o, "pkg end %zu", shown);
}

/* Rows of what an app may do, in words: pkg and the store print them. */
static void say_may(void *caller, const char *line)
{
	row(caller, "pkg may %s", line);
}

static void say_wider(void *caller, const char *line)
{
	row(caller, "pkg wider %s", line);
}

static size_t cmd_info(struct app *caller, char **w, int n, struct out *o)
{
	const struct index *ix = trust_index();
	const struct index_entry *e;
	struct manifest *m = malloc(sizeof(*m));

	if (n != 2)
		return free(m), say(o, "error usage: pkg info <name>");
	if (!ix || !m)
		return free(m), say(o, "error %s", ix ? "out of memory" :
				    trust_reason());
	e = index_find(ix, w[1]);
	if (!e)
		return free(m), say(o, "error no package '%s' in the index",
				    w[1]);
	row(caller, "pkg info %s %s %s %" PRIu64 " %s", e->name, e->version,
	    e->category, e->length, installed_version(e->name, m));
	row(caller, "pkg description %s", e->description);
	row(caller, "pkg capabilities %s", e->capabilities);
	free(m);
	return say(o, "pkg end %zu", 3 + capwords_describe(e->capabilities,
							     say_may, caller));
}

/*
 * Verified bytes of a package, whose SHA-256 is hash, installed (the end
 * of every install).
 */
static size_t install(struct app *caller, const unsigned char *data,
		      size_t len, const uint8_t hash[SIGN_HASH],
		      const char *label, const struct index_entry *want,
		      bool approved, struct out *o)
{
	struct manifest *m = malloc(sizeof(*m)), *old = malloc(sizeof(*old));
	uint8_t old_hash[SIGN_HASH];
	char err[512], wider[1024];
	enum pkgstore_result rc;
	struct vpk v;

	if (!m || !old) {
		say(o, "error out of memory");
		goto out;
	}
	if (vpk_parse(data, len, &v, err, sizeof(err)) != 0 ||
	    vpk_verify_signature(&v, trust_certificate()->key, err,
				 sizeof(err)) != 0) {
		say(o, "error %s: %s", label, err);
		goto out;
	}
	if (check_package(&v, label, want, m, o) != 0)
		goto out;
	if (pkgstore_installed(m->name, old, old_hash) == 0) {
		/* The same package again: nothing changes, and the loaded
		 * app stays (retired, it would keep its registry slot and
		 * its module for good). */
		if (!sodium_memcmp(hash, old_hash, SIGN_HASH)) {
			proc_installed(m->name);
			say(o, "pkg same %s %s", m->name, m->version);
			goto out;
		}
		widening(old, m, wider, sizeof(wider));
		if (wider[0] && !approved) {
			capwords_describe(wider, say_wider, caller);
			say(o, "error approval needed: %s %s asks for more "
			    "than %s: %s", m->name, m->version, old->version,
			    wider);
			goto out;
		}
	}
	if (release(m->name, o) != 0)
		goto out;
	rc = pkgstore_install(&v, m, hash, err, sizeof(err));
	proc_change_end();
	if (rc == PKGSTORE_FAILED) {
		say(o, "error %s", err);
		goto out;
	}
	if (rc != PKGSTORE_SAME)
		log_info("packages: %s %s %s by %s", m->name, m->version,
			 rc == PKGSTORE_UPGRADED ? "upgraded" : "installed",
			 caller->label);
	/* Loaded now, so the launcher lists it at once. */
	proc_installed(m->name);
	say(o, "pkg %s %s %s", rc == PKGSTORE_SAME ? "same" :
	    rc == PKGSTORE_UPGRADED ? "upgraded" : "installed", m->name,
	    m->version);
out:
	if (o->buf[0] == 'e')
		app_warn(caller, "pkg install refused: %s", o->buf + 6);
	free(m);
	free(old);
	return o->len;
}

/* install <name> <file> [approve]: a download checked against the index. */
static size_t cmd_install(struct app *caller, char **w, int n, struct out *o)
{
	const struct index_entry *e;
	const struct index *ix;
	unsigned char *data;
	uint8_t hash[SIGN_HASH];
	size_t len = 0;

	if (n < 3 || n > 4 || (n == 4 && strcmp(w[3], "approve")))
		return say(o, "error usage: pkg install <name> <file> "
			   "[approve]");
	if (!may_change(caller, o) || !(ix = usable_index(o)))
		return o->len;
	e = index_find(ix, w[1]);
	if (!e)
		return say(o, "error no package '%s' in the index", w[1]);
	data = read_download(caller, w[2], e->length, &len, o);
	if (!data) {
		if (strstr(o->buf, "is larger than"))
			say(o, "error %s is larger than the index says (%"
			    PRIu64 " bytes)", w[2], e->length);
		return o->len;
	}
	sign_sha256(data, len, hash);
	if (len == e->length && !sodium_memcmp(hash, e->sha256, SIGN_HASH)) {
		install(caller, data, len, hash, w[2], e, n == 4, o);
		free(data);
		return o->len;
	}
	if (len != e->length)
		say(o, "error %s is %zu bytes, the index says %" PRIu64,
		    w[2], len, e->length);
	else
		say(o, "error %s does not match the index's SHA-256", w[2]);
	free(data);
	app_warn(caller, "pkg install refused: %s", o->buf + 6);
	return o->len;
}

/* install-file <file> [approve]: a local package, signed by the trusted key. */
static size_t cmd_install_file(struct app *caller, char **w, int n,
			       struct out *o)
{
	unsigned char *data;
	uint8_t hash[SIGN_HASH];
	size_t len = 0;

	if (n < 2 || n > 3 || (n == 3 && strcmp(w[2], "approve")))
		return say(o, "error usage: pkg install-file <file> [approve]");
	if (!may_change(caller, o))
		return o->len;
	if (!trust_certificate())
		return say(o, "error %s", trust_reason());
	/* A key is the repository's only while its certificate lasts. */
	if (trust_certificate()->expires <= (uint64_t)time(NULL))
		return say(o, "error the repository's certificate has expired: "
			   "run pkg update");
	data = read_download(caller, w[1], VPK_FILE_MAX, &len, o);
	if (!data)
		return o->len;
	sign_sha256(data, len, hash);
	install(caller, data, len, hash, w[1], NULL, n == 3, o);
	free(data);
	return o->len;
}

static size_t cmd_remove(struct app *caller, char **w, int n, struct out *o)
{
	char err[256];
	bool base;
	int rc;

	if (n != 2)
		return say(o, "error usage: pkg remove <name>");
	if (!may_change(caller, o))
		return o->len;
	if (!pkgstore_has(w[1]))
		return say(o, "error '%s' is not installed", w[1]);
	/* A base app of that name (one that came after the package) is
	 * what loads under it: it stays. */
	base = base_app(w[1]);
	if (!base && release(w[1], o) != 0)
		return o->len;
	rc = pkgstore_remove(w[1], err, sizeof(err));
	if (!base)
		proc_change_end();
	if (rc != 0)
		return say(o, "error %s", err);
	log_info("packages: %s removed by %s", w[1], caller->label);
	return say(o, "pkg removed %s", w[1]);
}

struct walk {
	struct app *caller;
	struct manifest m;
	size_t bad, unverified;
	const char *only;
};

static int list_one(const char *name, void *arg)
{
	struct walk *k = arg;

	row(k->caller, "pkg installed %s %s", name,
	    installed_version(name, &k->m));
	return 0;
}

/* Did the trusted repository key sign this package (its key line)? */
static bool signed_by_trusted_key(const struct vpk *v)
{
	const struct vpk_member *sig = &v->members[v->count - 1];
	const char *text = (const char *)v->bytes + sig->offset;
	uint8_t key[SIGN_PUBLIC];
	size_t head = sizeof("vyoma-signature 1\nkey ") - 1;

	return trust_certificate() && !strcmp(sig->name, VPK_SIGNATURE) &&
	       sig->size > head + 2 * SIGN_PUBLIC &&
	       !memcmp(text, "vyoma-signature 1\nkey ", head) &&
	       sodium_hex2bin(key, sizeof(key), text + head, 2 * SIGN_PUBLIC,
			      NULL, NULL, NULL) == 0 &&
	       !sodium_memcmp(key, trust_certificate()->key, SIGN_PUBLIC);
}

/*
 * The installed files make, again, the package they came from: the one
 * the trusted index lists (its SHA-256), or one the trusted key signed;
 * so a file rewritten together with the record is found as well. 0 yes,
 * -1 damaged, 1 cannot tell (no signature kept, or a key no longer
 * trusted: installed before a rotation).
 */
static int signed_whole(const char *name, struct manifest *m, char *err,
			size_t errlen)
{
	const struct index_entry *e = trust_index() ?
		index_find(trust_index(), name) : NULL;
	struct vpk_writer w;
	uint8_t hash[SIGN_HASH], old[SIGN_HASH];
	struct vpk v;
	int rc = -1;

	if (pkgstore_rebuild(name, &w, err, errlen) != 0)
		return -1;
	sign_sha256(w.buf, w.len, hash);
	if (e && pkgstore_installed(name, m, old) == 0 &&
	    !strcmp(m->version, e->version) && w.len == e->length &&
	    !sodium_memcmp(hash, e->sha256, SIGN_HASH)) {
		rc = 0;
	} else if (vpk_parse(w.buf, w.len, &v, err, errlen) != 0) {
		rc = -1;
	} else if (!signed_by_trusted_key(&v)) {
		snprintf(err, errlen, "not signed by the repository key trusted "
			 "now");
		rc = 1;
	} else {
		rc = vpk_verify_signature(&v, trust_certificate()->key, err,
					  errlen);
	}
	vpk_writer_free(&w);
	return rc;
}

static int verify_one(const char *name, void *arg)
{
	struct walk *k = arg;
	char err[300];
	int rc;

	if (k->only && strcmp(name, k->only))
		return 0;
	if (pkgstore_verify(name, err, sizeof(err)) != 0) {
		k->bad++;
		row(k->caller, "pkg verify %s damaged: %s", name, err);
	} else if ((rc = signed_whole(name, &k->m, err, sizeof(err))) < 0) {
		k->bad++;
		row(k->caller, "pkg verify %s damaged: %s", name, err);
	} else if (rc > 0) {
		k->unverified++;
		row(k->caller, "pkg verify %s unverified: %s", name, err);
	} else {
		row(k->caller, "pkg verify %s ok", name);
	}
	return 0;
}

static size_t cmd_list(struct app *caller, char **w, int n, struct out *o)
{
	struct walk *k = calloc(1, sizeof(*k));
	size_t count;

	(void)w;
	if (n != 1 || !k)
		return free(k), say(o, "error usage: pkg list");
	k->caller = caller;
	count = pkgstore_each(list_one, k);
	free(k);
	return say(o, "pkg end %zu", count);
}

static size_t cmd_verify(struct app *caller, char **w, int n, struct out *o)
{
	struct walk *k = calloc(1, sizeof(*k));
	size_t count, bad, unverified;

	if (n > 2 || !k)
		return free(k), say(o, "error usage: pkg verify [name]");
	k->caller = caller;
	k->only = n == 2 ? w[1] : NULL;
	count = pkgstore_each(verify_one, k);
	bad = k->bad;
	unverified = k->unverified;
	free(k);
	if (n == 2 && !count)
		return say(o, "error '%s' is not installed", w[1]);
	return say(o, "pkg end %zu damaged=%zu unverified=%zu", count, bad,
		   unverified);
}

static const struct {
	const char *name;
	size_t (*run)(struct app *caller, char **w, int n, struct out *o);
} subcommands[] = {
	{ "update", cmd_update }, { "available", cmd_available },
	{ "info", cmd_info }, { "install", cmd_install },
	{ "install-file", cmd_install_file }, { "remove", cmd_remove },
	{ "list", cmd_list }, { "verify", cmd_verify },
};

size_t pkg_run(struct app *caller, const char *args, size_t len, char *out,
	       size_t cap)
{
	struct out o = { out, cap, 0 };
	char line[512], *w[WORDS_MAX + 1], *save = NULL;
	int n = 0;

	out[0] = '\0';
	if (len >= sizeof(line))
		return say(&o, "error pkg: the line is too long");
	memcpy(line, args, len);
	line[len] = '\0';
	for (char *t = strtok_r(line, " ", &save); t && n <= WORDS_MAX;
	     t = strtok_r(NULL, " ", &save))
		w[n++] = t;
	if (!n || n > WORDS_MAX)
		return say(&o, "error usage: pkg update|available|info|install"
			   "|install-file|remove|list|verify ...");
	if (!ready)
		return say(&o, "error packages are off on this system");
	for (size_t i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]);
	     i++) {
		if (strcmp(w[0], subcommands[i].name))
			continue;
		pthread_mutex_lock(&pkg_lock);
		subcommands[i].run(caller, w, n, &o);
		pthread_mutex_unlock(&pkg_lock);
		return o.len;
	}
	return say(&o, "error pkg: unknown subcommand '%s'", w[0]);
}
