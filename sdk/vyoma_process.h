/*
 * vyoma_process.h - starting command apps from an app, in the spirit of
 * posix_spawn, waitpid, kill and pipe. Needs `spawn = true` in the
 * app's [capabilities]; without it every call returns ENOTCAPABLE.
 * docs/processes.md says what each call does and when it fails.
 *
 *	int fds[2], io[3] = { -1, fds[1], -1 };
 *	uint32_t id;
 *	int status;
 *
 *	vy_pipe(fds);
 *	vy_spawn("ls", (const char *[]){ "ls", "/", NULL }, NULL, NULL, io,
 *		 &id);
 *	close(fds[1]);			// the child holds its own end
 *	... read(fds[0], ...) until it returns 0 ...
 *	vy_wait(id, &status, 0);
 *
 * Every call returns 0 or an errno value (wasi-libc's numbering).
 * Header-only; an app that calls none of them imports none of them.
 */
#ifndef VYOMA_PROCESS_H
#define VYOMA_PROCESS_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define VY_STDIO_DEFAULT (-1)	/* in vy_spawn's stdio: the child's own */
#define VY_WAIT_NOHANG 1	/* vy_wait: EAGAIN instead of waiting */

#define VY__PROC(name) __attribute__((import_module("vyoma_process"), \
				      import_name(#name)))

VY__PROC(spawn) int32_t vy__spawn(const char *name, uint32_t name_len,
				  const char *args, uint32_t args_len,
				  const char *env, uint32_t env_len,
				  const char *cwd, uint32_t cwd_len,
				  const int32_t *stdio, uint32_t *id);
VY__PROC(wait) int32_t vy__wait(uint32_t id, uint32_t flags,
				int32_t *status);
VY__PROC(kill) int32_t vy__kill(uint32_t id);
VY__PROC(pipe) int32_t vy__pipe(int32_t *fds);
VY__PROC(pipe_tty) int32_t vy__pipe_tty(int32_t *fds);
VY__PROC(open) int32_t vy__open(const char *path, uint32_t path_len,
				uint32_t how, int32_t *fd);
VY__PROC(exitfd) int32_t vy__exitfd(uint32_t id, int32_t *fd);
VY__PROC(commands) int32_t vy__commands(char *buf, uint32_t cap,
					uint32_t *len);
VY__PROC(supervise) int32_t vy__supervise(const char *line, uint32_t len,
					  char *out, uint32_t cap,
					  uint32_t *out_len);
VY__PROC(request) int32_t vy__request(const char *target, uint32_t target_len,
				      const char *line, uint32_t line_len,
				      char *out, uint32_t cap,
				      uint32_t *out_len, uint32_t timeout_ms);
VY__PROC(strerror) int32_t vy__strerror(uint32_t err, char *buf,
					uint32_t cap);

#define VY_OPEN_READ 0		/* vy_open: read only */
#define VY_OPEN_WRITE 1		/* write; create (0644), truncate */
#define VY_OPEN_APPEND 2	/* write; create (0644), append */

/* strings[from...] up to NULL as one block of NUL-terminated strings. */
static inline char *vy__block(const char *const *strings, size_t from,
			      size_t *len)
{
	size_t i, n = 0;
	char *block, *p;

	for (i = from; strings && strings[i]; i++)
		n += strlen(strings[i]) + 1;
	block = malloc(n ? n : 1);
	if (!block)
		return NULL;
	p = block;
	for (i = from; strings && strings[i]; i++) {
		size_t l = strlen(strings[i]) + 1;

		memcpy(p, strings[i], l);
		p += l;
	}
	*len = n;
	return block;
}

/*
 * Starts an instance of the command app `name`: argv as for main
 * (argv[0] is replaced by the app's name), envp its whole environment
 * ("NAME=value", NULL-terminated, or NULL for none), cwd its working
 * directory (an absolute path in its own view, given as $PWD, which
 * sdk/vyoma_command.h enters; NULL for none), stdio three of this
 * app's descriptors (its own stdio or pipe ends) to be the child's 0-2,
 * or VY_STDIO_DEFAULT for the child's own (an empty stdin, output kept
 * as console lines). NULL is { 0, 1, 2 }: the child shares this app's
 * stdio, as after fork and exec; a window app's protocol streams are
 * never shared (the child gets its own instead). Writes the child's id.
 */
static inline int vy_spawn(const char *name, const char *const *argv,
			   const char *const *envp, const char *cwd,
			   const int stdio[3], uint32_t *id)
{
	int32_t io[3] = { 0, 1, 2 };
	size_t args_len = 0, env_len = 0;
	char *args = vy__block(argv, 1, &args_len);
	char *env = vy__block(envp, 0, &env_len);
	int rc = 12;	/* ENOMEM */

	if (stdio)
		for (int i = 0; i < 3; i++)
			io[i] = stdio[i];
	if (args && env)
		rc = vy__spawn(name, (uint32_t)strlen(name), args,
			       (uint32_t)args_len, env, (uint32_t)env_len,
			       cwd ? cwd : "", cwd ? (uint32_t)strlen(cwd) : 0,
			       io, id);
	free(args);
	free(env);
	return rc;
}

/*
 * Waits for the child `id` to end and writes its exit status (its exit
 * value; 134 if it trapped, 137 if it was killed). With VY_WAIT_NOHANG,
 * EAGAIN while it still runs. ECHILD if it is not this app's child.
 */
static inline int vy_wait(uint32_t id, int *status, int flags)
{
	int32_t s = 0;
	int rc = vy__wait(id, (uint32_t)flags, &s);

	if (!rc && status)
		*status = s;
	return rc;
}

/* Stops the child `id` at once (its status is then 137). */
static inline int vy_kill(uint32_t id)
{
	return vy__kill(id);
}

/* A pipe: fds[0] reads what fds[1] writes. Close with close(). */
static inline int vy_pipe(int fds[2])
{
	int32_t f[2];
	int rc = vy__pipe(f);

	if (!rc) {
		fds[0] = f[0];
		fds[1] = f[1];
	}
	return rc;
}

/*
 * A pipe whose ends are terminals (isatty() is true on them): what a
 * terminal emulator gives its shell, so the shell and what it runs see
 * a terminal, as on a pty (prompt, ls's columns and colours).
 */
static inline int vy_pipe_tty(int fds[2])
{
	int32_t f[2];
	int rc = vy__pipe_tty(f);

	if (!rc) {
		fds[0] = f[0];
		fds[1] = f[1];
	}
	return rc;
}

/*
 * Opens one of the user's files (an absolute path under /home/user or
 * /tmp, within what this app holds: `filesystem.user`) as a stream this
 * app can read or write, close, and give a child as its stdio: a shell's
 * `< file`, `> file` and `>> file`. (A file opened with open() is
 * Wasmtime's and cannot be a child's stdio.) Regular files only.
 */
static inline int vy_open(const char *path, int how, int *fd)
{
	int32_t f;
	int rc = vy__open(path, (uint32_t)strlen(path), (uint32_t)how, &f);

	if (!rc)
		*fd = f;
	return rc;
}

/*
 * A descriptor that reads end-of-file once the child `id` has ended (at
 * once if it has): poll it next to other input, then vy_wait(id, ...,
 * VY_WAIT_NOHANG) and close() it. Linux calls this a pidfd.
 */
static inline int vy_exitfd(uint32_t id, int *fd)
{
	int32_t f;
	int rc = vy__exitfd(id, &f);

	if (!rc)
		*fd = f;
	return rc;
}

/*
 * The installed command apps' names, sorted, each NUL-terminated, into
 * buf: as many whole names as fit in cap bytes. *len is the size all of
 * them take (ask again with that much room if it is more than cap).
 */
static inline int vy_commands(char *buf, size_t cap, size_t *len)
{
	uint32_t n = 0;
	int rc = vy__commands(buf, (uint32_t)cap, &n);

	if (!rc)
		*len = n;
	return rc;
}

/*
 * One supervisor command (`ps`, `kill notes`, ...: docs/protocol.md),
 * for an app holding that command in its `shell` grant: the answer's
 * lines ("ps notes state=running ...", "error ..."), whole lines only,
 * into out (cap bytes); *len is what all of them take. Needs `shell`,
 * not `spawn`.
 */
static inline int vy_supervise(const char *line, char *out, size_t cap,
			       size_t *len)
{
	uint32_t n = 0;
	int rc = vy__supervise(line, (uint32_t)strlen(line), out,
			       (uint32_t)cap, &n);

	if (!rc)
		*len = n;
	return rc;
}

/*
 * Asks the service `target` (a command's way of messaging: docs/drivers.md):
 * line goes to it as a message, and the body of its first message back is
 * the answer, NUL-terminated in out (cut to cap - 1 bytes). The service
 * answers with `@<sender>: ...` naming this instance (or `@reply: ...`).
 * Returns 0, or: ENOENT no such app, ECONNREFUSED it is not running,
 * ECONNRESET it ended before answering, ETIMEDOUT no answer within
 * timeout_ms (0: 5 s), EAGAIN its queue is full; then out holds the
 * broker's reason when there is one ("error 'rng' is not running"),
 * else "". Needs no capability; command apps only (ENOTSUP otherwise:
 * the others read their messages).
 */
static inline int vy_request(const char *target, const char *line, char *out,
			     size_t cap, unsigned timeout_ms)
{
	uint32_t n = 0;
	int rc;

	if (!cap)
		return EINVAL;
	out[0] = '\0';
	rc = vy__request(target, (uint32_t)strlen(target), line,
			 (uint32_t)strlen(line), out, (uint32_t)(cap - 1), &n,
			 timeout_ms);
	out[n < cap - 1 ? n : cap - 1] = '\0';
	return rc;
}

/* Why vy_request failed when the broker gave no reason; otherwise for
 * an errno that is not the broker's. */
static inline const char *vy_request_strerror(int rc, const char *otherwise)
{
	switch (rc) {
	case ETIMEDOUT: return "did not answer in time";
	case ECONNRESET: return "ended before answering";
	case ECONNREFUSED: return "is not running";
	case ENOENT: return "is not installed";
	case EAGAIN: return "is busy (its queue is full)";
	default: return otherwise;
	}
}

/*
 * err in glibc's words ("No such file or directory"), from the
 * supervisor, for every errno, at the cost of one import
 * (docs/processes.md). Needs no capability. One buffer: the text stays
 * until the next call.
 */
static inline const char *vy_strerror(int err)
{
	static char text[64];

	vy__strerror((uint32_t)err, text, sizeof(text));
	return text;
}

#endif
