/*
 * grants.c - the grant policy and the no-follow opener (grants.h).
 */
#include "grants.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

static const char *const default_roots[] = {
	"/home", "/srv", "/media", "/mnt", "/tmp", "/var/tmp", NULL,
};

static char roots[GRANTS_MAX_ROOTS][PATH_MAX];
static size_t root_count;
static bool roots_set;
static char forbidden[GRANTS_MAX_FORBIDDEN][PATH_MAX];
static size_t forbidden_count;

/* path resolved if it exists, else as given. */
static void canonical(const char *path, char out[PATH_MAX])
{
	if (!realpath(path, out))
		snprintf(out, PATH_MAX, "%s", path);
}

int grants_add_root(const char *dir)
{
	if (!roots_set) {
		root_count = 0;
		roots_set = true;
	}
	if (root_count == GRANTS_MAX_ROOTS || dir[0] != '/')
		return -1;
	canonical(dir, roots[root_count++]);
	return 0;
}

void grants_forbid(const char *path)
{
	if (forbidden_count < GRANTS_MAX_FORBIDDEN && path && path[0])
		canonical(path, forbidden[forbidden_count++]);
}

void grants_reset(void)
{
	root_count = forbidden_count = 0;
	roots_set = false;
}

/* Is a inside b (or b itself)? Both canonical. */
static bool within(const char *a, const char *b)
{
	size_t n = strlen(b);

	if (strcmp(b, "/") == 0)
		return true;
	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

static bool under_a_root(const char *path)
{
	size_t i;

	if (!roots_set) {
		for (i = 0; default_roots[i]; i++) {
			char root[PATH_MAX];

			canonical(default_roots[i], root);
			if (within(path, root))
				return true;
		}
		return false;
	}
	for (i = 0; i < root_count; i++)
		if (within(path, roots[i]))
			return true;
	return false;
}

static void list_roots(char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; roots_set ? i < root_count : default_roots[i] != NULL;
	     i++)
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s",
				      i ? ", " : "",
				      roots_set ? roots[i] : default_roots[i]);
}

/*
 * File systems that are windows into the kernel or into processes (the
 * supervisor's own memory is /proc/1/mem): never an app's, whatever the
 * roots say. Devices live in /dev, a tmpfs by type, so it goes by path.
 */
static bool kernel_view(const char *resolved)
{
	static const long magics[] = {
		0x9fa0,		/* proc */
		0x62656572,	/* sysfs */
		0x1cd1,		/* devpts */
		0x64626720,	/* debugfs */
		0x74726163,	/* tracefs */
		0x73636673,	/* securityfs */
		0x27e0eb,	/* cgroup */
		0x63677270,	/* cgroup2 */
		(long)0xcafe4a11, /* bpf */
		0x6e736673,	/* nsfs */
		0x42494e4d,	/* binfmt_misc */
		0x67596969,	/* rpc_pipefs */
		0x6165676c,	/* pstore */
		(long)0xde5e81e4, /* efivarfs */
		0x19800202,	/* mqueue */
		0x50495045,	/* pipefs */
		0x534f434b,	/* sockfs */
	};
	struct statfs fs;
	size_t i;

	if (within(resolved, "/dev") || within(resolved, "/proc") ||
	    within(resolved, "/sys"))
		return true;
	if (statfs(resolved, &fs) != 0)
		return true;
	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if ((long)fs.f_type == magics[i])
			return true;
	return false;
}

int grants_check(const char *host_path, char *resolved, char *why,
		 size_t whylen)
{
	struct stat st;
	char list[256];
	size_t i;

	if (!realpath(host_path, resolved) || stat(resolved, &st) != 0 ||
	    !S_ISDIR(st.st_mode)) {
		snprintf(why, whylen, "its filesystem grant %s is not a "
			 "directory on this system", host_path);
		return -1;
	}
	if (kernel_view(resolved)) {
		snprintf(why, whylen, "its filesystem grant %s (%s) is a view "
			 "into the kernel or its processes; no app may be "
			 "granted that", host_path, resolved);
		return -1;
	}
	for (i = 0; i < forbidden_count; i++) {
		if (within(resolved, forbidden[i]) ||
		    within(forbidden[i], resolved)) {
			snprintf(why, whylen, "its filesystem grant %s reaches "
				 "the supervisor's own %s; no app may be "
				 "granted that", host_path, forbidden[i]);
			return -1;
		}
	}
	if (!under_a_root(resolved)) {
		list_roots(list, sizeof(list));
		snprintf(why, whylen, "its filesystem grant %s (%s) is outside "
			 "the directories grants may name (%s)", host_path,
			 resolved, list);
		return -1;
	}
	return 0;
}

int grants_open_dir(const char *resolved)
{
	char copy[PATH_MAX];
	char *part, *save = NULL;
	int fd, next;

	if (resolved[0] != '/' ||
	    snprintf(copy, sizeof(copy), "%s", resolved) >= (int)sizeof(copy)) {
		errno = EINVAL;
		return -1;
	}
	fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	for (part = strtok_r(copy, "/", &save); part && fd >= 0;
	     part = strtok_r(NULL, "/", &save)) {
		next = openat(fd, part, O_PATH | O_DIRECTORY | O_NOFOLLOW |
			      O_CLOEXEC);
		close(fd);
		fd = next;
	}
	return fd;
}
