/*
 * usercmd.h - the supervisor commands about users (docs/users.md):
 * whoami, id, peer, users, passwd, useradd, userdel, su, lock and logout
 * (the shell capability's), and the greeter's greeter, login and setup (the
 * login capability's). Passwords arrive hex-encoded, are decoded into a
 * buffer wiped after use, checked against the user database here and
 * never leave the supervisor; every check goes through the growing
 * delay of authlimit.h.
 */
#ifndef VYOMA_USERCMD_H
#define VYOMA_USERCMD_H

#include <stddef.h>

struct app;

/*
 * Runs the command (cmd, one of the above) with args for caller, on the
 * caller's thread, after the shell has checked its grant. Writes the
 * reply into out and returns its length; list rows go out before it.
 */
size_t usercmd_run(struct app *caller, const char *cmd, const char *args,
		   size_t len, char *out, size_t cap);

/* The console's login (console.c): checks name's password (hex-free,
 * as typed) with the console's delay. Returns the uid, or 0. */
unsigned usercmd_console_login(const char *name, const char *password);
/* The console's user logged out (their shell ended). */
void usercmd_console_logout(void);

#endif
