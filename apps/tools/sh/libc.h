/*
 * libc.h - the libc functions the shell replaces with smaller ones:
 * malloc and friends, memcpy, memmove and memset from the SDK's
 * vyoma_alloc.h (wasi-libc's dlmalloc alone is a quarter of the size
 * budget), the string functions in their plain form from vyoma_tiny.h
 * (wasi-libc's are word-at-a-time), and poll() here.
 */
#include "vyoma_alloc.h"
#include "vyoma_tiny.h"

/*
 * What wasi-libc's own path and environment code calls (its chdir,
 * getenv and preopen look-ups): word-at-a-time there, plain here, for
 * half a kilobyte off the size budget. (__stpcpy is vyoma_tiny.h's.)
 */
__attribute__((no_builtin)) char *__strchrnul(const char *s, int c)
{
	while (*s && *s != (char)c)
		s++;
	return (char *)s;
}

__attribute__((no_builtin)) char *strchrnul(const char *s, int c)
{
	return __strchrnul(s, c);
}

/*
 * poll() straight onto poll_oneoff, for reading and writing only;
 * wasi-libc's handles every event kind and costs a kilobyte more.
 */
int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	__wasi_subscription_t sub[20];
	__wasi_event_t ev[20];
	size_t k = 0, got = 0;
	int ready = 0;

	for (nfds_t i = 0; i < n && k < 19; i++) {
		fds[i].revents = 0;
		if (!(fds[i].events & (POLLIN | POLLOUT)))
			continue;
		memset(&sub[k], 0, sizeof(sub[k]));
		sub[k].userdata = i;
		sub[k].u.tag = fds[i].events & POLLIN ?
			       __WASI_EVENTTYPE_FD_READ :
			       __WASI_EVENTTYPE_FD_WRITE;
		sub[k].u.u.fd_read.file_descriptor = (__wasi_fd_t)fds[i].fd;
		k++;
	}
	if (timeout >= 0) {
		memset(&sub[k], 0, sizeof(sub[k]));
		sub[k].userdata = (uint64_t)-1;
		sub[k].u.tag = __WASI_EVENTTYPE_CLOCK;
		sub[k].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
		sub[k].u.u.clock.timeout = (uint64_t)timeout * 1000000;
		k++;
	}
	if (!k)
		return 0;
	if (__wasi_poll_oneoff(sub, ev, k, &got)) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < got; i++) {
		struct pollfd *p;

		if (ev[i].type == __WASI_EVENTTYPE_CLOCK)
			continue;
		p = &fds[ev[i].userdata];
		if (!p->revents)
			ready++;
		p->revents |= ev[i].type == __WASI_EVENTTYPE_FD_READ ?
			      POLLIN : POLLOUT;
		if (ev[i].error)
			p->revents |= POLLERR;
	}
	return ready;
}
