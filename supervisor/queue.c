/*
 * queue.c - the bounded inbound queue behind an app's stdin. A ring of
 * bytes that only ever holds whole lines on the way in (a push fits whole
 * or not at all) and hands out bytes on the way out, like a pipe, so a
 * reader may take half a line and the rest later.
 */
#include "queue.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	q->buf = NULL;
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cond);
}

void msgq_reset(struct msgq *q)
{
	pthread_mutex_lock(&q->lock);
	q->head = q->len = 0;
	q->count = 0;
	q->closed = false;
	pthread_mutex_unlock(&q->lock);
}

/* Makes room for need bytes in total; the ring grows by doubling. */
static bool reserve(struct msgq *q, size_t need)
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

static void ring_put(struct msgq *q, const char *src, size_t n)
{
	size_t tail = (q->head + q->len) % q->size;
	size_t first = q->size - tail < n ? q->size - tail : n;

	memcpy(q->buf + tail, src, first);
	memcpy(q->buf, src + first, n - first);
	q->len += n;
}

int msgq_push(struct msgq *q, const char *line, size_t len)
{
	int rc = -1;

	pthread_mutex_lock(&q->lock);
	if (!q->closed && q->count < q->max_count &&
	    q->len + len + 1 <= q->max_bytes && reserve(q, q->len + len + 1)) {
		ring_put(q, line, len);
		ring_put(q, "\n", 1);
		q->count++;
		rc = 0;
		pthread_cond_broadcast(&q->cond);
	}
	pthread_mutex_unlock(&q->lock);
	if (rc == 0)
		atomic_fetch_add(&q->pushed, 1);
	else
		atomic_fetch_add(&q->dropped, 1);
	return rc;
}

size_t msgq_pop(struct msgq *q, char *dst, size_t n)
{
	size_t taken = 0;
	unsigned lines = 0;

	pthread_mutex_lock(&q->lock);
	while (taken < n && q->len) {
		size_t run = q->size - q->head < q->len ? q->size - q->head :
			     q->len;
		char *nl;

		if (run > n - taken)
			run = n - taken;
		memcpy(dst + taken, q->buf + q->head, run);
		/* Count the line ends handed out: those lines have left. */
		for (nl = memchr(dst + taken, '\n', run); nl;
		     nl = memchr(nl + 1, '\n', (size_t)(dst + taken + run - nl - 1)))
			lines++;
		taken += run;
		q->head = (q->head + run) % q->size;
		q->len -= run;
	}
	q->count -= lines;
	pthread_mutex_unlock(&q->lock);
	atomic_fetch_add(&q->popped, lines);
	return taken;
}

bool msgq_readable(struct msgq *q)
{
	bool r;

	pthread_mutex_lock(&q->lock);
	r = q->len > 0 || q->closed;
	pthread_mutex_unlock(&q->lock);
	return r;
}

bool msgq_wait(struct msgq *q, uint64_t deadline_ns, const atomic_bool *stop)
{
	struct timespec ts = { (time_t)(deadline_ns / 1000000000u),
			       (long)(deadline_ns % 1000000000u) };
	bool ready;

	pthread_mutex_lock(&q->lock);
	while (!(ready = q->len > 0 || q->closed) && !atomic_load(stop)) {
		if (!deadline_ns) {
			pthread_cond_wait(&q->cond, &q->lock);
		} else if (monotonic_ns() >= deadline_ns) {
			break;
		} else {
			pthread_cond_timedwait(&q->cond, &q->lock, &ts);
		}
	}
	pthread_mutex_unlock(&q->lock);
	return ready;
}

void msgq_sleep(struct msgq *q, uint64_t deadline_ns, const atomic_bool *stop)
{
	struct timespec ts = { (time_t)(deadline_ns / 1000000000u),
			       (long)(deadline_ns % 1000000000u) };

	pthread_mutex_lock(&q->lock);
	while (!atomic_load(stop) && monotonic_ns() < deadline_ns)
		pthread_cond_timedwait(&q->cond, &q->lock, &ts);
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
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

void msgq_wake(struct msgq *q)
{
	pthread_mutex_lock(&q->lock);
	pthread_cond_broadcast(&q->cond);
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
