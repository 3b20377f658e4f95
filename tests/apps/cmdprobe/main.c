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
 *   clocks             the CPU-time clocks' resolution and time agree
 *   ls DIR             the names in DIR, sorted
 *   read-forever       blocks reading stdin, ignoring its end
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

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
	if (strcmp(what, "ls") == 0 && argc > 2)
		return ls(argv[2]);
	if (strcmp(what, "read-forever") == 0) {
		for (;;)
			if (read(0, buf, sizeof(buf)) < 0)
				return 3;
	}
	fprintf(stderr, "cmdprobe: unknown test '%s'\n", what);
	return 2;
}
