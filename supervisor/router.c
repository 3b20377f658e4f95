/*
 * router.c - routes input events to apps; see router.h for the rules.
 * A button pressed inside a window grabs the pointer for that app until
 * every button is released, so a drag that leaves the window still ends
 * where it began.
 */
#include "router.h"
#include "display.h"
#include "log.h"
#include "proc.h"

#include <string.h>

void (*router_on_focus_change)(void);
void (*router_on_power)(void);

static struct app *focused;
static struct app *grab;	/* holds the pointer while a button is down */

struct app *router_focus(void)
{
	return focused;
}

static void tell(struct app *app, const char *line)
{
	if (app)
		proc_deliver(app, line, strlen(line));
}

void router_set_focus(struct app *app)
{
	if (app == focused)
		return;
	tell(focused, "VYOMA_EVENT:focus:out");
	focused = app;
	tell(focused, "VYOMA_EVENT:focus:in");
	if (router_on_focus_change)
		router_on_focus_change();
}

static bool window_contains(const struct window *w, int x, int y)
{
	struct rect f = w->frame;

	return x >= f.x - 1 && x < f.x + f.w + 1 &&
	       y >= f.y - TITLE_BAR_HEIGHT && y < f.y + f.h + 1;
}

struct app *router_app_at(int x, int y)
{
	size_t i = proc_count();

	/* Windows are drawn in load order: the last one is on top. */
	while (i-- > 0) {
		struct app *app = proc_at(i);

		if (app->window && window_contains(app->window, x, y))
			return app;
	}
	return NULL;
}

static void route_pointer(const struct user_input *ev)
{
	struct app *under = router_app_at(ev->x, ev->y);
	struct app *target = grab ? grab : under;
	char line[96];

	if (ev->changed && ev->down) {
		if (under)
			router_set_focus(under);
		if (!grab)
			grab = target = under;
	}
	if (target && target->manifest.caps[CAP_MOUSE]) {
		struct rect f = target->window->frame;
		int x = ev->x - f.x, y = ev->y - f.y;
		bool inside = x >= 0 && y >= 0 && x < f.w && y < f.h;

		if (inside || target == grab)
			proc_deliver(target, line, input_format_pointer(
					     ev, x, y, line, sizeof(line)));
	}
	if (!ev->buttons)
		grab = NULL;
}

void router_deliver(const struct user_input *ev)
{
	char line[96];

	switch (ev->kind) {
	case INPUT_KEY:
		if (focused)
			proc_deliver(focused, line, input_format_key(
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
