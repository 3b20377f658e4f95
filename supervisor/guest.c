/*
 * guest.c - bounds-checked copies in and out of an app's linear memory,
 * and the WASI preview 1 structures decoded from the copies (guest.h).
 */
#include "guest.h"

#include <string.h>

#define CLOCK_REALTIME_ID 0
#define CLOCK_MONOTONIC_ID 1
#define SUBCLOCK_ABSTIME 1
#define EVENTRWFLAGS_HANGUP 1

bool guest_range_ok(const struct guest_mem *m, uint64_t off, uint64_t len)
{
	/* Written so that no sum can overflow: off <= size, then len. */
	return off <= m->size && len <= m->size - off;
}

int guest_read(const struct guest_mem *m, uint32_t off, void *dst,
	       size_t len)
{
	if (!guest_range_ok(m, off, len))
		return GUEST_ERRNO_FAULT;
	memcpy(dst, m->base + off, len);
	return 0;
}

int guest_write(const struct guest_mem *m, uint32_t off, const void *src,
		size_t len)
{
	if (!guest_range_ok(m, off, len))
		return GUEST_ERRNO_FAULT;
	memcpy(m->base + off, src, len);
	return 0;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

int guest_iovecs(const struct guest_mem *m, uint32_t off, uint32_t count,
		 struct guest_iov *out)
{
	uint8_t raw[GUEST_IOVEC_SIZE];
	uint32_t i;

	if (count > GUEST_IOV_MAX)
		return GUEST_ERRNO_INVAL;
	if (!guest_range_ok(m, off, (uint64_t)count * GUEST_IOVEC_SIZE))
		return GUEST_ERRNO_FAULT;
	/* Each iovec is copied once, before anything is written: later
	 * writes into guest memory (a read landing on the array itself)
	 * cannot change what we use. */
	for (i = 0; i < count; i++) {
		if (guest_read(m, off + i * GUEST_IOVEC_SIZE, raw, sizeof(raw)))
			return GUEST_ERRNO_FAULT;
		out[i].off = le32(raw);
		out[i].len = le32(raw + 4);
		if (!guest_range_ok(m, out[i].off, out[i].len))
			return GUEST_ERRNO_FAULT;
	}
	return 0;
}

int guest_subscriptions(const struct guest_mem *m, uint32_t off, uint32_t n,
			struct guest_sub *out)
{
	uint8_t raw[GUEST_SUB_SIZE];
	uint32_t i;

	if (n == 0 || n > GUEST_SUBS_MAX)
		return GUEST_ERRNO_INVAL;
	if (!guest_range_ok(m, off, (uint64_t)n * GUEST_SUB_SIZE))
		return GUEST_ERRNO_FAULT;
	for (i = 0; i < n; i++) {
		struct guest_sub *s = &out[i];
		uint16_t flags;

		if (guest_read(m, off + i * GUEST_SUB_SIZE, raw, sizeof(raw)))
			return GUEST_ERRNO_FAULT;
		memset(s, 0, sizeof(*s));
		s->userdata = le64(raw);
		switch (raw[8]) {
		case 0:
			s->kind = GUEST_SUB_CLOCK;
			s->clock_id = le32(raw + 16);
			s->timeout = le64(raw + 24);
			memcpy(&flags, raw + 40, sizeof(flags));
			s->absolute = flags & SUBCLOCK_ABSTIME;
			break;
		case 1:
			s->kind = GUEST_SUB_FD_READ;
			s->fd = le32(raw + 16);
			break;
		case 2:
			s->kind = GUEST_SUB_FD_WRITE;
			s->fd = le32(raw + 16);
			break;
		default:
			return GUEST_ERRNO_INVAL;
		}
	}
	return 0;
}

int guest_events(const struct guest_mem *m, uint32_t off,
		 const struct guest_event *events, uint32_t n)
{
	uint8_t raw[GUEST_EVENT_SIZE];
	uint32_t i;

	if (!guest_range_ok(m, off, (uint64_t)n * GUEST_EVENT_SIZE))
		return GUEST_ERRNO_FAULT;
	for (i = 0; i < n; i++) {
		const struct guest_event *e = &events[i];
		uint16_t flags = e->hangup ? EVENTRWFLAGS_HANGUP : 0;

		memset(raw, 0, sizeof(raw));
		memcpy(raw, &e->userdata, 8);
		memcpy(raw + 8, &e->error, 2);
		raw[10] = e->type;
		memcpy(raw + 16, &e->nbytes, 8);
		memcpy(raw + 24, &flags, 2);
		guest_write(m, off + i * GUEST_EVENT_SIZE, raw, sizeof(raw));
	}
	return 0;
}

static uint64_t add_saturating(uint64_t a, uint64_t b)
{
	return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

bool guest_clock_deadline(const struct guest_sub *s, uint64_t mono,
			  uint64_t real, uint64_t epoch, uint64_t *deadline)
{
	if (s->clock_id != CLOCK_REALTIME_ID &&
	    s->clock_id != CLOCK_MONOTONIC_ID)
		return false;
	if (!s->absolute)
		*deadline = add_saturating(mono, s->timeout);
	else if (s->clock_id == CLOCK_MONOTONIC_ID)
		*deadline = add_saturating(epoch, s->timeout);
	else
		*deadline = s->timeout > real ?
			    add_saturating(mono, s->timeout - real) : mono;
	return true;
}

int guest_strings(char *block, size_t len, const char **out, size_t max,
		  bool variables)
{
	size_t n = 0, at = 0;

	if (len && block[len - 1] != '\0')
		return -1;
	while (at < len) {
		size_t l = strlen(block + at);

		if (n == max)
			return -1;
		if (variables && (l == 0 || block[at] == '=' ||
				  !memchr(block + at, '=', l)))
			return -1;
		out[n++] = block + at;
		at += l + 1;
	}
	return (int)n;
}
