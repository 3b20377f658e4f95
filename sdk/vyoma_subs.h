/*
 * vyoma_subs.h - a service's subscribers: the apps that asked to be told
 * of its events ("subscribe"), by the names the broker gave their
 * messages (unforgeable), at most VY_SUBS_MAX. A subscriber that is gone
 * is dropped when the supervisor says a message to it found no one
 * (vy_subs_gone), so the list heals by itself. Header-only.
 *
 *	static struct vy_subs subs;
 *	if (!strcmp(text, "subscribe"))
 *		vy_send(from, vy_subs_add(&subs, from) ? "ok" :
 *			"error too many subscribers");
 *	...
 *	for (int i = 0; i < subs.n; i++)
 *		vy_send(subs.name[i], "event button");
 *	...
 *	if (!strcmp(ev.from, "supervisor"))
 *		vy_subs_gone(&subs, ev.text);
 */
#ifndef VYOMA_SUBS_H
#define VYOMA_SUBS_H

#include <stddef.h>
#include <string.h>

#define VY_SUBS_MAX 8
#define VY_SUBS_NAME_MAX 48	/* "name#id": 32 + 1 + 10, and a NUL */

struct vy_subs {
	char name[VY_SUBS_MAX][VY_SUBS_NAME_MAX];
	int n;
};

static inline int vy_subs_find(const struct vy_subs *s, const char *name,
			       size_t len)
{
	for (int i = 0; i < s->n; i++)
		if (strlen(s->name[i]) == len && !memcmp(s->name[i], name, len))
			return i;
	return -1;
}

/* 1 if name is (now) subscribed, 0 if the list is full. */
static inline int vy_subs_add(struct vy_subs *s, const char *name)
{
	size_t len = strlen(name);

	if (vy_subs_find(s, name, len) >= 0)
		return 1;
	if (s->n == VY_SUBS_MAX || len >= VY_SUBS_NAME_MAX)
		return 0;
	memcpy(s->name[s->n++], name, len + 1);
	return 1;
}

static inline void vy_subs_drop(struct vy_subs *s, const char *name,
				size_t len)
{
	int i = vy_subs_find(s, name, len);

	if (i >= 0)
		memmove(s->name[i], s->name[--s->n], VY_SUBS_NAME_MAX);
}

/*
 * A line from the supervisor: if it says a message found no one
 * ("error unknown app '<name>'", "error '<name>' is not running"), that
 * subscriber goes. 1 if the line was such a one.
 */
static inline int vy_subs_gone(struct vy_subs *s, const char *text)
{
	const char *name, *end;

	if (!strncmp(text, "error unknown app '", 19))
		name = text + 19;
	else if (!strncmp(text, "error '", 7))
		name = text + 7;
	else
		return 0;
	end = strchr(name, '\'');
	if (!end || (strcmp(end, "'") && strcmp(end, "' is not running")))
		return 0;
	vy_subs_drop(s, name, (size_t)(end - name));
	return 1;
}

#endif
