/*
 * stream.c - an app's stdin, stdout and stderr (stream.h).
 *
 * Host descriptors are the --run caller's and may be blocking: every wait
 * on one is a poll in slices, so an app stopped while it waits for its
 * input, or for a slow reader of its output, is stopped within a slice.
 * Bytes are moved between the host descriptor and the app's memory by
 * the kernel, once, in bounds the shim has checked.
 */
#include "stream.h"
#include "guest.h"
#include "output.h"
#include "proc.h"

#include <errno.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SLICE_MS 50		/* longest a stop waits for a host wait */
#define HOST_WRITE_PIECE 65536	/* between checks for being stopped */
#define GUEST_ERRNO_AGAIN 6
#define GUEST_ERRNO_PIPE 64

void stream_setup(struct app *app)
{
	static const enum stream_kind protocol[STREAM_COUNT] = {
		STREAM_INBOX, STREAM_PROTOCOL, STREAM_CONSOLE,
	};
	static const enum stream_kind command[STREAM_COUNT] = {
		STREAM_EMPTY, STREAM_CONSOLE, STREAM_CONSOLE,
	};
	bool is_command = app->manifest.kind == KIND_COMMAND;
	int i;

	for (i = 0; i < STREAM_COUNT; i++) {
		struct stream *s = &app->io.streams[i];

		s->kind = is_command ? command[i] : protocol[i];
		s->input = i == 0;
		s->guest_fd = i;
		s->host_fd = -1;
		if (is_command && app->how.host_stdio[i] >= 0) {
			s->kind = STREAM_HOST;
			s->host_fd = app->how.host_stdio[i];
		}
	}
}

struct stream *stream_at(struct app *app, uint32_t fd)
{
	int i;

	for (i = 0; i < STREAM_COUNT; i++)
		if (app->io.streams[i].guest_fd == (int64_t)fd)
			return &app->io.streams[i];
	return NULL;
}

void stream_closed(struct app *app, uint32_t fd)
{
	struct stream *s = stream_at(app, fd);

	if (s)
		s->guest_fd = -1;
}

void stream_renumbered(struct app *app, uint32_t from, uint32_t to)
{
	struct stream *s = stream_at(app, from);

	if (from == to)
		return;
	/* Whatever was at `to` is closed by the move. */
	stream_closed(app, to);
	if (s)
		s->guest_fd = to;
}

static int guest_errno(int err)
{
	switch (err) {
	case EPIPE:
		return GUEST_ERRNO_PIPE;
	case EBADF:
		return GUEST_ERRNO_BADF;
	case EAGAIN:
		return GUEST_ERRNO_AGAIN;
	default:
		return GUEST_ERRNO_IO;
	}
}

/* Bytes waiting on a host descriptor poll found readable, at least 1. */
static size_t host_pending(int fd, short revents, bool *eof)
{
	struct stat st;
	int n = 0;

	*eof = false;
	if (ioctl(fd, FIONREAD, &n) != 0 || n < 0)
		n = 0;
	if (n == 0 && ((revents & POLLHUP) ||
		       (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))))
		*eof = true;
	return n > 0 ? (size_t)n : 1;
}

/* Polls fd for events in slices until ready, the deadline or a stop. */
static short host_wait(struct app *app, int fd, short events,
		       uint64_t deadline_ns)
{
	for (;;) {
		struct pollfd p = { fd, events, 0 };
		int slice = SLICE_MS;
		uint64_t now = monotonic_ns();

		if (atomic_load(&app->killing))
			return 0;
		if (deadline_ns) {
			if (now >= deadline_ns)
				return 0;
			if (deadline_ns - now < (uint64_t)slice * 1000000u)
				slice = (int)((deadline_ns - now + 999999) /
					      1000000u);
		}
		if (poll(&p, 1, slice) > 0 && p.revents)
			return p.revents;
	}
}

size_t stream_ready(struct app *app, struct stream *s, bool *eof)
{
	struct pollfd p;

	*eof = false;
	switch (s->kind) {
	case STREAM_INBOX:
		return msgq_pending(&app->inbox, eof);
	case STREAM_HOST:
		p = (struct pollfd){ s->host_fd, POLLIN, 0 };
		if (poll(&p, 1, 0) > 0 && p.revents)
			return host_pending(s->host_fd, p.revents, eof);
		return 0;
	default:
		*eof = true;
		return 0;
	}
}

size_t stream_wait(struct app *app, struct stream *s, uint64_t deadline_ns,
		   bool *eof)
{
	short revents;

	switch (s->kind) {
	case STREAM_INBOX:
		msgq_wait(&app->inbox, deadline_ns, &app->killing);
		return msgq_pending(&app->inbox, eof);
	case STREAM_HOST:
		revents = host_wait(app, s->host_fd, POLLIN, deadline_ns);
		*eof = false;
		return revents ? host_pending(s->host_fd, revents, eof) : 0;
	default:
		*eof = true;
		return 0;
	}
}

long stream_read(struct app *app, struct stream *s, char *dst, size_t len)
{
	ssize_t n;

	switch (s->kind) {
	case STREAM_INBOX:
		return (long)msgq_pop(&app->inbox, dst, len);
	case STREAM_HOST:
		for (;;) {
			n = read(s->host_fd, dst, len);
			if (n >= 0)
				return (long)n;
			if (errno == EINTR)
				continue;
			/* A non-blocking host descriptor with nothing yet. */
			if (errno == EAGAIN && host_wait(app, s->host_fd,
							 POLLIN, 0))
				continue;
			return -guest_errno(errno);
		}
	default:
		return 0;
	}
}

static long host_write(struct app *app, int fd, const char *src, size_t len)
{
	size_t done = 0;

	while (done < len && !atomic_load(&app->killing)) {
		size_t piece = len - done < HOST_WRITE_PIECE ?
			       len - done : HOST_WRITE_PIECE;
		ssize_t n;

		sched_wait_begin(app);
		n = host_wait(app, fd, POLLOUT, 0) ?
		    write(fd, src + done, piece) : 0;
		sched_wait_end(app);
		if (n > 0) {
			done += (size_t)n;
		} else if (n < 0 && errno != EINTR && errno != EAGAIN) {
			return done ? (long)done : -guest_errno(errno);
		}
	}
	return (long)done;
}

long stream_write(struct app *app, struct stream *s, const char *src,
		  size_t len)
{
	switch (s->kind) {
	case STREAM_PROTOCOL:
	case STREAM_CONSOLE:
		output_write(app, s->kind == STREAM_PROTOCOL, src, len);
		return (long)len;
	case STREAM_HOST:
		return host_write(app, s->host_fd, src, len);
	default:
		return -GUEST_ERRNO_BADF;
	}
}
