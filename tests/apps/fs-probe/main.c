/*
 * fs-probe - tries every way out of its filesystem grants and prints
 * "ok <what>" or "denied <what>" for each, so the test can check both the
 * verdicts and, on the host, that nothing outside the grants changed.
 * Grants: its own /data (rw), /shared (ro), /scratch (rw).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "vyoma.h"

static void verdict(int ok, const char *what)
{
	vy_log(ok ? "ok " : "denied ");
	vy_print(what);
}

static int try_write(const char *path, int flags)
{
	int fd = open(path, O_WRONLY | flags, 0644);
	int ok;

	if (fd < 0)
		return 0;
	ok = write(fd, "hacked\n", 7) == 7;
	close(fd);
	return ok;
}

static int try_read(const char *path)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	int ok;

	if (fd < 0)
		return 0;
	ok = read(fd, buf, sizeof(buf)) >= 0;
	close(fd);
	return ok;
}

int main(void)
{
	verdict(try_write("/data/own.txt", O_CREAT | O_TRUNC), "write own data");
	verdict(try_read("/shared/readme.txt"), "read ro grant");
	verdict(try_write("/shared/readme.txt", O_TRUNC), "overwrite ro grant");
	verdict(try_write("/shared/readme.txt", O_APPEND), "append ro grant");
	verdict(try_write("/shared/new.txt", O_CREAT), "create in ro grant");
	verdict(unlink("/shared/readme.txt") == 0, "unlink in ro grant");
	verdict(rename("/shared/readme.txt", "/shared/moved.txt") == 0,
		"rename in ro grant");
	verdict(mkdir("/shared/dir", 0755) == 0, "mkdir in ro grant");
	verdict(rename("/shared/readme.txt", "/scratch/stolen.txt") == 0,
		"move out of ro grant");
	verdict(try_write("/scratch/out.txt", O_CREAT | O_TRUNC), "write rw grant");
	verdict(try_read("/data/../victim/secret.txt"), "dotdot to another app");
	verdict(try_read("/data/../../outside/secret.txt"), "dotdot out of data");
	verdict(try_read("/shared/../outside/secret.txt"), "dotdot out of grant");
	verdict(try_read("/data/escape"), "absolute symlink out");
	verdict(try_read("/data/escape-rel"), "relative symlink out");
	verdict(try_read("/data/escape-dir/secret.txt"), "symlinked dir out");
	verdict(try_write("/data/escape", O_TRUNC), "write through symlink");
	verdict(symlink("../../outside/secret.txt", "/data/mylink") == 0 &&
		try_read("/data/mylink"), "own symlink out");
	verdict(try_read("/etc/passwd"), "read host file");
	verdict(try_read("/victim/secret.txt"), "read another app's data");
	vy_print("probe done");
	return 0;
}
