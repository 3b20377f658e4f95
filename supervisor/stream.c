/*
 * stream.c - the descriptors the supervisor serves (stream.h).
 *
 * Every wait is a sleep on the instance's own queue (msgq_wait_change):
 * pipes wake the queues that watch them, a stop wakes it, and a host
 * descriptor (which cannot wake it) is polled in slices, so a stopped
 * instance never waits longer than a slice. Bytes move between a host
 * descriptor or a pipe and the app's memory once, in bounds the shim
 * has checked.
 */
#include "stream.h"
#include "guest.h"
#include "output.h"
#include "pipe.h"
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SLICE_NS 50000000ull	/* longest a stop waits for a host wait */
#define UNWATCHED_NS 10000000ull	/* a pipe with too many watchers */
#define BACKOFF_FIRST_NS 250000ull	/* the first look again (stream_backoff) */
#define HOST_WRITE_PIECE 65536	/* between checks for being stopped */
/* On a host descriptor that blocks (a socket, say), a piece this small
 * never waits once poll says it may write. */
#define HOST_BLOCKING_PIECE 512

void stream_setup(struct app *app)
{
	static const enum stream_kind protocol[STREAM_STDIO] = {
		STREAM_INBOX, STREAM_PROTOCOL, STREAM_CONSOLE,
	};
	static const enum stream_kind command[STREAM_STDIO] = {
		STREAM_EMPTY, STREAM_CONSOLE, STREAM_CONSOLE,
	};
	bool is_command = app->manifest.kind == KIND_COMMAND;
	int i;

	/* The slots past stdio are free (the last run's teardown emptied
	 * them): left untouched, they cost an idle app no memory. */
	for (i = 0; i < STREAM_STDIO; i++) {
		struct stream *s = &app->io.streams[i];

		*s = (struct stream){ .kind = STREAM_NONE, .host_fd = -1 };
		if (is_command && app->how.stdio[i].kind != STREAM_NONE) {
			/* Taken over: its pipe end is this run's now. */
			*s = app->how.stdio[i];
			app->how.stdio[i].kind = STREAM_NONE;
			app->how.stdio[i].pipe = NULL;
		} else {
			s->kind = is_command ? command[i] : protocol[i];
		}
		s->input = i == 0;
		s->guest_fd = i;
		/* Wasmtime's own 0-2 (an empty input, two sinks) stay
		 * open under the streams, so its numbering matches. */
		s->backed = true;
	}
}

/* A host file shared by the streams that hold it (after spawns). */
struct hostfile {
	atomic_int holders;
	int fd;
};

static void hostfile_release(struct hostfile *f)
{
	if (atomic_fetch_sub(&f->holders, 1) == 1) {
		close(f->fd);
		free(f);
	}
}

void stream_drop(struct stream *s)
{
	if (s->kind == STREAM_PIPE && s->pipe)
		pipe_release(s->pipe, s->input ? PIPE_READ : PIPE_WRITE);
	if (s->kind == STREAM_HOST && s->file)
		hostfile_release(s->file);
	*s = (struct stream){ .kind = STREAM_NONE, .host_fd = -1 };
}

void stream_teardown(struct app *app)
{
	int i;

	for (i = 0; i < STREAM_MAX; i++)
		if (app->io.streams[i].kind != STREAM_NONE)
			stream_drop(&app->io.streams[i]);
}

struct stream *stream_at(struct app *app, uint32_t fd)
{
	int i;

	for (i = 0; i < STREAM_MAX; i++)
		if (app->io.streams[i].kind != STREAM_NONE &&
		    app->io.streams[i].guest_fd == fd)
			return &app->io.streams[i];
	return NULL;
}

/* A free slot and a number nothing else holds (one moved here may). */
static struct stream *free_slot(struct app *app)
{
	int i;

	for (i = STREAM_STDIO; i < STREAM_MAX; i++) {
		struct stream *s = &app->io.streams[i];
		uint32_t fd = STREAM_FD_BASE + (uint32_t)i;

		if (s->kind == STREAM_NONE && !stream_at(app, fd)) {
			s->guest_fd = fd;
			return s;
		}
	}
	return NULL;
}

int64_t stream_add_pipe(struct app *app, struct pipe *p, bool read_end)
{
	struct stream *s = free_slot(app);

	if (!s)
		return -1;
	*s = (struct stream){ .kind = STREAM_PIPE, .input = read_end,
			      .host_fd = -1, .pipe = p,
			      .guest_fd = s->guest_fd };
	return s->guest_fd;
}

int64_t stream_add_file(struct app *app, int host_fd, bool input)
{
	struct stream *s = free_slot(app);
	struct hostfile *f = s ? malloc(sizeof(*f)) : NULL;

	if (!f) {
		close(host_fd);
		return -1;
	}
	atomic_init(&f->holders, 1);
	f->fd = host_fd;
	*s = (struct stream){ .kind = STREAM_HOST, .input = input,
			      .host_fd = host_fd, .file = f,
			      .guest_fd = s->guest_fd };
	return s->guest_fd;
}

int stream_move(struct app *app, struct stream *s, uint32_t to,
		bool to_is_wasmtimes)
{
	struct stream *t = stream_at(app, to);
	bool backed;

	if (s->guest_fd == to)
		return 0;
	if (!t)
		return to_is_wasmtimes ? GUEST_ERRNO_NOTSUP : GUEST_ERRNO_BADF;
	backed = t->backed;
	stream_drop(t);
	s->guest_fd = to;
	s->backed = backed;
	return 0;
}

void stream_closed(struct app *app, uint32_t fd)
{
	struct stream *s = stream_at(app, fd);

	if (s)
		stream_drop(s);
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

int64_t stream_add_device(struct app *app, int host_fd, bool input,
			  unsigned device)
{
	int64_t fd = stream_add_file(app, host_fd, input);
	struct stream *s = fd >= 0 ? stream_at(app, (uint32_t)fd) : NULL;

	if (s)
		s->device = (uint8_t)(device + 1);
	return fd;
}

bool stream_share(struct app *app, uint32_t fd, int child_fd,
		  struct stream *out)
{
	struct stream *s = stream_at(app, fd);

	if (!s || s->input != (child_fd == 0))
		return false;
	*out = *s;
	out->backed = false;
	out->device = 0;
	/* A device is its owner's alone: the child gets its default. */
	switch (s->device ? STREAM_NONE : s->kind) {
	case STREAM_PIPE:
		pipe_hold(s->pipe, s->input ? PIPE_READ : PIPE_WRITE);
		break;
	case STREAM_HOST:
		if (s->file)
			atomic_fetch_add(&s->file->holders, 1);
		break;
	case STREAM_EMPTY:
		break;
	default:
		/* Its queue and its protocol are its own: a child gets its
		 * own defaults, never a way to speak as its parent. */
		out->kind = STREAM_NONE;
		break;
	}
	return true;
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

static short host_poll(int fd, short events)
{
	struct pollfd p = { fd, events, 0 };

	return poll(&p, 1, 0) > 0 ? p.revents : 0;
}

size_t stream_ready(struct app *app, struct stream *s, bool *eof)
{
	short revents;

	*eof = false;
	switch (s->kind) {
	case STREAM_INBOX:
		return msgq_pending(&app->inbox, eof);
	case STREAM_HOST:
		revents = host_poll(s->host_fd, POLLIN);
		return revents ? host_pending(s->host_fd, revents, eof) : 0;
	case STREAM_PIPE:
		return pipe_readable(s->pipe, eof);
	default:
		*eof = true;
		return 0;
	}
}

bool stream_is_terminal(const struct stream *s)
{
	switch (s->kind) {
	case STREAM_HOST:
		return isatty(s->host_fd);
	case STREAM_PIPE:
		return pipe_is_terminal(s->pipe);
	default:
		return false;
	}
}

/*
 * A device opened blocking (devices.c: hwrng, random) is written without
 * asking poll: /dev/random's poll never says writable once the kernel's
 * pool is ready, and its writes never wait.
 */
static bool blocking_device(const struct stream *s)
{
	return s->kind == STREAM_HOST && s->device &&
	       !(fcntl(s->host_fd, F_GETFL) & O_NONBLOCK);
}

bool stream_writable(struct stream *s)
{
	bool broken;

	switch (s->kind) {
	case STREAM_HOST:
		return blocking_device(s) ||
		       host_poll(s->host_fd, POLLOUT) != 0;
	case STREAM_PIPE:
		return pipe_writable(s->pipe, &broken) > 0 || broken;
	default:
		return true;
	}
}

void stream_sleep(struct app *app, unsigned long seen, uint64_t deadline_ns,
		  uint64_t slice_ns)
{
	uint64_t until = deadline_ns;

	if (slice_ns) {
		uint64_t now = monotonic_ns();

		if (!until || until - now > slice_ns)
			until = now + slice_ns;
	}
	msgq_wait_change(&app->inbox, seen, until, &app->killing);
}

uint64_t stream_backoff(uint64_t slice_ns, unsigned *tries)
{
	uint64_t first = BACKOFF_FIRST_NS << (*tries < 16 ? *tries : 16);

	if (slice_ns <= BACKOFF_FIRST_NS)
		return slice_ns;	/* woken, or already short */
	(*tries)++;
	return first < slice_ns ? first : slice_ns;
}

uint64_t stream_slice_ns(const struct stream *s, bool watched)
{
	if (s->kind == STREAM_HOST)
		return SLICE_NS;
	return s->kind == STREAM_PIPE && !watched ? UNWATCHED_NS : 0;
}

size_t stream_wait(struct app *app, struct stream *s, uint64_t deadline_ns,
		   bool *eof)
{
	bool watched = s->kind == STREAM_PIPE &&
		       pipe_watch(s->pipe, &app->inbox);
	size_t n = 0;
	unsigned tries = 0;

	for (;;) {
		unsigned long seen = msgq_changes(&app->inbox);

		n = stream_ready(app, s, eof);
		if (n || *eof || atomic_load(&app->killing) ||
		    (deadline_ns && monotonic_ns() >= deadline_ns))
			break;
		stream_sleep(app, seen, deadline_ns,
			     stream_backoff(stream_slice_ns(s, watched),
					    &tries));
	}
	if (watched)
		pipe_unwatch(s->pipe, &app->inbox);
	return n;
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

long stream_read(struct app *app, struct stream *s, char *dst, size_t len)
{
	ssize_t n;

	switch (s->kind) {
	case STREAM_INBOX:
		return (long)msgq_pop(&app->inbox, dst, len);
	case STREAM_HOST:
		do
			n = read(s->host_fd, dst, len);
		while (n < 0 && errno == EINTR);
		return n >= 0 ? (long)n : -guest_errno(errno);
	case STREAM_PIPE:
		n = pipe_read(s->pipe, dst, len);
		return n >= 0 ? (long)n : -guest_errno((int)-n);
	default:
		return 0;
	}
}

/* Writes to a host descriptor or a pipe, waiting for room in slices. */
static long write_waiting(struct app *app, struct stream *s, const char *src,
			  size_t len)
{
	bool watched = s->kind == STREAM_PIPE &&
		       pipe_watch(s->pipe, &app->inbox);
	size_t done = 0, most = HOST_WRITE_PIECE;
	unsigned tries = 0;
	long rc = 0;
	bool blocking = s->kind == STREAM_HOST &&
			!(fcntl(s->host_fd, F_GETFL) & O_NONBLOCK);
	/* As blocking_device(s), from the flags just read. */
	bool ask_poll = !(blocking && s->device);

	if (blocking)
		most = HOST_BLOCKING_PIECE;
	while (done < len && !atomic_load(&app->killing)) {
		unsigned long seen = msgq_changes(&app->inbox);
		size_t piece = len - done < most ? len - done : most;
		ssize_t n;

		if (s->kind == STREAM_PIPE) {
			n = pipe_write(s->pipe, src + done, piece);
		} else {
			n = !ask_poll || host_poll(s->host_fd, POLLOUT) ?
			    write(s->host_fd, src + done, piece) : -EAGAIN;
			if (n < 0 && n != -EAGAIN)
				n = errno == EINTR ? -EAGAIN : -errno;
		}
		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n != -EAGAIN) {
			rc = -guest_errno((int)-n);
			break;
		}
		sched_wait_begin(app);
		stream_sleep(app, seen, 0,
			     stream_backoff(stream_slice_ns(s, watched),
					    &tries));
		sched_wait_end(app);
	}
	if (watched)
		pipe_unwatch(s->pipe, &app->inbox);
	return done || !rc ? (long)done : rc;
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
	case STREAM_PIPE:
		return write_waiting(app, s, src, len);
	default:
		return -GUEST_ERRNO_BADF;
	}
}
