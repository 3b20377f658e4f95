/*
 * shell.h - the supervisor's built-in commands, asked for with
 * "@supervisor: <command> [args]" by apps that hold the shell capability.
 */
#ifndef VYOMA_SHELL_H
#define VYOMA_SHELL_H

#include <stddef.h>
#include <stdint.h>

struct app;

/*
 * Runs one command line for caller and sends the one-line reply
 * ("@supervisor: <result>", errors as "@supervisor: error <reason>").
 * Checks the caller's shell grant first.
 */
void shell_run(struct app *caller, const char *line, size_t len);

/*
 * Set by the main loop, which owns the framebuffer: queues a screenshot
 * for caller (written to its /data, then replied to). Returns -1 if one
 * is already pending.
 */
extern int (*shell_screenshot_hook)(struct app *caller);

/*
 * The names a manifest may grant (manifest_shell_commands) and the
 * commands implemented here must be the same set. Returns 0 if they are.
 */
int shell_self_check(void);

/*
 * The colour of the app's title bar, RRGGBBAA (`apps` shows it): one per
 * installed app, taken in turn from a small palette by its place among
 * the installed apps with a window; an instance has its app's.
 */
uint32_t shell_accent(const struct app *app);

/* When the supervisor started (monotonic ns), for uptime and ps. */
extern uint64_t shell_boot_ns;

#endif
