/*
 * console.h - the serial console's getty: `sh -i` on the terminal the
 * supervisor was given (/dev/console as PID 1, --console TTY hosted),
 * put in raw mode for it and started again whenever it exits, so a
 * person on a serial line always has a prompt.
 */
#ifndef VYOMA_CONSOLE_H
#define VYOMA_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#define CONSOLE_SHELL "sh"
#define CONSOLE_RESPAWN_MS 1000	/* after the shell exits */

/*
 * Opens tty for the shell and sets it raw (no echo, no line editing, no
 * signals: the shell does all three; output keeps its CR LF). autologin:
 * the uid every shell runs for (hosted --user), or 0 for a login prompt
 * first. Returns 0, or -1 after a warning (no terminal there).
 */
int console_open(const char *tty, uint32_t autologin);

/* Set by main.c: a login on the console wants a shell started. */
extern void (*console_wake)(void);

/* Starts the shell if none runs and its time has come; the main loop
 * calls it every turn. Returns ms until it wants to run again, or -1. */
long console_tick(void);

/* The terminal's settings as they were, at shutdown. */
void console_close(void);

#endif
