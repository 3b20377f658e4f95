/*
 * wm.c - window manager policy: stacking, focus, placement, decorations'
 * geometry, clicks, drags and the global shortcuts (the table below is
 * the single list of them; the overlay draws it). The stack is bottom to
 * top; the focused window is always the top visible one. The desktop is
 * always at the bottom, the lock window (the greeter) always at the top:
 * while it is up it takes every key and click, and nothing else can be
 * focused.
 */
#include "wm.h"

#include <linux/input-event-codes.h>
#include <string.h>

#define GAP 12
#define TASK_WIDTH 120

static void focus_cycle(struct wm *wm, int direction);
static void close_focused(struct wm *wm, int unused);
static void maximise_focused(struct wm *wm, int unused)
{
	(void)unused;
	wm_toggle_maximise(wm, wm->focused);
}

static void minimise_focused(struct wm *wm, int unused);
static void move_focused(struct wm *wm, int direction);
static void maximise_focused(struct wm *wm, int unused);
static void toggle_overlay(struct wm *wm, int unused);
static void resize_focused(struct wm *wm, int direction);
static void open_launcher(struct wm *wm, int unused);
static void lock_screen(struct wm *wm, int unused);

enum { LEFT, RIGHT, UP, DOWN };

const struct wm_shortcut wm_shortcuts[] = {
	{ MOD_SUPER, KEY_SPACE, "Super+Space or Alt+F1", "open the launcher",
	  open_launcher, 0 },
	{ MOD_ALT, KEY_F1, NULL, NULL, open_launcher, 0 },
	{ MOD_SUPER, KEY_L, "Super+L", "lock the screen", lock_screen, 0 },
	{ MOD_ALT, KEY_TAB, "Alt+Tab", "focus the next window", focus_cycle, 1 },
	{ MOD_ALT | MOD_SHIFT, KEY_TAB, "Alt+Shift+Tab",
	  "focus the previous window", focus_cycle, -1 },
	{ MOD_ALT, KEY_F4, "Alt+F4", "close the focused app", close_focused, 0 },
	{ MOD_SUPER, KEY_UP, "Super+Up", "maximise or restore the window",
	  maximise_focused, 0 },
	{ MOD_SUPER, KEY_DOWN, "Super+Down", "minimise the focused window",
	  minimise_focused, 0 },
	{ MOD_SUPER | MOD_SHIFT, KEY_LEFT, "Super+Shift+arrows",
	  "move the focused window", move_focused, LEFT },
	{ MOD_SUPER | MOD_SHIFT, KEY_RIGHT, NULL, NULL, move_focused, RIGHT },
	{ MOD_SUPER | MOD_SHIFT, KEY_UP, NULL, NULL, move_focused, UP },
	{ MOD_SUPER | MOD_SHIFT, KEY_DOWN, NULL, NULL, move_focused, DOWN },
	{ MOD_SUPER | MOD_CTRL, KEY_RIGHT, "Super+Ctrl+arrows",
	  "resize the focused window (Right, Down: larger)", resize_focused,
	  RIGHT },
	{ MOD_SUPER | MOD_CTRL, KEY_LEFT, NULL, NULL, resize_focused, LEFT },
	{ MOD_SUPER | MOD_CTRL, KEY_DOWN, NULL, NULL, resize_focused, DOWN },
	{ MOD_SUPER | MOD_CTRL, KEY_UP, NULL, NULL, resize_focused, UP },
	{ 0, KEY_F1, "F1 (or hold Super)", "show or hide this list",
	  toggle_overlay, 0 },
};
const size_t wm_shortcut_count = sizeof(wm_shortcuts) / sizeof(wm_shortcuts[0]);

/* Key codes whose press was a shortcut: their release is eaten too. */
static bool eaten[KEY_MAX + 1];
static bool super_alone;	/* Super is down and nothing else was pressed */

/* Without a desktop shell: the screen below the supervisor's panel. */
static struct rect panel_work_area(const struct wm *wm)
{
	return (struct rect){ 0, PANEL_HEIGHT, wm->width,
			      wm->height - PANEL_HEIGHT };
}

void wm_init(struct wm *wm, int width, int height)
{
	memset(wm, 0, sizeof(*wm));
	wm->width = width;
	wm->height = height;
	wm->damage = (struct rect){ 0, 0, width, height };
	wm->work = panel_work_area(wm);
}

static void changed(struct wm *wm)
{
	if (wm->on_change)
		wm->on_change();
}

struct rect wm_place(const struct wm *wm, size_t n, size_t count)
{
	size_t cols = 1, rows;
	int cell_w, cell_h, top = wm->work.y + GAP;
	struct rect r;

	while (cols * cols < count)
		cols++;
	rows = (count + cols - 1) / cols;
	if (rows == 0)
		rows = 1;
	cell_w = (wm->width - GAP) / (int)cols;
	cell_h = (wm->work.y + wm->work.h - top) / (int)rows;
	r.x = GAP + (int)(n % cols) * cell_w + 1;
	r.y = top + (int)(n / cols) * cell_h + TITLE_BAR_HEIGHT;
	r.w = cell_w - GAP - 2;
	r.h = cell_h - GAP - TITLE_BAR_HEIGHT - 1;
	if (r.w < 16)
		r.w = 16;
	if (r.h < 16)
		r.h = 16;
	return r;
}

struct rect wm_place_new(const struct wm *wm, int w, int h, size_t n)
{
	struct rect work = wm->work, r;
	int step = TITLE_BAR_HEIGHT + 8, room_w, room_h;

	room_w = work.w - 2 * GAP - 2 - 2 * WM_FOCUS_WIDTH;
	room_h = work.h - 2 * GAP - TITLE_BAR_HEIGHT - 1 - 2 * WM_FOCUS_WIDTH;
	/* No size asked: two thirds of the room, so the cascade shows. */
	w = w > 0 ? w : room_w * 2 / 3;
	h = h > 0 ? h : room_h * 2 / 3;
	r.w = w < room_w ? w : room_w;
	r.h = h < room_h ? h : room_h;
	r.w = r.w < 16 ? 16 : r.w;
	r.h = r.h < 16 ? 16 : r.h;
	r.x = work.x + GAP + 1 + WM_FOCUS_WIDTH + (int)(n % 8) * step * 2;
	r.y = work.y + GAP + TITLE_BAR_HEIGHT + WM_FOCUS_WIDTH +
	      (int)(n % 8) * step;
	/* Cascade, but never past the work area's far edges. */
	if (r.x + r.w > work.x + work.w - GAP)
		r.x = work.x + work.w - GAP - r.w;
	if (r.y + r.h > work.y + work.h - GAP)
		r.y = work.y + work.h - GAP - r.h;
	if (r.x < work.x + 1 + WM_FOCUS_WIDTH)
		r.x = work.x + 1 + WM_FOCUS_WIDTH;
	if (r.y < work.y + TITLE_BAR_HEIGHT + WM_FOCUS_WIDTH)
		r.y = work.y + TITLE_BAR_HEIGHT + WM_FOCUS_WIDTH;
	return r;
}

static bool is_desktop(const struct wm *wm, const struct window *win)
{
	return win && win == wm->desktop;
}

static bool is_lock(const struct wm *wm, const struct window *win)
{
	return win && win == wm->lock;
}

/* The desktop and the lock are the screen: never moved, sized or hidden. */
static bool is_fixed(const struct wm *wm, const struct window *win)
{
	return is_desktop(wm, win) || is_lock(wm, win);
}

struct rect wm_outer(const struct window *win)
{
	struct rect f = win->frame;

	if (win->undecorated)
		return f;

	return (struct rect){ f.x - 1 - WM_FOCUS_WIDTH,
			      f.y - TITLE_BAR_HEIGHT - WM_FOCUS_WIDTH,
			      f.w + 2 + 2 * WM_FOCUS_WIDTH,
			      f.h + TITLE_BAR_HEIGHT + 1 + 2 * WM_FOCUS_WIDTH };
}

struct rect wm_title_bar(const struct window *win)
{
	struct rect f = win->frame;

	return (struct rect){ f.x, f.y - TITLE_BAR_HEIGHT + 1, f.w,
			      TITLE_BAR_HEIGHT - 1 };
}

struct rect wm_close_button(const struct window *win)
{
	struct rect bar = wm_title_bar(win);

	return (struct rect){ bar.x + bar.w - WM_BUTTON_SIZE - 2,
			      bar.y + (bar.h - WM_BUTTON_SIZE) / 2,
			      WM_BUTTON_SIZE, WM_BUTTON_SIZE };
}

struct rect wm_minimise_button(const struct window *win)
{
	struct rect close = wm_close_button(win);

	close.x -= WM_BUTTON_SIZE + 4;
	return close;
}

struct rect wm_task_button(const struct wm *wm, size_t i)
{
	(void)wm;
	return (struct rect){ 96 + (int)i * (TASK_WIDTH + 6), 2, TASK_WIDTH,
			      PANEL_HEIGHT - 4 };
}

bool wm_visible(const struct window *win)
{
	return !win->minimised && !win->closed;
}

bool wm_in_panel(const struct window *win)
{
	return win->minimised && !win->closed;
}

bool wm_locked(const struct wm *wm)
{
	return wm->lock && wm_visible(wm->lock);
}

bool wm_blank(const struct wm *wm)
{
	return wm->lock_pending && !wm_locked(wm);
}

void wm_set_lock_pending(struct wm *wm, bool pending)
{
	if (wm->lock_pending == pending)
		return;
	wm->lock_pending = pending;
	wm_damage(wm, (struct rect){ 0, 0, wm->width, wm->height });
}

void wm_damage(struct wm *wm, struct rect r)
{
	r = rect_intersect(r, (struct rect){ 0, 0, wm->width, wm->height });
	wm->damage = rect_union(wm->damage, r);
}

static void damage_window(struct wm *wm, const struct window *win)
{
	wm_damage(wm, wm_outer(win));
}

static void damage_panel(struct wm *wm)
{
	wm_damage(wm, (struct rect){ 0, 0, wm->width, PANEL_HEIGHT });
}

void wm_collect_damage(struct wm *wm)
{
	size_t i;

	for (i = 0; i < wm->count; i++)
		if (atomic_exchange(&wm->stack[i]->dirty, false) &&
		    wm_visible(wm->stack[i]))
			wm_damage(wm, wm->stack[i]->frame);
}

void wm_add(struct wm *wm, struct window *win)
{
	if (wm->count == WM_MAX_WINDOWS)
		return;
	wm->stack[wm->count++] = win;
	if (wm->lock) {	/* the lock stays on top: the new one goes under */
		wm->stack[wm->count - 2] = win;
		wm->stack[wm->count - 1] = wm->lock;
	}
	damage_window(wm, win);
	changed(wm);
}

static void set_focus(struct wm *wm, struct window *win);

/*
 * The lock window comes up (or back): whatever a person was doing with
 * the windows under it ends, so from here the pointer and the keys are
 * the lock's alone, and it is all the screen shows.
 */
static void lock_up(struct wm *wm)
{
	wm->dragging = NULL;
	wm->resizing = NULL;
	wm->overlay = false;
	super_alone = false;
	wm_damage(wm, (struct rect){ 0, 0, wm->width, wm->height });
	set_focus(wm, wm->lock);
}

void wm_add_lock(struct wm *wm, struct window *win)
{
	if (wm->lock) {		/* one greeter holds the screen */
		wm_add(wm, win);
		return;
	}
	if (wm->count == WM_MAX_WINDOWS)
		return;
	wm->stack[wm->count++] = win;
	wm->lock = win;
	win->undecorated = true;
	win->frame = (struct rect){ 0, 0, wm->width, wm->height };
	if (wm_locked(wm))
		lock_up(wm);
	changed(wm);
}

void wm_add_desktop(struct wm *wm, struct window *win)
{
	if (wm->count == WM_MAX_WINDOWS || wm->desktop)
		return;
	memmove(wm->stack + 1, wm->stack, wm->count * sizeof(wm->stack[0]));
	wm->stack[0] = win;
	wm->count++;
	wm->desktop = win;
	win->undecorated = true;
	win->frame = (struct rect){ 0, 0, wm->width, wm->height };
	wm->work = (struct rect){ 0, 0, wm->width,
				  wm->height - WM_TASKBAR_DEFAULT };
	wm_damage(wm, win->frame);
}

static struct rect maximised_frame(const struct wm *wm)
{
	struct rect desk = { wm->work.x + 1 + WM_FOCUS_WIDTH,
			     wm->work.y + TITLE_BAR_HEIGHT + WM_FOCUS_WIDTH,
			     wm->work.w - 2 - 2 * WM_FOCUS_WIDTH, 0 };

	desk.h = wm->work.y + wm->work.h - desk.y - 1 - WM_FOCUS_WIDTH;
	return desk;
}

void wm_set_frame(struct wm *wm, struct window *win, struct rect frame)
{
	bool resized = frame.w != win->frame.w || frame.h != win->frame.h;

	damage_window(wm, win);
	win->frame = frame;
	damage_window(wm, win);
	if (resized && wm->on_resize)
		wm->on_resize(win);
}

bool wm_set_reserve(struct wm *wm, int top, int bottom)
{
	size_t i;

	if (top < 0 || bottom < 0 || top + bottom > wm->height / 2)
		return false;
	wm->work = (struct rect){ 0, top, wm->width,
				  wm->height - top - bottom };
	for (i = 0; i < wm->count; i++)
		if (wm->stack[i]->maximised)
			wm_set_frame(wm, wm->stack[i], maximised_frame(wm));
	return true;
}

void wm_set_raised(struct wm *wm, const struct rect *r, size_t n)
{
	struct rect screen = { 0, 0, wm->width, wm->height };
	size_t i;

	for (i = 0; i < wm->raised_count; i++)
		wm_damage(wm, wm->raised[i]);
	wm->raised_count = 0;
	for (i = 0; i < n && i < WM_MAX_RAISED; i++) {
		struct rect cut = rect_intersect(r[i], screen);

		if (cut.w > 0 && cut.h > 0) {
			wm->raised[wm->raised_count++] = cut;
			wm_damage(wm, cut);
		}
	}
}

static bool contains(struct rect r, int x, int y)
{
	return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

static size_t minimised_index(const struct wm *wm, const struct window *win)
{
	size_t i, n = 0;

	for (i = 0; i < wm->count && wm->stack[i] != win; i++)
		n += wm_in_panel(wm->stack[i]);
	return n;
}

/*
 * Which edges a point on a window's frame (or just outside it) is near.
 * Near a corner, both: the corner is the easiest place to grab.
 */
static unsigned border_edges(struct rect o, int x, int y)
{
	int b = WM_FOCUS_WIDTH + 1, corner = 16;
	unsigned e = 0;

	if (x < o.x + b)
		e |= EDGE_LEFT;
	else if (x >= o.x + o.w - b)
		e |= EDGE_RIGHT;
	if (y < o.y + b)
		e |= EDGE_TOP;
	else if (y >= o.y + o.h - b)
		e |= EDGE_BOTTOM;
	if (e & (EDGE_LEFT | EDGE_RIGHT)) {
		if (y < o.y + corner)
			e |= EDGE_TOP;
		else if (y >= o.y + o.h - corner)
			e |= EDGE_BOTTOM;
	}
	if (e & (EDGE_TOP | EDGE_BOTTOM)) {
		if (x < o.x + corner)
			e |= EDGE_LEFT;
		else if (x >= o.x + o.w - corner)
			e |= EDGE_RIGHT;
	}
	return e;
}

static struct rect grown(struct rect r, int by)
{
	return (struct rect){ r.x - by, r.y - by, r.w + 2 * by, r.h + 2 * by };
}

struct wm_hit wm_hit(const struct wm *wm, int x, int y)
{
	struct wm_hit hit = { NULL, PART_NONE, 0 };
	size_t i = wm->count;

	if (wm_locked(wm))	/* the whole screen is the greeter's */
		return (struct wm_hit){ wm->lock, PART_CONTENT, 0 };
	if (wm->desktop && wm_visible(wm->desktop)) {
		for (i = 0; i < wm->raised_count; i++)
			if (contains(wm->raised[i], x, y))
				return (struct wm_hit){ wm->desktop,
							PART_CONTENT, 0 };
		i = wm->count;
	} else if (y < PANEL_HEIGHT) {
		hit.part = PART_PANEL;
		for (i = 0; i < wm->count; i++) {
			struct window *w = wm->stack[i];

			if (wm_in_panel(w) &&
			    contains(wm_task_button(wm, minimised_index(wm, w)),
				     x, y))
				return (struct wm_hit){ w, PART_TASK, 0 };
		}
		return hit;
	}
	while (i-- > 0) {
		struct window *w = wm->stack[i];

		/* A framed window is grabbed a little outside its frame. */
		if (!wm_visible(w) ||
		    !contains(w->undecorated ? w->frame :
			      grown(wm_outer(w), WM_GRAB), x, y))
			continue;
		hit.win = w;
		if (contains(w->frame, x, y))
			hit.part = PART_CONTENT;
		else if (contains(wm_close_button(w), x, y))
			hit.part = PART_CLOSE;
		else if (contains(wm_minimise_button(w), x, y))
			hit.part = PART_MINIMISE;
		else if (contains(wm_title_bar(w), x, y))
			hit.part = PART_TITLE;
		else
			hit = (struct wm_hit){ w, PART_BORDER,
					       border_edges(wm_outer(w), x, y) };
		return hit;
	}
	return hit;
}

static void raise_window(struct wm *wm, struct window *win)
{
	size_t i, top = wm->count - 1;

	if (is_desktop(wm, win))
		return;	/* always at the bottom */
	if (wm->lock && !is_lock(wm, win))
		top--;	/* the lock is always on top */
	for (i = 0; i < wm->count && wm->stack[i] != win; i++)
		;
	if (i == wm->count)
		return;
	memmove(wm->stack + i, wm->stack + i + 1,
		(top - i) * sizeof(wm->stack[0]));
	wm->stack[top] = win;
	damage_window(wm, win);
}

static void set_focus(struct wm *wm, struct window *win)
{
	struct window *old = wm->focused;

	if (old == win)
		return;
	wm->focused = win;
	if (old)
		damage_window(wm, old);
	if (win)
		damage_window(wm, win);
	if (wm->on_focus)
		wm->on_focus(old, win);
	changed(wm);
}

void wm_focus(struct wm *wm, struct window *win)
{
	if (win && win->closed)
		return;
	if (wm_locked(wm) && !is_lock(wm, win))
		return;	/* the greeter keeps the keys */
	if (win && win->minimised) {
		win->minimised = false;
		damage_panel(wm);
	}
	if (win)
		raise_window(wm, win);
	set_focus(wm, win);
}

/* The focus goes to the topmost visible window, if any. */
static void focus_top(struct wm *wm)
{
	size_t i = wm->count;

	while (i-- > 0)
		if (wm_visible(wm->stack[i])) {
			set_focus(wm, wm->stack[i]);
			return;
		}
	set_focus(wm, NULL);
}

/* After a window left the screen: redraw, and move the focus on. */
static void hidden(struct wm *wm, struct window *win)
{
	if (win == wm->dragging)
		wm->dragging = NULL;
	if (win == wm->resizing) {
		wm_damage(wm, wm_resize_outline(wm));
		wm->resizing = NULL;
	}
	damage_window(wm, win);
	damage_panel(wm);
	if (wm->focused == win)
		focus_top(wm);
	changed(wm);
}

void wm_minimise(struct wm *wm, struct window *win)
{
	if (!win || !wm_visible(win) || is_fixed(wm, win))
		return;
	win->minimised = true;
	hidden(wm, win);
}

void wm_close(struct wm *wm, struct window *win)
{
	if (!win || win->closed)
		return;
	if (wm->on_close)
		wm->on_close(win);
	win->closed = true;
	if (is_desktop(wm, win))	/* a restarted desktop raises anew */
		wm_set_raised(wm, NULL, 0);
	hidden(wm, win);
}

void wm_remove(struct wm *wm, struct window *win)
{
	size_t i;

	for (i = 0; i < wm->count && wm->stack[i] != win; i++)
		;
	if (i == wm->count)
		return;
	win->closed = true;	/* so the focus cannot land on it */
	hidden(wm, win);
	memmove(&wm->stack[i], &wm->stack[i + 1],
		(wm->count - i - 1) * sizeof(wm->stack[0]));
	wm->count--;
	if (is_lock(wm, win)) {
		wm->lock = NULL;
		wm_damage(wm, (struct rect){ 0, 0, wm->width, wm->height });
	}
	if (is_desktop(wm, win)) {
		wm->desktop = NULL;
		wm_set_raised(wm, NULL, 0);
		wm->work = panel_work_area(wm);
		wm_damage(wm, (struct rect){ 0, 0, wm->width, wm->height });
	}
	changed(wm);
}

void wm_reopen(struct wm *wm, struct window *win)
{
	if (!win->closed)
		return;
	win->closed = false;
	win->minimised = false;
	damage_window(wm, win);
	damage_panel(wm);
	if (is_lock(wm, win))	/* a restarted greeter locks again */
		lock_up(wm);
	changed(wm);
}

void wm_toggle_maximise(struct wm *wm, struct window *win)
{
	if (!win || !wm_visible(win) || is_fixed(wm, win))
		return;
	damage_window(wm, win);
	if (win->maximised) {
		win->frame = win->restore;
	} else {
		win->restore = win->frame;
		win->frame = maximised_frame(wm);
	}
	win->maximised = !win->maximised;
	damage_window(wm, win);
	if (wm->on_resize)
		wm->on_resize(win);
	changed(wm);
}

void wm_move(struct wm *wm, struct window *win, int x, int y)
{
	int min_x = 48 - win->frame.w, max_x = wm->width - 48;
	int min_y = wm->work.y + TITLE_BAR_HEIGHT;

	if (is_fixed(wm, win))
		return;
	/* Some of the title bar always stays on screen, to drag it back. */
	x = x < min_x ? min_x : x > max_x ? max_x : x;

	y = y < min_y ? min_y : y > wm->height - 4 ? wm->height - 4 : y;
	if (x == win->frame.x && y == win->frame.y)
		return;
	damage_window(wm, win);
	win->frame.x = x;
	win->frame.y = y;
	damage_window(wm, win);
}

/* The frame an edge drag to (x, y) asks for, kept to a sane size. */
static struct rect resized(const struct wm *wm, int x, int y)
{
	struct rect from = wm->resize_from, r = from;
	unsigned e = wm->resize_edges;
	int dx = x - wm->grab_x, dy = y - wm->grab_y;
	int top = wm->work.y + TITLE_BAR_HEIGHT + WM_FOCUS_WIDTH;

	if (e & EDGE_LEFT) {
		r.x += dx;
		r.w -= dx;
	} else if (e & EDGE_RIGHT) {
		r.w += dx;
	}
	if (e & EDGE_TOP) {
		r.y += dy;
		r.h -= dy;
	} else if (e & EDGE_BOTTOM) {
		r.h += dy;
	}
	if (r.y < top) {	/* the title bar stays below the reserve */
		r.h -= top - r.y;
		r.y = top;
	}
	if (r.w > wm->width)
		r.w = wm->width;
	if (r.h > wm->height)
		r.h = wm->height;
	if (r.w < WM_MIN_W) {
		if (e & EDGE_LEFT)
			r.x = from.x + from.w - WM_MIN_W;
		r.w = WM_MIN_W;
	}
	if (r.h < WM_MIN_H) {
		if (e & EDGE_TOP)
			r.y = from.y + from.h - WM_MIN_H;
		r.h = WM_MIN_H;
	}
	if (r.y < top)		/* a window already shorter than the minimum */
		r.y = top;
	return r;
}

/* The outline of a resize in progress, as the compositor draws it. */
struct rect wm_resize_outline(const struct wm *wm)
{
	struct window w = { .frame = wm->resize_to };

	return wm->resizing ? wm_outer(&w) : (struct rect){ 0, 0, 0, 0 };
}

static void resize_pointer(struct wm *wm, const struct user_input *ev)
{
	struct window *win = wm->resizing;

	wm_damage(wm, wm_resize_outline(wm));
	if (!ev->changed) {
		wm->resize_to = resized(wm, ev->x, ev->y);
		wm_damage(wm, wm_resize_outline(wm));
		return;
	}
	if (ev->down || ev->buttons)
		return;
	wm->resizing = NULL;
	win->maximised = false;
	wm_set_frame(wm, win, wm->resize_to);
	changed(wm);
}

bool wm_pointer(struct wm *wm, const struct user_input *ev)
{
	struct wm_hit hit;

	if (wm_locked(wm))	/* every click is the greeter's, focused */
		return false;
	if (wm->resizing) {
		resize_pointer(wm, ev);
		return true;
	}
	if (wm->dragging) {
		if (!ev->changed)
			wm_move(wm, wm->dragging, ev->x - wm->drag_dx,
				ev->y - wm->drag_dy);
		else if (!ev->down && !ev->buttons)
			wm->dragging = NULL;
		return true;
	}
	if (!ev->changed || !ev->down)
		return false;
	if (wm->overlay) {
		toggle_overlay(wm, 0);
		return true;
	}
	hit = wm_hit(wm, ev->x, ev->y);
	switch (hit.part) {
	case PART_NONE:
	case PART_PANEL:
		return true;
	case PART_TASK:
		wm_focus(wm, hit.win);
		return true;
	case PART_CLOSE:
		wm_close(wm, hit.win);
		return true;
	case PART_MINIMISE:
		wm_minimise(wm, hit.win);
		return true;
	case PART_BORDER:
		wm_focus(wm, hit.win);
		if (ev->changed == BUTTON_LEFT && hit.edges) {
			wm->resizing = hit.win;
			wm->resize_edges = hit.edges;
			wm->resize_from = wm->resize_to = hit.win->frame;
			wm->grab_x = ev->x;
			wm->grab_y = ev->y;
			wm_damage(wm, wm_resize_outline(wm));
		}
		return true;
	case PART_TITLE:
		wm_focus(wm, hit.win);
		if (ev->changed == BUTTON_LEFT) {
			wm->dragging = hit.win;
			wm->drag_dx = ev->x - hit.win->frame.x;
			wm->drag_dy = ev->y - hit.win->frame.y;
		}
		return true;
	case PART_CONTENT:
		wm_focus(wm, hit.win);
		return false;
	}
	return false;
}

static void focus_cycle(struct wm *wm, int direction)
{
	/* The desktop stays at the bottom, the lock (closed, or this
	 * would not run) on top: cycle over the rest. */
	size_t base = wm->desktop ? 1 : 0, i;
	size_t n = wm->count - base - (wm->lock ? 1 : 0);
	struct window **stack = wm->stack + base;

	if (!wm->count || !n)
		return;
	/*
	 * Forward takes the bottom-most window to the top, so repeated
	 * presses visit every window; backward sends the top one down.
	 */
	for (i = 0; i < n; i++) {
		struct window *w;

		if (direction > 0) {
			w = stack[0];
			if (w->closed) {
				memmove(stack, stack + 1,
					(n - 1) * sizeof(stack[0]));
				stack[n - 1] = w;
				continue;
			}
			wm_focus(wm, w);
			return;
		}
		w = stack[n - 1];
		memmove(stack + 1, stack, (n - 1) * sizeof(stack[0]));
		stack[0] = w;
		damage_window(wm, w);
		if (wm_visible(stack[n - 1])) {
			wm_focus(wm, stack[n - 1]);
			return;
		}
	}
}

static void close_focused(struct wm *wm, int unused)
{
	(void)unused;
	/* The desktop is not closed by a key meant for a window. */
	if (!is_fixed(wm, wm->focused))
		wm_close(wm, wm->focused);
}

static void minimise_focused(struct wm *wm, int unused)
{
	(void)unused;
	wm_minimise(wm, wm->focused);
}

static void resize_focused(struct wm *wm, int direction)
{
	static const int dw[] = { -1, 1, 0, 0 }, dh[] = { 0, 0, -1, 1 };
	struct window *win = wm->focused;
	struct rect r;

	if (!win || !wm_visible(win) || is_fixed(wm, win))
		return;
	r = win->frame;
	r.w += dw[direction] * WM_SIZE_STEP;
	r.h += dh[direction] * WM_SIZE_STEP;
	if (r.w < WM_MIN_W || r.h < WM_MIN_H || r.w > wm->width ||
	    r.h > wm->height)
		return;
	win->maximised = false;
	wm_set_frame(wm, win, r);
	changed(wm);
}

static void open_launcher(struct wm *wm, int unused)
{
	(void)unused;
	if (wm->on_launcher)
		wm->on_launcher();
}

static void lock_screen(struct wm *wm, int unused)
{
	(void)unused;
	if (wm->on_lock)
		wm->on_lock();
}

static void move_focused(struct wm *wm, int direction)
{
	static const int dx[] = { -1, 1, 0, 0 }, dy[] = { 0, 0, -1, 1 };
	struct window *win = wm->focused;

	if (win)
		wm_move(wm, win, win->frame.x + dx[direction] * WM_MOVE_STEP,
			win->frame.y + dy[direction] * WM_MOVE_STEP);
}

static void toggle_overlay(struct wm *wm, int unused)
{
	(void)unused;
	wm->overlay = !wm->overlay;
	wm_damage(wm, (struct rect){ 0, 0, wm->width, wm->height });
}

static bool is_super(uint16_t code)
{
	return code == KEY_LEFTMETA || code == KEY_RIGHTMETA;
}

bool wm_key(struct wm *wm, const struct user_input *ev)
{
	uint8_t mods = ev->mods & ~keymap_modifier_of(ev->keycode);
	size_t i;

	if (ev->keycode > KEY_MAX)
		return false;
	if (wm_locked(wm)) {
		/* No shortcut at all: every key, pressed or released, is
		 * the greeter's (a release eaten before the lock is not). */
		eaten[ev->keycode] = false;
		return false;
	}
	if (!ev->down) {
		bool was = eaten[ev->keycode];

		eaten[ev->keycode] = false;
		/* Super pressed and released alone: the overlay while held. */
		if (is_super(ev->keycode) && super_alone && wm->overlay)
			toggle_overlay(wm, 0);
		return was;
	}
	if (is_super(ev->keycode)) {
		super_alone = !wm->overlay;
		if (super_alone)
			toggle_overlay(wm, 0);
		return false;	/* apps still see modifiers */
	}
	if (super_alone) {
		/* A Super+key combination: not the "hold Super" gesture. */
		super_alone = false;
		toggle_overlay(wm, 0);
	}
	if (wm->overlay && ev->keycode == KEY_ESC) {
		toggle_overlay(wm, 0);
		eaten[ev->keycode] = true;
		return true;
	}
	for (i = 0; i < wm_shortcut_count; i++) {
		const struct wm_shortcut *s = &wm_shortcuts[i];

		if (s->keycode == ev->keycode && s->mods == mods) {
			s->run(wm, s->arg);
			eaten[ev->keycode] = true;
			return true;
		}
	}
	return false;
}
