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
 */
#include "console.h"
#include "guest.h"
#include "instance.h"
#include "log.h"
#include "proc.h"
#include "queue.h"

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

static long mono_ms(void)
{
	return (long)(monotonic_ns() / 1000000u);
}

int console_open(const char *tty)
{
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
	return 0;
}

void console_close(void)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSANOW, &saved);
}

/* Has the shell's instance ended (or was its slot reused)? */
static bool shell_gone(void)
{
	struct app *sh = proc_by_id(shell_id);

	return !sh || atomic_load(&sh->vacant) || atomic_load(&sh->ended);
}

static void start_shell(void)
{
	static const char *const argv[] = { CONSOLE_SHELL, "-i" };
	static const char *const env[] = {
		"HOME=/home/user", "USER=user", "LOGNAME=user", "TERM=vt100",
		"COLUMNS=80", "LINES=24", "PWD=/home/user",
	};
	struct spawn_request req = {
		.argv = argv, .argc = 2, .env = env,
		.envc = sizeof(env) / sizeof(env[0]), .cwd = "/home/user",
	};
	struct app *sh;
	int err;

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
	log_info("console: %s on the console", sh->label);
}

long console_tick(void)
{
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
	}
	if (now < next_start_ms)
		return next_start_ms - now;
	start_shell();
	return shell_id ? -1 : next_start_ms - now;
}
