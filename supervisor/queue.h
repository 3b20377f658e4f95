/*
 * queue.h - an app's inbound message queue: lines waiting to be read from
 * its stdin. Bounded in bytes and in messages; a full queue refuses the
 * newest line (the broker counts and reports it) so a receiver that never
 * reads costs a fixed amount of memory and never blocks anyone.
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

struct msgq {
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* CLOCK_MONOTONIC; signalled on push/close */
	char *buf;		/* ring, grown on demand up to max_bytes */
	size_t size, head, len;
	size_t max_bytes;
	unsigned count;		/* whole lines in the ring */
	unsigned max_count;
	bool closed;		/* no more input: readers see end of file */
	atomic_ulong pushed, popped, dropped;	/* lines */
};

int msgq_init(struct msgq *q, size_t max_bytes, unsigned max_count);
void msgq_destroy(struct msgq *q);

/* Reopens a closed queue, empty, for an app that starts again. */
void msgq_reset(struct msgq *q);

/* Appends line + '\n' whole, or returns -1 (full or closed) and counts. */
int msgq_push(struct msgq *q, const char *line, size_t len);

/* Copies up to n bytes out; 0 means nothing there (or end of file). */
size_t msgq_pop(struct msgq *q, char *dst, size_t n);

/*
 * Waits until there is something to read, the queue is closed, *stop is
 * set, or the monotonic deadline (ns, 0 = none) passes. Returns true if
 * reading would not block (data or end of file).
 */
bool msgq_wait(struct msgq *q, uint64_t deadline_ns, const atomic_bool *stop);

/* Sleeps until the deadline or *stop, whatever arrives meanwhile. */
void msgq_sleep(struct msgq *q, uint64_t deadline_ns, const atomic_bool *stop);

/* Bytes waiting, and whether the queue is closed. */
size_t msgq_pending(struct msgq *q, bool *closed);

bool msgq_readable(struct msgq *q);
void msgq_close(struct msgq *q);

/* Wakes every waiter (to notice *stop). */
void msgq_wake(struct msgq *q);

unsigned msgq_count(struct msgq *q);

/* A clock's reading in nanoseconds (0 if it cannot be read). */
uint64_t clock_ns(clockid_t clock);
uint64_t monotonic_ns(void);

#endif
