/*
 * pipe.h - a byte pipe between instances, held by the supervisor.
 *
 * Bounded: a writer that finds it full waits (nothing is ever dropped,
 * unlike a message queue), so a fast writer into a slow reader costs one
 * buffer. A reader sees end of file once every write end is closed and
 * the bytes are read; a writer whose readers are all gone gets EPIPE.
 *
 * The operations here never block. A thread that must wait registers its
 * instance's queue as a watcher (pipe_watch) and sleeps on it; every
 * change to the pipe wakes the watchers, so one sleep covers any mix of
 * pipes, messages, host descriptors and timers, and a stop wakes it too.
 */
#ifndef VYOMA_PIPE_H
#define VYOMA_PIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define PIPE_CAPACITY 65536	/* as a Linux pipe */
#define PIPE_ATOMIC 4096	/* writes up to this size are never split */
#define PIPE_WATCHERS 16	/* threads waiting on one pipe at once */

struct msgq;
struct pipe;

enum pipe_end { PIPE_READ, PIPE_WRITE };

/* A new pipe with one read end and one write end held; NULL: no memory. */
struct pipe *pipe_new(void);

/*
 * Marks the pipe as a terminal's (a terminal emulator's pipes to its
 * shell): its ends then say they are terminals (fd_fdstat_get), so
 * isatty() holds in the shell and in the programs it runs, as on a pty.
 */
void pipe_set_terminal(struct pipe *p);
bool pipe_is_terminal(struct pipe *p);

/* Another holder of an end (a spawned child's stdio). */
void pipe_hold(struct pipe *p, enum pipe_end end);

/* An end is closed; the pipe is freed with its last end. */
void pipe_release(struct pipe *p, enum pipe_end end);

/*
 * Copies up to n bytes out. Returns the count, 0 at end of file, or
 * -EAGAIN while empty with a writer left.
 */
ssize_t pipe_read(struct pipe *p, char *dst, size_t n);

/*
 * Copies in what fits of n bytes (nothing of a write of up to
 * PIPE_ATOMIC bytes unless all of it fits). Returns the count, -EAGAIN
 * when nothing fits, or -EPIPE when no reader is left.
 */
ssize_t pipe_write(struct pipe *p, const char *src, size_t n);

/* Bytes to read, and whether the last writer has gone. */
size_t pipe_readable(struct pipe *p, bool *eof);

/* Room to write, and whether the last reader has gone. */
size_t pipe_writable(struct pipe *p, bool *broken);

/* q is woken (msgq_wake) at every change until pipe_unwatch. Returns
 * false if PIPE_WATCHERS are already watching. */
bool pipe_watch(struct pipe *p, struct msgq *q);
void pipe_unwatch(struct pipe *p, struct msgq *q);

#endif
