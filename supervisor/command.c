/*
 * command.c - one command app run from the host (command.h). The main
 * loop here is the Process Manager's only driver while the command runs:
 * it starts the app once its module is ready, turns SIGINT and SIGTERM
 * into a kill, and returns when the run has ended.
 */
#include "command.h"
#include "lifecycle.h"
#include "log.h"
#include "proc.h"
#include "session.h"
#include "userfiles.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

int command_split(const char *line, char *buf, size_t len, char **words,
		  size_t max)
{
	size_t n = 0, i;
	char *p;

	if (strlen(line) >= len)
		return -1;
	memcpy(buf, line, strlen(line) + 1);
	for (p = buf; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		if (n == max)
			return -1;
		words[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	for (i = n; i < max; i++)
		words[i] = NULL;
	return (int)n;
}

/*
 * The host's descriptor fd for the command, never blocking: a pipe, FIFO
 * or terminal is opened again through /proc (a description of our own, so
 * the caller's shell keeps its flags) with O_NONBLOCK. A thread blocked
 * in the kernel on a full pipe or an idle terminal could not be stopped;
 * this way every wait is the supervisor's, in slices. Anything else (a
 * file, a socket) is used as it is.
 */
static int host_fd(int fd)
{
	char path[32];
	struct stat st;
	int copy;

	if (fstat(fd, &st) != 0 || !(S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)))
		return fd;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	copy = open(path, (fd == 0 ? O_RDONLY : O_WRONLY) | O_NONBLOCK |
			  O_CLOEXEC | O_NOCTTY);
	return copy >= 0 ? copy : fd;
}

/* The first of SIGINT and SIGTERM waiting on fd, or 0. */
static int take_signal(int fd)
{
	struct signalfd_siginfo si;
	int sig = 0;

	while (read(fd, &si, sizeof(si)) == sizeof(si))
		if (!sig)
			sig = (int)si.ssi_signo;
	return sig;
}

static void drain(int fd)
{
	uint64_t count;

	if (read(fd, &count, sizeof(count)) < 0 && errno != EAGAIN)
		log_warn("wake event: %s", strerror(errno));
}

/* Drives the app from loaded to ended; returns its exit status. */
static int drive(const struct command_request *req, struct app *app)
{
	bool started = false;
	int signalled = 0;

	for (;;) {
		struct pollfd fds[2] = { { req->wake_fd, POLLIN, 0 },
					 { req->signal_fd, POLLIN, 0 } };
		enum life_state state;

		proc_tick();
		state = (enum life_state)atomic_load(&app->state);
		if (!started && state == LIFE_LOADED) {
			proc_request(app, LIFE_START);
			started = true;
			continue;
		}
		if (!started && state == LIFE_FAILED)
			return COMMAND_CANNOT_RUN;	/* logged: why */
		if (started && app->runs && !lifecycle_is_up(state))
			break;
		if (poll(fds, 2, (int)proc_next_deadline_ms()) < 0 &&
		    errno != EINTR)
			break;
		if (fds[0].revents & POLLIN)
			drain(req->wake_fd);
		if ((fds[1].revents & POLLIN) &&
		    (signalled = take_signal(req->signal_fd)) != 0) {
			if (!started)
				return 128 + signalled;
			proc_request(app, LIFE_KILL);
		}
	}
	return signalled ? 128 + signalled : atomic_load(&app->exit_status);
}

static bool has_var(const char *const *env, size_t n, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < n; i++)
		if (!strncmp(env[i], name, len) && env[i][len] == '=')
			return true;
	return false;
}

/*
 * The environment given, and for a command that holds the user's files
 * HOME and PWD (unless given) naming their home: a person running
 * `--run sh` starts at home, as after a login, instead of at "/", which
 * holds nothing a command can open.
 */
static const char *const *with_home(struct app *app, const char *const *env,
				    size_t *n, size_t given)
{
	static const char *all[COMMAND_ENV_MAX + 4];
	static char home[8 + USERFILES_MOUNT_MAX], pwd[8 + USERFILES_MOUNT_MAX],
		    user[8 + USERDB_NAME_MAX + 1];
	char name[USERDB_NAME_MAX + 1], mount[USERFILES_MOUNT_MAX];
	size_t i;

	*n = 0;
	for (i = 0; i < given && i < COMMAND_ENV_MAX; i++)
		all[(*n)++] = env[i];
	if (app->manifest.user == USER_FILES_NONE ||
	    !session_user_name(session_screen_uid(), name) ||
	    userfiles_mount(name, mount))
		return all;
	snprintf(home, sizeof(home), "HOME=%s", mount);
	snprintf(pwd, sizeof(pwd), "PWD=%s", mount);
	snprintf(user, sizeof(user), "USER=%s", name);
	if (!has_var(all, *n, "HOME"))
		all[(*n)++] = home;
	if (!has_var(all, *n, "PWD"))
		all[(*n)++] = pwd;
	if (!has_var(all, *n, "USER"))
		all[(*n)++] = user;
	return all;
}

int command_run(const struct command_request *req)
{
	static char buf[65536];
	static char *words[COMMAND_WORDS_MAX + 1];
	struct app *app;
	int n;

	if (req->argv) {
		n = req->argc <= COMMAND_WORDS_MAX ? req->argc : -1;
		for (int i = 0; i < n; i++)
			words[i] = req->argv[i];
		if (n >= 0)
			words[n] = NULL;
	} else {
		n = command_split(req->line, buf, sizeof(buf), words,
				  COMMAND_WORDS_MAX);
	}
	if (n < 0) {
		log_error("--run: the command line is too long (at most %d "
			  "words, %zu bytes)", COMMAND_WORDS_MAX,
			  sizeof(buf) - 1);
		return COMMAND_CANNOT_RUN;
	}
	if (n == 0) {
		log_error("--run: no command given");
		return COMMAND_CANNOT_RUN;
	}
	proc_set_search(req->apps_dirs, req->apps_dir_count, req->data_dir);
	if (!proc_installed_exists(words[0])) {
		log_error("%s: command not found", words[0]);
		return COMMAND_NOT_FOUND;
	}
	app = proc_installed(words[0]);
	if (!app)
		return COMMAND_CANNOT_RUN;	/* logged: which mistake */
	if (app->manifest.kind != KIND_COMMAND) {
		log_error("%s: a %s app, not a command: --run runs apps with "
			  "[app] kind = \"command\"", words[0],
			  app_kind_name(app->manifest.kind));
		return COMMAND_CANNOT_RUN;
	}
	app->how.argv = (const char *const *)words;
	app->how.argc = (size_t)n;
	app->how.env = with_home(app, req->env, &app->how.envc, req->envc);
	for (int i = 0; i < STREAM_STDIO; i++)
		app->how.stdio[i] = (struct stream){ .kind = STREAM_HOST,
						     .input = i == 0,
						     .host_fd = host_fd(i) };
	return drive(req, app);
}
