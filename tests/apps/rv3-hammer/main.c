#define _POSIX_C_SOURCE 200809L
/*
 * rv3-hammer - review 3: hostile calls on the supervisor's new process
 * imports and shims. argv[1] is the mode; what it sees goes to stdout.
 *
 *   exitrace N      N children that end at once; exitfd raced with their
 *                   end, asked twice, polled, closed, then waited
 *   killrace N      spawn, kill, exitfd, poll, wait, N times
 *   files N         a user file shared to children, renumbered onto
 *                   stdout, closed in every order, N times
 *   supervise       vy_supervise with hostile lines and buffers
 *   shims           fd_fdstat_get/fd_filestat_get on streams, bad pointers
 *   hash            vyoma_hash overlapping and out-of-range arguments
 *   strerror        vyoma_process.strerror: every errno and past them,
 *                   caps 0, 1 and short, buffers at and past the top
 *   exit N          proc_exit(N) straight from main
 *   commands        vy_commands with every cap from 0 up
 *   doomed N        N children spawned with file stdio, killed before
 *                   they start, never waited: host descriptors held
 *   fdleak N        open+close a user file N times (counting)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include "vyoma_process.h"
#include "vyoma_hash.h"

#define ARGV(...) ((const char *[]){ "x", __VA_ARGS__, NULL })

__attribute__((import_module("wasi_snapshot_preview1"),
	       import_name("fd_fdstat_get")))
int32_t raw_fdstat(int32_t fd, int32_t out);
__attribute__((import_module("wasi_snapshot_preview1"),
	       import_name("fd_filestat_get")))
int32_t raw_filestat(int32_t fd, int32_t out);
__attribute__((import_module("wasi_snapshot_preview1"),
	       import_name("fd_renumber")))
int32_t raw_renumber(int32_t from, int32_t to);
__attribute__((import_module("wasi_snapshot_preview1"),
	       import_name("proc_exit"), noreturn))
void raw_exit(int32_t code);
__attribute__((import_module("vyoma_hash"), import_name("sha256_update")))
int32_t raw_update(int32_t st, int32_t data, int32_t len);
__attribute__((import_module("vyoma_hash"), import_name("sha256_final")))
int32_t raw_final(int32_t st, int32_t dig);
__attribute__((import_module("vyoma_process"), import_name("supervise")))
int32_t raw_supervise(int32_t line, int32_t len, int32_t out, int32_t cap,
		      int32_t outlen);
__attribute__((import_module("vyoma_process"), import_name("strerror")))
int32_t raw_strerror(int32_t err, int32_t buf, int32_t cap);
__attribute__((import_module("vyoma_process"), import_name("commands")))
int32_t raw_commands(int32_t buf, int32_t cap, int32_t len);
__attribute__((import_module("vyoma_process"), import_name("exitfd")))
int32_t raw_exitfd(int32_t id, int32_t out);
__attribute__((import_module("vyoma_process"), import_name("open")))
int32_t raw_open(int32_t path, int32_t len, int32_t how, int32_t out);

static int exitrace(int n)
{
	int bad = 0;

	for (int i = 0; i < n; i++) {
		uint32_t id;
		int fd1 = -1, fd2 = -1, st = -1;
		int io[3] = { -1, -1, -1 };

		if (vy_spawn("cmdprobe", ARGV("exit", "3"), NULL, NULL, io, &id))
			return printf("spawn failed at %d\n", i), 1;
		vy_exitfd(id, &fd1);
		if (i & 1)
			vy_exitfd(id, &fd2);
		struct pollfd p = { fd1, POLLIN, 0 };
		poll(&p, 1, 5000);
		char c;
		if (read(fd1, &c, 1) != 0)
			bad++;
		close(fd1);
		if (fd2 >= 0) {
			if (read(fd2, &c, 1) != 0)
				bad++;
			close(fd2);
		}
		vy_wait(id, &st, 0);
		if (st != 3)
			bad++;
	}
	printf("exitrace %d bad %d\n", n, bad);
	return 0;
}

static int killrace(int n)
{
	int bad = 0;

	for (int i = 0; i < n; i++) {
		uint32_t id;
		int fd = -1, st = -1, p2[2];

		vy_pipe(p2);
		int io[3] = { p2[0], -1, -1 };
		if (vy_spawn("cmdprobe", ARGV("read-forever"), NULL, NULL, io, &id))
			return printf("spawn failed at %d\n", i), 1;
		close(p2[0]);
		if (i % 3 == 0)
			vy_kill(id);
		if (vy_exitfd(id, &fd) == 0) {
			/* give it as a child's stdin too */
			uint32_t id2;
			int io2[3] = { fd, -1, -1 };
			if (vy_spawn("cmdprobe", ARGV("count"), NULL, NULL, io2, &id2) == 0) {
				if (i % 3 != 0)
					vy_kill(id);
				vy_wait(id2, &st, 0);
			}
			struct pollfd p = { fd, POLLIN, 0 };
			poll(&p, 1, 5000);
			close(fd);
		}
		close(p2[1]);
		vy_wait(id, &st, 0);
		if (st != 137 && st != 0)
			bad++;
	}
	printf("killrace %d bad %d\n", n, bad);
	return 0;
}

static int files(int n)
{
	for (int i = 0; i < n; i++) {
		int fd, fd2, rc;
		uint32_t id, id2;
		int st;

		rc = vy_open("/home/user/rv3.txt", VY_OPEN_APPEND, &fd);
		if (rc)
			return printf("open %d\n", rc), 1;
		rc = vy_open("/home/user/rv3.txt", VY_OPEN_READ, &fd2);
		int io[3] = { fd2, fd, fd };
		rc = vy_spawn("cmdprobe", ARGV("streams"), NULL, NULL, io, &id);
		close(fd2);
		/* the file onto stderr, then used as a child's stdout */
		if (raw_renumber(fd, 2) != 0)
			printf("renumber failed\n");
		int io2[3] = { -1, 2, 2 };
		vy_spawn("cmdprobe", ARGV("args"), NULL, NULL, io2, &id2);
		close(2);
		vy_wait(id, &st, 0);
		vy_wait(id2, &st, 0);
		/* hostile: a read-only file as stdout */
		vy_open("/home/user/rv3.txt", VY_OPEN_READ, &fd2);
		int io3[3] = { -1, fd2, -1 };
		rc = vy_spawn("cmdprobe", ARGV("args"), NULL, NULL, io3, &id);
		if (rc != EBADF)
			printf("read file as stdout: %d\n", rc);
		close(fd2);
	}
	printf("files %d done\n", n);
	return 0;
}

static int supervise(void)
{
	static char out[1 << 16];
	uint32_t len = 0;
	int rc;

	rc = raw_supervise((int32_t)"ps", 2, (int32_t)out, 0, (int32_t)&len);
	printf("ps cap 0: %d need %u\n", rc, len);
	rc = raw_supervise((int32_t)"ps", 2, (int32_t)out, 100, (int32_t)&len);
	printf("ps cap 100: %d need %u\n", rc, len);
	rc = raw_supervise((int32_t)"ps", 2, 0x7fffff00, 0x1000, (int32_t)&len);
	printf("ps bad out: %d\n", rc);
	rc = raw_supervise((int32_t)"ps", 0x100000, (int32_t)out, 10, (int32_t)&len);
	printf("ps long line: %d\n", rc);
	rc = raw_supervise((int32_t)"", 0, (int32_t)out, 100, (int32_t)&len);
	printf("empty: %d [%.*s]\n", rc, (int)(len < 100 ? len : 100), out);
	/* out overlapping the line and the length */
	memcpy(out, "ps", 2);
	rc = raw_supervise((int32_t)out, 2, (int32_t)out, sizeof(out), (int32_t)out);
	printf("overlap: %d\n", rc);
	rc = raw_supervise((int32_t)"log rv3-hammer", 14, (int32_t)out, sizeof(out), (int32_t)&len);
	printf("log: %d %u\n", rc, len);
	rc = raw_supervise((int32_t)"caps", 4, (int32_t)out, sizeof(out), (int32_t)&len);
	printf("caps: %d [%.*s]\n", rc, (int)len, out);
	return 0;
}

static int shims(void)
{
	uint8_t st[64];
	int p[2];

	vy_pipe(p);
	printf("fdstat pipe %d\n", raw_fdstat(p[0], (int32_t)st));
	printf("fdstat bad %d\n", raw_fdstat(p[0], -8));
	printf("fdstat edge %d\n", raw_fdstat(p[0], (int32_t)(__builtin_wasm_memory_size(0) * 65536 - 23)));
	printf("filestat bad %d\n", raw_filestat(p[0], -60));
	printf("filestat edge %d\n", raw_filestat(1, (int32_t)(__builtin_wasm_memory_size(0) * 65536 - 63)));
	printf("fdstat stdin %d ft %d\n", raw_fdstat(0, (int32_t)st), st[0]);
	printf("filestat stdin %d\n", raw_filestat(0, (int32_t)st));
	return 0;
}

static int hash(void)
{
	static struct vy_sha256 h;
	uint8_t d[32];
	uint32_t top = (uint32_t)__builtin_wasm_memory_size(0) * 65536;

	vy_sha256_init(&h);
	memset(&h, 0xff, sizeof(h));
	printf("update garbage %d\n", vy_sha256_update(&h, "abc", 3));
	printf("final garbage %d\n", vy_sha256_final(&h, d));
	vy_sha256_init(&h);
	printf("update self %d\n", raw_update((int32_t)&h, (int32_t)&h, 128));
	printf("update all %d\n", raw_update((int32_t)&h, 0, top));
	printf("update wrap %d\n", raw_update((int32_t)&h, 16, -1));
	printf("state edge %d\n", raw_update(top - 50, 0, 10));
	printf("final into state %d\n", raw_final((int32_t)&h, (int32_t)&h + 8));
	printf("final edge %d\n", raw_final((int32_t)&h, top - 31));
	return 0;
}

/* Is buf a NUL-terminated text of at most cap - 1 printable bytes? */
static int text_ok(const char *buf, size_t cap)
{
	size_t n = strnlen(buf, cap);

	if (n == cap)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (buf[i] < 0x20 || buf[i] > 0x7e)
			return 0;
	return 1;
}

static int strerror_calls(void)
{
	static char buf[80];
	uint32_t top = (uint32_t)__builtin_wasm_memory_size(0) * 65536;
	const uint32_t errs[] = { 0, 1, 44, 63, 76, 77, 78, 255, 65536,
				  0x7fffffff, 0xffffffff };
	int bad = 0;

	for (uint32_t e = 0; e < 100; e++) {
		memset(buf, 'x', sizeof(buf));
		bad += raw_strerror((int32_t)e, (int32_t)buf, 64) != 0 ||
		       !text_ok(buf, 64) || !buf[0] || buf[64] != 'x';
	}
	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		memset(buf, 'x', sizeof(buf));
		bad += raw_strerror((int32_t)errs[i], (int32_t)buf, 64) != 0 ||
		       !text_ok(buf, 64);
	}
	printf("strerror bad %d\n", bad);
	raw_strerror(44, (int32_t)buf, 64);
	printf("strerror 44 [%s]\n", buf);
	raw_strerror(0x7fffffff, (int32_t)buf, 64);
	printf("strerror past [%s]\n", buf);
	memset(buf, 'x', sizeof(buf));
	printf("strerror cap 0 %d [%c]\n", raw_strerror(44, (int32_t)buf, 0),
	       buf[0]);
	memset(buf, 'x', sizeof(buf));
	printf("strerror cap 1 %d [%s]\n", raw_strerror(44, (int32_t)buf, 1),
	       buf);
	memset(buf, 'x', sizeof(buf));
	printf("strerror cap 5 %d [%s] %c\n", raw_strerror(44, (int32_t)buf, 5),
	       buf, buf[5]);
	top = (uint32_t)__builtin_wasm_memory_size(0) * 65536;
	printf("strerror top %d [%s]\n",
	       raw_strerror(44, (int32_t)(top - 4), 4), (char *)(top - 4));
	printf("strerror past top %d\n", raw_strerror(44, (int32_t)(top - 4), 5));
	printf("strerror at top %d\n", raw_strerror(44, (int32_t)top, 1));
	printf("strerror wrap %d\n", raw_strerror(44, -256, 512));
	printf("strerror huge cap %d\n", raw_strerror(44, (int32_t)buf, -1));
	return 0;
}

/* How many rv3-bomb instances ps shows. */
static int bombs(void)
{
	static char out[1 << 20];
	uint32_t len = 0;
	int n = 0;

	if (raw_supervise((int32_t)"ps", 2, (int32_t)out, sizeof(out) - 1,
			  (int32_t)&len))
		return -1;
	out[len < sizeof(out) - 1 ? len : sizeof(out) - 1] = 0;
	for (char *p = out; (p = strstr(p, "ps rv3-bomb#")); p++)
		n++;
	return n;
}

/* new: rv3-bomb as a parentless instance; else as this app's child. */
static int bomb(int via_new)
{
	static char out[4096];
	uint32_t len = 0, id;
	struct timespec ts = { 6, 0 };

	if (via_new) {
		int io[3] = { -1, -1, -1 }, st;

		/* Loaded by a spawn (under --run only what is asked for
		 * is). It must not start a tree of its own: a kill can
		 * come after it has spawned, and then ps counts two trees. */
		if (!vy_spawn("rv3-bomb", ARGV("load"), NULL, NULL, io, &id))
			vy_wait(id, &st, 0);
		int rc = raw_supervise((int32_t)"new rv3-bomb", 12, (int32_t)out,
				       sizeof(out) - 1, (int32_t)&len);
		out[len < sizeof(out) ? len : 0] = 0;
		printf("new: %d %s", rc, out);
	} else {
		int io[3] = { -1, -1, -1 };
		printf("spawn: %d\n", vy_spawn("rv3-bomb", ARGV("y"), NULL, NULL, io, &id));
	}
	nanosleep(&ts, NULL);
	printf("rv3-bomb instances: %d\n", bombs());
	{
		int io[3] = { -1, -1, -1 };
		printf("a spawn of this app's own now: %d\n",
		       vy_spawn("cmdprobe", ARGV("args"), NULL, NULL, io, &id));
	}
	return 0;
}

static int commands(void)
{
	static char buf[70000];
	uint32_t len = 0;
	int rc = raw_commands((int32_t)buf, 0, (int32_t)&len);

	printf("commands 0: %d need %u\n", rc, len);
	rc = raw_commands((int32_t)buf, sizeof(buf), (int32_t)&len);
	printf("commands all: %d need %u\n", rc, len);
	rc = raw_commands(-100, 200, (int32_t)&len);
	printf("commands wrap: %d\n", rc);
	rc = raw_commands((int32_t)buf, -1, (int32_t)&len);
	printf("commands huge cap: %d\n", rc);
	rc = raw_commands((int32_t)buf, 10, (int32_t)buf + 2);
	printf("commands overlap: %d\n", rc);
	return 0;
}

static int doomed(int n, int hold_ms, int kill_first)
{
	int made = 0;

	for (int i = 0; i < n; i++) {
		int fa, fb, fc;
		uint32_t id;

		if (vy_open("/home/user/rv3-doomed.txt", VY_OPEN_READ, &fa) ||
		    vy_open("/home/user/rv3-doomed.txt", VY_OPEN_APPEND, &fb) ||
		    vy_open("/home/user/rv3-doomed.txt", VY_OPEN_APPEND, &fc)) {
			printf("open failed at %d\n", i);
			break;
		}
		int io[3] = { fa, fb, fc };
		int rc = vy_spawn("cmdprobe", ARGV("read-forever"), NULL, NULL, io, &id);
		if (!rc && kill_first)
			vy_kill(id);
		close(fa);
		close(fb);
		close(fc);
		if (rc) {
			printf("spawn %d at %d\n", rc, i);
			break;
		}
		made++;
	}
	printf("doomed made %d\n", made);
	fflush(stdout);
	struct timespec ts = { hold_ms / 1000, (hold_ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
	return 0;
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	int n = argc > 2 ? atoi(argv[2]) : 10;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (!strcmp(m, "exitrace"))
		return exitrace(n);
	if (!strcmp(m, "killrace"))
		return killrace(n);
	if (!strcmp(m, "files"))
		return files(n);
	if (!strcmp(m, "supervise"))
		return supervise();
	if (!strcmp(m, "shims"))
		return shims();
	if (!strcmp(m, "hash"))
		return hash();
	if (!strcmp(m, "strerror"))
		return strerror_calls();
	if (!strcmp(m, "bomb-new"))
		return bomb(1);
	if (!strcmp(m, "bomb-child"))
		return bomb(0);
	if (!strcmp(m, "commands"))
		return commands();
	if (!strcmp(m, "exit"))
		raw_exit(n);
	if (!strcmp(m, "doomed"))
		return doomed(n, argc > 3 ? atoi(argv[3]) : 0, argc > 4);
	printf("unknown mode\n");
	return 2;
}
