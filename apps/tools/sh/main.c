/*
 * sh - VyomaOS's POSIX shell, a command app. There is no fork and no
 * exec: external commands are installed command apps started with
 * vy_spawn, while builtins, functions, subshells and $(...) run inside
 * this one process on saved and restored state. This file owns start-up
 * (options, environment, where commands come from) and the interactive
 * loop; the rest lives in the headers below, one job each.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>
#include <wasi/libc-find-relpath.h>

#include "vyoma_process.h"
#include "vyoma_command.h"

/*
 * No inlining: for this code, calls are smaller than copies of the
 * functions, and the size budget is what matters here.
 */
#pragma clang attribute push(__attribute__((noinline)), apply_to = function)
#include "libc.h"
#include "util.h"
#include "parse.h"
#include "vars.h"
#include "io.h"
#include "match.h"
#include "arith.h"
#include "expand.h"
#include "exec.h"
#include "test.h"
#include "printf.h"
#include "jobs.h"
#include "builtins.h"
#include "edit.h"
#pragma clang attribute pop

extern char **environ;

/* Script text from stdin, read as the parser asks for it. */
static struct str src_in;

static int more_stdin(struct lexer *lx)
{
	char buf[4096];
	ssize_t r;

	for (;;) {
		r = read(0, buf, sizeof(buf));
		if (r < 0 && errno == EAGAIN) {
			struct pollfd pf = { 0, POLLIN, 0 };

			poll(&pf, 1, -1);
			continue;
		}
		break;
	}
	if (r <= 0)
		return 0;
	if (!lex_hold)	/* the lexer is done with all of it: stream */
		src_in.n = lx->pos = 0;
	s_addn(&src_in, buf, (size_t)r);
	lx->s = src_in.s;
	lx->n = src_in.n;
	return 1;
}

static int tty_intr;

static int more_tty(struct lexer *lx)
{
	int rc = edit_line(lx->n ? "> " : prompt_text(), &src_in, 1);

	if (rc) {
		if (rc > 0)
			tty_intr = perr = 1;	/* Ctrl-C drops the command */
		return 0;
	}
	s_addc(&src_in, '\n');
	lx->s = src_in.s;
	lx->n = src_in.n;
	return 1;
}

static void interactive_loop(void)
{
	struct lexer lx = { "", 0, 0, more_tty };

	hist_load();
	L = &lx;
	for (;;) {
		size_t m = a_mark();
		struct node *n;

		job_report(0);
		src_in.n = 0;
		lx.s = "";
		lx.n = lx.pos = 0;
		have_tok = perr = npending = 0;
		tty_intr = 0;
		n = parse_list(1);
		if (perr) {
			last_status = tty_intr ? 130 : 2;
			if (in_eof)
				break;
			a_release(m);
			continue;
		}
		if (!n && peek() == T_EOF)
			break;
		run(n);
		a_release(m);
		if (flow == F_EXIT)
			break;
		flow = 0;
	}
}

static void stdin_loop(void)
{
	struct lexer lx = { "", 0, 0, more_stdin };

	run_lexer(&lx);
}

static void import_env(void)
{
	for (char **e = environ; e && *e; e++) {
		char *eq = strchr(*e, '=');
		char *name;

		if (!eq)
			continue;
		name = a_strndup(*e, (size_t)(eq - *e));
		if (!strcmp(name, "VYOMA_ID"))
			self_id = eq + 1;
		if (is_name(name) && strcmp(name, "IFS"))
			var_set(name, eq + 1, 1);
	}
	if (!var_get("PS4"))
		var_set("PS4", "+ ", 0);
	var_set("OPTIND", "1", 0);	/* as dash: never from the caller */
	if (!var_get("PWD") || *var_get("PWD") != '/') {
		char *c = cur_dir();

		var_set("PWD", c, 1);
		free(c);
	}
}

/* On stdout with status 0 when asked for (--help, as bash), else on
 * stderr with 2. */
static int usage(int fd)
{
	outs(fd, "usage: sh [-eiux] [-c cmd [arg...] | file [arg...]]\n");
	return fd == 1 ? 0 : 2;
}

static int finish(void)
{
	int st = flow == F_EXIT ? exit_code : last_status;

	if (exit_trap) {
		char *t = exit_trap;

		exit_trap = NULL;
		flow = 0;
		last_status = st;
		run_text(t, strlen(t));
		if (flow == F_EXIT)
			st = exit_code;
	}
	return st;
}

int main(int argc, char **argv)
{
	int i = 1, force_i = 0;
	char *cmd = NULL;

	for (int k = 0; k < 3; k++)
		lfds[k] = (struct lfd){ K_FD, k, 1, NULL };
	import_env();
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *o = argv[i] + 1;

		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "--help"))
			return usage(1);
		for (; *o; o++) {
			if (*o == 'c' && i + 1 < argc) {
				cmd = argv[++i];
				goto opts_done;
			}
			if (*o == 'i')
				force_i = 1;
			else if (set_flag(*o, 1))
				return usage(2);
		}
	}
opts_done:
	if (cmd) {
		i++;
		if (i < argc)
			arg0 = argv[i++];
		pos_set(argv + i, argc - i);
		run_text(cmd, strlen(cmd));
		return finish();
	}
	if (i < argc) {
		struct str b = { 0 };

		arg0 = argv[i];
		if (read_file(argv[i], &b)) {
			errmsg("cannot open", argv[i], NULL);
			return 127;
		}
		pos_set(argv + i + 1, argc - i - 1);
		run_text(b.s, b.n);
		return finish();
	}
	i = isatty(0);
	interactive = force_i || i;
	if (interactive)
		opt[O_N] = 0;	/* as dash: -n is for scripts */
	if (interactive && isatty(1) && isatty(2))
		relay = 2 - i;
	if (interactive)
		interactive_loop();
	else
		stdin_loop();
	return finish();
}
