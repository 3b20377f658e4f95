/*
 * desktop.h - the desktop role (docs/desktop.md): which app is the
 * desktop shell, the strips it reserves and the parts of its window it
 * raises above the others, the window list it sees and the verbs it may
 * apply to windows, notifications on their way to it, and power requests.
 *
 * Commands arrive on the caller's thread; the window manager is the main
 * thread's, so desktop_command() checks what it can at once, then queues
 * the request and waits while desktop_run_queued(), in the main loop,
 * carries it out and writes its answer.
 */
#ifndef VYOMA_DESKTOP_H
#define VYOMA_DESKTOP_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct wm;
struct window;

/*
 * Runs "windows", "window", "desktop", "notify", "poweroff" or "reboot"
 * (cmd, cmd_len) with args for caller, on the caller's thread, after the
 * shell has checked the caller's grant. Writes the reply (an error, or
 * the answer; listing rows are sent before it) into reply and returns
 * its length.
 */
size_t desktop_command(struct app *caller, const char *cmd, size_t cmd_len,
		       const char *args, size_t len, char *reply, size_t cap);

/* Main thread: the window manager the queued requests act on. */
void desktop_init(struct wm *wm, void (*wake_loop)(void));
/* Main thread: carries out the queued requests; true if any was. */
bool desktop_run_queued(void);
/* The main loop has ended: callers waiting and to come get an error. */
void desktop_close(void);

/* Main thread: the desktop's app, or NULL when none runs. */
struct app *desktop_app(void);

/* A toast from the system itself (not an app): false if no desktop. */
bool desktop_notify(const char *from, const char *text);
/* Main thread: a window is the desktop's (drawn under all, no frame). */
bool desktop_owns(const struct window *win);

/* Main thread: tell the desktop the window list changed (coalesced). */
void desktop_windows_changed(void);
/* Main thread: the launcher shortcut was pressed. */
void desktop_launcher(void);

/* Set by main.c: shut down cleanly, then power off or reboot. */
extern void (*desktop_power_hook)(bool reboot);

#endif
