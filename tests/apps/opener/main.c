/*
 * opener - the spawn API's streams for children: vy_open (a user file a
 * child gets as stdio), vy_exitfd (a descriptor that ends when a child
 * does) and vy_commands. What it sees goes to stdout for the test.
 *
 *   redirect        cmdprobe's output into a file; the file read back
 *   append          twice into the same file with VY_OPEN_APPEND
 *   input           a file as a child's stdin (cmdprobe cat)
 *   exitfd          a child blocked on a pipe; its exit fd, polled
 *   commands        the installed commands, as whole names
 *   hostile         every call with hostile arguments: the errnos
 *   hash-hostile    vyoma_hash with hostile arguments, then a fair hash
 *   supervise       vy_supervise fair and hostile (as opener-shell: ps only)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vyoma_process.h"
#include "vyoma_hash.h"

#define ARGV(...) ((const char *[]){ "x", __VA_ARGS__, NULL })

static int wait_for(uint32_t id)
{
	int status = -1;

	vy_wait(id, &status, 0);
	return status;
}

static void show_file(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	printf("%s: [%s]\n", path, buf);
	if (fd >= 0)
		close(fd);
}

static int redirect(int how, int times)
{
	for (int i = 0; i < times; i++) {
		int fd, rc = vy_open("/home/user/out.txt", how, &fd);
		uint32_t id;

		if (rc) {
			printf("open: %d\n", rc);
			return 1;
		}
		int io[3] = { -1, fd, -1 };

		rc = vy_spawn("cmdprobe", ARGV("args", "x"), NULL, NULL, io, &id);
		close(fd);
		printf("spawn %d status %d\n", rc, rc ? -1 : wait_for(id));
	}
	show_file("/home/user/out.txt");
	return 0;
}

static int input(void)
{
	int fd, rc = vy_open("/home/user/in.txt", VY_OPEN_READ, &fd);
	uint32_t id;

	if (rc) {
		printf("open: %d\n", rc);
		return 1;
	}
	int io[3] = { fd, 1, -1 };

	rc = vy_spawn("cmdprobe", ARGV("cat"), NULL, NULL, io, &id);
	close(fd);
	fflush(stdout);
	printf("\nstatus %d\n", rc ? -1 : wait_for(id));
	return 0;
}

static int exitfd(void)
{
	int p[2], efd, status = -1;
	uint32_t id;
	char c;
	struct pollfd pf;

	vy_pipe(p);
	int io[3] = { p[0], -1, -1 };

	vy_spawn("cmdprobe", ARGV("cat"), NULL, NULL, io, &id);
	close(p[0]);
	printf("exitfd %d\n", vy_exitfd(id, &efd));
	pf = (struct pollfd){ efd, POLLIN, 0 };
	printf("ready while it runs: %d\n", poll(&pf, 1, 50));
	printf("wait nohang while it runs: %d\n",
	       vy_wait(id, &status, VY_WAIT_NOHANG));
	close(p[1]);	/* its input ends, so it ends */
	pf.revents = 0;
	printf("ready after: %d\n", poll(&pf, 1, 10000));
	printf("read: %zd\n", read(efd, &c, 1));
	printf("wait: %d status %d\n", vy_wait(id, &status, VY_WAIT_NOHANG),
	       status);
	close(efd);
	printf("exitfd of a reaped child: %d\n", vy_exitfd(id, &efd));
	return 0;
}

static int commands(void)
{
	char small[16], *buf;
	size_t len = 0, n = 0;
	int rc = vy_commands(small, sizeof(small), &len);

	printf("small: %d, need %zu, first [%s]\n", rc, len,
	       len > sizeof(small) ? "cut" : small);
	buf = malloc(len);
	rc = vy_commands(buf, len, &len);
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1)
		n++;
	printf("all: %d, %zu names, first %s\n", rc, n, buf);
	return 0;
}

static int hostile(void)
{
	int32_t fd;
	uint32_t n;
	char big[5000];

	memset(big, 'a', sizeof(big));
	big[0] = '/';
	printf("path past memory: %d\n",
	       vy__open((const char *)0xFFFFFF00u, 200, 0, &fd));
	printf("path too long: %d\n", vy__open(big, sizeof(big), 0, &fd));
	printf("relative path: %d\n", vy__open("in.txt", 6, 0, &fd));
	printf("path with a NUL: %d\n",
	       vy__open("/home/user/in.txt\0x", 19, 0, &fd));
	printf("bad how: %d\n", vy__open("/home/user/in.txt", 17, 7, &fd));
	printf("fd past memory: %d\n",
	       vy__open("/home/user/in.txt", 17, 0, (int32_t *)0xFFFFFFFEu));
	printf("outside the user's files: %d\n", vy__open("/data/x", 7, 0, &fd));
	printf("dot-dot out: %d\n",
	       vy__open("/home/user/../../../etc/passwd", 30, 0, &fd));
	printf("symlink out: %d\n", vy__open("/home/user/escape", 17, 0, &fd));
	printf("a directory: %d\n", vy__open("/home/user", 10, 0, &fd));
	printf("a missing file: %d\n", vy__open("/home/user/nope", 15, 0, &fd));
	printf("/dev/null: %d\n", vy__open("/dev/null", 9, 1, &fd));
	printf("/dev/zero: %d\n", vy__open("/dev/zero", 9, 0, &fd));
	printf("exitfd of a stranger: %d\n", vy__exitfd(12345, &fd));
	printf("exitfd past memory: %d\n",
	       vy__exitfd(1, (int32_t *)0xFFFFFFFEu));
	printf("commands past memory: %d\n",
	       vy__commands((char *)0xFFFFFF00u, 4096, &n));
	printf("commands len past memory: %d\n",
	       vy__commands(big, 16, (uint32_t *)0xFFFFFFFEu));
	return 0;
}

static int hash_hostile(void)
{
	struct vy_sha256 h;
	uint8_t d[32];

	memset(&h, 0xff, sizeof(h));	/* a state of garbage */
	printf("update on garbage: %d\n", vy_sha256_update(&h, "abc", 3));
	printf("final on garbage: %d\n", vy_sha256_final(&h, d));
	printf("state past memory: %d\n",
	       vy__sha256_init((struct vy_sha256 *)0xFFFFFFF0u));
	vy_sha256_init(&h);
	printf("data past memory: %d\n",
	       vy__sha256_update(&h, (void *)0xFFFF0000u, 0x20000));
	printf("length wraps: %d\n",
	       vy__sha256_update(&h, "abc", 0xFFFFFFFFu));
	printf("digest past memory: %d\n",
	       vy__sha256_final(&h, (uint8_t *)0xFFFFFFF0u));
	vy_sha256_init(&h);
	vy_sha256_update(&h, "abc", 3);
	vy_sha256_final(&h, d);
	printf("abc: %02x%02x%02x%02x\n", d[0], d[1], d[2], d[3]);
	return 0;
}

static int supervise(void)
{
	char out[8192], tiny[8];
	size_t len = 0;
	uint32_t n;
	int rc = vy_supervise("ps", out, sizeof(out), &len);

	printf("ps: %d, %s\n", rc, !rc && !strncmp(out, "ps ", 3) ? "rows" : "?");
	rc = vy_supervise("ps", tiny, sizeof(tiny), &len);
	printf("ps into 8 bytes: %d, need more: %d\n", rc, len > sizeof(tiny));
	rc = vy_supervise("kill opener-shell", out, sizeof(out), &len);
	out[len < sizeof(out) ? len : 0] = '\0';
	printf("kill: %d, %s", rc, out);
	printf("line past memory: %d\n",
	       vy__supervise((const char *)0xFFFFFF00u, 200, out, 64, &n));
	printf("line too long: %d\n", vy__supervise(out, 5000, out, 64, &n));
	printf("line with a newline: %d\n",
	       vy__supervise("ps\nkill x", 9, out, 64, &n));
	printf("line with a NUL: %d\n", vy__supervise("ps\0kill", 7, out, 64, &n));
	printf("out past memory: %d\n",
	       vy__supervise("ps", 2, (char *)0xFFFFFF00u, 4096, &n));
	printf("len past memory: %d\n",
	       vy__supervise("ps", 2, out, 64, (uint32_t *)0xFFFFFFFEu));
	return 0;
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(m, "redirect"))
		return redirect(VY_OPEN_WRITE, 2);
	if (!strcmp(m, "append"))
		return redirect(VY_OPEN_APPEND, 2);
	if (!strcmp(m, "input"))
		return input();
	if (!strcmp(m, "exitfd"))
		return exitfd();
	if (!strcmp(m, "commands"))
		return commands();
	if (!strcmp(m, "hostile"))
		return hostile();
	if (!strcmp(m, "hash-hostile"))
		return hash_hostile();
	if (!strcmp(m, "supervise"))
		return supervise();
	fprintf(stderr, "opener: unknown mode\n");
	return 2;
}
