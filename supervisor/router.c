/*
 * router.c - routes input events to apps; see router.h for the rules.
 * A button pressed inside a window grabs the pointer for that app until
 * every button is released, so a drag that leaves the window still ends
 * where it began. While the screen is locked, keys and the pointer go to
 * the lock window's app and to no other.
 */
#include "router.h"
#include "log.h"
#include "proc.h"

#include <string.h>

void (*router_on_power)(void);

static struct wm *wm;
static struct app *grab;	/* holds the pointer while a button is down */

static void tell(struct app *app, const char *line)
{
	if (app)
		proc_deliver(app, line, strlen(line));
}

static void on_focus(struct window *from, struct window *to)
{
	tell(from ? from->owner : NULL, "VYOMA_EVENT:focus:out");
	tell(to ? to->owner : NULL, "VYOMA_EVENT:focus:in");
}

/* The close button or Alt+F4: the app is asked to stop, as `stop` does. */
static void on_close(struct window *win)
{
	struct app *app = win->owner;

	log_info("%s: closed from its window", app->label);
	if (grab == app)
		grab = NULL;
	proc_stop(app);
}

/* Maximise or restore: new buffers, and the app is told its size. */
static void on_resize(struct window *win)
{
	char line[64];

	window_request_size(win, win->frame.w, win->frame.h);
	proc_deliver(win->owner, line, input_format_resize(
			     win->frame.w, win->frame.h, line, sizeof(line)));
}

void router_init(struct wm *w)
{
	wm = w;
	wm->on_focus = on_focus;
	wm->on_close = on_close;
	wm->on_resize = on_resize;
}

struct app *router_focus(void)
{
	if (!wm)
		return NULL;
	/* Locked: the keys are the greeter's, whatever else holds focus. */
	if (wm_locked(wm))
		return wm->lock->owner;
	return wm->focused ? wm->focused->owner : NULL;
}

void router_set_focus(struct app *app)
{
	wm_focus(wm, app ? app->window : NULL);
}

static void route_pointer(const struct user_input *ev)
{
	struct wm_hit hit;
	struct app *target;
	char line[96];

	log_debug("pointer %d,%d button %u %s held %u", ev->x, ev->y,
		  ev->changed, ev->down ? "down" : "up", ev->buttons);
	if (wm_pointer(wm, ev)) {
		if (!ev->buttons)
			grab = NULL;
		return;
	}
	/* Locked: a button held since before the lock holds nothing now;
	 * the pointer is the greeter's alone (wm_hit says so). */
	if (wm_locked(wm) && grab != wm->lock->owner)
		grab = NULL;
	hit = wm_hit(wm, ev->x, ev->y);
	target = grab ? grab : hit.part == PART_CONTENT ? hit.win->owner :
		 NULL;
	if (ev->changed && ev->down && !grab)
		grab = target;
	if (target && target->window && target->manifest.caps[CAP_MOUSE]) {
		struct rect f = target->window->frame;

		proc_deliver(target, line, input_format_pointer(
				     ev, ev->x - f.x, ev->y - f.y, line,
				     sizeof(line)));
	}
	if (!ev->buttons)
		grab = NULL;
}

void router_deliver(const struct user_input *ev)
{
	char line[96];

	/* Locked, the greeter not up (yet, or any more): no one's. */
	if (wm_blank(wm) && (ev->kind == INPUT_KEY ||
			     ev->kind == INPUT_POINTER)) {
		grab = NULL;
		return;
	}
	switch (ev->kind) {
	case INPUT_KEY:
		if (wm_key(wm, ev))
			break;
		if (router_focus())
			proc_deliver(router_focus(), line, input_format_key(
					     ev, line, sizeof(line)));
		break;
	case INPUT_POINTER:
		route_pointer(ev);
		break;
	case INPUT_FOCUS: {
		struct app *app = proc_find(ev->target, strlen(ev->target));

		if (app && app->window)
			router_set_focus(app);
		else
			log_warn("input: cannot focus '%s': no such window",
				 ev->target);
		break;
	}
	case INPUT_POWER:
		log_info("power button pressed");
		if (router_on_power)
			router_on_power();
		break;
	}
}
