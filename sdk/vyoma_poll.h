/*
 * vyoma_poll.h - filling in poll_oneoff subscriptions, for apps that
 * wait on several things at once (their events on stdin, sockets, pipe
 * ends, a timeout) with one __wasi_poll_oneoff. Shared by vyoma.h and
 * the tools' vytool_net.h; header-only, nothing but wasi/api.h.
 *
 *	__wasi_subscription_t sub[3];
 *	__wasi_event_t ev[3];
 *	vy_sub_fd(&sub[0], 0, 0, 0);			// stdin readable
 *	vy_sub_fd(&sub[1], sock, 1, 1);			// room to send
 *	vy_sub_clock(&sub[2], 16 * 1000000ull, 2);	// or 16 ms
 *	uint32_t ready = vy_poll_bits(sub, ev, 3, 1);	// bits 0, 1, 2
 */
#ifndef VYOMA_POLL_H
#define VYOMA_POLL_H

#include <stdint.h>
#include <string.h>
#include "vyoma_wasi.h"	/* <wasi/api.h>, its calls imported directly */

/* fd readable (or writable when write is set), tagged with userdata. */
static inline void vy_sub_fd(__wasi_subscription_t *s, int fd, int write,
			     uint64_t userdata)
{
	memset(s, 0, sizeof(*s));
	s->userdata = userdata;
	s->u.tag = write ? __WASI_EVENTTYPE_FD_WRITE : __WASI_EVENTTYPE_FD_READ;
	s->u.u.fd_read.file_descriptor = (__wasi_fd_t)fd;
}

/* A relative timeout of ns nanoseconds, tagged with userdata. */
static inline void vy_sub_clock(__wasi_subscription_t *s, uint64_t ns,
				uint64_t userdata)
{
	memset(s, 0, sizeof(*s));
	s->userdata = userdata;
	s->u.tag = __WASI_EVENTTYPE_CLOCK;
	s->u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
	s->u.u.clock.timeout = ns;
}

/*
 * Waits on n subscriptions whose userdata are bit numbers (below 32):
 * the bits of those that fired, or if_error when the call itself fails
 * (then the caller looks at what that bit stands for and finds out).
 */
static inline uint32_t vy_poll_bits(const __wasi_subscription_t *sub,
				    __wasi_event_t *ev, __wasi_size_t n,
				    uint32_t if_error)
{
	__wasi_size_t got = 0, i;
	uint32_t ready = 0;

	if (__wasi_poll_oneoff(sub, ev, n, &got) != 0)
		return if_error;
	for (i = 0; i < got; i++)
		ready |= 1u << ev[i].userdata;
	return ready;
}

#endif
