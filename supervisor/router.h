/*
 * router.h - the Input Router's policy: where each input event goes.
 * The window manager sees every event first (global shortcuts, clicks on
 * decorations and the panel, drags). Then keys go to the focused app, a
 * click focuses the window under it, and pointer events go to the app
 * under the pointer (or the one holding a button down), in its window's
 * coordinates, and only if its manifest declares `mouse`. The power
 * button asks for a shutdown. Sources (input scripts, evdev) only
 * produce events; this file decides.
 */
#ifndef VYOMA_ROUTER_H
#define VYOMA_ROUTER_H

#include "input.h"
#include "wm.h"

struct app;

/* Called when the power button is pressed. */
extern void (*router_on_power)(void);

/* Routes through wm; takes over its focus and close callbacks. */
void router_init(struct wm *wm);

struct app *router_focus(void);
/* Focuses (and raises) app's window, or nothing. */
void router_set_focus(struct app *app);
void router_deliver(const struct user_input *ev);

#endif
