/*
 * queue.c - the bounded inbound queue behind an app's stdin. A ring of
 * bytes that only ever holds whole lines on the way in (a push fits whole
 * or not at all) and hands out bytes on the way out, like a pipe, so a
 * reader may take half a line and the rest later. Beside it, a ring of
 * line records (bytes left, sender tag) says where each line ends.
 */
#include "queue.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

uint64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t monotonic_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

int msgq_init(struct msgq *q, size_t max_bytes, unsigned max_count)
{
	pthread_condattr_t attr;

	memset(q, 0, sizeof(*q));
	q->notify_fd = -1;
	q->max_bytes = max_bytes;
	q->max_count = max_count;
	pthread_mutex_init(&q->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&q->cond, &attr);
	pthread_condattr_destroy(&attr);
	return 0;
}

void msgq_destroy(struct msgq *q)
{
	free(q->buf);
	free(q->lines);
	q->buf = NULL;
	q->lines = NULL;
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cond);
}

void msgq_set_bounds(struct msgq *q, size_t max_bytes, unsigned max_count)
{
	pthread_mutex_lock(&q->lock);
	q->max_bytes = max_bytes;
	q->max_count = max_count;
	pthread_mutex_unlock(&q->lock);
}

void msgq_reopen(struct msgq *q)
{
	pthread_mutex_lock(&q->lock);
	if (q->closed) {
		q->head = q->len = 0;
		q->lines_head = q->count = 0;
		q->last_read_tag = 0;
		q->closed = false;
	}
	pthread_mutex_unlock(&q->lock);
}

/* Makes room for need bytes in total; the ring grows by doubling. */
static bool reserve_bytes(struct msgq *q, size_t need)
{
	size_t size = q->size ? q->size : 4096;
	char *buf;

	if (need <= q->size)
		return true;
	while (size < need)
		size *= 2;
	if (size > q->max_bytes)
		size = q->max_bytes;
	buf = malloc(size);
	if (!buf)
		return false;
	/* Unwrap the ring into the new buffer. */
	if (q->len) {
		size_t first = q->size - q->head < q->len ? q->size - q->head :
			       q->len;

		memcpy(buf, q->buf + q->head, first);
		memcpy(buf + first, q->buf, q->len - first);
	}
	free(q->buf);
	q->buf = buf;
	q->size = size;
	q->head = 0;
	return true;
}

/* Makes room for one more line record. */
static bool reserve_line(struct msgq *q)
{
	unsigned cap = q->lines_cap ? q->lines_cap * 2 : 16, i;
	struct msgq_line *lines;

	if (q->count < q->lines_cap)
		return true;
	if (cap > q->max_count)
		cap = q->max_count;
	lines = malloc(cap * sizeof(*lines));
	if (!lines)
		return false;
	for (i = 0; i < q->count; i++)
		lines[i] = q->lines[(q->lines_head + i) % q->lines_cap];
	free(q->lines);
	q->lines = lines;
	q->lines_cap = cap;
	q->lines_head = 0;
	return true;
}

/* A change: waiters on the condition and, if set, on the descriptor
 * (a wait in poll(2) on sockets) wake. Called with the lock held. */
static void changed(struct msgq *q)
{
	static const uint64_t one = 1;

	q->changes++;
	pthread_cond_broadcast(&q->cond);
	if (q->notify_fd >= 0 && write(q->notify_fd, &one, sizeof(one)) < 0) {
		/* A full eventfd is still readable: the waiter wakes. */
	}
}

void msgq_set_notify_fd(struct msgq *q, int fd)
{
	pthread_mutex_lock(&q->lock);
	q->notify_fd = fd;
	pthread_mutex_unlock(&q->lock);
}

static void ring_put(struct msgq *q, const char *src, size_t n)
{
	size_t tail = (q->head + q->len) % q->size;
	size_t first = q->size - tail < n ? q->size - tail : n;

	memcpy(q->buf + tail, src, first);
	memcpy(q->buf, src + first, n - first);
	q->len += n;
}

enum msgq_result msgq_push(struct msgq *q, const char *line, size_t len,
			   uint32_t tag)
{
	enum msgq_result rc = MSGQ_FULL;

	pthread_mutex_lock(&q->lock);
	if (q->closed) {
		rc = MSGQ_CLOSED;
	} else if (q->count < q->max_count && len < UINT32_MAX &&
		   len + 1 <= q->max_bytes - q->len &&
		   reserve_bytes(q, q->len + len + 1) && reserve_line(q)) {
		struct msgq_line *rec = &q->lines[(q->lines_head + q->count) %
						  q->lines_cap];

		ring_put(q, line, len);
		ring_put(q, "\n", 1);
		rec->left = (uint32_t)len + 1;
		rec->tag = tag;
		q->count++;
		rc = MSGQ_OK;
		changed(q);
	}
	pthread_mutex_unlock(&q->lock);
	if (rc == MSGQ_OK)
		atomic_fetch_add(&q->pushed, 1);
	else if (rc == MSGQ_FULL)
		atomic_fetch_add(&q->dropped, 1);
	return rc;
}

/* The reader took n bytes of the oldest lines: retire the whole ones. */
static unsigned consume_lines(struct msgq *q, size_t n)
{
	unsigned whole = 0;

	while (n) {
		struct msgq_line *rec = &q->lines[q->lines_head];
		size_t take = n < rec->left ? n : rec->left;

		rec->left -= (uint32_t)take;
		n -= take;
		if (rec->left)
			break;
		if (rec->tag)
			q->last_read_tag = rec->tag;
		q->lines_head = (q->lines_head + 1) % q->lines_cap;
		q->count--;
		whole++;
	}
	return whole;
}

size_t msgq_pop(struct msgq *q, char *dst, size_t n)
{
	size_t taken = 0;
	unsigned lines;

	pthread_mutex_lock(&q->lock);
	while (taken < n && q->len) {
		size_t run = q->size - q->head < q->len ? q->size - q->head :
			     q->len;

		if (run > n - taken)
			run = n - taken;
		memcpy(dst + taken, q->buf + q->head, run);
		taken += run;
		q->head = (q->head + run) % q->size;
		q->len -= run;
	}
	lines = consume_lines(q, taken);
	pthread_mutex_unlock(&q->lock);
	atomic_fetch_add(&q->popped, lines);
	return taken;
}

uint32_t msgq_last_read_tag(struct msgq *q)
{
	uint32_t tag;

	pthread_mutex_lock(&q->lock);
	tag = q->last_read_tag;
	pthread_mutex_unlock(&q->lock);
	return tag;
}

bool msgq_readable(struct msgq *q)
{
	bool r;

	pthread_mutex_lock(&q->lock);
	r = q->len > 0 || q->closed;
	pthread_mutex_unlock(&q->lock);
	return r;
}

struct timespec monotonic_timespec(uint64_t ns)
{
	return (struct timespec){ (time_t)(ns / 1000000000u),
				  (long)(ns % 1000000000u) };
}

bool msgq_wait(struct msgq *q, uint64_t deadline_ns, const atomic_bool *stop)
{
	struct timespec ts = monotonic_timespec(deadline_ns);
	bool forever = deadline_ns == 0 || deadline_ns == UINT64_MAX;
	bool ready;

	pthread_mutex_lock(&q->lock);
	while (!(ready = q->len > 0 || q->closed) && !atomic_load(stop)) {
		if (forever)
			pthread_cond_wait(&q->cond, &q->lock);
		else if (monotonic_ns() >= deadline_ns)
			break;
		else
			pthread_cond_timedwait(&q->cond, &q->lock, &ts);
	}
	pthread_mutex_unlock(&q->lock);
	return ready;
}

void msgq_sleep(struct msgq *q, uint64_t deadline_ns, const atomic_bool *stop)
{
	struct timespec ts = monotonic_timespec(deadline_ns);

	pthread_mutex_lock(&q->lock);
	while (!atomic_load(stop) && monotonic_ns() < deadline_ns) {
		if (deadline_ns == UINT64_MAX)
			pthread_cond_wait(&q->cond, &q->lock);
		else
			pthread_cond_timedwait(&q->cond, &q->lock, &ts);
	}
	pthread_mutex_unlock(&q->lock);
}

size_t msgq_pending(struct msgq *q, bool *closed)
{
	size_t n;

	pthread_mutex_lock(&q->lock);
	n = q->len;
	*closed = q->closed;
	pthread_mutex_unlock(&q->lock);
	return n;
}

void msgq_close(struct msgq *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	changed(q);
	pthread_mutex_unlock(&q->lock);
}

void msgq_wake(struct msgq *q)
{
	pthread_mutex_lock(&q->lock);
	changed(q);
	pthread_mutex_unlock(&q->lock);
}

unsigned long msgq_changes(struct msgq *q)
{
	unsigned long n;

	pthread_mutex_lock(&q->lock);
	n = q->changes;
	pthread_mutex_unlock(&q->lock);
	return n;
}

void msgq_wait_change(struct msgq *q, unsigned long seen,
		      uint64_t deadline_ns, const atomic_bool *stop)
{
	struct timespec ts = monotonic_timespec(deadline_ns);

	pthread_mutex_lock(&q->lock);
	while (q->changes == seen && !atomic_load(stop) &&
	       (!deadline_ns || monotonic_ns() < deadline_ns)) {
		if (!deadline_ns || deadline_ns == UINT64_MAX)
			pthread_cond_wait(&q->cond, &q->lock);
		else
			pthread_cond_timedwait(&q->cond, &q->lock, &ts);
	}
	pthread_mutex_unlock(&q->lock);
}

unsigned msgq_count(struct msgq *q)
{
	unsigned n;

	pthread_mutex_lock(&q->lock);
	n = q->count;
	pthread_mutex_unlock(&q->lock);
	return n;
}
