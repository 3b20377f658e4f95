/*
 * shell.h - the supervisor's built-in commands, asked for with
 * "@supervisor: <command> [args]" by apps that hold the shell capability.
 */
#ifndef VYOMA_SHELL_H
#define VYOMA_SHELL_H

#include <stddef.h>

struct app;

/*
 * Runs one command line for caller and sends the one-line reply
 * ("@supervisor: <result>", errors as "@supervisor: error <reason>").
 * Checks the caller's shell grant first.
 */
void shell_run(struct app *caller, const char *line, size_t len);

#endif
