/*
 * vyoma_command.h - include once in a command app (`kind = "command"`):
 * before main runs, the app enters the working directory it was given
 * ($PWD, set by the app that spawned it; see docs/processes.md). WASI
 * itself has no working directory: wasi-libc starts every program at
 * "/" and resolves relative paths from wherever chdir() last went.
 */
#ifndef VYOMA_COMMAND_H
#define VYOMA_COMMAND_H

#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void vy__enter_working_directory(void)
{
	const char *dir = getenv("PWD");

	if (dir && dir[0] == '/')
		(void)!chdir(dir);
}

#endif
