/*
 * test_wm.c - the window manager's policy without a screen: placement,
 * hit testing, stacking and focus, drags, close and minimise, the
 * shortcut table (Alt+Tab, Alt+F4, moves, the overlay) and damage; the
 * desktop role (bottom of the stack, raised rectangles, the work area),
 * resizing by an edge or a corner, and placement of later windows; the
 * lock role (the greeter: on top, every hit, key and the focus its own).
 */
#include "check.h"
#include "wm.h"

#include <linux/input-event-codes.h>
#include <stdlib.h>

static struct wm wm;
static struct window win[3];
static struct window *closed_by_wm, *resized;
static int focus_changes, launcher_calls;

static void on_launcher(void)
{
	launcher_calls++;
}

static void on_resize(struct window *w)
{
	resized = w;
}

static void on_close(struct window *w)
{
	closed_by_wm = w;
}

static void on_focus(struct window *from, struct window *to)
{
	(void)from;
	(void)to;
	focus_changes++;
}

static void setup(void)
{
	size_t i;

	wm_init(&wm, 1280, 800);
	wm.on_close = on_close;
	wm.on_focus = on_focus;
	wm.on_resize = on_resize;
	wm.on_launcher = on_launcher;
	launcher_calls = 0;
	resized = NULL;
	memset(win, 0, sizeof(win));
	for (i = 0; i < 3; i++) {
		win[i].frame = wm_place(&wm, i, 3);
		wm_add(&wm, &win[i]);
	}
	wm_focus(&wm, &win[0]);
	closed_by_wm = NULL;
	focus_changes = 0;
}

static struct user_input pointer(int x, int y, uint8_t changed, bool down,
				 uint8_t buttons)
{
	return (struct user_input){ .kind = INPUT_POINTER, .x = x, .y = y,
				    .changed = changed, .down = down,
				    .buttons = buttons };
}

static bool press(uint8_t mods, uint16_t code)
{
	struct user_input ev = { .kind = INPUT_KEY, .down = true,
				 .keycode = code, .mods = mods };
	bool used = wm_key(&wm, &ev);

	ev.down = false;
	CHECK(wm_key(&wm, &ev) == used);	/* the release goes the same way */
	return used;
}

static void test_placement(void)
{
	size_t n, i, j;
	int overlaps = 0;

	wm_init(&wm, 1280, 800);
	for (n = 1; n <= 12; n++) {
		struct window w[12];

		memset(w, 0, sizeof(w));
		for (i = 0; i < n; i++)
			w[i].frame = wm_place(&wm, i, n);
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++)
				overlaps += rect_intersect(wm_outer(&w[i]),
							   wm_outer(&w[j])).w > 0;
	}
	CHECK_INT(overlaps, 0);
}

static void test_hit(void)
{
	struct rect f;
	struct rect c;

	setup();
	f = win[1].frame;
	c = wm_close_button(&win[1]);
	CHECK_INT(wm_hit(&wm, f.x + 5, f.y + 5).part, PART_CONTENT);
	CHECK(wm_hit(&wm, f.x + 5, f.y + 5).win == &win[1]);
	CHECK_INT(wm_hit(&wm, f.x + 5, f.y - 10).part, PART_TITLE);
	CHECK_INT(wm_hit(&wm, c.x + 2, c.y + 2).part, PART_CLOSE);
	c = wm_minimise_button(&win[1]);
	CHECK_INT(wm_hit(&wm, c.x + 2, c.y + 2).part, PART_MINIMISE);
	CHECK_INT(wm_hit(&wm, f.x - 2, f.y + 5).part, PART_BORDER);
	CHECK_INT(wm_hit(&wm, 5, 5).part, PART_PANEL);
	CHECK_INT(wm_hit(&wm, 1279, 799).part, PART_NONE);
}

static void test_click_focus_and_drag(void)
{
	struct user_input ev;
	struct rect f;

	setup();
	CHECK(wm.focused == &win[0] && wm.stack[2] == &win[0]);
	f = win[2].frame;
	/* A click in the content focuses and raises, and is the app's. */
	ev = pointer(f.x + 3, f.y + 3, BUTTON_LEFT, true, BUTTON_LEFT);
	CHECK(!wm_pointer(&wm, &ev));
	CHECK(wm.focused == &win[2] && wm.stack[2] == &win[2]);
	CHECK_INT(focus_changes, 1);
	/* A drag by the title bar moves the window with the pointer. */
	f = win[1].frame;
	ev = pointer(f.x + 30, f.y - 10, BUTTON_LEFT, true, BUTTON_LEFT);
	CHECK(wm_pointer(&wm, &ev));
	CHECK(wm.dragging == &win[1] && wm.focused == &win[1]);
	wm.damage = (struct rect){ 0, 0, 0, 0 };
	ev = pointer(f.x + 30 - 100, f.y - 10 + 50, 0, false, BUTTON_LEFT);
	CHECK(wm_pointer(&wm, &ev));
	CHECK(win[1].frame.x == f.x - 100 && win[1].frame.y == f.y + 50);
	/* The damage covers where it was and where it is now. */
	CHECK(rect_intersect(wm.damage, wm_outer(&win[1])).w ==
	      wm_outer(&win[1]).w);
	CHECK(wm.damage.x + wm.damage.w >= f.x + f.w);
	ev = pointer(f.x - 70, f.y + 40, BUTTON_LEFT, false, 0);
	CHECK(wm_pointer(&wm, &ev));
	CHECK(wm.dragging == NULL);
	/* Moves without a button are for the app under the pointer. */
	ev = pointer(f.x, f.y, 0, false, 0);
	CHECK(!wm_pointer(&wm, &ev));
	/* The title bar cannot be dragged off the screen. */
	wm_move(&wm, &win[1], -5000, -5000);
	CHECK(win[1].frame.x + win[1].frame.w >= 48);
	CHECK_INT(win[1].frame.y, PANEL_HEIGHT + TITLE_BAR_HEIGHT);
}

static void test_close_and_minimise(void)
{
	struct rect b;
	struct user_input ev;

	setup();
	b = wm_close_button(&win[0]);
	ev = pointer(b.x + 1, b.y + 1, BUTTON_LEFT, true, BUTTON_LEFT);
	CHECK(wm_pointer(&wm, &ev));
	CHECK(closed_by_wm == &win[0] && win[0].closed);
	CHECK(wm.focused != &win[0] && wm.focused != NULL);
	CHECK_INT(wm_hit(&wm, win[0].frame.x + 2, win[0].frame.y + 2).part,
		  PART_NONE);
	wm_reopen(&wm, &win[0]);
	CHECK(!win[0].closed);

	setup();
	b = wm_minimise_button(&win[0]);
	ev = pointer(b.x + 1, b.y + 1, BUTTON_LEFT, true, BUTTON_LEFT);
	CHECK(wm_pointer(&wm, &ev));
	CHECK(win[0].minimised && wm.focused != &win[0]);
	b = wm_task_button(&wm, 0);
	CHECK(wm_hit(&wm, b.x + 2, b.y + 2).win == &win[0]);
	ev = pointer(b.x + 2, b.y + 2, BUTTON_LEFT, true, BUTTON_LEFT);
	CHECK(wm_pointer(&wm, &ev));
	CHECK(!win[0].minimised && wm.focused == &win[0]);
}

/* An instance's window leaves the stack for good; the focus moves on. */
static void test_remove(void)
{
	setup();
	wm_focus(&wm, &win[1]);
	wm.dragging = &win[1];
	wm_remove(&wm, &win[1]);
	CHECK_INT(wm.count, 2);
	CHECK(wm.stack[0] != &win[1] && wm.stack[1] != &win[1]);
	CHECK(wm.focused != &win[1] && wm.focused != NULL);
	CHECK(wm.dragging == NULL);
	CHECK(wm.damage.w > 0);
	CHECK(wm_hit(&wm, win[1].frame.x + 2, win[1].frame.y + 2).win !=
	      &win[1]);
	wm_remove(&wm, &win[1]);	/* not there: nothing changes */
	CHECK_INT(wm.count, 2);
	wm_remove(&wm, &win[0]);
	wm_remove(&wm, &win[2]);
	CHECK_INT(wm.count, 0);
	CHECK(wm.focused == NULL);
}

static void test_shortcuts(void)
{
	struct window *seen[3];
	int i, x;

	setup();
	/* Alt+Tab visits every window, then comes back round. */
	for (i = 0; i < 3; i++) {
		CHECK(press(MOD_ALT, KEY_TAB));
		seen[i] = wm.focused;
	}
	CHECK(seen[0] != seen[1] && seen[1] != seen[2] && seen[0] != seen[2]);
	CHECK(seen[2] == &win[0]);
	CHECK(press(MOD_ALT | MOD_SHIFT, KEY_TAB));
	CHECK(wm.focused == seen[1]);
	/* Plain Tab is the app's. */
	CHECK(!press(0, KEY_TAB));
	/* Alt+F4 closes the focused window through the close callback. */
	CHECK(press(MOD_ALT, KEY_F4));
	CHECK(closed_by_wm == seen[1] && seen[1]->closed);
	/* Super+Shift+Left moves the focused window one step. */
	x = wm.focused->frame.x;
	CHECK(press(MOD_SUPER | MOD_SHIFT, KEY_LEFT));
	CHECK_INT(wm.focused->frame.x, x - WM_MOVE_STEP);
	CHECK(press(MOD_SUPER, KEY_DOWN));
	CHECK(!wm_visible(seen[2]) || !wm_visible(seen[0]));
}

static void test_maximise(void)
{
	struct rect before;

	setup();
	before = win[0].frame;
	CHECK(press(MOD_SUPER, KEY_UP));
	CHECK(resized == &win[0] && win[0].maximised);
	CHECK(win[0].frame.w > 1200 && win[0].frame.h > 700);
	CHECK(wm_outer(&win[0]).y >= PANEL_HEIGHT);
	CHECK(wm_outer(&win[0]).x + wm_outer(&win[0]).w <= 1280);
	resized = NULL;
	CHECK(press(MOD_SUPER, KEY_UP));
	CHECK(resized == &win[0] && !win[0].maximised);
	CHECK(memcmp(&win[0].frame, &before, sizeof(before)) == 0);
}

static void test_overlay(void)
{
	struct user_input super = { .kind = INPUT_KEY, .down = true,
				    .keycode = KEY_LEFTMETA,
				    .mods = MOD_SUPER };
	struct user_input click = pointer(5, 500, BUTTON_LEFT, true,
					  BUTTON_LEFT);

	setup();
	CHECK(press(0, KEY_F1) && wm.overlay);
	CHECK(press(0, KEY_ESC) && !wm.overlay);
	CHECK(!press(0, KEY_ESC));	/* without the overlay, Esc is the app's */
	CHECK(press(0, KEY_F1) && wm.overlay);
	CHECK(wm_pointer(&wm, &click) && !wm.overlay);
	/* Holding Super shows it; releasing hides it; apps see Super. */
	CHECK(!wm_key(&wm, &super) && wm.overlay);
	super.down = false;
	CHECK(!wm_key(&wm, &super) && !wm.overlay);
	/* Super+Shift+Right is a shortcut, not the hold-Super gesture. */
	super.down = true;
	CHECK(!wm_key(&wm, &super) && wm.overlay);
	CHECK(press(MOD_SUPER | MOD_SHIFT, KEY_RIGHT) && !wm.overlay);
	super.down = false;
	CHECK(!wm_key(&wm, &super) && !wm.overlay);
}


static void test_place_new(void)
{
	struct rect a, b, c;

	setup();
	wm_set_reserve(&wm, 0, 32);
	a = wm_place_new(&wm, 0, 0, 0);
	b = wm_place_new(&wm, 0, 0, 1);
	c = wm_place_new(&wm, 300, 200, 2);
	/* Without a size: smaller than the work area, so cascades differ. */
	CHECK(a.w < wm.work.w && a.h < wm.work.h);
	CHECK(b.x > a.x && b.y > a.y);
	CHECK(c.w == 300 && c.h == 200);
	/* Every one inside the work area, title bar included. */
	CHECK(a.y - TITLE_BAR_HEIGHT >= wm.work.y);
	CHECK(b.y + b.h <= wm.work.y + wm.work.h);
	c = wm_place_new(&wm, 99999, 99999, 7);
	CHECK(c.x + c.w <= wm.width && c.y + c.h <= wm.work.y + wm.work.h);
	CHECK(!wm_set_reserve(&wm, 0, 401) && wm.work.h == 800 - 32);
	CHECK(!wm_set_reserve(&wm, -1, 0));
}

static void test_resize_by_edges(void)
{
	struct rect f, o;
	struct user_input ev;
	struct wm_hit hit;

	setup();
	f = win[2].frame;
	o = wm_outer(&win[2]);
	/* The bottom-right corner, just outside the frame, grabs both. */
	hit = wm_hit(&wm, o.x + o.w + 2, o.y + o.h + 2);
	CHECK(hit.win == &win[2] && hit.part == PART_BORDER &&
	      hit.edges == (EDGE_RIGHT | EDGE_BOTTOM));
	hit = wm_hit(&wm, o.x + 1, o.y + o.h / 2);
	CHECK(hit.part == PART_BORDER && hit.edges == EDGE_LEFT);
	ev = pointer(o.x + o.w + 2, o.y + o.h + 2, BUTTON_LEFT, true,
		     BUTTON_LEFT);
	CHECK(wm_pointer(&wm, &ev));
	ev = pointer(o.x + o.w + 42, o.y + o.h + 22, 0, false, BUTTON_LEFT);
	CHECK(wm_pointer(&wm, &ev));
	/* Only an outline until the button is released. */
	CHECK(win[2].frame.w == f.w && resized == NULL);
	CHECK(wm_resize_outline(&wm).w == f.w + 40 + wm_outer(&win[2]).w -
	      f.w);
	ev = pointer(o.x + o.w + 42, o.y + o.h + 22, BUTTON_LEFT, false, 0);
	CHECK(wm_pointer(&wm, &ev));
	CHECK(win[2].frame.w == f.w + 40 && win[2].frame.h == f.h + 20 &&
	      win[2].frame.x == f.x && win[2].frame.y == f.y);
	CHECK(resized == &win[2]);
	CHECK(wm_resize_outline(&wm).w == 0);
	/* The left edge dragged far right stops at the smallest size,
	 * keeping the right edge where it was. */
	f = win[2].frame;
	o = wm_outer(&win[2]);
	ev = pointer(o.x + 1, o.y + o.h / 2, BUTTON_LEFT, true, BUTTON_LEFT);
	wm_pointer(&wm, &ev);
	ev = pointer(o.x + 5000, o.y + o.h / 2, 0, false, BUTTON_LEFT);
	wm_pointer(&wm, &ev);
	ev = pointer(o.x + 5000, o.y + o.h / 2, BUTTON_LEFT, false, 0);
	wm_pointer(&wm, &ev);
	CHECK(win[2].frame.w == WM_MIN_W &&
	      win[2].frame.x + WM_MIN_W == f.x + f.w);
}

static void test_desktop_role(void)
{
	static struct window desk;
	struct rect strip = { 0, 768, 1280, 32 };
	struct wm_hit hit;

	setup();
	memset(&desk, 0, sizeof(desk));
	wm_add_desktop(&wm, &desk);
	CHECK(wm.stack[0] == &desk && wm.desktop == &desk);
	CHECK(desk.frame.w == 1280 && desk.frame.h == 800);
	/* Focused, it stays at the bottom; Alt+Tab never lands on it. */
	wm_focus(&wm, &desk);
	CHECK(wm.stack[0] == &desk && wm.focused == &desk);
	press(MOD_ALT, KEY_TAB);
	CHECK(wm.focused != &desk && wm.stack[0] == &desk);
	wm_focus(&wm, &desk);
	press(MOD_ALT, KEY_F4);
	CHECK(closed_by_wm == NULL && !desk.closed);
	wm_minimise(&wm, &desk);
	CHECK(!desk.minimised);
	/* A raised strip is the desktop's even over a window. */
	win[0].frame = (struct rect){ 100, 700, 400, 90 };
	wm_set_raised(&wm, &strip, 1);
	hit = wm_hit(&wm, 200, 780);
	CHECK(hit.win == &desk && hit.part == PART_CONTENT);
	hit = wm_hit(&wm, 200, 750);
	CHECK(hit.win == &win[0]);
	/* Off-screen parts are cut; empty ones dropped. */
	{
		struct rect r[2] = { { -50, -50, 100, 100 },
				     { 5000, 0, 10, 10 } };

		wm_set_raised(&wm, r, 2);
		CHECK(wm.raised_count == 1 && wm.raised[0].x == 0 &&
		      wm.raised[0].w == 50);
	}
	/* The desktop gone: the work area and the panel come back. */
	wm_remove(&wm, &desk);
	CHECK(wm.desktop == NULL && wm.raised_count == 0 &&
	      wm.work.y == PANEL_HEIGHT);
}

static bool same_rect(struct rect a, struct rect b)
{
	return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h;
}

static bool whole_screen(struct rect r)
{
	return same_rect(r, (struct rect){ 0, 0, 1280, 800 });
}

static bool lock_on_top(const struct window *lock)
{
	return wm.count && wm.stack[wm.count - 1] == lock;
}

/* The lock comes up over three windows and stays on top, focused. */
static void test_lock_role(void)
{
	static struct window lock, later, second;

	setup();
	memset(&lock, 0, sizeof(lock));
	memset(&later, 0, sizeof(later));
	memset(&second, 0, sizeof(second));
	wm.damage = (struct rect){ 0, 0, 0, 0 };
	CHECK(!wm_locked(&wm) && wm.lock == NULL);
	wm_add_lock(&wm, &lock);
	CHECK(wm.lock == &lock && wm_locked(&wm) && lock.undecorated);
	CHECK(whole_screen(lock.frame) && whole_screen(wm_outer(&lock)));
	CHECK(lock_on_top(&lock) && wm.focused == &lock);
	CHECK_INT(wm.count, 4);
	CHECK_INT(focus_changes, 1);
	CHECK(whole_screen(wm.damage));
	/* A window started later goes under it, and is not focused. */
	later.frame = wm_place_new(&wm, 300, 200, 0);
	wm_add(&wm, &later);
	wm_focus(&wm, &later);
	CHECK(lock_on_top(&lock) && wm.stack[wm.count - 2] == &later);
	CHECK(wm.focused == &lock);
	/* Nothing else can take the focus, nor nothing at all. */
	wm_focus(&wm, &win[1]);
	wm_focus(&wm, NULL);
	CHECK(wm.focused == &lock && lock_on_top(&lock));
	CHECK_INT(focus_changes, 1);
	/* A second greeter is an ordinary window, under the first. */
	second.frame = wm_place_new(&wm, 300, 200, 1);
	wm_add_lock(&wm, &second);
	CHECK(wm.lock == &lock && lock_on_top(&lock) && !second.undecorated);
	CHECK(wm.focused == &lock);
	/* The greeter cannot be minimised, maximised or moved. */
	wm_minimise(&wm, &lock);
	wm_toggle_maximise(&wm, &lock);
	wm_move(&wm, &lock, 100, 100);
	CHECK(!lock.minimised && !lock.maximised && whole_screen(lock.frame));
	CHECK(resized == NULL && wm_locked(&wm));
	/* Removed: the topmost ordinary window has the focus again. */
	wm.damage = (struct rect){ 0, 0, 0, 0 };
	wm_remove(&wm, &lock);
	CHECK(wm.lock == NULL && !wm_locked(&wm));
	CHECK(wm.focused == &second && wm.stack[wm.count - 1] == &second);
	CHECK(whole_screen(wm.damage));
	/* And the window manager is its own again. */
	wm_focus(&wm, &win[1]);
	CHECK(wm.focused == &win[1] && wm.stack[wm.count - 1] == &win[1]);
	CHECK(press(MOD_ALT, KEY_TAB) && wm.focused != &win[1]);
}

/* Locked by the session before the lock window is up, or after it went:
 * blank (nothing drawn, no input); the lock window up, it alone. */
static void test_lock_pending(void)
{
	static struct window lock;

	setup();
	memset(&lock, 0, sizeof(lock));
	CHECK(!wm_blank(&wm));
	wm.damage = (struct rect){ 0, 0, 0, 0 };
	wm_set_lock_pending(&wm, true);
	CHECK(wm_blank(&wm) && !wm_locked(&wm) && whole_screen(wm.damage));
	wm.damage = (struct rect){ 0, 0, 0, 0 };
	wm_set_lock_pending(&wm, true);		/* no change, no redraw */
	CHECK(wm.damage.w == 0);
	wm_add_lock(&wm, &lock);
	CHECK(!wm_blank(&wm) && wm_locked(&wm));
	/* The greeter's window goes while still locked: blank again. */
	wm_remove(&wm, &lock);
	CHECK(wm_blank(&wm));
	wm.damage = (struct rect){ 0, 0, 0, 0 };
	wm_set_lock_pending(&wm, false);
	CHECK(!wm_blank(&wm) && whole_screen(wm.damage));
}

/* Every point of the screen is the greeter's, even a close button. */
static void test_lock_hit_and_pointer(void)
{
	static struct window lock;
	struct rect f, c, o, before[3];
	struct user_input ev;
	struct wm_hit hit;
	int i, x, y, elsewhere = 0;

	setup();
	memset(&lock, 0, sizeof(lock));
	wm_add_lock(&wm, &lock);
	for (y = 0; y < 800; y += 7)
		for (x = 0; x < 1280; x += 11) {
			hit = wm_hit(&wm, x, y);
			elsewhere += hit.win != &lock ||
				     hit.part != PART_CONTENT;
		}
	CHECK_INT(elsewhere, 0);
	hit = wm_hit(&wm, 5, 5);	/* the panel */
	CHECK(hit.win == &lock && hit.part == PART_CONTENT);
	for (i = 0; i < 3; i++)
		before[i] = win[i].frame;
	/* Close, minimise, title bar, edge: all the app's, none the wm's. */
	c = wm_close_button(&win[2]);
	ev = pointer(c.x + 1, c.y + 1, BUTTON_LEFT, true, BUTTON_LEFT);
	CHECK(!wm_pointer(&wm, &ev));
	ev = pointer(c.x + 1, c.y + 1, BUTTON_LEFT, false, 0);
	CHECK(!wm_pointer(&wm, &ev));
	CHECK(closed_by_wm == NULL && !win[2].closed);
	c = wm_minimise_button(&win[2]);
	ev = pointer(c.x + 1, c.y + 1, BUTTON_LEFT, true, BUTTON_LEFT);
	CHECK(!wm_pointer(&wm, &ev) && !win[2].minimised);
	f = win[1].frame;
	ev = pointer(f.x + 30, f.y - 10, BUTTON_LEFT, true, BUTTON_LEFT);
	CHECK(!wm_pointer(&wm, &ev) && wm.dragging == NULL);
	ev = pointer(f.x - 70, f.y + 40, 0, false, BUTTON_LEFT);
	CHECK(!wm_pointer(&wm, &ev));
	o = wm_outer(&win[0]);
	ev = pointer(o.x + o.w + 2, o.y + o.h + 2, BUTTON_LEFT, true,
		     BUTTON_LEFT);
	CHECK(!wm_pointer(&wm, &ev) && wm.resizing == NULL);
	CHECK(wm_resize_outline(&wm).w == 0);
	for (i = 0; i < 3; i++)
		CHECK(same_rect(win[i].frame, before[i]));
	CHECK(wm.focused == &lock && lock_on_top(&lock) && resized == NULL);
}

/* No shortcut runs: the stack, the frames and the focus stay put. */
static void test_lock_shortcuts(void)
{
	static const struct { uint8_t mods; uint16_t code; } keys[] = {
		{ MOD_ALT, KEY_TAB }, { MOD_ALT | MOD_SHIFT, KEY_TAB },
		{ MOD_ALT, KEY_F4 }, { MOD_SUPER, KEY_UP },
		{ MOD_SUPER, KEY_DOWN }, { MOD_SUPER, KEY_SPACE },
		{ MOD_ALT, KEY_F1 }, { 0, KEY_F1 }, { 0, KEY_ESC },
		{ MOD_SUPER | MOD_SHIFT, KEY_LEFT },
		{ MOD_SUPER | MOD_SHIFT, KEY_DOWN },
		{ MOD_SUPER | MOD_CTRL, KEY_RIGHT },
		{ MOD_SUPER | MOD_CTRL, KEY_UP },
	};
	struct user_input super = { .kind = INPUT_KEY, .down = true,
				    .keycode = KEY_LEFTMETA,
				    .mods = MOD_SUPER };
	static struct window lock;
	struct window *stack[4];
	struct rect before[3];
	size_t i;

	setup();
	memset(&lock, 0, sizeof(lock));
	wm_add_lock(&wm, &lock);
	memcpy(stack, wm.stack, sizeof(stack));
	for (i = 0; i < 3; i++)
		before[i] = win[i].frame;
	focus_changes = 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		CHECK(!press(keys[i].mods, keys[i].code));
	/* Holding Super shows no overlay either. */
	CHECK(!wm_key(&wm, &super) && !wm.overlay);
	super.down = false;
	CHECK(!wm_key(&wm, &super) && !wm.overlay);
	CHECK(memcmp(stack, wm.stack, sizeof(stack)) == 0);
	CHECK_INT(wm.count, 4);
	for (i = 0; i < 3; i++)
		CHECK(same_rect(win[i].frame, before[i]) &&
		      wm_visible(&win[i]) && !win[i].maximised);
	CHECK(whole_screen(lock.frame) && wm_visible(&lock));
	CHECK(wm.focused == &lock && focus_changes == 0);
	CHECK(launcher_calls == 0 && closed_by_wm == NULL && resized == NULL);
	/* The same keys are shortcuts once it is gone. */
	wm_remove(&wm, &lock);
	CHECK(press(MOD_SUPER, KEY_SPACE) && launcher_calls == 1);
}

/* A drag, a resize or the overlay under way ends when the lock comes up. */
static void test_lock_ends_gestures(void)
{
	static struct window lock;
	struct user_input ev;
	struct rect f, o;

	setup();
	memset(&lock, 0, sizeof(lock));
	f = win[1].frame;
	ev = pointer(f.x + 30, f.y - 10, BUTTON_LEFT, true, BUTTON_LEFT);
	CHECK(wm_pointer(&wm, &ev) && wm.dragging == &win[1]);
	CHECK(press(0, KEY_F1) && wm.overlay);
	wm_add_lock(&wm, &lock);
	CHECK(wm.dragging == NULL && !wm.overlay);
	ev = pointer(f.x + 130, f.y + 90, 0, false, BUTTON_LEFT);
	CHECK(!wm_pointer(&wm, &ev) && same_rect(win[1].frame, f));
	wm_remove(&wm, &lock);

	setup();
	memset(&lock, 0, sizeof(lock));
	o = wm_outer(&win[2]);
	ev = pointer(o.x + o.w + 2, o.y + o.h + 2, BUTTON_LEFT, true,
		     BUTTON_LEFT);
	CHECK(wm_pointer(&wm, &ev) && wm.resizing == &win[2]);
	wm_add_lock(&wm, &lock);
	CHECK(wm.resizing == NULL && wm_resize_outline(&wm).w == 0);
	ev = pointer(o.x + o.w + 60, o.y + o.h + 60, BUTTON_LEFT, false, 0);
	CHECK(!wm_pointer(&wm, &ev) && resized == NULL);
}

/*
 * Closed (its app stopped), the greeter holds nothing but keeps its
 * place on top; started again, it locks again.
 */
static void test_lock_close_and_reopen(void)
{
	static struct window lock;

	setup();
	memset(&lock, 0, sizeof(lock));
	wm_add_lock(&wm, &lock);
	wm.damage = (struct rect){ 0, 0, 0, 0 };
	wm_close(&wm, &lock);
	CHECK(closed_by_wm == &lock && !wm_locked(&wm));
	CHECK(wm.focused == &win[0] && whole_screen(wm.damage));
	CHECK(wm_hit(&wm, 5, 5).part == PART_PANEL);
	/* Other windows take the focus, and stay under it. */
	CHECK(press(MOD_ALT, KEY_TAB) && wm.focused != &lock);
	CHECK(press(MOD_ALT | MOD_SHIFT, KEY_TAB) && wm.focused != &lock);
	CHECK(lock_on_top(&lock));
	wm_focus(&wm, &win[1]);
	CHECK(wm.focused == &win[1] && lock_on_top(&lock));
	CHECK(wm.stack[wm.count - 2] == &win[1]);
	wm_focus(&wm, &lock);	/* closed: not focusable */
	CHECK(wm.focused == &win[1]);
	wm_reopen(&wm, &lock);
	CHECK(wm_locked(&wm) && wm.focused == &lock && lock_on_top(&lock));
	CHECK(!press(MOD_ALT, KEY_TAB) && wm.focused == &lock);
}

/* With the desktop: the desktop at the bottom, the lock on top. */
static void test_lock_and_desktop(void)
{
	static struct window desk, lock;
	struct rect strip = { 0, 768, 1280, 32 };
	struct wm_hit hit;
	int order;

	for (order = 0; order < 2; order++) {
		setup();
		memset(&desk, 0, sizeof(desk));
		memset(&lock, 0, sizeof(lock));
		if (order) {
			wm_add_lock(&wm, &lock);
			wm_add_desktop(&wm, &desk);
		} else {
			wm_add_desktop(&wm, &desk);
			wm_add_lock(&wm, &lock);
		}
		CHECK(wm.stack[0] == &desk && lock_on_top(&lock));
		CHECK(wm.focused == &lock);
		/* The desktop's raised strip and its focus: not while locked. */
		wm_set_raised(&wm, &strip, 1);
		hit = wm_hit(&wm, 200, 780);
		CHECK(hit.win == &lock && hit.part == PART_CONTENT);
		wm_focus(&wm, &desk);
		CHECK(wm.focused == &lock);
		/* Unlocked: the topmost window, not the desktop, is focused. */
		wm_remove(&wm, &lock);
		CHECK(wm.focused == &win[0] && wm.stack[0] == &desk);
		CHECK(wm_hit(&wm, 200, 780).win == &desk);
		wm_remove(&wm, &desk);
	}
}

int main(void)
{
	test_placement();
	test_place_new();
	test_resize_by_edges();
	test_desktop_role();
	test_hit();
	test_click_focus_and_drag();
	test_close_and_minimise();
	test_remove();
	test_shortcuts();
	test_maximise();
	test_overlay();
	test_lock_role();
	test_lock_pending();
	test_lock_hit_and_pointer();
	test_lock_shortcuts();
	test_lock_ends_gestures();
	test_lock_close_and_reopen();
	test_lock_and_desktop();
	return check_summary("wm");
}
