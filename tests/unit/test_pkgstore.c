/*
 * test_pkgstore.c - the installed-apps tree: install, upgrade, remove,
 * verify; and a power cut (the process ending) at every step of an
 * install and of an upgrade, after which the app is the old version or
 * the new one, whole, and nothing else is left on disk.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "file.h"
#include "pkgstore.h"


#define STEPS 5

struct pkg {
	struct vpk_writer w;
	struct vpk v;
	struct manifest m;
	uint8_t sha256[SIGN_HASH];
};

static void make_pkg(struct pkg *p, const char *version, const char *module)
{
	char toml[512], err[256];

	memset(p, 0, sizeof(*p));
	snprintf(toml, sizeof(toml), "[app]\nname = \"notes\"\nversion = "
		 "\"%s\"\nentry = \"notes.wasm\"\ndescription = \"Notes\"\n"
		 "category = \"productivity\"\n\n[capabilities]\nstdio = "
		 "true\n", version);
	CHECK_INT(vpk_add(&p->w, VPK_MANIFEST, toml, strlen(toml)), 0);
	CHECK_INT(vpk_add(&p->w, "notes.wasm", module, strlen(module)), 0);
	CHECK_INT(vpk_add(&p->w, "readme.txt", "hi\n", 3), 0);
	CHECK_INT(vpk_finish(&p->w), 0);
	CHECK_INT(vpk_parse(p->w.buf, p->w.len, &p->v, err, sizeof(err)), 0);
	CHECK_INT(manifest_parse(toml, strlen(toml), "notes", &p->m, err,
				 sizeof(err)), 0);
	sign_sha256(p->w.buf, p->w.len, p->sha256);
}

static char root[256];

static size_t count_entries(const char *sub, bool dotted)
{
	char path[512];
	struct dirent *e;
	size_t n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", root, sub);
	d = opendir(path);
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n += !dotted || e->d_name[0] == '.';
	if (d)
		closedir(d);
	return n;
}

/* Installed: which version, verified whole; "" if not installed. */
static const char *installed_version(void)
{
	static struct manifest m;
	uint8_t h[SIGN_HASH];
	char err[256];

	if (pkgstore_installed("notes", &m, h) != 0)
		return "";
	CHECK_INT(pkgstore_verify("notes", err, sizeof(err)), 0);
	return m.version;
}

static void test_install_upgrade_remove(void)
{
	struct pkg one, two;
	char err[256], path[512];
	size_t len;
	char *text;

	make_pkg(&one, "1.0", "module one");
	make_pkg(&two, "2.0", "module two");
	CHECK_INT(pkgstore_open(root), 0);
	CHECK_STR(installed_version(), "");
	CHECK_INT(pkgstore_install(&one.v, &one.m, one.sha256, err,
				   sizeof(err)), PKGSTORE_INSTALLED);
	CHECK_STR(installed_version(), "1.0");
	snprintf(path, sizeof(path), "%s/notes/notes.wasm",
		 pkgstore_apps_dir());
	text = file_read(path, 1024, &len);
	CHECK_STR(text, "module one");
	free(text);
	CHECK_INT(pkgstore_install(&one.v, &one.m, one.sha256, err,
				   sizeof(err)), PKGSTORE_SAME);
	CHECK_INT(pkgstore_install(&two.v, &two.m, two.sha256, err,
				   sizeof(err)), PKGSTORE_UPGRADED);
	CHECK_STR(installed_version(), "2.0");
	CHECK_INT(count_entries("store", false), 1);	/* 1.0 is gone */

	/* A changed, a missing and an added file are each found. */
	snprintf(path, sizeof(path), "%s/notes/readme.txt",
		 pkgstore_apps_dir());
	CHECK_INT(check_put_file(path, "ho\n", 3), 0);
	CHECK_INT(pkgstore_verify("notes", err, sizeof(err)), -1);
	CHECK(strstr(err, "readme.txt has changed") != NULL);
	CHECK_INT(check_put_file(path, "hi\n", 3), 0);
	CHECK_INT(pkgstore_verify("notes", err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/notes/extra", pkgstore_apps_dir());
	CHECK_INT(check_put_file(path, "x", 1), 0);
	CHECK_INT(pkgstore_verify("notes", err, sizeof(err)), -1);
	CHECK(strstr(err, "holds 4 files") != NULL);
	unlink(path);
	snprintf(path, sizeof(path), "%s/notes/notes.wasm",
		 pkgstore_apps_dir());
	unlink(path);
	CHECK_INT(pkgstore_verify("notes", err, sizeof(err)), -1);

	CHECK_INT(pkgstore_remove("notes", err, sizeof(err)), 0);
	CHECK_STR(installed_version(), "");
	CHECK_INT(count_entries("store", false), 0);
	CHECK_INT(pkgstore_remove("notes", err, sizeof(err)), -1);
	CHECK(strstr(err, "not installed") != NULL);
	CHECK_INT(pkgstore_remove("../x", err, sizeof(err)), -1);
	CHECK_INT(pkgstore_verify("notes", err, sizeof(err)), -1);
	vpk_writer_free(&one.w);
	vpk_writer_free(&two.w);
}

static void test_hostile_names(void)
{
	struct pkg p;
	char err[256];

	make_pkg(&p, "1.0", "m");
	CHECK_INT(pkgstore_open(root), 0);
	snprintf(p.m.version, sizeof(p.m.version), "../../x");
	CHECK_INT(pkgstore_install(&p.v, &p.m, p.sha256, err, sizeof(err)),
		  PKGSTORE_FAILED);
	snprintf(p.m.version, sizeof(p.m.version), ".hidden");
	CHECK_INT(pkgstore_install(&p.v, &p.m, p.sha256, err, sizeof(err)),
		  PKGSTORE_FAILED);
	snprintf(p.m.version, sizeof(p.m.version), "1.0");
	snprintf(p.m.name, sizeof(p.m.name), "a/b");
	CHECK_INT(pkgstore_install(&p.v, &p.m, p.sha256, err, sizeof(err)),
		  PKGSTORE_FAILED);
	CHECK_INT(count_entries("store", false), 0);
	CHECK_INT(count_entries("apps", false), 0);
	vpk_writer_free(&p.w);
}

static void plant_link(const char *target, const char *sub, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s/%s", root, sub, name);
	CHECK_INT(symlink(target, path), 0);
}

/*
 * What someone put in the tree by hand: links out of it, one to a link
 * out of it, one shorter than "../store/" (bytes past its end were read:
 * valgrind showed it), and a file. None is an installed app, and the
 * next start's sweep unlinks each without following it.
 */
static void test_planted_entries(void)
{
	char victim[300], keep[320], path[512];
	struct pkg p;
	char err[256];

	make_pkg(&p, "1.0", "m");
	snprintf(victim, sizeof(victim), "%s-victim", root);
	snprintf(keep, sizeof(keep), "%s/keep", victim);
	CHECK_INT(file_mkdirs(victim, 0755), 0);
	CHECK_INT(check_put_file(keep, "x", 1), 0);
	CHECK_INT(pkgstore_open(root), 0);
	CHECK_INT(pkgstore_install(&p.v, &p.m, p.sha256, err, sizeof(err)),
		  PKGSTORE_INSTALLED);
	plant_link(victim, "apps", "out");
	plant_link("ab", "apps", "short");
	plant_link("../store/evil", "apps", "via");
	plant_link(victim, "store", "evil");
	plant_link(victim, "store", "loose");
	snprintf(path, sizeof(path), "%s/apps/file", root);
	CHECK_INT(check_put_file(path, "x", 1), 0);
	CHECK(!pkgstore_has("short"));
	CHECK(!pkgstore_has("out"));
	CHECK(!pkgstore_has("file"));
	CHECK(!pkgstore_has("../apps/notes"));
	CHECK(pkgstore_has("notes"));
	CHECK_INT(pkgstore_remove("short", err, sizeof(err)), -1);
	CHECK_INT(pkgstore_remove("out", err, sizeof(err)), -1);

	CHECK_INT(pkgstore_open(root), 0);	/* the sweep */
	CHECK_INT(count_entries("apps", false), 1);
	CHECK_INT(count_entries("store", false), 1);
	CHECK_STR(installed_version(), "1.0");
	CHECK(access(keep, F_OK) == 0);
	file_remove_tree(victim);
	vpk_writer_free(&p.w);
}

static void cut(int step)
{
	static int at;

	if (step < 0)
		at = -step;
	else if (step == at)
		_exit(0);
}

/* Ends the process at step k of installing p, as a power cut would. */
static void install_cut_at(struct pkg *p, int k)
{
	char err[256];
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		cut(-k);
		pkgstore_step_hook = cut;
		pkgstore_install(&p->v, &p->m, p->sha256, err, sizeof(err));
		_exit(1);	/* the step was never reached */
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
}

static void test_power_cut_at_every_step(void)
{
	struct pkg one, two;
	char err[256];

	make_pkg(&one, "1.0", "module one");
	make_pkg(&two, "2.0", "module two");
	for (int k = 1; k <= STEPS; k++) {
		/* A first install: nothing, or the app whole. */
		file_remove_tree(root);
		CHECK_INT(pkgstore_open(root), 0);
		install_cut_at(&one, k);
		CHECK_INT(pkgstore_open(root), 0);	/* the next boot */
		CHECK_STR(installed_version(), k < 5 ? "" : "1.0");
		CHECK_INT(count_entries("store", false), k < 5 ? 0 : 1);
		CHECK_INT(count_entries("apps", true), 0);

		/* An upgrade: the old version or the new one. */
		file_remove_tree(root);
		CHECK_INT(pkgstore_open(root), 0);
		CHECK_INT(pkgstore_install(&one.v, &one.m, one.sha256, err,
					   sizeof(err)), PKGSTORE_INSTALLED);
		install_cut_at(&two, k);
		CHECK_INT(pkgstore_open(root), 0);
		CHECK_STR(installed_version(), k < 5 ? "1.0" : "2.0");
		CHECK_INT(count_entries("store", false), 1);
		CHECK_INT(count_entries("apps", true), 0);
		/* And the interrupted upgrade can be done again. */
		CHECK(pkgstore_install(&two.v, &two.m, two.sha256, err,
				       sizeof(err)) != PKGSTORE_FAILED);
		CHECK_STR(installed_version(), "2.0");
	}
	vpk_writer_free(&one.w);
	vpk_writer_free(&two.w);
}

int main(void)
{
	snprintf(root, sizeof(root), "/tmp/vyoma-pkgstore-%d", getpid());
	test_install_upgrade_remove();
	file_remove_tree(root);
	test_hostile_names();
	file_remove_tree(root);
	test_planted_entries();
	file_remove_tree(root);
	test_power_cut_at_every_step();
	pkgstore_close();
	file_remove_tree(root);
	return check_summary("pkgstore");
}
