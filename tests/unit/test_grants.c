/*
 * test_grants.c - which directories a grant may name: only under the
 * allowed roots, after symlinks are resolved, and never the supervisor's
 * own directories, anything inside them or anything above them; and the
 * opener that refuses a path whose components are no longer real
 * directories.
 */
#include "check.h"
#include "grants.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[PATH_MAX / 2];

static void path(char *out, const char *rel)
{
	snprintf(out, PATH_MAX, "%s/%s", root, rel);
}

static void make_dir(const char *rel)
{
	char p[PATH_MAX];

	path(p, rel);
	mkdir(p, 0755);
}

static int check(const char *rel, char *why)
{
	char p[PATH_MAX], resolved[PATH_MAX];

	path(p, rel);
	return grants_check(p, resolved, why, 512);
}

int main(void)
{
	char tmpl[] = "/tmp/vyoma-grants-XXXXXX", p[PATH_MAX], q[PATH_MAX];
	char full[PATH_MAX];
	char why[512], resolved[PATH_MAX];
	int fd;

	CHECK(mkdtemp(tmpl) != NULL);
	CHECK(realpath(tmpl, full) != NULL);
	snprintf(root, sizeof(root), "%.*s", (int)sizeof(root) - 1, full);
	make_dir("home");
	make_dir("home/alice");
	make_dir("home/alice/music");
	make_dir("data");
	make_dir("data/notes");
	make_dir("cache");
	make_dir("elsewhere");

	path(p, "home");
	CHECK_INT(grants_add_root(p), 0);
	path(p, "data");
	grants_forbid(p);
	path(p, "cache");
	grants_forbid(p);
	path(p, "cache.key");
	grants_forbid(p);

	CHECK_INT(check("home/alice/music", why), 0);
	CHECK_INT(check("home", why), 0);
	/* Outside every root. */
	CHECK_INT(check("elsewhere", why), -1);
	CHECK(strstr(why, "is outside the directories grants may name") != NULL);
	/* The data root, inside it, above it. */
	CHECK_INT(check("data", why), -1);
	CHECK(strstr(why, "reaches the supervisor's own") != NULL);
	CHECK_INT(check("data/notes", why), -1);
	CHECK_INT(check("", why), -1);		/* the tree holding all */
	/* Not a directory, or not there. */
	CHECK_INT(check("nosuch", why), -1);
	CHECK(strstr(why, "is not a directory") != NULL);
	/* A symlink is judged by where it leads. */
	path(p, "home/alice/sneaky");
	path(q, "data/notes");
	CHECK_INT(symlink(q, p), 0);
	CHECK_INT(check("home/alice/sneaky", why), -1);
	CHECK(strstr(why, "reaches the supervisor's own") != NULL);
	path(p, "home/alice/fine");
	path(q, "home/alice/music");
	CHECK_INT(symlink(q, p), 0);
	CHECK_INT(check("home/alice/fine", why), 0);
	/* ".." cannot climb out either (realpath). */
	CHECK_INT(check("home/alice/../../data", why), -1);

	/* The opener: real directories only, no link in any component. */
	path(p, "home/alice/music");
	fd = grants_open_dir(p);
	CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
	path(p, "home/alice/fine");
	errno = 0;
	CHECK_INT(grants_open_dir(p), -1);
	CHECK(errno == ELOOP || errno == ENOTDIR);
	path(p, "home/alice/fine/x");
	CHECK_INT(grants_open_dir(p), -1);
	CHECK_INT(grants_open_dir("relative/path"), -1);
	/* A checked path whose directory is swapped for a link after the
	 * check is refused when opened. */
	CHECK_INT(check("home/alice/music", why), 0);
	path(p, "home/alice/music");
	path(q, "home/alice/music.real");
	CHECK_INT(rename(p, q), 0);
	path(q, "data/notes");
	CHECK_INT(symlink(q, p), 0);
	CHECK_INT(grants_open_dir(p), -1);

	/* With no roots given, the defaults apply: /tmp is one, but the
	 * supervisor's own directories stay out of reach. */
	grants_reset();
	path(p, "data");
	grants_forbid(p);
	CHECK_INT(grants_check(root, resolved, why, sizeof(why)), -1);
	path(p, "elsewhere");
	CHECK_INT(grants_check(p, resolved, why, sizeof(why)),
		  strncmp(root, "/tmp/", 5) == 0 ? 0 : -1);
	CHECK_INT(grants_check("/etc", resolved, why, sizeof(why)), -1);
	CHECK_INT(grants_check("/", resolved, why, sizeof(why)), -1);

	snprintf(p, sizeof(p), "rm -rf '%s'", root);
	CHECK_INT(system(p), 0);
	return check_summary("grants");
}
