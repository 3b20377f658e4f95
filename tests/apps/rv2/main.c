/*
 * rv2 - a hostile parent for the review of the process model (review 2).
 * argv[1] says which attack; what it sees goes to stdout, one line each,
 * for tests/integration/review_processes.py.
 *
 *   kill-early          spawn `cmdprobe spin`, kill it at once: 137?
 *   orphan N MS         a middle instance spawns N `cmdprobe spin` on its
 *                       stdout (a pipe to us) and returns MS ms later: the
 *                       orphans must die, so the pipe must reach EOF
 *   orphan-mid N MS     (the middle of `orphan`)
 *   fill N M            N middles, each holding M children that each hold
 *                       two sleepers (N * M * 3 instances, past the 4096
 *                       slots); spawns until refused, then an installed
 *                       app never loaded (rv2b); kills everything, and
 *                       spawns rv2 and rv2b again
 *   fill-mid M          (the middle of `fill`)
 *   fill-leaf           (the leaves of `fill`)
 *   sleep               sleeps until killed
 *   ids                 wait/kill on ids that are not our children
 *   fds                 fd_renumber/close/poll games on pipe ends
 *   watchers N          N children polling one pipe, then one write
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>
#include "vyoma_process.h"

#define ARGV(...) ((const char *[]){ "x", __VA_ARGS__, NULL })
#define DEFAULT_IO ((int[]){ -1, -1, -1 })

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static uint32_t spawn_or_die(const char *name, const char *const *argv,
			     const int io[3])
{
	uint32_t id = 0;
	int rc = vy_spawn(name, argv, NULL, NULL, io, &id);

	if (rc) {
		printf("spawn %s: %s\n", name, strerror(rc));
		exit(1);
	}
	return id;
}

/* Polls wait(NOHANG) until the child ends or ms pass; -1: still running. */
static int wait_within(uint32_t id, long ms)
{
	uint64_t end = now_ms() + (uint64_t)ms;
	int status = -1, rc;

	while ((rc = vy_wait(id, &status, VY_WAIT_NOHANG)) == EAGAIN &&
	       now_ms() < end)
		nap_ms(5);
	if (rc == EAGAIN)
		return -1;
	if (rc)
		return -1000 - rc;
	return status;
}

static int kill_early(void)
{
	int lost = 0, i;

	for (i = 0; i < 20; i++) {
		uint32_t id = spawn_or_die("cmdprobe", ARGV("spin"), DEFAULT_IO);
		int rc = vy_kill(id), status = wait_within(id, 3000);

		if (status == -1) {
			lost++;
			vy_kill(id);	/* it runs now: this one lands */
			status = wait_within(id, 10000);
		}
		if (i == 0)
			printf("kill %d, status %d\n", rc, status);
	}
	printf("kills lost: %d of 20\n", lost);
	return 0;
}

static int orphan(const char *n, const char *delay)
{
	char buf[256];
	int p[2], status;
	uint32_t mid;
	struct pollfd pfd;
	uint64_t end;
	ssize_t got = -1;

	if (vy_pipe(p))
		return 1;
	mid = spawn_or_die("rv2", ARGV("orphan-mid", n, delay),
			   (int[]){ -1, p[1], 2 });
	close(p[1]);
	status = vy_wait(mid, &status, 0) ? -1 : status;
	printf("middle ended\n");
	/* Each orphan holds a write end: EOF once they are all gone. */
	end = now_ms() + 5000;
	while (now_ms() < end) {
		pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
		if (poll(&pfd, 1, 100) == 1 &&
		    (got = read(p[0], buf, sizeof(buf))) == 0)
			break;
	}
	printf(got == 0 ? "orphans gone\n" :
			  "orphans still hold the pipe 5 s after their parent ended\n");
	return 0;
}

static int orphan_mid(int n, int delay_ms)
{
	for (int i = 0; i < n; i++)
		spawn_or_die("cmdprobe", ARGV("spin"), (int[]){ -1, 1, -1 });
	/* 0: at once, while the children may not have started yet */
	nap_ms(delay_ms);
	return 0;
}

static int sleep_forever(void)
{
	for (;;)
		nap_ms(1000000);
}

static int fill_mid(int m)
{
	for (int i = 0; i < m; i++) {
		uint32_t id;

		if (vy_spawn("rv2", ARGV("fill-leaf"), NULL, NULL, DEFAULT_IO, &id))
			break;
	}
	write(1, "m", 1);	/* to the parent's pipe: this middle is full */
	return sleep_forever();
}

/* Two sleepers more, then sleeps. */
static int fill_leaf(void)
{
	uint32_t id;

	vy_spawn("rv2", ARGV("sleep"), NULL, NULL, DEFAULT_IO, &id);
	vy_spawn("rv2", ARGV("sleep"), NULL, NULL, DEFAULT_IO, &id);
	return sleep_forever();
}

static int fill(int n, int m)
{
	static uint32_t mids[64];
	char buf[64], nbuf[16];
	int p[2], i, rc = 0, ready = 0, extra = 0;
	uint32_t id;
	ssize_t got;

	if (n > 62 || vy_pipe(p))
		return 1;
	snprintf(nbuf, sizeof(nbuf), "%d", m);
	/* The middles' own spawns count against the same tree: on a slow
	 * machine it may be full before all middles are there. */
	for (i = 0; i < n; i++)
		if (vy_spawn("rv2", ARGV("fill-mid", nbuf), NULL, NULL,
			     (int[]){ -1, p[1], -1 }, &mids[i]))
			break;
	n = i;
	close(p[1]);
	/* Each middle writes one byte once it has spawned all it could. */
	while (ready < n && (got = read(p[0], buf, sizeof(buf))) > 0)
		ready += (int)got;
	/* The leaves are still spawning theirs: one of ours more (we may
	 * have 64), until refused for want of slots (or 30 s). */
	for (uint64_t end = now_ms() + 30000; now_ms() < end; nap_ms(20)) {
		rc = vy_spawn("rv2", ARGV("sleep"), NULL, NULL, DEFAULT_IO, &id);
		if (rc)
			break;
		vy_kill(id);
		wait_within(id, 5000);
		extra++;
	}
	printf("%d middles full, spawn one more: %s\n", ready, strerror(rc));
	rc = vy_spawn("rv2b", ARGV("x"), NULL, NULL, DEFAULT_IO, &id);
	printf("an installed command not loaded before, while full: %s\n",
	       strerror(rc));
	for (i = 0; i < n; i++)
		vy_kill(mids[i]);
	for (i = 0; i < n; i++)
		vy_wait(mids[i], NULL, 0);
	/* The middles' children died with them; their slots are vacant once
	 * the main thread reaps them: a spawn of rv2 shows when. */
	for (i = 0; i < 100; i++) {
		rc = vy_spawn("rv2", ARGV("sleep"), NULL, NULL, DEFAULT_IO, &id);
		if (!rc)
			break;
		nap_ms(50);
	}
	printf("after: rv2 %s", strerror(rc));
	if (!rc)
		vy_kill(id), wait_within(id, 5000);
	rc = vy_spawn("rv2b", ARGV("x"), NULL, NULL, DEFAULT_IO, &id);
	printf(", rv2b %s", strerror(rc));
	if (!rc)
		printf(" (status %d)", wait_within(id, 5000));
	printf("\n");
	(void)extra;
	return 0;
}

static int ids(void)
{
	int status;
	uint32_t a, b, gc;
	int p[2];
	char buf[16];

	printf("wait 0: %d, wait ~0: %d, kill 0: %d, kill ~0: %d\n",
	       vy__wait(0, 0, &status), vy__wait(0xFFFFFFFFu, 0, &status),
	       vy__kill(0), vy__kill(0xFFFFFFFFu));
	a = spawn_or_die("cmdprobe", ARGV("exit", "3"), DEFAULT_IO);
	printf("first %d\n", wait_within(a, 5000));
	nap_ms(200);	/* reaped: its slot is free for the next */
	b = spawn_or_die("cmdprobe", ARGV("exit", "4"), DEFAULT_IO);
	printf("same slot %d, new id %d, stale wait: %d, stale kill: %d\n",
	       (a - 1) % 4096 == (b - 1) % 4096, a != b,
	       vy__wait(a, 0, &status), vy__kill(a));
	printf("second %d\n", wait_within(b, 5000));
	/* A grandchild is not ours. */
	if (vy_pipe(p))
		return 1;
	a = spawn_or_die("spawner", ARGV("run", "cmdprobe", "args"),
			 (int[]){ -1, p[1], -1 });
	close(p[1]);
	read(p[0], buf, 1);	/* the grandchild has run by now */
	gc = a + 1;
	printf("kill a grandchild guess: %d %d %d\n", vy__kill(a + 1),
	       vy__kill(a + 4096), vy__kill(a - 1));
	(void)gc;
	printf("middle %d\n", wait_within(a, 5000));
	return 0;
}

static int fds(void)
{
	int p[2], q[2], r;
	char c = 0;
	uint32_t id;
	static __wasi_subscription_t subs[2048];
	static __wasi_event_t evs[2048];
	__wasi_size_t nev = 0;

	if (vy_pipe(p) || vy_pipe(q))
		return 1;
	printf("pipe %#x %#x\n", p[0], p[1]);
	/* Direction confusion. */
	printf("spawn stdin=write end: %d, stdout=read end: %d\n",
	       vy_spawn("cmdprobe", ARGV("exit", "0"), NULL, NULL,
			(int[]){ p[1], -1, -1 }, &id),
	       vy_spawn("cmdprobe", ARGV("exit", "0"), NULL, NULL,
			(int[]){ -1, p[0], -1 }, &id));
	printf("spawn stdio a number near the pipes: %d\n",
	       vy_spawn("cmdprobe", ARGV("exit", "0"), NULL, NULL,
			(int[]){ 0x40000000, 0x4000000F, 0x40000010 }, &id));
	/* Renumbers. */
	printf("renumber onto itself: %d\n", __wasi_fd_renumber(p[0], p[0]));
	printf("renumber onto a preopen-less 3: %d\n", __wasi_fd_renumber(p[0], 3));
	printf("renumber onto 9999: %d\n", __wasi_fd_renumber(p[0], 9999));
	printf("renumber stdout onto a pipe end: %d\n", __wasi_fd_renumber(1, q[0]));
	/* Write end onto stdin (0), read end onto stderr (2). */
	printf("write end onto 0: %d\n", __wasi_fd_renumber(p[1], 0));
	printf("read end onto 2: %d\n", __wasi_fd_renumber(p[0], 2));
	r = (int)write(0, "z", 1);
	printf("write to 0 (a write end now): %d\n", r);
	r = (int)read(2, &c, 1);
	printf("read from 2 (a read end now): %d %c\n", r, c);
	/* Children with the moved ends, the right way and the wrong way. */
	printf("spawn stdin=0: %d\n", vy_spawn("cmdprobe", ARGV("exit", "0"),
					       NULL, NULL, (int[]){ 0, -1, -1 },
					       &id));
	printf("spawn stdin=2: %d\n", vy_spawn("cmdprobe", ARGV("count"), NULL, NULL,
					       (int[]){ 2, 1, -1 }, &id));
	close(0);
	printf("count child: %d\n", wait_within(id, 5000));
	/* Poll many subscriptions on a pipe end (EOF now) and on a closed one. */
	for (int i = 0; i < 2048; i++)
		subs[i] = (__wasi_subscription_t){
			.userdata = (uint64_t)i,
			.u.tag = __WASI_EVENTTYPE_FD_READ,
			.u.u.fd_read.file_descriptor = i & 1 ? 2 : 0 };
	r = __wasi_poll_oneoff(subs, evs, 2048, &nev);
	printf("poll 2048: %d, %u events, first errno %d, second errno %d\n", r,
	       (unsigned)nev, evs[0].error, evs[1].error);
	close(2);
	close(q[0]);
	/* q[1] has no reader now: EPIPE, not a signal. */
	r = (int)write(q[1], "x", 1);
	printf("write with no reader: %d %s\n", r, strerror(errno));
	printf("close twice: %d %d\n", close(q[1]), close(q[1]));
	return 0;
}

static int watchers(int n)
{
	static uint32_t kids[64];
	int p[2], i, ok = 0;

	if (n > 64 || vy_pipe(p))
		return 1;
	for (i = 0; i < n; i++)
		kids[i] = spawn_or_die("cmdprobe", ARGV("count"),
				       (int[]){ p[0], -1, -1 });
	close(p[0]);
	nap_ms(300);	/* not a measurement: let them block on the pipe */
	if (write(p[1], "hello", 5) != 5)
		return 1;
	close(p[1]);
	for (i = 0; i < n; i++)
		ok += wait_within(kids[i], 10000) == 0;
	printf("%d of %d readers ended at EOF\n", ok, n);
	return 0;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(what, "kill-early") == 0)
		return kill_early();
	if (strcmp(what, "orphan") == 0 && argc > 3)
		return orphan(argv[2], argv[3]);
	if (strcmp(what, "orphan-mid") == 0 && argc > 3)
		return orphan_mid(atoi(argv[2]), atoi(argv[3]));
	if (strcmp(what, "fill") == 0 && argc > 3)
		return fill(atoi(argv[2]), atoi(argv[3]));
	if (strcmp(what, "fill-mid") == 0 && argc > 2)
		return fill_mid(atoi(argv[2]));
	if (strcmp(what, "fill-leaf") == 0)
		return fill_leaf();
	if (strcmp(what, "sleep") == 0)
		return sleep_forever();
	if (strcmp(what, "ids") == 0)
		return ids();
	if (strcmp(what, "fds") == 0)
		return fds();
	if (strcmp(what, "watchers") == 0 && argc > 2)
		return watchers(atoi(argv[2]));
	fprintf(stderr, "rv2: unknown test '%s'\n", what);
	return 2;
}
