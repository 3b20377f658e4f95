/*
 * fake_proc.h - a Process Manager for unit tests of the modules above it
 * (the IPC broker, the shell): a registry of real struct apps made from
 * manifest text, with real queues, and no threads, Wasmtime or main loop.
 * Requests are recorded instead of carried out.
 */
#ifndef VYOMA_FAKE_PROC_H
#define VYOMA_FAKE_PROC_H

#include "proc.h"

/* Registers an app from "[capabilities]..." text after a made-up [app]. */
struct app *fake_app(const char *name, const char *caps, int state);

/* Everything waiting on an app's stdin, as one string (consumed). */
const char *fake_stdin(struct app *app);

/* The last request proc_request() was given, and for which app. */
extern struct app *fake_request_app;
extern int fake_request_event;

void fake_reset(void);

/*
 * A user database and file tree in a fresh directory under /tmp, with
 * "tester" (uid 1000, an admin) logged in on the screen: the apps
 * fake_app makes from then on run for tester, as installed apps do.
 */
void fake_session(void);

#endif
