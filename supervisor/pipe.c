/*
 * pipe.c - byte pipes between instances (pipe.h): a ring of
 * PIPE_CAPACITY bytes under one lock, with counts of the ends held and
 * the queues to wake when anything changes.
 */
#include "pipe.h"
#include "queue.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct pipe {
	pthread_mutex_t lock;
	char *buf;			/* PIPE_CAPACITY bytes */
	size_t head, len;
	unsigned readers, writers;	/* ends held */
	struct msgq *watchers[PIPE_WATCHERS];
	unsigned watcher_count;
	bool terminal;			/* set once, before any end is shared */
};

struct pipe *pipe_new(void)
{
	struct pipe *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->buf = malloc(PIPE_CAPACITY);
	if (!p->buf) {
		free(p);
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	p->readers = p->writers = 1;
	return p;
}

/* Called with the lock held: whoever waits on the pipe looks again. */
static void changed(struct pipe *p)
{
	unsigned i;

	for (i = 0; i < p->watcher_count; i++)
		msgq_wake(p->watchers[i]);
}

void pipe_hold(struct pipe *p, enum pipe_end end)
{
	pthread_mutex_lock(&p->lock);
	if (end == PIPE_READ)
		p->readers++;
	else
		p->writers++;
	pthread_mutex_unlock(&p->lock);
}

void pipe_set_terminal(struct pipe *p)
{
	p->terminal = true;
}

bool pipe_is_terminal(struct pipe *p)
{
	return p->terminal;
}

void pipe_release(struct pipe *p, enum pipe_end end)
{
	bool last;

	pthread_mutex_lock(&p->lock);
	if (end == PIPE_READ && p->readers)
		p->readers--;
	else if (end == PIPE_WRITE && p->writers)
		p->writers--;
	last = !p->readers && !p->writers;
	changed(p);
	pthread_mutex_unlock(&p->lock);
	if (last) {
		pthread_mutex_destroy(&p->lock);
		free(p->buf);
		free(p);
	}
}

ssize_t pipe_read(struct pipe *p, char *dst, size_t n)
{
	size_t first, got;

	pthread_mutex_lock(&p->lock);
	if (!p->len) {
		bool eof = !p->writers;

		pthread_mutex_unlock(&p->lock);
		return eof ? 0 : -EAGAIN;
	}
	got = n < p->len ? n : p->len;
	first = PIPE_CAPACITY - p->head < got ? PIPE_CAPACITY - p->head : got;
	memcpy(dst, p->buf + p->head, first);
	memcpy(dst + first, p->buf, got - first);
	p->head = (p->head + got) % PIPE_CAPACITY;
	p->len -= got;
	changed(p);
	pthread_mutex_unlock(&p->lock);
	return (ssize_t)got;
}

ssize_t pipe_write(struct pipe *p, const char *src, size_t n)
{
	size_t room, take, tail, first;

	pthread_mutex_lock(&p->lock);
	if (!p->readers) {
		pthread_mutex_unlock(&p->lock);
		return -EPIPE;
	}
	room = PIPE_CAPACITY - p->len;
	take = n < room ? n : room;
	if (!n) {
		pthread_mutex_unlock(&p->lock);
		return 0;
	}
	/* Small writes arrive whole, as POSIX says of PIPE_BUF. */
	if (!take || (n <= PIPE_ATOMIC && take < n)) {
		pthread_mutex_unlock(&p->lock);
		return -EAGAIN;
	}
	tail = (p->head + p->len) % PIPE_CAPACITY;
	first = PIPE_CAPACITY - tail < take ? PIPE_CAPACITY - tail : take;
	memcpy(p->buf + tail, src, first);
	memcpy(p->buf, src + first, take - first);
	p->len += take;
	changed(p);
	pthread_mutex_unlock(&p->lock);
	return (ssize_t)take;
}

size_t pipe_readable(struct pipe *p, bool *eof)
{
	size_t n;

	pthread_mutex_lock(&p->lock);
	n = p->len;
	*eof = !p->writers && !n;
	pthread_mutex_unlock(&p->lock);
	return n;
}

size_t pipe_writable(struct pipe *p, bool *broken)
{
	size_t n;

	pthread_mutex_lock(&p->lock);
	n = PIPE_CAPACITY - p->len;
	*broken = !p->readers;
	pthread_mutex_unlock(&p->lock);
	return n;
}

bool pipe_watch(struct pipe *p, struct msgq *q)
{
	bool ok;

	pthread_mutex_lock(&p->lock);
	ok = p->watcher_count < PIPE_WATCHERS;
	if (ok)
		p->watchers[p->watcher_count++] = q;
	pthread_mutex_unlock(&p->lock);
	return ok;
}

void pipe_unwatch(struct pipe *p, struct msgq *q)
{
	unsigned i;

	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->watcher_count; i++) {
		if (p->watchers[i] == q) {
			p->watchers[i] = p->watchers[--p->watcher_count];
			break;
		}
	}
	pthread_mutex_unlock(&p->lock);
}
