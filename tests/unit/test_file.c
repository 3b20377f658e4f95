/*
 * test_file.c - bounded whole-file reads: contents, a missing file, a
 * file over the bound, and the messages for each; and directories made
 * with their parents.
 */
#include "check.h"
#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	char path[] = "/tmp/vyoma-test-file-XXXXXX", err[256];
	int fd = mkstemp(path);
	size_t len = 0;
	char *buf;

	CHECK(fd >= 0);
	CHECK(write(fd, "hello\0world", 11) == 11);
	close(fd);

	buf = file_read(path, 11, &len);
	CHECK(buf != NULL);
	CHECK_INT(len, 11);
	CHECK(buf && memcmp(buf, "hello\0world", 12) == 0);	/* and a NUL */
	free(buf);

	errno = 0;
	CHECK(file_read(path, 10, &len) == NULL);
	CHECK_INT(errno, EFBIG);
	file_error(path, 10, err, sizeof(err));
	CHECK(strstr(err, ": larger than 10 bytes") != NULL);
	errno = EFBIG;
	file_error("x.toml", FILE_SMALL_MAX, err, sizeof(err));
	CHECK_STR(err, "x.toml: larger than 1 MiB");

	CHECK(file_read("/nonexistent/vyoma", 100, &len) == NULL);
	CHECK_INT(errno, ENOENT);
	file_error("/nonexistent/vyoma", 100, err, sizeof(err));
	CHECK_STR(err, "/nonexistent/vyoma: No such file or directory");

	unlink(path);

	/* A FIFO (or anything but a regular file) is refused, not waited
	 * on; a symlink is refused by file_read_at. */
	{
		char dir[] = "/tmp/vyoma-test-dir-XXXXXX", p[128];
		int dfd, vfd;

		CHECK(mkdtemp(dir) != NULL);
		snprintf(p, sizeof(p), "%s/fifo", dir);
		CHECK_INT(mkfifo(p, 0600), 0);
		errno = 0;
		CHECK(file_read(p, 100, &len) == NULL);
		CHECK_INT(errno, EINVAL);
		file_error(p, 100, err, sizeof(err));
		CHECK(strstr(err, ": not a regular file") != NULL);
		CHECK(file_read(dir, 100, &len) == NULL);
		dfd = open(dir, O_RDONLY | O_DIRECTORY);
		snprintf(p, sizeof(p), "%s/victim", dir);
		vfd = open(p, O_WRONLY | O_CREAT, 0600);
		CHECK(write(vfd, "precious", 8) == 8);
		close(vfd);
		CHECK_INT(symlinkat(p, dfd, "link"), 0);
		CHECK(file_read_at(dfd, "link", 100, &len) == NULL);
		CHECK_INT(errno, ELOOP);
		/* Writing over a planted link or FIFO replaces it. */
		CHECK_INT(file_write_atomic_at(dfd, "link", "new", 3, 0644), 0);
		CHECK_INT(file_write_atomic_at(dfd, "fifo", "new", 3, 0644), 0);
		buf = file_read(p, 100, &len);
		CHECK(buf && strcmp(buf, "precious") == 0);
		free(buf);
		buf = file_read_at(dfd, "fifo", 100, &len);
		CHECK(buf && strcmp(buf, "new") == 0);
		free(buf);
		buf = file_read_at(dfd, "link", 100, &len);
		CHECK(buf && strcmp(buf, "new") == 0);
		free(buf);
		/* No temporary file is left behind: fifo, link, victim. */
		{
			DIR *d = fdopendir(dup(dfd));
			int entries = 0;

			while (d && readdir(d))
				entries++;
			if (d)
				closedir(d);
			CHECK_INT(entries, 3 + 2);	/* with . and .. */
		}
		snprintf(p, sizeof(p), "rm -r '%s'", dir);
		close(dfd);
		CHECK_INT(system(p), 0);
	}
	/* mkdir -p: every parent, made once; an existing one is fine; a
	 * file in the way or a name too long is an error. */
	{
		char dir[] = "/tmp/vyoma-test-mkdirs-XXXXXX", p[512];
		static char longname[5000];
		struct stat st;

		CHECK(mkdtemp(dir) != NULL);
		snprintf(p, sizeof(p), "%s/a/b/c", dir);
		CHECK_INT(file_mkdirs(p, 0700), 0);
		CHECK(stat(p, &st) == 0 && S_ISDIR(st.st_mode) &&
		      (st.st_mode & 0777) == 0700);
		CHECK_INT(file_mkdirs(p, 0700), 0);
		snprintf(p, sizeof(p), "%s/a/f", dir);
		close(open(p, O_CREAT | O_WRONLY, 0600));
		snprintf(p, sizeof(p), "%s/a/f/g", dir);
		CHECK_INT(file_mkdirs(p, 0700), -1);
		memset(longname, 'x', sizeof(longname) - 1);
		longname[0] = '/';
		CHECK_INT(file_mkdirs(longname, 0700), -1);
		CHECK_INT(errno, ENAMETOOLONG);
		snprintf(p, sizeof(p), "rm -r '%s'", dir);
		CHECK_INT(system(p), 0);
	}
	return check_summary("file");
}
