/*
 * net.c - an app's sockets and the calls on them (net.h).
 *
 * The table is made on the app's first socket and dropped when its run
 * ends, so an app that never touches the network costs one pointer.
 * Bytes move between the socket and the app's memory once, through
 * iovecs pointing into buffers the shim has bounds-checked; the app's
 * own iovec array was copied out before that, so it cannot move a
 * buffer under us. Every send says MSG_NOSIGNAL: a peer that goes away
 * must never raise SIGPIPE in PID 1.
 */
#include "net.h"
#include "guest.h"
#include "log.h"
#include "proc.h"
#include "queue.h"
#include "sched.h"
#include "wasi_shim.h"

#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define IOV_ON_STACK 16
/* One send takes at most this much; the rest is a short write. */
#define SEND_MAX (16u << 20)
/* The longest sleep that watches none of the descriptors (ms). */
#define BLIND_MS 10

/* WASI's rights, as fd_fdstat_get gives them. */
#define RIGHT_FD_READ (1ull << 1)
#define RIGHT_FDSTAT_SET_FLAGS (1ull << 3)
#define RIGHT_FD_WRITE (1ull << 6)
#define RIGHT_POLL_FD_READWRITE (1ull << 27)
#define RIGHT_SOCK_SHUTDOWN (1ull << 28)
#define RIGHT_SOCK_ACCEPT (1ull << 29)
#define FILETYPE_SOCKET_STREAM 6

struct netsock {
	int fd;			/* the host socket; -1: a free slot */
	bool listening;
	bool nonblock;		/* the app asked for O_NONBLOCK */
};

struct netstate {
	struct netsock *socks;
	unsigned cap, count;
	int wake_fd;		/* eventfd the app's queue signals */
};

int net_errno(int e)
{
	static const struct {
		int host, guest;
	} map[] = {
		{ EAGAIN, 6 }, { EACCES, 2 }, { EPERM, 63 },
		{ EADDRINUSE, 3 }, { EADDRNOTAVAIL, 4 }, { EALREADY, 7 },
		{ ECONNABORTED, 13 }, { ECONNREFUSED, 14 },
		{ ECONNRESET, 15 }, { EHOSTUNREACH, 23 }, { EINPROGRESS, 26 },
		{ EINVAL, 28 }, { EISCONN, 30 }, { EMFILE, 33 },
		{ ENETDOWN, 38 }, { ENETRESET, 39 }, { ENETUNREACH, 40 },
		{ ENFILE, 41 }, { ENOBUFS, 42 }, { ENOMEM, 48 },
		{ ENOTCONN, 53 }, { ENOTSOCK, 57 }, { EPIPE, 64 },
		{ ETIMEDOUT, 73 }, { EHOSTDOWN, 23 },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].host == e)
			return map[i].guest;
	return GUEST_ERRNO_IO;
}

static struct netsock *sock_at(struct app *app, uint32_t fd)
{
	struct netstate *ns = app->net;
	uint32_t i = fd - NET_FD_BASE;

	if (!ns || fd < NET_FD_BASE || i >= ns->cap || ns->socks[i].fd < 0)
		return NULL;
	return &ns->socks[i];
}

int net_host_fd(struct app *app, uint32_t fd)
{
	struct netsock *s = sock_at(app, fd);

	return s ? s->fd : -1;
}

/* The table, made on first use; NULL if memory or eventfds run out. */
static struct netstate *state(struct app *app)
{
	struct netstate *ns = app->net;

	if (ns)
		return ns;
	ns = calloc(1, sizeof(*ns));
	if (!ns)
		return NULL;
	ns->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (ns->wake_fd < 0) {
		free(ns);
		return NULL;
	}
	msgq_set_notify_fd(&app->inbox, ns->wake_fd);
	app->net = ns;
	return ns;
}

int net_room(struct app *app)
{
	struct netstate *ns = app->net;
	unsigned held = ns ? ns->count : 0;

	if (held >= app->manifest.sockets_limit) {
		app_warn(app, "socket refused: it holds %u sockets, its limit "
			 "([resources] sockets)", held);
		return GUEST_ERRNO_MFILE;
	}
	return wasi_shim_room_for(app, 1);
}

int net_adopt(struct app *app, int s, bool listening, uint32_t *fd)
{
	struct netstate *ns = state(app);
	unsigned i;

	if (!ns)
		goto nomem;
	for (i = 0; i < ns->cap && ns->socks[i].fd >= 0; i++)
		;
	if (i == ns->cap) {
		unsigned cap = ns->cap ? ns->cap * 2 : 8;
		struct netsock *more = realloc(ns->socks, cap * sizeof(*more));

		if (!more)
			goto nomem;
		for (unsigned j = ns->cap; j < cap; j++)
			more[j].fd = -1;
		ns->socks = more;
		ns->cap = cap;
	}
	ns->socks[i] = (struct netsock){ .fd = s, .listening = listening };
	ns->count++;
	*fd = NET_FD_BASE + i;
	wasi_shim_count_fd(app, *fd);
	return 0;
nomem:
	close(s);
	return GUEST_ERRNO_NOMEM;
}

static void drain(int fd)
{
	uint64_t n;

	if (read(fd, &n, sizeof(n)) < 0) {
		/* Nothing to take: already drained. */
	}
}

/*
 * The queue alone, for at most a slice: when the descriptors cannot be
 * watched (no memory for the array, or more of them than RLIMIT_NOFILE
 * lets poll(2) take), the caller looks at them again after it.
 */
static void sleep_blind(struct netstate *ns, int timeout)
{
	struct pollfd wake = { .fd = ns->wake_fd, .events = POLLIN };

	if (timeout < 0 || timeout > BLIND_MS)
		timeout = BLIND_MS;
	if (poll(&wake, 1, timeout) > 0)
		drain(ns->wake_fd);
}

void net_sleep(struct app *app, struct pollfd *fds, size_t n,
	       uint64_t deadline_ns)
{
	/* Made here if need be: a lookup waits before any socket. */
	struct netstate *ns = state(app);
	struct pollfd small[9], *all = small;
	int timeout = -1, rc;

	if (atomic_load(&app->killing))
		return;
	if (deadline_ns && deadline_ns != UINT64_MAX) {
		uint64_t now = monotonic_ns(), ms;

		ms = deadline_ns <= now ? 0 :
		     (deadline_ns - now + 999999) / 1000000;
		timeout = ms > INT_MAX ? INT_MAX : (int)ms;
	}
	if (!ns) {
		/* No eventfd to be woken by: look again soon. */
		poll(fds, n, timeout < 0 || timeout > BLIND_MS ? BLIND_MS :
							  timeout);
		return;
	}
	if (n + 1 > sizeof(small) / sizeof(small[0]) &&
	    !(all = malloc((n + 1) * sizeof(*all)))) {
		sleep_blind(ns, timeout);
		return;
	}
	memcpy(all, fds, n * sizeof(*all));
	all[n] = (struct pollfd){ .fd = ns->wake_fd, .events = POLLIN };
	rc = poll(all, n + 1, timeout);
	if (rc > 0) {
		if (all[n].revents)
			drain(ns->wake_fd);
		memcpy(fds, all, n * sizeof(*all));
	} else if (rc < 0 && errno != EINTR) {
		sleep_blind(ns, timeout);
	}
	if (all != small)
		free(all);
}

int net_wait(struct app *app, int fd, short events, uint64_t deadline_ns)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = events };

		if (atomic_load(&app->killing))
			return NET_STOPPED;
		if (deadline_ns && monotonic_ns() >= deadline_ns)
			return 73;	/* ETIMEDOUT */
		if (poll(&p, 1, 0) > 0)
			return 0;
		sched_wait_begin(app);
		net_sleep(app, &p, 1, deadline_ns);
		sched_wait_end(app);
		if (p.revents)
			return 0;
	}
}

/* The app's buffers as host iovecs (in small if they fit). */
static struct iovec *host_iovecs(const struct guest_mem *mem,
				 const struct guest_iov *iov, uint32_t count,
				 struct iovec *small)
{
	struct iovec *v = small;
	uint32_t i;

	if (count > IOV_ON_STACK && !(v = malloc(count * sizeof(*v))))
		return NULL;
	for (i = 0; i < count; i++) {
		v[i].iov_base = (char *)mem->base + iov[i].off;
		v[i].iov_len = iov[i].len;
	}
	return v;
}

/* Drops the first n bytes of the iovecs. */
static void advance(struct iovec **v, uint32_t *count, size_t n)
{
	while (*count && n >= (*v)->iov_len) {
		n -= (*v)->iov_len;
		(*v)++;
		(*count)--;
	}
	if (*count) {
		(*v)->iov_base = (char *)(*v)->iov_base + n;
		(*v)->iov_len -= n;
	}
}

/* The connection at fd, and the app's buffers as host iovecs (in small
 * if they fit): 0, or an errno. */
static int transfer_start(struct app *app, uint32_t fd,
			  const struct guest_mem *mem,
			  const struct guest_iov *iov, uint32_t count,
			  struct iovec *small, struct netsock **s,
			  struct iovec **v)
{
	*s = sock_at(app, fd);
	if (!*s)
		return GUEST_ERRNO_BADF;
	if ((*s)->listening)
		return 53;	/* ENOTCONN */
	*v = host_iovecs(mem, iov, count, small);
	return *v ? 0 : GUEST_ERRNO_NOMEM;
}

int net_recv(struct app *app, uint32_t fd, const struct guest_mem *mem,
	     const struct guest_iov *iov, uint32_t count, unsigned flags,
	     uint32_t *got)
{
	struct iovec small[IOV_ON_STACK], *v, *at;
	uint32_t left = count;
	size_t total = 0;
	struct netsock *s;
	int err;

	*got = 0;
	err = transfer_start(app, fd, mem, iov, count, small, &s, &v);
	if (err)
		return err;
	at = v;
	while (left && total < UINT32_MAX / 2) {
		struct msghdr msg = { .msg_iov = at, .msg_iovlen = left };
		ssize_t n = recvmsg(s->fd, &msg, MSG_DONTWAIT |
				    (flags & NET_RECV_PEEK ? MSG_PEEK : 0));

		if (n > 0) {
			total += (size_t)n;
			/* WAITALL: fill every buffer, or stop at the end. */
			if (!(flags & NET_RECV_WAITALL) ||
			    flags & NET_RECV_PEEK)
				break;
			advance(&at, &left, (size_t)n);
			continue;
		}
		if (n == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			err = net_errno(errno);
			break;
		}
		if (total && !(flags & NET_RECV_WAITALL))
			break;
		if (s->nonblock) {
			err = total ? 0 : GUEST_ERRNO_AGAIN;
			break;
		}
		err = net_wait(app, s->fd, POLLIN, 0);
		if (err)
			break;
	}
	if (v != small)
		free(v);
	*got = (uint32_t)total;
	return err == NET_STOPPED || !total ? err : 0;
}

/*
 * One sendmsg of the first `left` iovecs of msg, of at most budget
 * bytes: with a reader draining the other end, one call could otherwise
 * move far more than was room in the socket when it began.
 */
static ssize_t send_at_most(int fd, struct msghdr *msg, uint32_t left,
			    size_t budget)
{
	struct iovec *v = msg->msg_iov;
	size_t sum = 0, kept = 0;
	uint32_t n = 0;
	ssize_t sent;

	while (n < left && v[n].iov_len <= budget - sum)
		sum += v[n++].iov_len;
	if (n < left && sum < budget) {
		kept = v[n].iov_len;	/* this one only in part */
		v[n++].iov_len = budget - sum;
	}
	msg->msg_iovlen = n;
	sent = sendmsg(fd, msg, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (kept)
		v[n - 1].iov_len = kept;
	return sent;
}

int net_send(struct app *app, uint32_t fd, const struct guest_mem *mem,
	     const struct guest_iov *iov, uint32_t count, uint32_t *sent)
{
	struct iovec small[IOV_ON_STACK], *v, *at;
	uint32_t left = count;
	size_t total = 0;
	struct netsock *s;
	int err;

	*sent = 0;
	err = transfer_start(app, fd, mem, iov, count, small, &s, &v);
	if (err)
		return err;
	at = v;
	/* Skip empty buffers: a send of nothing is done at once. */
	advance(&at, &left, 0);
	while (left && total < SEND_MAX) {
		struct msghdr msg = { .msg_iov = at };
		ssize_t n;

		if (atomic_load(&app->killing)) {
			err = NET_STOPPED;
			break;
		}
		n = send_at_most(s->fd, &msg, left, SEND_MAX - total);
		if (n > 0) {
			total += (size_t)n;
			advance(&at, &left, (size_t)n);
			if (s->nonblock)
				break;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			err = net_errno(errno);
			break;
		}
		if (s->nonblock) {
			err = total ? 0 : GUEST_ERRNO_AGAIN;
			break;
		}
		err = net_wait(app, s->fd, POLLOUT, 0);
		if (err)
			break;
	}
	if (v != small)
		free(v);
	*sent = (uint32_t)total;
	return err == NET_STOPPED || !total ? err : 0;
}

int net_shutdown(struct app *app, uint32_t fd, unsigned how)
{
	struct netsock *s = sock_at(app, fd);
	static const int hows[4] = { -1, SHUT_RD, SHUT_WR, SHUT_RDWR };

	if (!s)
		return GUEST_ERRNO_BADF;
	if (how == 0 || how > 3)
		return GUEST_ERRNO_INVAL;
	return shutdown(s->fd, hows[how]) == 0 ? 0 : net_errno(errno);
}

int net_accept(struct app *app, uint32_t fd, unsigned fdflags,
	       uint32_t *client)
{
	struct netsock *s = sock_at(app, fd);
	int c, err;

	if (!s)
		return GUEST_ERRNO_BADF;
	if (!s->listening)
		return GUEST_ERRNO_INVAL;
	if (fdflags & ~NET_FDFLAG_NONBLOCK)
		return GUEST_ERRNO_INVAL;
	for (;;) {
		int listener = s->fd;
		bool nonblock = s->nonblock;

		err = net_room(app);
		if (err)
			return err;
		c = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (c >= 0)
			break;
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return net_errno(errno);
		if (nonblock)
			return GUEST_ERRNO_AGAIN;
		err = net_wait(app, listener, POLLIN, 0);
		if (err)
			return err;
	}
	err = net_adopt(app, c, false, client);
	if (!err)
		app->net->socks[*client - NET_FD_BASE].nonblock =
			fdflags & NET_FDFLAG_NONBLOCK;
	return err;
}

int net_close(struct app *app, uint32_t fd)
{
	struct netsock *s = sock_at(app, fd);

	if (!s)
		return GUEST_ERRNO_BADF;
	close(s->fd);
	s->fd = -1;
	app->net->count--;
	return 0;
}

int net_set_flags(struct app *app, uint32_t fd, unsigned fdflags)
{
	struct netsock *s = sock_at(app, fd);

	if (!s)
		return GUEST_ERRNO_BADF;
	if (fdflags & ~NET_FDFLAG_NONBLOCK)
		return GUEST_ERRNO_NOTSUP;
	s->nonblock = fdflags & NET_FDFLAG_NONBLOCK;
	return 0;
}

int net_fdstat(struct app *app, uint32_t fd, uint8_t stat[24])
{
	struct netsock *s = sock_at(app, fd);
	uint64_t rights = RIGHT_FDSTAT_SET_FLAGS | RIGHT_POLL_FD_READWRITE;
	uint16_t flags;

	if (!s)
		return GUEST_ERRNO_BADF;
	rights |= s->listening ? RIGHT_SOCK_ACCEPT :
		  RIGHT_FD_READ | RIGHT_FD_WRITE | RIGHT_SOCK_SHUTDOWN;
	flags = s->nonblock ? NET_FDFLAG_NONBLOCK : 0;
	memset(stat, 0, 24);
	stat[0] = FILETYPE_SOCKET_STREAM;
	memcpy(stat + 2, &flags, 2);
	memcpy(stat + 8, &rights, 8);
	memcpy(stat + 16, &rights, 8);
	return 0;
}

bool net_ready(int hfd, bool reading, uint64_t *nbytes, bool *hangup)
{
	struct pollfd p = { .fd = hfd,
			    .events = reading ? POLLIN | POLLRDHUP : POLLOUT };
	int n = 0;

	*nbytes = 0;
	*hangup = false;
	if (poll(&p, 1, 0) <= 0)
		return false;
	if (reading) {
		if (ioctl(hfd, FIONREAD, &n) != 0 || n < 0)
			n = 0;
		*nbytes = n ? (uint64_t)n : 1;
		*hangup = !n && (p.revents & (POLLHUP | POLLRDHUP | POLLERR));
	}
	return true;
}

void net_run_ended(struct app *app)
{
	struct netstate *ns = app->net;
	unsigned i;

	if (!ns)
		return;
	for (i = 0; i < ns->cap; i++)
		if (ns->socks[i].fd >= 0)
			close(ns->socks[i].fd);
	msgq_set_notify_fd(&app->inbox, -1);
	close(ns->wake_fd);
	free(ns->socks);
	free(ns);
	app->net = NULL;
}
