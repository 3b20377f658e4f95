/*
 * command.h - running one command app from the host (--run): the words
 * of the command line are its argv, the host's stdin, stdout and stderr
 * are its streams byte for byte, and its exit status is the
 * supervisor's. No other app starts.
 */
#ifndef VYOMA_COMMAND_H
#define VYOMA_COMMAND_H

#include <stddef.h>

/* Exit statuses of the run itself, as a POSIX shell gives them. */
#define COMMAND_NOT_FOUND 127
#define COMMAND_CANNOT_RUN 126
#define COMMAND_WORDS_MAX 1024
#define COMMAND_ENV_MAX 256	/* --env variables */

struct command_request {
	const char *const *apps_dirs;	/* searched in order for <name>/ */
	size_t apps_dir_count;
	const char *data_dir;		/* its /data, if it has one */
	const char *line;		/* "APP ARGS...", split at blanks */
	char *const *argv;		/* or, when not NULL, the words */
	int argc;
	const char *const *env;		/* "NAME=value" */
	size_t envc;
	int wake_fd;			/* readable when proc needs the loop */
	int signal_fd;			/* SIGINT and SIGTERM */
};

/*
 * Splits line at spaces and tabs (no quoting: that is the shell's) into
 * at most max words, each pointing into buf (len bytes, a copy of line).
 * Returns the number of words, or -1 if there are more than max or buf
 * is too small.
 */
int command_split(const char *line, char *buf, size_t len, char **words,
		  size_t max);

/*
 * Loads and runs the command; returns its exit status, 127 if no such
 * app, 126 if it cannot be run (not a command, broken module), or
 * 128 + the signal that stopped it.
 */
int command_run(const struct command_request *req);

#endif
