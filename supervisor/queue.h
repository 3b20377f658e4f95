/*
 * queue.h - an app's inbound message queue: lines waiting to be read from
 * its stdin. Bounded in bytes and in messages; a full queue refuses the
 * newest line (the broker counts and reports it) so a receiver that never
 * reads costs a fixed amount of memory and never blocks anyone.
 *
 * Each line carries a tag saying who sent it (0: the supervisor). The
 * queue remembers the tag of the last line the reader has taken whole,
 * which is what @reply answers: the sender of the last message the app
 * actually read, not of the last one offered to it.
 */
#ifndef VYOMA_QUEUE_H
#define VYOMA_QUEUE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define QUEUE_BYTES_DEFAULT (64u << 10)
#define QUEUE_MESSAGES_DEFAULT 1024u

enum msgq_result {
	MSGQ_OK = 0,
	MSGQ_FULL = -1,		/* over a bound: the line is dropped */
	MSGQ_CLOSED = -2,	/* the reader has gone: nothing is taken */
};

/* A queued line: bytes not yet read, and who sent it. */
struct msgq_line {
	uint32_t left;
	uint32_t tag;
};

struct msgq {
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* CLOCK_MONOTONIC; signalled on push/close */
	char *buf;		/* byte ring, grown on demand to max_bytes */
	size_t size, head, len;
	size_t max_bytes;
	struct msgq_line *lines;	/* line ring, grown to max_count */
	unsigned lines_cap, lines_head;
	unsigned count;		/* lines in the ring, whole or part-read */
	unsigned max_count;
	uint32_t last_read_tag;	/* tag of the last line read whole */
	bool closed;		/* no more input: readers see end of file */
	unsigned long changes;	/* pushes, closes and wakes, ever */
	int notify_fd;		/* an eventfd told of each change, or -1 */
	atomic_ulong pushed, popped, dropped;	/* lines */
};

int msgq_init(struct msgq *q, size_t max_bytes, unsigned max_count);
void msgq_destroy(struct msgq *q);

/* New bounds for a queue's next owner (a reused instance's). */
void msgq_set_bounds(struct msgq *q, size_t max_bytes, unsigned max_count);

/* A closed queue opens again, empty; an open one keeps its lines. */
void msgq_reopen(struct msgq *q);

/* Appends line + '\n' whole, tagged with its sender (0: none). */
enum msgq_result msgq_push(struct msgq *q, const char *line, size_t len,
			   uint32_t tag);

/* Copies up to n bytes out; 0 means nothing there (or end of file). */
size_t msgq_pop(struct msgq *q, char *dst, size_t n);

/* The tag of the last line the reader has taken whole (0: none yet). */
uint32_t msgq_last_read_tag(struct msgq *q);

/*
 * Waits until there is something to read, the queue is closed, *stop is
 * set, or the monotonic deadline (ns, 0 = none, UINT64_MAX = never)
 * passes. Returns true if reading would not block (data or end of file).
 */
bool msgq_wait(struct msgq *q, uint64_t deadline_ns, const atomic_bool *stop);

/* Sleeps until the deadline or *stop, whatever arrives meanwhile. */
void msgq_sleep(struct msgq *q, uint64_t deadline_ns, const atomic_bool *stop);

/* Bytes waiting, and whether the queue is closed. */
size_t msgq_pending(struct msgq *q, bool *closed);

bool msgq_readable(struct msgq *q);
void msgq_close(struct msgq *q);

/* Wakes every waiter (to notice *stop, or a pipe's change). */
void msgq_wake(struct msgq *q);

/*
 * The owner's thread as a waiter on anything: msgq_changes() before
 * looking at what it waits for, then msgq_wait_change() with that count
 * returns at the next push, close or wake after it (or at once if there
 * was one), at the deadline (0 = none) or when *stop is set.
 */
unsigned long msgq_changes(struct msgq *q);

/* Each change also adds 1 to the eventfd fd (-1: none), for a waiter in
 * poll(2) on descriptors the queue knows nothing of. */
void msgq_set_notify_fd(struct msgq *q, int fd);
void msgq_wait_change(struct msgq *q, unsigned long seen,
		      uint64_t deadline_ns, const atomic_bool *stop);

unsigned msgq_count(struct msgq *q);

/* A clock's reading in nanoseconds (0 if it cannot be read). */
uint64_t clock_ns(clockid_t clock);
uint64_t monotonic_ns(void);
/* A CLOCK_MONOTONIC time in ns as pthread_cond_timedwait takes it (for
 * condition variables made with pthread_condattr_setclock). */
struct timespec monotonic_timespec(uint64_t ns);

#endif
