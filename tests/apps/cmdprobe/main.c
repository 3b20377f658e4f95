/*
 * cmdprobe - a command app for the process tests: argv[1] says what to
 * do, and what it finds is printed so the test can compare it with what
 * `wasmtime run` gives the same program.
 *
 *   args               argv and the environment, one per line
 *   cat                stdin to stdout, byte for byte; the count on stderr
 *   exit N             exits with status N
 *   trap               traps
 *   streams            "out" on stdout, "err" on stderr, no newlines
 *   renumber FILE      moves a new FILE onto stdout, then prints to it
 *   close-stdout       closes stdout, then writes to it
 *   read-errors DIR FILE  what read() says of a directory (a one-byte
 *                      and a large buffer, a count pointer outside
 *                      memory), a closed descriptor and a write-only FILE
 *   clocks             the CPU-time clocks' resolution and time agree
 *   ls DIR             the names in DIR, sorted
 *   read-forever       blocks reading stdin, ignoring its end
 *   gen BYTES          BYTES of xorshift noise on stdout; 1 if a write fails
 *   sum                stdin's length and FNV-1a hash, on stdout
 *   slow-sum MS        as sum, sleeping MS ms after each 64 KiB read
 *   spin               a busy loop, forever
 *   membomb            allocates until refused, then traps
 *   touch PATH         creates PATH; says whether it could
 *   zeros BYTES        BYTES of zeros on stdout, 64 KiB a write
 *   count              stdin's length, on stdout
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>
#include "vyoma_command.h"

extern char **environ;

static int cat(void)
{
	static char buf[65536];
	unsigned long long total = 0;
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		ssize_t done = 0;

		while (done < n) {
			ssize_t w = write(1, buf + done, (size_t)(n - done));

			if (w <= 0)
				return 1;
			done += w;
		}
		total += (unsigned long long)n;
	}
	fprintf(stderr, "bytes %llu\n", total);
	return n < 0;
}

static int gen(unsigned long long bytes)
{
	static unsigned char buf[65536];
	uint64_t x = 88172645463325252ull;

	while (bytes) {
		size_t n = bytes < sizeof(buf) ? (size_t)bytes : sizeof(buf);
		size_t done = 0;

		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf[i] = (unsigned char)x;
		}
		while (done < n) {
			ssize_t w = write(1, buf + done, n - done);

			if (w <= 0) {
				fprintf(stderr, "gen: write: %s\n",
					strerror(errno));
				return 1;
			}
			done += (size_t)w;
		}
		bytes -= n;
	}
	return 0;
}

static int zeros(unsigned long long bytes)
{
	static char buf[65536];

	while (bytes) {
		size_t n = bytes < sizeof(buf) ? (size_t)bytes : sizeof(buf);
		ssize_t w = write(1, buf, n);

		if (w <= 0)
			return 1;
		bytes -= (unsigned long long)w;
	}
	return 0;
}

static int count(void)
{
	static char buf[65536];
	unsigned long long total = 0;
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0)
		total += (unsigned long long)n;
	printf("%llu\n", total);
	return n < 0;
}

static int sum(unsigned pause_ms)
{
	static unsigned char buf[65536];
	uint64_t h = 14695981039346656037ull;
	unsigned long long total = 0;
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			h = (h ^ buf[i]) * 1099511628211ull;
		total += (unsigned long long)n;
		if (pause_ms) {
			/* tv_nsec past a second is EINVAL: no sleep at all */
			struct timespec ts = { pause_ms / 1000,
					       (long)(pause_ms % 1000) * 1000000L };

			nanosleep(&ts, NULL);
		}
	}
	printf("%llu %016llx\n", total, (unsigned long long)h);
	return n < 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ls(const char *path)
{
	char *names[256];
	size_t n = 0, i;
	struct dirent *e;
	DIR *d = opendir(path);

	if (!d) {
		fprintf(stderr, "ls %s: %s\n", path, strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) && n < 256)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	for (i = 0; i < n; i++)
		printf("%s\n", names[i]);
	return 0;
}

static int renumber(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", path, strerror(errno));
		return 1;
	}
	fflush(stdout);
	if (__wasi_fd_renumber((__wasi_fd_t)fd, 1) != 0) {
		fprintf(stderr, "renumber: refused\n");
		return 1;
	}
	printf("into the file\n");
	fflush(stdout);
	fprintf(stderr, "renumbered\n");
	return 0;
}

static int close_stdout(void)
{
	ssize_t n;

	close(1);
	n = write(1, "lost\n", 5);
	fprintf(stderr, "write after close: %zd %s\n", n,
		n < 0 ? strerror(errno) : "");
	return n < 0 ? 0 : 1;
}

static void say_read(const char *what, ssize_t n)
{
	printf("%s: %zd %s\n", what, n, n < 0 ? strerror(errno) : "");
}

static int read_errors(const char *dir, const char *file)
{
	char buf[4096];
	__wasi_iovec_t iov = { (uint8_t *)buf, 16 };
	int fd = open(dir, O_RDONLY);

	if (fd < 0)
		return 2;
	say_read("directory, 1 byte", read(fd, buf, 1));
	say_read("directory, 4096 bytes", read(fd, buf, sizeof(buf)));
	errno = __wasi_fd_read(fd, &iov, 1, (__wasi_size_t *)0xfffffffc);
	say_read("directory, count outside memory", -1);
	close(fd);
	say_read("closed", read(fd, buf, 1));
	fd = open(file, O_WRONLY);
	say_read("write-only", read(fd, buf, 1));
	close(fd);
	return 0;
}

static int clocks(void)
{
	static const clockid_t ids[] = { CLOCK_PROCESS_CPUTIME_ID,
					 CLOCK_THREAD_CPUTIME_ID };
	struct timespec res, now;
	int i;

	for (i = 0; i < 2; i++) {
		int r = clock_getres(ids[i], &res), t = clock_gettime(ids[i], &now);

		if (r != t) {
			printf("clock %d: getres %d, gettime %d\n", i, r, t);
			return 1;
		}
	}
	printf("cpu clocks agree\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	char buf[16];
	int i;

	if (strcmp(what, "args") == 0) {
		for (i = 0; i < argc; i++)
			printf("argv[%d]=%s\n", i, argv[i]);
		for (i = 0; environ[i]; i++)
			printf("env %s\n", environ[i]);
		return 0;
	}
	if (strcmp(what, "cat") == 0)
		return cat();
	if (strcmp(what, "exit") == 0 && argc > 2)
		exit(atoi(argv[2]));
	if (strcmp(what, "trap") == 0)
		__builtin_trap();
	if (strcmp(what, "streams") == 0) {
		fputs("out", stdout);
		fputs("err", stderr);
		return 0;
	}
	if (strcmp(what, "renumber") == 0 && argc > 2)
		return renumber(argv[2]);
	if (strcmp(what, "close-stdout") == 0)
		return close_stdout();
	if (strcmp(what, "clocks") == 0)
		return clocks();
	if (strcmp(what, "read-errors") == 0 && argc > 3)
		return read_errors(argv[2], argv[3]);
	if (strcmp(what, "ls") == 0 && argc > 2)
		return ls(argv[2]);
	if (strcmp(what, "read-forever") == 0) {
		for (;;)
			if (read(0, buf, sizeof(buf)) < 0)
				return 3;
	}
	if (strcmp(what, "gen") == 0 && argc > 2)
		return gen(strtoull(argv[2], NULL, 10));
	if (strcmp(what, "sum") == 0)
		return sum(0);
	if (strcmp(what, "zeros") == 0 && argc > 2)
		return zeros(strtoull(argv[2], NULL, 10));
	if (strcmp(what, "count") == 0)
		return count();
	if (strcmp(what, "slow-sum") == 0 && argc > 2)
		return sum((unsigned)atoi(argv[2]));
	if (strcmp(what, "spin") == 0)
		for (volatile unsigned long i = 0;; i++)
			;
	if (strcmp(what, "membomb") == 0) {
		volatile char *p;

		/* Touched, so the allocations cannot be optimised away. */
		while ((p = malloc(1 << 20)))
			p[0] = 1;
		__builtin_trap();
	}
	if (strcmp(what, "touch") == 0 && argc > 2) {
		int fd = open(argv[2], O_WRONLY | O_CREAT, 0644);

		printf("touch %s: %s\n", argv[2], fd < 0 ? strerror(errno) : "ok");
		return fd < 0;
	}
	fprintf(stderr, "cmdprobe: unknown test '%s'\n", what);
	return 2;
}
