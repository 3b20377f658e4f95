/*
 * console.c - the serial console's getty (console.h).
 *
 * The shell runs as a parentless instance of the installed `sh` (the
 * same confinement as any: its manifest's grants, the user's files), its
 * stdin, stdout and stderr the terminal, borrowed. The terminal is raw
 * because the shell is the line discipline here: it echoes, edits the
 * line and turns Ctrl-C into stopping its foreground job. Log lines do
 * not share the terminal (main.c sends them to a port of their own when
 * there is one), so what the person types is never garbled.
 *
 * Before a shell, a login (getty and login in one): a thread of its own
 * asks for a name and a password (not echoed) while no shell runs, and
 * checks them through usercmd.c (the same delay after wrong ones as the
 * screen's); on the first boot, with no users yet, it offers to make the
 * first, an admin. The shell then runs for that user, in their home. A
 * developer's hosted console (--user) is logged in as that user at once.
 */
#include "console.h"
#include "guest.h"
#include "instance.h"
#include "log.h"
#include "proc.h"
#include "queue.h"
#include "session.h"
#include "usercmd.h"
#include "userdb.h"
#include "userfiles.h"

#include <poll.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int tty_fd = -1;
static struct termios saved;
static uint32_t shell_id;	/* the running shell's instance, or 0 */
static long next_start_ms;	/* monotonic ms; 0: now */
static bool given_up;
/* The user the next shell is for (0: no one yet), set by the login
 * thread and taken by console_tick; the thread waits while it is set. */
static _Atomic uint32_t login_uid;
static uint32_t autologin_uid;
static atomic_bool stopping;
static pthread_mutex_t login_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t login_cond = PTHREAD_COND_INITIALIZER;
void (*console_wake)(void);

static long mono_ms(void)
{
	return (long)(monotonic_ns() / 1000000u);
}

/* ---- the login thread ----------------------------------------------------- */

static void say(const char *text)
{
	(void)!write(tty_fd, text, strlen(text));
}

/*
 * A line typed on the terminal into buf: echoed if echo, with Backspace;
 * Ctrl-C gives up. Returns its length, or -1 (given up, or shutting down).
 */
static int read_line(char *buf, size_t cap, bool echo)
{
	struct pollfd p = { .fd = tty_fd, .events = POLLIN };
	size_t n = 0;
	char c;

	for (;;) {
		if (atomic_load(&stopping))
			return -1;
		if (poll(&p, 1, 200) <= 0)
			continue;
		if (read(tty_fd, &c, 1) != 1)
			continue;
		if (c == '\r' || c == '\n') {
			say("\n");
			buf[n] = '\0';
			return (int)n;
		}
		if (c == 3) {		/* Ctrl-C */
			say("^C\n");
			return -1;
		}
		if (c == 0x7f || c == 8) {
			if (n && echo)
				say("\b \b");
			n -= n > 0;
			continue;
		}
		if ((unsigned char)c < 0x20 || n + 1 >= cap)
			continue;
		buf[n++] = c;
		if (echo)
			(void)!write(tty_fd, &c, 1);
	}
}

/* First boot on the console: the first user, an admin. Returns its uid. */
static uint32_t first_user(void)
{
	char name[USERDB_NAME_MAX + 2], pw[USERDB_PASSWORD_MAX + 2];
	char again[USERDB_PASSWORD_MAX + 2];
	struct userdb_user u;
	enum userdb_err err = USERDB_BAD_PASSWORD;

	say("\nVyomaOS has no users yet. Make the first one (an "
	    "administrator)\nhere, or on the screen.\nNew user name: ");
	if (read_line(name, sizeof(name), true) < 0)
		return 0;
	say("Password: ");
	if (read_line(pw, sizeof(pw), false) > 0) {
		say("Retype password: ");
		if (read_line(again, sizeof(again), false) >= 0 &&
		    strcmp(pw, again) == 0)
			err = userdb_add_first(name, pw, &u);
		else
			say("The passwords do not match.\n");
	}
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(again, sizeof(again));
	if (err == USERDB_OK) {
		log_info("users: %s (uid %u) set up on the console, an admin",
			 u.name, u.uid);
		return u.uid;
	}
	if (err != USERDB_BAD_PASSWORD) {
		say(userdb_strerror(err));
		say("\n");
	}
	return 0;
}

static uint32_t login_once(void)
{
	char name[USERDB_NAME_MAX + 2], pw[USERDB_PASSWORD_MAX + 2];
	uint32_t uid = 0;

	if (userdb_damaged()) {
		say("\nThe user database is damaged: no one can log in (see "
		    "the log).\n");
		sleep(5);
		return 0;
	}
	if (!userdb_count())
		return first_user();
	say("\nVyomaOS login: ");
	if (read_line(name, sizeof(name), true) <= 0)
		return 0;
	say("Password: ");
	if (read_line(pw, sizeof(pw), false) >= 0)
		uid = usercmd_console_login(name, pw);
	sodium_memzero(pw, sizeof(pw));
	if (!uid) {
		say("Login incorrect\n");
		log_warn("console: a login failed");
	}
	return uid;
}

static void *login_thread(void *arg)
{
	(void)arg;
	while (!atomic_load(&stopping)) {
		uint32_t uid = login_once();

		if (!uid)
			continue;
		pthread_mutex_lock(&login_lock);
		atomic_store(&login_uid, uid);
		if (console_wake)
			console_wake();
		/* Until its shell has ended. */
		while (atomic_load(&login_uid) && !atomic_load(&stopping))
			pthread_cond_wait(&login_cond, &login_lock);
		pthread_mutex_unlock(&login_lock);
	}
	return NULL;
}

int console_open(const char *tty, uint32_t autologin)
{
	pthread_t t;

	struct termios raw;

	tty_fd = open(tty, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (tty_fd < 0 || tcgetattr(tty_fd, &saved) != 0) {
		log_warn("console %s: %s: no shell on it", tty,
			 strerror(errno));
		if (tty_fd >= 0)
			close(tty_fd);
		tty_fd = -1;
		return -1;
	}
	raw = saved;
	raw.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR | IXON | ISTRIP);
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL | ISIG | IEXTEN);
	raw.c_oflag |= OPOST | ONLCR;
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(tty_fd, TCSANOW, &raw);
	autologin_uid = autologin;
	if (!autologin && pthread_create(&t, NULL, login_thread, NULL) == 0)
		pthread_detach(t);
	else if (!autologin)
		log_warn("console: no login thread: no shell on it");
	return 0;
}

void console_close(void)
{
	pthread_mutex_lock(&login_lock);
	atomic_store(&stopping, true);
	pthread_cond_broadcast(&login_cond);
	pthread_mutex_unlock(&login_lock);
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSANOW, &saved);
}

/* Has the shell's instance ended (or was its slot reused)? */
static bool shell_gone(void)
{
	struct app *sh = proc_by_id(shell_id);

	return !sh || atomic_load(&sh->vacant) || atomic_load(&sh->ended);
}

static void end_login(void);

static void start_shell(uint32_t uid)
{
	static char home[8 + USERFILES_MOUNT_MAX], pwd[8 + USERFILES_MOUNT_MAX];
	static char user[8 + USERDB_NAME_MAX + 1], logname[16 + USERDB_NAME_MAX];
	static char cwd[USERFILES_MOUNT_MAX];
	static const char *const argv[] = { CONSOLE_SHELL, "-i" };
	const char *env[] = {
		home, user, logname, "TERM=vt100", "COLUMNS=80", "LINES=24",
		pwd,
	};
	char name[USERDB_NAME_MAX + 1];
	struct spawn_request req = {
		.argv = argv, .argc = 2, .env = env,
		.envc = sizeof(env) / sizeof(env[0]), .cwd = cwd,
		.uid = uid, .seat = SEAT_CONSOLE,
	};
	struct app *sh;
	int err;

	if (!session_user_name(uid, name) || userfiles_mount(name, cwd)) {
		end_login();
		return;
	}
	snprintf(home, sizeof(home), "HOME=%s", cwd);
	snprintf(pwd, sizeof(pwd), "PWD=%s", cwd);
	snprintf(user, sizeof(user), "USER=%s", name);
	snprintf(logname, sizeof(logname), "LOGNAME=%s", name);
	req.origin = proc_installed_exists(CONSOLE_SHELL) ?
		     proc_installed(CONSOLE_SHELL) : NULL;
	if (!req.origin) {
		log_warn("console: no '%s' app installed: no shell on the "
			 "console", CONSOLE_SHELL);
		given_up = true;
		return;
	}
	for (int i = 0; i < STREAM_STDIO; i++)
		req.stdio[i] = (struct stream){ .kind = STREAM_HOST,
						.input = i == 0,
						.host_fd = tty_fd };
	sh = instance_spawn(&req, &err);
	if (!sh) {
		/* Compiling still (AGAIN): soon; broken: as rarely as a
		 * restart backs off. */
		next_start_ms = mono_ms() + (err == GUEST_ERRNO_AGAIN ? 100 :
					     CONSOLE_RESPAWN_MS * 10);
		return;
	}
	shell_id = sh->id;
	log_info("console: %s on the console for %s", sh->label, name);
}

/* The shell has ended: the login thread asks again. */
static void end_login(void)
{
	usercmd_console_logout();
	pthread_mutex_lock(&login_lock);
	atomic_store(&login_uid, 0);
	pthread_cond_broadcast(&login_cond);
	pthread_mutex_unlock(&login_lock);
}

long console_tick(void)
{
	uint32_t uid = autologin_uid ? autologin_uid : atomic_load(&login_uid);
	long now;

	if (tty_fd < 0 || given_up)
		return -1;
	now = mono_ms();
	if (shell_id && !shell_gone())
		return -1;
	if (shell_id) {
		shell_id = 0;
		next_start_ms = now + CONSOLE_RESPAWN_MS;
		(void)!write(tty_fd, "\n", 1);
		if (!autologin_uid) {
			end_login();
			return -1;
		}
	}
	if (!uid)
		return -1;	/* the login thread has the terminal */
	if (now < next_start_ms)
		return next_start_ms - now;
	start_shell(uid);
	return shell_id ? -1 : next_start_ms - now;
}
