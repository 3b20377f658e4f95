/*
 * fdset.h - the descriptor numbers an app holds, as the supervisor counts
 * them: stdio, its preopened directories and every file it opened. Kept
 * sorted, so a lookup is a binary search; bounded by the app's limit, so
 * one app cannot take every descriptor the supervisor has.
 */
#ifndef VYOMA_FDSET_H
#define VYOMA_FDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fdset {
	uint32_t *fds;		/* sorted, no duplicates */
	size_t count, cap;
};

void fdset_init(struct fdset *s);
void fdset_free(struct fdset *s);
void fdset_clear(struct fdset *s);

bool fdset_has(const struct fdset *s, uint32_t fd);

/* Adds fd (a no-op if present); -1 if memory runs out. */
int fdset_add(struct fdset *s, uint32_t fd);

/* Removes fd if present; returns whether it was. */
bool fdset_remove(struct fdset *s, uint32_t fd);

#endif
