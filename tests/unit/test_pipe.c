/*
 * test_pipe.c - the supervisor's byte pipe: bounded, never dropping,
 * small writes whole, end of file after the last writer, EPIPE after the
 * last reader, watchers woken at each change; and two threads moving
 * 64 MiB through it with the same checksum at both ends.
 */
#include "check.h"
#include "pipe.h"
#include "queue.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BULK (64u << 20)

static void test_bounds_and_ends(void)
{
	static char big[PIPE_CAPACITY + 100], out[PIPE_CAPACITY + 100];
	struct pipe *p = pipe_new();
	bool eof, broken;
	size_t i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 31 + 7);
	CHECK_INT(pipe_read(p, out, 10), -EAGAIN);	/* empty, writer there */
	/* A big write takes what fits; the rest waits, never dropped. */
	CHECK_INT(pipe_write(p, big, sizeof(big)), PIPE_CAPACITY);
	CHECK_INT(pipe_writable(p, &broken), 0);
	CHECK_INT(pipe_write(p, big, 1), -EAGAIN);
	CHECK_INT(pipe_read(p, out, 100), 100);
	/* A small write that does not fit whole is not split. */
	CHECK_INT(pipe_write(p, big, 101), -EAGAIN);
	CHECK_INT(pipe_write(p, big + PIPE_CAPACITY, 100), 100);
	/* Around the ring's end, in order. */
	CHECK_INT(pipe_read(p, out + 100, sizeof(out)), PIPE_CAPACITY);
	CHECK(memcmp(out, big, sizeof(big)) == 0);
	CHECK_INT(pipe_readable(p, &eof), 0);
	CHECK(!eof);
	/* The last writer gone: what is left is read, then end of file. */
	CHECK_INT(pipe_write(p, "tail", 4), 4);
	pipe_hold(p, PIPE_WRITE);
	pipe_release(p, PIPE_WRITE);
	CHECK_INT(pipe_readable(p, &eof), 4);
	pipe_release(p, PIPE_WRITE);
	CHECK_INT(pipe_readable(p, &eof), 4);
	CHECK(!eof);
	CHECK_INT(pipe_read(p, out, 10), 4);
	CHECK_INT(pipe_read(p, out, 10), 0);
	CHECK_INT(pipe_readable(p, &eof), 0);
	CHECK(eof);
	pipe_release(p, PIPE_READ);	/* frees it (ASan checks) */

	/* The last reader gone: the writer gets EPIPE, even when full. */
	p = pipe_new();
	CHECK_INT(pipe_write(p, big, PIPE_CAPACITY), PIPE_CAPACITY);
	pipe_release(p, PIPE_READ);
	pipe_writable(p, &broken);
	CHECK(broken);
	CHECK_INT(pipe_write(p, big, 1), -EPIPE);
	pipe_release(p, PIPE_WRITE);
}

static void test_watchers(void)
{
	struct pipe *p = pipe_new();
	struct msgq qs[PIPE_WATCHERS + 1];
	unsigned long before[PIPE_WATCHERS + 1];
	char c;
	int i, woken = 0;

	for (i = 0; i <= PIPE_WATCHERS; i++) {
		msgq_init(&qs[i], 4096, 4);
		if (i < PIPE_WATCHERS)
			CHECK(pipe_watch(p, &qs[i]));
		before[i] = msgq_changes(&qs[i]);
	}
	CHECK(!pipe_watch(p, &qs[PIPE_WATCHERS]));	/* bounded */
	CHECK_INT(pipe_write(p, "x", 1), 1);
	for (i = 0; i < PIPE_WATCHERS; i++)
		woken += msgq_changes(&qs[i]) != before[i];
	CHECK_INT(woken, PIPE_WATCHERS);
	CHECK(msgq_changes(&qs[PIPE_WATCHERS]) == before[PIPE_WATCHERS]);
	/* Unwatched, a change no longer wakes it. */
	pipe_unwatch(p, &qs[0]);
	before[0] = msgq_changes(&qs[0]);
	before[1] = msgq_changes(&qs[1]);
	CHECK_INT(pipe_read(p, &c, 1), 1);
	CHECK(msgq_changes(&qs[0]) == before[0]);
	CHECK(msgq_changes(&qs[1]) != before[1]);
	for (i = 1; i < PIPE_WATCHERS; i++)
		pipe_unwatch(p, &qs[i]);
	for (i = 0; i <= PIPE_WATCHERS; i++)
		msgq_destroy(&qs[i]);
	pipe_release(p, PIPE_READ);
	pipe_release(p, PIPE_WRITE);
}

/* Each end waits only through its queue, as an instance's thread does. */
struct end {
	struct pipe *p;
	struct msgq q;
	uint64_t sum;
	size_t moved;
	atomic_bool stop;
};

static uint64_t mix(uint64_t sum, const unsigned char *b, size_t n)
{
	while (n--)
		sum = (sum ^ *b++) * 1099511628211ull;
	return sum;
}

static void *writer(void *data)
{
	struct end *e = data;
	static unsigned char chunk[12345];
	uint64_t x = 88172645463325252ull;

	pipe_watch(e->p, &e->q);
	while (e->moved < BULK) {
		size_t n = BULK - e->moved < sizeof(chunk) ?
			   BULK - e->moved : sizeof(chunk), done = 0;

		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			chunk[i] = (unsigned char)x;
		}
		e->sum = mix(e->sum, chunk, n);
		while (done < n) {
			unsigned long seen = msgq_changes(&e->q);
			ssize_t w = pipe_write(e->p, (char *)chunk + done,
					       n - done);

			if (w > 0)
				done += (size_t)w;
			else
				msgq_wait_change(&e->q, seen, 0, &e->stop);
		}
		e->moved += n;
	}
	pipe_unwatch(e->p, &e->q);
	pipe_release(e->p, PIPE_WRITE);
	return NULL;
}

static void test_bulk_between_threads(void)
{
	static char buf[7777];
	struct end w = { .p = pipe_new() }, r = { .p = w.p };
	pthread_t t;
	ssize_t n;

	msgq_init(&w.q, 4096, 4);
	msgq_init(&r.q, 4096, 4);
	pipe_watch(r.p, &r.q);
	pthread_create(&t, NULL, writer, &w);
	for (;;) {
		unsigned long seen = msgq_changes(&r.q);

		n = pipe_read(r.p, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n < 0) {
			msgq_wait_change(&r.q, seen, 0, &r.stop);
			continue;
		}
		r.sum = mix(r.sum, (unsigned char *)buf, (size_t)n);
		r.moved += (size_t)n;
	}
	pthread_join(t, NULL);
	pipe_unwatch(r.p, &r.q);
	pipe_release(r.p, PIPE_READ);
	CHECK_INT(r.moved, BULK);
	CHECK(r.sum == w.sum);
	msgq_destroy(&w.q);
	msgq_destroy(&r.q);
}

int main(void)
{
	test_bounds_and_ends();
	test_watchers();
	test_bulk_between_threads();
	return check_summary("pipe");
}
