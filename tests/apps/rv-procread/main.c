/*
 * rv-procread - granted /proc (possible only with --grant-root /proc or
 * --grant-root /, e.g. a developer who opens everything up): reads the
 * supervisor's own memory map and status through /proc/self (and, with mode = "rw",
 * could write /proc/self/mem: code execution in PID 1). The
 * grant policy checks paths against roots and the supervisor's
 * directories, never what kind of file system a grant is.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "vyoma.h"

static void show(const char *path)
{
	char buf[200];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	vy_log(path);
	if (fd < 0) {
		vy_print(": denied");
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\n' || buf[i] == '\0')
			buf[i] = ' ';
	vy_log(": ");
	vy_print(buf);
}

int main(void)
{
	show("/host-proc/self/maps");
	show("/host-proc/self/status");
	show("/host-proc/self/cmdline");
	return 0;
}
