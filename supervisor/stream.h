/*
 * stream.h - the descriptors the supervisor serves itself: an app's
 * stdin, stdout and stderr, and the pipe ends it holds. The shim
 * (wasi_shim.c) answers reads, writes, polls, closes and moves on these
 * numbers; every other descriptor is Wasmtime's.
 *
 * A window or service app reads its message queue and writes protocol
 * lines (output.c). A command's streams are bytes, never parsed: the
 * host's own descriptors under --run, pipes or its parent's streams when
 * spawned; started any other way its stdin is empty and what it writes
 * is kept as console lines. Pipe ends live at numbers from
 * STREAM_FD_BASE, a range Wasmtime never hands out.
 */
#ifndef VYOMA_STREAM_H
#define VYOMA_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;
struct pipe;
struct hostfile;

enum stream_kind {
	STREAM_NONE,		/* a free slot */
	STREAM_INBOX,		/* stdin: the app's message queue */
	STREAM_EMPTY,		/* stdin at end of file */
	STREAM_PROTOCOL,	/* stdout: protocol lines (output.c) */
	STREAM_CONSOLE,		/* console lines (output.c), never parsed */
	STREAM_HOST,		/* a host descriptor, byte for byte (a file
				 * the app opened for a child: owned) */
	STREAM_PIPE,		/* an end of a pipe (pipe.h) */
};

#define STREAM_STDIO 3		/* stdin, stdout, stderr */
#define STREAM_MAX 16		/* and pipe ends, per instance */
#define STREAM_FD_BASE 0x40000000u

struct stream {
	struct pipe *pipe;	/* STREAM_PIPE: one end held */
	struct hostfile *file;	/* STREAM_HOST it owns a share of, or NULL
				 * (--run's stdio is the host's, borrowed) */
	uint32_t guest_fd;	/* where the app holds it */
	int host_fd;		/* STREAM_HOST */
	uint8_t kind;		/* enum stream_kind; NONE: a free slot */
	bool input;		/* read, never written (a pipe's read end) */
	bool backed;		/* Wasmtime holds a stand-in at guest_fd */
	uint8_t device;		/* STREAM_HOST: devtable.h row + 1, or 0 */
};

/*
 * A new run: fds 0-2 from its invocation (app->how.stdio: taken over,
 * pipe ends and all), else as its kind says.
 */
void stream_setup(struct app *app);

/* The run is over: every pipe end it held is released. */
void stream_teardown(struct app *app);

/* Releases what a stream holds and empties it. */
void stream_drop(struct stream *s);

/* The stream the app holds at descriptor fd, or NULL. */
struct stream *stream_at(struct app *app, uint32_t fd);

/* Gives the app a new pipe end; returns its descriptor, or -1 if it
 * holds STREAM_MAX streams (the end is then not held by the app). */
int64_t stream_add_pipe(struct app *app, struct pipe *p, bool read_end);

/*
 * Gives the app a host file it may hand to a child as stdio (opened by
 * userfiles_open, taken over: closed when the last holder drops it).
 * Returns its descriptor, or -1 if it holds STREAM_MAX streams (then
 * host_fd is closed).
 */
int64_t stream_add_file(struct app *app, int host_fd, bool input);

/*
 * Gives a driver the device it opened (devices.h): a host file that is
 * never handed to a child, so the device is held by its owner alone.
 */
int64_t stream_add_device(struct app *app, int host_fd, bool input,
			  unsigned device);

/*
 * Moves a stream Wasmtime knows nothing of (a pipe end) onto `to`, which
 * must be another of the app's streams (closed by the move). Returns 0
 * or a WASI errno: BADF if `to` is not a stream, NOTSUP if it is
 * Wasmtime's.
 */
int stream_move(struct app *app, struct stream *s, uint32_t to,
		bool to_is_wasmtimes);

/* The app closed fd, or Wasmtime moved from onto to. */
void stream_closed(struct app *app, uint32_t fd);
void stream_renumbered(struct app *app, uint32_t from, uint32_t to);

/*
 * A copy of the app's stream at fd for a child's stdio (a pipe end is
 * held again; a stream that cannot be shared becomes the child's own
 * default). false if fd is not one of its streams.
 */
bool stream_share(struct app *app, uint32_t fd, int child_fd,
		  struct stream *out);

/* Is the input stream s ready? Bytes known to be ready (at least 1 if
 * ready and the number is unknown), and *eof when no more will come. */
size_t stream_ready(struct app *app, struct stream *s, bool *eof);

/* Is s a terminal (a host tty, or a terminal emulator's pipe)? */
bool stream_is_terminal(const struct stream *s);

/* Can the output stream s take bytes now (or is it broken)? */
bool stream_writable(struct stream *s);

/*
 * How long a wait on s may sleep before looking at it again: 0 when s
 * wakes the sleeper itself (a watched pipe, the app's queue), a slice for
 * a host descriptor or a pipe with too many watchers.
 */
uint64_t stream_slice_ns(const struct stream *s, bool watched);

/*
 * A host descriptor cannot wake a sleeper, so it is looked at again
 * after a slice: the tries-th look comes sooner than slice_ns, from
 * 0.25 ms doubling up to it, so a busy stream (a pipe between two
 * supervisors, a fast terminal) waits little and an idle one costs
 * a look every slice_ns. Slices of 0 (a woken wait) stay 0.
 */
uint64_t stream_backoff(uint64_t slice_ns, unsigned *tries);

/*
 * Sleeps on the app's queue from `seen` (msgq_changes) until a change,
 * the deadline (0 or UINT64_MAX: none), a stop, or slice_ns if not 0.
 */
void stream_sleep(struct app *app, unsigned long seen, uint64_t deadline_ns,
		  uint64_t slice_ns);

/*
 * Waits until the input stream s is ready, the monotonic deadline_ns
 * passes (0: none) or the app is being stopped; returns as
 * stream_ready. The caller tells the scheduler it waits.
 */
size_t stream_wait(struct app *app, struct stream *s, uint64_t deadline_ns,
		   bool *eof);

/*
 * Reads up to len bytes into dst (in the app's memory, checked). Returns
 * the bytes read (0 at the end), -GUEST_ERRNO_AGAIN if another reader
 * took them first, or a negative WASI errno.
 */
long stream_read(struct app *app, struct stream *s, char *dst, size_t len);

/*
 * Writes len bytes from src (in the app's memory, checked) to an output
 * stream, waiting for room. Returns the bytes taken (all, unless it is
 * stopped or the reader goes) or a negative WASI errno (EPIPE).
 */
long stream_write(struct app *app, struct stream *s, const char *src,
		  size_t len);

#endif
