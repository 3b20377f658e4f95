/*
 * router.h - the Input Router's policy: where each input event goes.
 * Keys go to the focused app; a click focuses the window under it;
 * pointer events go to the app under the pointer (or the one holding a
 * button down), in its window's coordinates, and only if its manifest
 * declares `mouse`; the power button asks for a shutdown. Sources
 * (input scripts, evdev) only produce events; this file decides.
 */
#ifndef VYOMA_ROUTER_H
#define VYOMA_ROUTER_H

#include "input.h"

struct app;

/* Called when the focus moved, so the screen can show it. */
extern void (*router_on_focus_change)(void);
/* Called when the power button is pressed. */
extern void (*router_on_power)(void);

struct app *router_focus(void);
/* Focuses app (or nothing) and tells both apps with focus events. */
void router_set_focus(struct app *app);
void router_deliver(const struct user_input *ev);

/* The app whose window (decorations included) is topmost at x, y. */
struct app *router_app_at(int x, int y);

#endif
