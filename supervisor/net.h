/*
 * net.h - the sockets the supervisor holds for an app. Each is a real
 * non-blocking Linux TCP socket; the app holds it as a descriptor
 * number from NET_FD_BASE, a range Wasmtime never hands out, and the
 * shim (wasi_shim.c) answers the standard WASI calls on it through the
 * calls here: fd_read/sock_recv, fd_write/sock_send, sock_shutdown,
 * sock_accept, poll_oneoff, fd_close, fd_fdstat_get and
 * fd_fdstat_set_flags. Sockets are made by the "vyoma_net" import module
 * (netapi.h), after the grant is checked.
 *
 * A blocking call waits in poll(2) on the socket and an eventfd the
 * app's queue signals on every change, so a stop (which closes the
 * queue) ends any wait at once. Every call is made on the app's own
 * thread; nothing here is shared between apps.
 */
#ifndef VYOMA_NET_H
#define VYOMA_NET_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NET_FD_BASE 0x50000000u
#define NET_STOPPED (-1)	/* the app is being stopped: trap */

struct app;
struct guest_mem;
struct guest_iov;

/* Is fd one of the app's sockets? Its host descriptor, else -1. */
int net_host_fd(struct app *app, uint32_t fd);

/*
 * 0 if the app may hold one more socket (its [resources] sockets, its
 * files limit, the supervisor's budget), else a WASI errno (logged).
 */
int net_room(struct app *app);

/*
 * Takes over host socket s (non-blocking, close-on-exec) as the app's;
 * its descriptor in *fd. 0, or a WASI errno (s is then closed).
 */
int net_adopt(struct app *app, int s, bool listening, uint32_t *fd);

/*
 * Waits until host descriptor fd has one of events, the monotonic
 * deadline passes (0: none; then ETIMEDOUT) or the app is stopped
 * (NET_STOPPED). 0 when ready.
 */
int net_wait(struct app *app, int fd, short events, uint64_t deadline_ns);

/*
 * Waits in poll(2) on n host descriptors (any of them ready), the app's
 * queue changing, a stop, or the deadline (0 or UINT64_MAX: none).
 */
void net_sleep(struct app *app, struct pollfd *fds, size_t n,
	       uint64_t deadline_ns);

/* The calls on a socket descriptor. Each returns 0, a WASI errno, or
 * NET_STOPPED. Buffers are in the app's memory, checked by the caller. */
#define NET_RECV_PEEK 1
#define NET_RECV_WAITALL 2
int net_recv(struct app *app, uint32_t fd, const struct guest_mem *mem,
	     const struct guest_iov *iov, uint32_t count, unsigned flags,
	     uint32_t *got);
int net_send(struct app *app, uint32_t fd, const struct guest_mem *mem,
	     const struct guest_iov *iov, uint32_t count, uint32_t *sent);
int net_shutdown(struct app *app, uint32_t fd, unsigned how);
int net_accept(struct app *app, uint32_t fd, unsigned fdflags,
	       uint32_t *client);
int net_close(struct app *app, uint32_t fd);
#define NET_FDFLAG_NONBLOCK 4u	/* WASI's fdflags */
int net_set_flags(struct app *app, uint32_t fd, unsigned fdflags);

/* fd_fdstat_get's 24 bytes for a socket. */
int net_fdstat(struct app *app, uint32_t fd, uint8_t stat[24]);

/* Readiness for poll_oneoff: revents of host descriptor hfd for a read
 * or write subscription, bytes ready to read, and hang-up. */
bool net_ready(int hfd, bool reading, uint64_t *nbytes, bool *hangup);

/* The run is over: its sockets are closed. */
void net_run_ended(struct app *app);

/* A host errno as a WASI one. */
int net_errno(int host_errno);

#endif
