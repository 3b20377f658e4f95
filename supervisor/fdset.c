/*
 * fdset.c - a sorted array of descriptor numbers (fdset.h).
 */
#include "fdset.h"

#include <stdlib.h>
#include <string.h>

void fdset_init(struct fdset *s)
{
	memset(s, 0, sizeof(*s));
}

void fdset_free(struct fdset *s)
{
	free(s->fds);
	fdset_init(s);
}

void fdset_clear(struct fdset *s)
{
	s->count = 0;
}

/* The index of the first element >= fd. */
static size_t lower_bound(const struct fdset *s, uint32_t fd)
{
	size_t lo = 0, hi = s->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->fds[mid] < fd)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool fdset_has(const struct fdset *s, uint32_t fd)
{
	size_t i = lower_bound(s, fd);

	return i < s->count && s->fds[i] == fd;
}

int fdset_add(struct fdset *s, uint32_t fd)
{
	size_t i = lower_bound(s, fd);

	if (i < s->count && s->fds[i] == fd)
		return 0;
	if (s->count == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		uint32_t *fds = realloc(s->fds, cap * sizeof(*fds));

		if (!fds)
			return -1;
		s->fds = fds;
		s->cap = cap;
	}
	memmove(s->fds + i + 1, s->fds + i, (s->count - i) * sizeof(*s->fds));
	s->fds[i] = fd;
	s->count++;
	return 0;
}

bool fdset_remove(struct fdset *s, uint32_t fd)
{
	size_t i = lower_bound(s, fd);

	if (i == s->count || s->fds[i] != fd)
		return false;
	memmove(s->fds + i, s->fds + i + 1,
		(s->count - i - 1) * sizeof(*s->fds));
	s->count--;
	return true;
}
