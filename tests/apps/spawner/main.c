/*
 * spawner - a parent for the process tests: argv[1] says what to spawn
 * and how to connect it; what it sees (statuses, errors, timings) goes
 * to stdout for the test to check.
 *
 *   run APP ARGS...     one child on this app's stdio; its status
 *   in DIR run ...      the same, with DIR as the child's working directory
 *   pipeline BYTES      cmdprobe gen BYTES | cmdprobe cat | cmdprobe sum
 *   slow BYTES          cmdprobe gen BYTES | cmdprobe slow-sum 1
 *   throughput BYTES    cmdprobe zeros BYTES | cmdprobe count
 *   idle N              N children blocked reading a pipe; "ready", then
 *                       at the end of this app's stdin they are killed
 *   many N              N spawns of `cmdprobe exit 0`, waited one by one;
 *                       spawn-to-exit latency p50 and p99 in microseconds
 *   eof                 writes "abc" into a pipe to `cmdprobe cat`, closes it
 *   epipe               `cmdprobe gen` into a pipe nobody reads
 *   kill-blocked        gen into a reader that sleeps; both killed
 *   hostile             children that trap, bomb memory and spin
 *   bad-calls           the import module called with hostile arguments
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "vyoma_process.h"

#define ARGV(...) ((const char *[]){ "x", __VA_ARGS__, NULL })

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static const char *spawn_cwd;	/* `in DIR ...`: the children's */

static uint32_t spawn_or_die(const char *name, const char *const *argv,
			     const int io[3])
{
	uint32_t id = 0;
	int rc = vy_spawn(name, argv, NULL, spawn_cwd, io, &id);

	if (rc) {
		printf("spawn %s: %s\n", name, strerror(rc));
		exit(1);
	}
	return id;
}

static int wait_for(uint32_t id)
{
	int status = -1, rc = vy_wait(id, &status, 0);

	if (rc)
		printf("wait %u: %s\n", id, strerror(rc));
	return status;
}

static int run(int argc, char **argv)
{
	const char *args[64] = { "x" };
	int i;

	for (i = 3; i < argc && i < 62; i++)
		args[i - 2] = argv[i];
	args[i - 2] = NULL;
	printf("status %d\n", wait_for(spawn_or_die(argv[2], args, NULL)));
	return 0;
}

static int pipeline(const char *bytes)
{
	int a[2], b[2], s[3];
	uint32_t gen, cat, sum;

	if (vy_pipe(a) || vy_pipe(b))
		return 1;
	gen = spawn_or_die("cmdprobe", ARGV("gen", bytes),
			   (int[]){ VY_STDIO_DEFAULT, a[1], 2 });
	cat = spawn_or_die("cmdprobe", ARGV("cat"), (int[]){ a[0], b[1], -1 });
	sum = spawn_or_die("cmdprobe", ARGV("sum"), (int[]){ b[0], 1, 2 });
	/* The children hold their own ends: ours would keep EOF away. */
	close(a[0]), close(a[1]), close(b[0]), close(b[1]);
	s[0] = wait_for(gen);
	s[1] = wait_for(cat);
	s[2] = wait_for(sum);
	fflush(stdout);
	printf("statuses %d %d %d\n", s[0], s[1], s[2]);
	return 0;
}

static int slow(const char *bytes)
{
	int p[2], s[2];
	uint32_t gen, sum;

	if (vy_pipe(p))
		return 1;
	gen = spawn_or_die("cmdprobe", ARGV("gen", bytes),
			   (int[]){ -1, p[1], 2 });
	sum = spawn_or_die("cmdprobe", ARGV("slow-sum", "1"),
			   (int[]){ p[0], 1, 2 });
	close(p[0]);
	close(p[1]);
	s[0] = wait_for(gen);
	s[1] = wait_for(sum);
	printf("statuses %d %d\n", s[0], s[1]);
	return 0;
}

static int throughput(const char *bytes)
{
	int p[2];
	uint32_t zeros, count;
	int s[2];

	if (vy_pipe(p))
		return 1;
	zeros = spawn_or_die("cmdprobe", ARGV("zeros", bytes),
			     (int[]){ -1, p[1], 2 });
	count = spawn_or_die("cmdprobe", ARGV("count"), (int[]){ p[0], 1, 2 });
	close(p[0]);
	close(p[1]);
	s[0] = wait_for(zeros);
	s[1] = wait_for(count);
	printf("statuses %d %d\n", s[0], s[1]);
	return 0;
}

static int idle(int n)
{
	static uint32_t ids[64];
	char buf[256];
	int p[2], i;

	if (n > 64 || vy_pipe(p))
		return 1;
	for (i = 0; i < n; i++)
		ids[i] = spawn_or_die("cmdprobe", ARGV("read-forever"),
				      (int[]){ p[0], -1, -1 });
	printf("ready %d\n", n);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	for (i = 0; i < n; i++)
		vy_kill(ids[i]);
	for (i = 0; i < n; i++)
		wait_for(ids[i]);
	printf("done\n");
	return 0;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int many(int n)
{
	uint64_t *took = malloc((size_t)n * sizeof(*took)), t0 = now_us();
	int i, bad = 0;

	for (i = 0; i < n; i++) {
		uint64_t start = now_us();

		bad += wait_for(spawn_or_die("cmdprobe", ARGV("exit", "0"),
					     NULL)) != 0;
		took[i] = now_us() - start;
	}
	qsort(took, (size_t)n, sizeof(*took), by_value);
	printf("spawned %d in %llu ms, %d failed; p50 %llu us p99 %llu us\n",
	       n, (unsigned long long)(now_us() - t0) / 1000, bad,
	       (unsigned long long)took[n / 2],
	       (unsigned long long)took[n * 99 / 100]);
	return 0;
}

static int eof(void)
{
	int p[2];
	uint32_t id;

	if (vy_pipe(p))
		return 1;
	id = spawn_or_die("cmdprobe", ARGV("cat"), (int[]){ p[0], 1, 2 });
	close(p[0]);
	if (write(p[1], "abc", 3) != 3)
		return 1;
	close(p[1]);
	printf("cat status %d\n", wait_for(id));
	return 0;
}

static int epipe(void)
{
	int p[2];
	uint32_t id;

	if (vy_pipe(p))
		return 1;
	id = spawn_or_die("cmdprobe", ARGV("gen", "100000000"),
			  (int[]){ -1, p[1], 2 });
	close(p[0]);
	close(p[1]);
	printf("gen status %d\n", wait_for(id));
	return 0;
}

static int kill_blocked(void)
{
	int p[2];
	uint32_t gen, sum;
	struct timespec ts = { 0, 200000000L };

	if (vy_pipe(p))
		return 1;
	gen = spawn_or_die("cmdprobe", ARGV("gen", "1000000000"),
			   (int[]){ -1, p[1], 2 });
	sum = spawn_or_die("cmdprobe", ARGV("slow-sum", "100000"),
			   (int[]){ p[0], 1, 2 });
	close(p[0]);
	close(p[1]);
	nanosleep(&ts, NULL);	/* both blocked by now, or soon */
	printf("kill %d %d\n", vy_kill(gen), vy_kill(sum));
	printf("statuses %d %d\n", wait_for(gen), wait_for(sum));
	return 0;
}

static int hostile(void)
{
	uint32_t trap = spawn_or_die("cmdprobe", ARGV("trap"), NULL);
	uint32_t bomb = spawn_or_die("cmdprobe", ARGV("membomb"), NULL);
	uint32_t spin = spawn_or_die("cmdprobe", ARGV("spin"), NULL);
	int status;

	printf("trap %d\n", wait_for(trap));
	printf("membomb %d\n", wait_for(bomb));
	printf("spin nohang %s\n", strerror(vy_wait(spin, &status,
						   VY_WAIT_NOHANG)));
	printf("kill %d\n", vy_kill(spin));
	printf("spin %d\n", wait_for(spin));
	printf("again %s\n", strerror(vy_wait(spin, &status, 0)));
	return 0;
}

static int bad_calls(void)
{
	static const int32_t io[3] = { -1, -1, -1 };
	static const int32_t bad_io[3] = { -1, 999, -1 };
	uint32_t id;
	int32_t status, fds[2];
	char big[64];

	memset(big, 'a', sizeof(big));
	printf("name out of memory: %d\n",
	       vy__spawn((const char *)0xFFFFFFF0u, 8, "", 0, "", 0, "", 0, io,
			 &id));
	printf("no such app: %d\n", vy__spawn("nosuch", 6, "", 0, "", 0, "", 0, io, &id));
	printf("name too long: %d\n", vy__spawn(big, 64, "", 0, "", 0, "", 0, io, &id));
	printf("name with a NUL: %d\n",
	       vy__spawn("cmdprobe\0x", 10, "", 0, "", 0, "", 0, io, &id));
	printf("not a command: %d\n", vy__spawn("green", 5, "", 0, "", 0, "", 0, io, &id));
	printf("args unterminated: %d\n",
	       vy__spawn("cmdprobe", 8, "exit", 4, "", 0, "", 0, io, &id));
	printf("args past memory: %d\n",
	       vy__spawn("cmdprobe", 8, (const char *)0xFFFFFF00u, 0x1000, "",
			 0, "", 0, io, &id));
	printf("args too big: %d\n",
	       vy__spawn("cmdprobe", 8, "", 0x7FFFFFFF, "", 0, "", 0, io, &id));
	printf("env without '=': %d\n",
	       vy__spawn("cmdprobe", 8, "", 0, "HOME\0", 5, "", 0, io, &id));
	printf("stdio not ours: %d\n",
	       vy__spawn("cmdprobe", 8, "", 0, "", 0, "", 0, bad_io, &id));
	printf("stdio past memory: %d\n",
	       vy__spawn("cmdprobe", 8, "", 0, "", 0, "", 0,
			 (const int32_t *)0xFFFFFFFCu, &id));
	printf("cwd not absolute: %d\n",
	       vy__spawn("cmdprobe", 8, "", 0, "", 0, "home", 4, io, &id));
	printf("cwd with a NUL: %d\n",
	       vy__spawn("cmdprobe", 8, "", 0, "", 0, "/a\0b", 4, io, &id));
	printf("cwd too long: %d\n",
	       vy__spawn("cmdprobe", 8, "", 0, "", 0, "/", 0x10000, io, &id));
	printf("id past memory: %d\n",
	       vy__spawn("cmdprobe", 8, "", 0, "", 0, "", 0, io,
			 (uint32_t *)0xFFFFFFFEu));
	printf("wait for a stranger: %d\n", vy__wait(1, 0, &status));
	printf("wait with bad flags: %d\n", vy__wait(1, 6, &status));
	printf("kill a stranger: %d\n", vy__kill(1));
	printf("pipe past memory: %d\n", vy__pipe((int32_t *)0xFFFFFFFCu));
	if (vy__pipe(fds) == 0) {
		printf("write to the read end: %zd\n", write(fds[0], "x", 1));
		printf("read end closed twice: %d %d\n", close(fds[0]),
		       close(fds[0]));
		close(fds[1]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(what, "in") == 0 && argc > 3) {
		spawn_cwd = argv[2];
		argv += 2;
		argc -= 2;
		what = argv[1];
	}
	if (strcmp(what, "run") == 0 && argc > 2)
		return run(argc, argv);
	if (strcmp(what, "pipeline") == 0 && argc > 2)
		return pipeline(argv[2]);
	if (strcmp(what, "slow") == 0 && argc > 2)
		return slow(argv[2]);
	if (strcmp(what, "throughput") == 0 && argc > 2)
		return throughput(argv[2]);
	if (strcmp(what, "idle") == 0 && argc > 2)
		return idle(atoi(argv[2]));
	if (strcmp(what, "many") == 0 && argc > 2)
		return many(atoi(argv[2]));
	if (strcmp(what, "eof") == 0)
		return eof();
	if (strcmp(what, "epipe") == 0)
		return epipe();
	if (strcmp(what, "kill-blocked") == 0)
		return kill_blocked();
	if (strcmp(what, "hostile") == 0)
		return hostile();
	if (strcmp(what, "bad-calls") == 0)
		return bad_calls();
	fprintf(stderr, "spawner: unknown test '%s'\n", what);
	return 2;
}
