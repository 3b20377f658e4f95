/*
 * test_file.c - bounded whole-file reads: contents, a missing file, a
 * file over the bound, and the messages for each.
 */
#include "check.h"
#include "file.h"

#include <errno.h>
#include <stdlib.h>
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
	return check_summary("file");
}
