/*
 * session.h - who is logged in where, and for whom each app runs
 * (docs/users.md). There are two seats: the screen (the desktop session,
 * one user at a time, which can be locked) and the serial console
 * (console.c). Every app instance runs for one user, or for the system:
 *
 *   the greeter (`login` capability) and services that serve everyone
 *       run for the system (uid 0), without any user's files;
 *   every other installed app runs for the desktop session's user, and
 *       starts only while there is one;
 *   an instance runs for its parent's user (or the user `su` switched
 *       its parent to), a parentless one (`new`, `open`) for its
 *       caller's.
 *
 * Apps of two users never reach each other: messages between them are
 * refused (except to and from a service that serves everyone), and a
 * user may stop or kill only their own apps (an admin, any).
 *
 * The desktop session's changes (login, lock, logout) are asked for from
 * any thread and carried out on the main thread by session_tick().
 */
#ifndef VYOMA_SESSION_H
#define VYOMA_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "userdb.h"

struct app;

#define SESSION_GREETER "login"		/* the greeter's app name */
#define SESSION_NOBODY UINT32_MAX	/* a uid no app ever runs for */

enum seat { SEAT_SCREEN, SEAT_CONSOLE };

/*
 * Main thread, once the apps are loaded. user: log that user in on the
 * screen now (hosted --user, created on first use with a locked
 * password); NULL: the greeter decides (the image, hosted --greeter).
 */
void session_init(const char *user);

/* Main thread, every turn: carries out requested changes and starts or
 * stops the greeter. */
void session_tick(void);

/* The desktop session's user, or SESSION_NOBODY; any thread. */
uint32_t session_screen_uid(void);
bool session_locked(void);

/* Does the app run for the system (the greeter, a service for all)? */
bool session_system_app(const struct app *app);

/* The uid app runs (or will run) for; any thread. */
uint32_t session_app_uid(const struct app *app);

/* The user's name ("system" for uid 0); false if there is none. */
bool session_user_name(uint32_t uid, char name[USERDB_NAME_MAX + 1]);

/* Is uid an admin (the system counts as one)? */
bool session_is_admin(uint32_t uid);

/*
 * Main thread, as app's run starts: sets the uid it runs for and its
 * /data (the user's own for that app). false (logged) if it must not
 * run: a user's app with no one logged in, or its /data cannot be made.
 */
bool session_assign(struct app *app);

/* An instance's: its user and seat from parent (or, parentless, the
 * caller's), and its /data for that user. false if it cannot run. */
bool session_assign_instance(struct app *inst, const struct app *parent,
			     const struct app *caller);

/* May `from` send to `to`? Logs and counts a refusal against from. */
bool session_may_message(struct app *from, const struct app *to);

/* May caller stop, kill, restart or start target? */
bool session_may_manage(const struct app *caller, const struct app *target);

/* Does caller run for the desktop session's user (the screen's
 * clipboard, notifications, screenshots and windows are theirs)? */
bool session_on_screen(const struct app *caller);

/* Requests, from any thread. */
void session_request_login(uint32_t uid);	/* start, unlock or switch */
void session_request_lock(void);
void session_request_logout(void);

/* Called when a request is posted, to wake the main loop (main.c). */
extern void (*session_wake)(void);
/* Main thread: uid's screen session has ended; its windows go (main.c). */
extern void (*session_on_end)(uint32_t uid);

#endif
