/*
 * procapi.c - the "vyoma_process" import module (procapi.h).
 *
 * Every argument is the app's and hostile: names, argument and
 * environment blocks are copied out of its memory once, bounded, and
 * checked (a name is an installed command's, every string ends inside
 * its block, every variable has a name and a '='); only the copies are
 * used. Only an app that declares `spawn` gets anything but NOTCAPABLE,
 * a parent reaches only its own children, and what a child may touch
 * is narrowed to its parent's (instance.h).
 */
#include "procapi.h"
#include "engine.h"
#include "errtext.h"
#include "guest.h"
#include "instance.h"
#include "ipc.h"
#include "message.h"
#include "shell.h"
#include "lifecycle.h"
#include "log.h"
#include "pipe.h"
#include "proc.h"
#include "sched.h"
#include "stream.h"
#include "session.h"
#include "userfiles.h"
#include "wasi_shim.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#define PATH_MAX_GUEST 4096	/* a path an app names, with its NUL */
#define COMMANDS_MAX 65536	/* the names of every installed command */
#define SUPERVISE_LINE_MAX 1280	/* a supervisor command line: passwd's
					 * two hex passwords fit */
#define SUPERVISE_ANSWER_MAX (4u << 20)	/* ps of every app, and more */
#define REQUEST_DEFAULT_MS 5000
#define REQUEST_MAX_MS 600000
/* How often a request looks at whether its service still runs. */
#define REQUEST_SLICE_NS 20000000ull

typedef int (*procapi_fn)(struct app *app, const struct guest_mem *mem,
			  const uint32_t *args);

static uint32_t put32(const struct guest_mem *mem, uint32_t off, uint32_t v,
		      int *err)
{
	*err = guest_write(mem, off, &v, 4);
	return v;
}

/* A copy of [off, off + len) of the app's memory, at most max bytes. */
static char *copy_block(const struct guest_mem *mem, uint32_t off,
			uint32_t len, size_t max, int *err)
{
	char *copy;

	*err = GUEST_ERRNO_2BIG;
	if (len > max)
		return NULL;
	*err = GUEST_ERRNO_FAULT;
	copy = malloc(len + 1u);
	if (!copy)
		return NULL;
	if (guest_read(mem, off, copy, len) != 0) {
		free(copy);
		return NULL;
	}
	copy[len] = '\0';
	*err = 0;
	return copy;
}

/* The parent's descriptors for the child's 0-2, shared. */
static int child_stdio(struct app *app, const struct guest_mem *mem,
		       uint32_t off, struct stream *stdio)
{
	uint32_t fds[STREAM_STDIO];
	int i, err = guest_read(mem, off, fds, sizeof(fds));

	for (i = 0; i < STREAM_STDIO; i++)
		stdio[i] = (struct stream){ .kind = STREAM_NONE, .host_fd = -1 };
	for (i = 0; !err && i < STREAM_STDIO; i++)
		if (fds[i] != PROCAPI_NO_FD &&
		    !stream_share(app, fds[i], i, &stdio[i]))
			err = GUEST_ERRNO_BADF;
	if (err)
		for (i = 0; i < STREAM_STDIO; i++)
			stream_drop(&stdio[i]);
	return err;
}

/*
 * spawn(name, name_len, args, args_len, env, env_len, cwd, cwd_len,
 * stdio, id_out): args and env are blocks of NUL-terminated strings
 * (argv[1...] and "NAME=value"); cwd a normalised absolute path where
 * the child or its parent is given a directory (empty: none; refusals
 * are logged), given to the child as $PWD; stdio points at three
 * descriptors of the caller's (PROCAPI_NO_FD: the child's default).
 * Writes the child's id.
 */
static int do_spawn(struct app *app, const struct guest_mem *mem,
		    const uint32_t *a)
{
	/* On the heap: every app thread would carry them as TLS. */
	const char **argv = NULL, **env = NULL;
	char name[MANIFEST_NAME_MAX + 1];
	char *args = NULL, *vars = NULL, *cwd = NULL;
	struct spawn_request req = { .parent = app };
	struct app *child;
	int argc, envc, err;

	if (a[1] == 0 || a[1] > MANIFEST_NAME_MAX)
		return GUEST_ERRNO_NOENT;
	if (!guest_range_ok(mem, a[9], 4))
		return GUEST_ERRNO_FAULT;
	err = guest_read(mem, a[0], name, a[1]);
	if (err)
		return err;
	name[a[1]] = '\0';
	req.origin = strlen(name) == a[1] ? proc_installed(name) : NULL;
	if (!req.origin)
		return GUEST_ERRNO_NOENT;
	/* Loaded just now: its module is being compiled (bounded by the
	 * compiler's limits); a stop ends the wait. */
	while (atomic_load(&req.origin->state) == LIFE_COMPILING &&
	       !atomic_load(&app->killing)) {
		struct timespec ts = { 0, 2000000 };

		sched_wait_begin(app);
		nanosleep(&ts, NULL);
		sched_wait_end(app);
	}
	args = copy_block(mem, a[2], a[3], INSTANCE_STRINGS_MAX, &err);
	if (args)
		vars = copy_block(mem, a[4], a[5], INSTANCE_STRINGS_MAX, &err);
	if (!args || !vars)
		goto out;
	err = GUEST_ERRNO_FAULT;
	argv = malloc((INSTANCE_ARGS_MAX + 1) * sizeof(*argv));
	env = malloc(INSTANCE_ARGS_MAX * sizeof(*env));
	cwd = copy_block(mem, a[6], a[7], INSTANCE_CWD_MAX, &err);
	if (!cwd && err == GUEST_ERRNO_2BIG)
		app_warn(app, "spawn of %s refused: a working directory of "
			 "%u bytes (at most %d)", name, a[7],
			 INSTANCE_CWD_MAX);
	if (!argv || !env || !cwd)
		goto out;
	/* The copy is what is checked and used (instance_spawn checks the
	 * rest): a NUL inside would cut it short of what the app gave. */
	err = GUEST_ERRNO_INVAL;
	if (a[7] && strlen(cwd) != a[7]) {
		char shown[USERFILES_SHOWN_SIZE];

		app_warn(app, "spawn of %s in '%s' refused: a NUL inside the "
			 "path", name, userfiles_shown(cwd, a[7], shown));
		goto out;
	}
	req.cwd = a[7] ? cwd : NULL;
	argv[0] = req.origin->manifest.name;
	argc = guest_strings(args, a[3], argv + 1, INSTANCE_ARGS_MAX, false);
	envc = guest_strings(vars, a[5], env, INSTANCE_ARGS_MAX, true);
	if (argc < 0 || envc < 0)
		goto out;
	req.argv = argv;
	req.argc = (size_t)argc + 1;
	req.env = env;
	req.envc = (size_t)envc;
	err = child_stdio(app, mem, a[8], req.stdio);
	if (err)
		goto out;
	child = instance_spawn(&req, &err);
	if (child)
		put32(mem, a[9], child->id, &err);
out:
	free(cwd);
	free(argv);
	free(env);
	free(args);
	free(vars);
	return err;
}

/* wait(id, flags, status_out) */
static int do_wait(struct app *app, const struct guest_mem *mem,
		   const uint32_t *a)
{
	int status = 0, err;

	if (!guest_range_ok(mem, a[2], 4))
		return GUEST_ERRNO_FAULT;
	if (a[1] & ~PROCAPI_WAIT_NOHANG)
		return GUEST_ERRNO_INVAL;
	err = instance_wait(app, a[0], a[1] & PROCAPI_WAIT_NOHANG, &status);
	if (!err)
		put32(mem, a[2], (uint32_t)status, &err);
	return err;
}

/* kill(id) */
static int do_kill(struct app *app, const struct guest_mem *mem,
		   const uint32_t *a)
{
	(void)mem;
	return instance_kill(app, a[0]);
}

static int make_pipe(struct app *app, const struct guest_mem *mem,
		     const uint32_t *a, bool terminal);

/* pipe(fds_out): fds_out[0] reads what fds_out[1] writes. */
static int do_pipe(struct app *app, const struct guest_mem *mem,
		   const uint32_t *a)
{
	return make_pipe(app, mem, a, false);
}

/* pipe_tty(fds_out): the same, a terminal's (pipe_set_terminal). */
static int do_pipe_tty(struct app *app, const struct guest_mem *mem,
		       const uint32_t *a)
{
	return make_pipe(app, mem, a, true);
}

static int make_pipe(struct app *app, const struct guest_mem *mem,
		     const uint32_t *a, bool terminal)
{
	struct pipe *p;
	int64_t rfd, wfd;
	int err;

	if (!guest_range_ok(mem, a[0], 8))
		return GUEST_ERRNO_FAULT;
	err = wasi_shim_room_for(app, 2);
	if (err)
		return err;
	p = pipe_new();
	if (!p)
		return GUEST_ERRNO_NFILE;
	if (terminal)
		pipe_set_terminal(p);
	rfd = stream_add_pipe(app, p, true);
	wfd = rfd < 0 ? -1 : stream_add_pipe(app, p, false);
	if (wfd < 0) {
		if (rfd >= 0)
			stream_closed(app, (uint32_t)rfd);
		else
			pipe_release(p, PIPE_READ);
		pipe_release(p, PIPE_WRITE);
		return GUEST_ERRNO_MFILE;
	}
	wasi_shim_count_fd(app, (uint32_t)rfd);
	wasi_shim_count_fd(app, (uint32_t)wfd);
	put32(mem, a[0], (uint32_t)rfd, &err);
	put32(mem, a[0] + 4, (uint32_t)wfd, &err);
	return err;
}

/* Gives the app a new stream descriptor for a pipe's reading end. */
static int give_read_end(struct app *app, const struct guest_mem *mem,
			 uint32_t out, struct pipe *p)
{
	int64_t fd = stream_add_pipe(app, p, true);
	int err;

	if (fd < 0) {
		pipe_release(p, PIPE_READ);
		return GUEST_ERRNO_MFILE;
	}
	wasi_shim_count_fd(app, (uint32_t)fd);
	put32(mem, out, (uint32_t)fd, &err);
	return err;
}

/*
 * open(path, path_len, how, fd_out): one of the user's files as a stream
 * the app may give a child as stdio (a shell's `> file`): Wasmtime's own
 * descriptors cannot cross to another store, so the supervisor opens the
 * file itself, confined as the app's own view of it is (userfiles.h).
 */
static int do_open(struct app *app, const struct guest_mem *mem,
		   const uint32_t *a)
{
	char *path;
	int64_t fd;
	int err, host_fd;

	if (!guest_range_ok(mem, a[3], 4))
		return GUEST_ERRNO_FAULT;
	if (a[2] > USERFILES_APPEND)
		return GUEST_ERRNO_INVAL;
	path = copy_block(mem, a[0], a[1], PATH_MAX_GUEST, &err);
	if (!path)
		return err == GUEST_ERRNO_2BIG ? GUEST_ERRNO_NAMETOOLONG : err;
	err = strlen(path) != a[1] || path[0] != '/' ? GUEST_ERRNO_INVAL :
	      wasi_shim_room_for(app, 1);
	/* The one device every shell script names: empty, and a sink. */
	if (!err && !strcmp(path, "/dev/null")) {
		host_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
		err = host_fd < 0 ? GUEST_ERRNO_NFILE : 0;
	} else if (!err) {
		char user[USERDB_NAME_MAX + 1];

		err = session_user_name(session_app_uid(app), user) ?
		      userfiles_open(user, path, (int)a[2], app->user_files,
				     &host_fd) : GUEST_ERRNO_NOTCAPABLE;
	}
	/* Not a missing file: a way out of the user's files, or more of
	 * them than the app holds. */
	if (err == GUEST_ERRNO_NOTCAPABLE || err == GUEST_ERRNO_ROFS) {
		char shown[USERFILES_SHOWN_SIZE];

		app_warn(app, "vy_open of '%s' refused: %s",
			 userfiles_shown(path, a[1], shown),
			 err == GUEST_ERRNO_ROFS ?
			 "it holds the user's files read-only" :
			 "it leads out of its user's files");
	}
	free(path);
	if (err)
		return err;
	fd = stream_add_file(app, host_fd, a[2] == USERFILES_READ);
	if (fd < 0)
		return GUEST_ERRNO_MFILE;
	wasi_shim_count_fd(app, (uint32_t)fd);
	put32(mem, a[3], (uint32_t)fd, &err);
	return err;
}

/* exitfd(id, fd_out): reads its end once the child `id` has ended. */
static int do_exitfd(struct app *app, const struct guest_mem *mem,
		     const uint32_t *a)
{
	struct pipe *p;
	int err;

	if (!guest_range_ok(mem, a[1], 4))
		return GUEST_ERRNO_FAULT;
	err = wasi_shim_room_for(app, 1);
	if (!err)
		err = instance_exit_pipe(app, a[0], &p);
	return err ? err : give_read_end(app, mem, a[1], p);
}

/*
 * commands(buf, cap, len_out): the installed command apps' names, each
 * NUL-terminated, as many as fit in cap bytes; len_out is the size all
 * of them need (a shell's tab completion asks again with more room).
 */
static int do_commands(struct app *app, const struct guest_mem *mem,
		       const uint32_t *a)
{
	size_t need, written, cap = a[1] < COMMANDS_MAX ? a[1] : COMMANDS_MAX;
	char *names = malloc(COMMANDS_MAX);
	int err;

	(void)app;
	if (!names)
		return GUEST_ERRNO_NOMEM;
	if (!guest_range_ok(mem, a[2], 4) || !guest_range_ok(mem, a[0], a[1])) {
		free(names);
		return GUEST_ERRNO_FAULT;
	}
	need = proc_command_names(names, cap, &written);
	err = guest_write(mem, a[0], names, written);
	if (!err)
		put32(mem, a[2], (uint32_t)need, &err);
	free(names);
	return err;
}

/*
 * supervise(line, line_len, out, cap, out_len): one supervisor command
 * (ps, kill, log, ...: docs/protocol.md) for an app holding the shell
 * grant, as `@supervisor: line` is for a window app; the answer's lines
 * (without "@supervisor: ") are written to out, whole lines only, and
 * out_len says how much all of them take. A command app has no message
 * queue, so this is how the `ps` or `kill` command asks.
 */
static int do_supervise(struct app *app, const struct guest_mem *mem,
			const uint32_t *a)
{
	struct ipc_capture c = { .app = app };
	char *line;
	int err;

	if (!guest_range_ok(mem, a[4], 4) || !guest_range_ok(mem, a[2], a[3]))
		return GUEST_ERRNO_FAULT;
	line = copy_block(mem, a[0], a[1], SUPERVISE_LINE_MAX, &err);
	if (!line)
		return err;
	c.cap = a[3] < SUPERVISE_ANSWER_MAX ? a[3] : SUPERVISE_ANSWER_MAX;
	c.buf = malloc(c.cap ? c.cap : 1);
	if (!c.buf || memchr(line, '\n', a[1]) || memchr(line, '\0', a[1])) {
		err = c.buf ? GUEST_ERRNO_INVAL : GUEST_ERRNO_NOMEM;
		goto out;
	}
	ipc_capture_set(&c);
	shell_run(app, line, a[1]);
	ipc_capture_set(NULL);
	err = guest_write(mem, a[2], c.buf, c.len);
	if (!err)
		put32(mem, a[4], (uint32_t)c.need, &err);
out:
	free(c.buf);
	/* The line can hold a password (su, passwd, login in hex). */
	sodium_memzero(line, a[1]);
	free(line);
	return err;
}

/* The errno for the broker's refusal of a request's message. */
static int request_refused(const char *text)
{
	if (strstr(text, "unknown app"))
		return GUEST_ERRNO_NOENT;
	if (strstr(text, "is not running"))
		return GUEST_ERRNO_CONNREFUSED;
	if (strstr(text, "permission denied"))
		return GUEST_ERRNO_ACCES;
	if (strstr(text, "queue full"))
		return GUEST_ERRNO_AGAIN;
	return GUEST_ERRNO_INVAL;
}

/* Has the run the request went to ended? run: the one seen running. */
static bool request_lost(uint32_t id, uint64_t *run)
{
	struct app *to = proc_by_id(id);
	int state = to ? atomic_load(&to->state) : LIFE_FAILED;

	if (!lifecycle_takes_messages(state))
		return true;
	if (state != LIFE_RUNNING)
		return false;
	if (!*run)
		*run = atomic_load(&to->started_ns);
	return atomic_load(&to->started_ns) != *run;
}

/*
 * The first line in the app's queue from prefix's sender, its body into
 * answer (NUL-terminated); other lines are dropped. Lines start with
 * their sender's name, put there by the broker, so none can be forged.
 */
static bool request_answer(struct app *app, const char *prefix, char *buf,
			   size_t *have, size_t size, char *answer)
{
	size_t plen = strlen(prefix);
	char *nl;

	*have += msgq_pop(&app->inbox, buf + *have, size - *have);
	while ((nl = memchr(buf, '\n', *have))) {
		size_t n = (size_t)(nl - buf);
		bool ours = n >= plen && memcmp(buf, prefix, plen) == 0;

		if (ours) {
			memcpy(answer, buf + plen, n - plen);
			answer[n - plen] = '\0';
		}
		*have -= n + 1;
		memmove(buf, nl + 1, *have);
		if (ours)
			return true;
	}
	if (*have == size)
		*have = 0;	/* no line is this long */
	return false;
}

/*
 * request(target, target_len, line, line_len, out, cap, out_len,
 * timeout_ms): a command asks a service, as a window app would with a
 * message and its answer. line goes to the installed app target as
 * "@<this instance>: line"; the first message back from target is the
 * answer, its body written to out (cut at cap) and its length to
 * out_len. While it waits, target may name this instance. If the
 * message is refused, the broker's reason ("error ...") is the answer
 * and the call fails: NOENT (no such app), CONNREFUSED (not running),
 * ACCES, AGAIN (its queue is full). CONNRESET: the run it went to
 * ended without answering; TIMEDOUT: no answer in timeout_ms (0: 5 s).
 * A client therefore never waits on a driver that died.
 */
static int do_request(struct app *app, const struct guest_mem *mem,
		      const uint32_t *a)
{
	static const size_t line_max = APP_LINE_MAX - MANIFEST_NAME_MAX - 20;
	char target[MANIFEST_NAME_MAX + 1], prefix[MANIFEST_NAME_MAX + 4];
	char errtext[512], *line = NULL, *buf = NULL, *answer = NULL;
	struct ipc_capture c = { .app = app, .buf = errtext,
				 .cap = sizeof(errtext) };
	uint64_t run = 0, deadline, ms = a[7] ? a[7] : REQUEST_DEFAULT_MS;
	size_t have = 0, len = 0;
	struct app *to;
	uint32_t out_len;
	int err;

	if (app->manifest.kind != KIND_COMMAND)
		return GUEST_ERRNO_NOTSUP;	/* the others have messages */
	if (!guest_range_ok(mem, a[6], 4) || !guest_range_ok(mem, a[4], a[5]))
		return GUEST_ERRNO_FAULT;
	if (a[1] == 0 || a[1] > MANIFEST_NAME_MAX)
		return GUEST_ERRNO_INVAL;
	if (guest_read(mem, a[0], target, a[1]) != 0)
		return GUEST_ERRNO_FAULT;
	target[a[1]] = '\0';
	/* An installed app: not an instance, broadcast, reply or the
	 * supervisor (supervise is for that). */
	if (strlen(target) != a[1] || !manifest_name_valid(target) ||
	    ipc_name_reserved(target, a[1]))
		return GUEST_ERRNO_INVAL;
	line = copy_block(mem, a[2], a[3], line_max, &err);
	if (!line)
		return err == GUEST_ERRNO_2BIG ? GUEST_ERRNO_INVAL : err;
	buf = malloc(APP_LINE_MAX + 2);
	answer = malloc(APP_LINE_MAX + 1);
	err = !buf || !answer ? GUEST_ERRNO_NOMEM :
	      memchr(line, '\n', a[3]) || memchr(line, '\0', a[3]) ?
	      GUEST_ERRNO_INVAL : 0;
	to = err ? NULL : proc_find(target, a[1]);
	if (!err && !to)
		err = GUEST_ERRNO_NOENT;
	if (err)
		goto out;
	/* What an earlier request left (an answer too late) is not this
	 * one's. */
	while (msgq_pop(&app->inbox, buf, APP_LINE_MAX + 1))
		;
	snprintf(prefix, sizeof(prefix), "@%s: ", target);
	atomic_store(&app->awaiting, to->id);
	ipc_capture_set(&c);
	ipc_send(app, target, a[1], line, a[3]);
	ipc_capture_set(NULL);
	if (c.len) {
		/* Refused: the reason is the answer. */
		len = c.len - 1;	/* its newline */
		memcpy(answer, errtext, len);
		answer[len] = '\0';
		err = request_refused(answer);
		goto answered;
	}
	if (ms > REQUEST_MAX_MS)
		ms = REQUEST_MAX_MS;
	deadline = monotonic_ns() + ms * 1000000ull;
	for (;;) {
		unsigned long seen = msgq_changes(&app->inbox);

		if (request_answer(app, prefix, buf, &have, APP_LINE_MAX + 1,
				   answer)) {
			len = strlen(answer);
			break;
		}
		if (atomic_load(&app->killing)) {
			err = GUEST_ERRNO_INTR;
			break;
		}
		if (request_lost(to->id, &run)) {
			err = GUEST_ERRNO_CONNRESET;
			break;
		}
		if (monotonic_ns() >= deadline) {
			err = GUEST_ERRNO_TIMEDOUT;
			break;
		}
		sched_wait_begin(app);
		stream_sleep(app, seen, deadline, REQUEST_SLICE_NS);
		sched_wait_end(app);
	}
answered:
	atomic_store(&app->awaiting, 0);
	if (len) {
		int werr = guest_write(mem, a[4], answer,
				       len < a[5] ? len : a[5]);

		out_len = (uint32_t)len;
		if (!werr)
			werr = guest_write(mem, a[6], &out_len, 4);
		if (!err)
			err = werr;
	}
out:
	free(line);
	free(buf);
	free(answer);
	return err;
}

/*
 * strerror(err, buf, cap): err in glibc's words (errtext.h), cut to
 * cap - 1 bytes, and a NUL, in buf. A tool that already needs VyomaOS
 * asks for these instead of carrying its own table. EINVAL for cap 0,
 * EFAULT unless all of buf[0, cap) is the app's.
 */
static int do_strerror(struct app *app, const struct guest_mem *mem,
		       const uint32_t *a)
{
	const char *words = errtext(a[0]);
	char text[ERRTEXT_MAX + 1];
	size_t n = strlen(words);

	(void)app;
	if (!a[2])
		return GUEST_ERRNO_INVAL;
	if (!guest_range_ok(mem, a[1], a[2]))
		return GUEST_ERRNO_FAULT;
	if (n > a[2] - 1)
		n = a[2] - 1;
	memcpy(text, words, n);
	text[n] = '\0';
	return guest_write(mem, a[1], text, n + 1);
}

static const struct call {
	const char *name;
	const char *params;
	procapi_fn fn;
	enum capability cap;	/* the grant it needs */
} calls[] = {
	{ "spawn", "iiiiiiiiii", do_spawn, CAP_SPAWN },
	{ "wait", "iii", do_wait, CAP_SPAWN },
	{ "kill", "i", do_kill, CAP_SPAWN },
	{ "pipe", "i", do_pipe, CAP_SPAWN },
	{ "pipe_tty", "i", do_pipe_tty, CAP_SPAWN },
	{ "open", "iiii", do_open, CAP_SPAWN },
	{ "exitfd", "ii", do_exitfd, CAP_SPAWN },
	{ "commands", "iii", do_commands, CAP_SPAWN },
	/* shell_run checks the grant itself, command by command. */
	{ "supervise", "iiiii", do_supervise, CAP_SHELL },
	/* Any app may message any other: asking needs no grant. */
	{ "request", "iiiiiiii", do_request, CAP_COUNT },
	{ "strerror", "iii", do_strerror, CAP_COUNT },
};

/* The grant first (refused once in the log), then the call. */
static int run_call(struct app *app, wasmtime_caller_t *caller,
		    const uint32_t *a, const void *ctx)
{
	const struct call *c = ctx;
	struct guest_mem mem;

	if (c->cap != CAP_COUNT && !app->manifest.caps[c->cap]) {
		if (!app->io.denied_spawn) {
			app->io.denied_spawn = true;
			app_warn(app, "%s refused: the %s capability is not "
				 "granted", c->name, capability_name(c->cap));
		}
		return GUEST_ERRNO_NOTCAPABLE;
	}
	if (!wasi_shim_memory(caller, &mem))
		return GUEST_ERRNO_FAULT;
	return c->fn(app, &mem, a);
}

static wasm_trap_t *dispatch(void *env, wasmtime_caller_t *caller,
			     const wasmtime_val_t *args, size_t nargs,
			     wasmtime_val_t *results, size_t nresults)
{
	(void)nresults;
	return wasi_shim_call(caller, args, nargs, results, run_call, env);
}

wasmtime_error_t *procapi_install(wasmtime_linker_t *linker)
{
	wasmtime_error_t *error = NULL;
	size_t i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]) && !error; i++)
		error = engine_define_func(linker, PROCAPI_MODULE,
					   calls[i].name, calls[i].params,
					   dispatch, (void *)&calls[i]);
	return error;
}
