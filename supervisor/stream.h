/*
 * stream.h - what an app's stdin, stdout and stderr are connected to, and
 * moving bytes through them. The shim (wasi_shim.c) serves these three
 * streams itself, at whatever descriptor numbers the app has moved them
 * to; every other descriptor is Wasmtime's.
 *
 * A window or service app reads its message queue and writes protocol
 * lines (output.c). A command's streams are bytes, never parsed: under
 * --run they are the host's own descriptors; started any other way its
 * stdin is empty and what it writes is kept as console lines.
 */
#ifndef VYOMA_STREAM_H
#define VYOMA_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;

enum stream_kind {
	STREAM_INBOX,		/* stdin: the app's message queue */
	STREAM_EMPTY,		/* stdin at end of file */
	STREAM_PROTOCOL,	/* stdout: protocol lines (output.c) */
	STREAM_CONSOLE,		/* console lines (output.c), never parsed */
	STREAM_HOST,		/* a host descriptor, byte for byte */
};

#define STREAM_COUNT 3		/* stdin, stdout, stderr */

struct stream {
	enum stream_kind kind;
	bool input;		/* stdin: read, never written */
	int host_fd;		/* STREAM_HOST */
	int64_t guest_fd;	/* where the app holds it; -1 once closed */
};

/* A new run: fds 0-2 as the app's kind (and host_stdio) say. */
void stream_setup(struct app *app);

/* The stream the app holds at descriptor fd, or NULL. */
struct stream *stream_at(struct app *app, uint32_t fd);

/* The app closed fd, or moved from onto to (Wasmtime agreed). */
void stream_closed(struct app *app, uint32_t fd);
void stream_renumbered(struct app *app, uint32_t from, uint32_t to);

/*
 * Waits until the input stream s has bytes or is at its end, or the
 * monotonic deadline_ns passes (0: none), or the app is being stopped.
 * Returns the bytes known to be ready (at least 1 if ready and the
 * number is unknown), with *eof when no more will come. The caller
 * tells the scheduler it waits.
 */
size_t stream_wait(struct app *app, struct stream *s, uint64_t deadline_ns,
		   bool *eof);

/* Is the input stream s ready now (as stream_wait, without waiting)? */
size_t stream_ready(struct app *app, struct stream *s, bool *eof);

/*
 * Reads up to len bytes into dst (in the app's memory, checked), after
 * stream_wait said it is ready. Returns the bytes read (0 at the end) or
 * a negative WASI errno.
 */
long stream_read(struct app *app, struct stream *s, char *dst, size_t len);

/*
 * Writes len bytes from src (in the app's memory, checked) to an output
 * stream. Returns the bytes taken (all, unless stopped or the reader is
 * gone) or a negative WASI errno (EPIPE).
 */
long stream_write(struct app *app, struct stream *s, const char *src,
		  size_t len);

#endif
