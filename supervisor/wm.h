/*
 * wm.h - the window manager: which windows there are, where, in what
 * stacking order, which one has the focus, what a click, a drag or a
 * global shortcut does to them, and which part of the screen needs
 * redrawing. Behaviour is data (dwm's way): one shortcut table drives
 * both the key handling and the overlay that lists it. Drawing is the
 * compositor's (display.c); routing events to apps is router.c's.
 */
#ifndef VYOMA_WM_H
#define VYOMA_WM_H

#include <stdbool.h>
#include <stddef.h>

#include "canvas.h"
#include "input.h"
#include "window.h"

#define WM_MAX_WINDOWS 4096
#define TITLE_BAR_HEIGHT 20
#define PANEL_HEIGHT 24
#define WM_BUTTON_SIZE 16	/* close and minimise, in the title bar */
#define WM_FOCUS_WIDTH 3
#define WM_MOVE_STEP 16		/* Super+arrow moves this many pixels */

enum wm_part {
	PART_NONE,		/* the desktop */
	PART_PANEL,		/* the top panel, not on a button */
	PART_TASK,		/* a minimised window's button in the panel */
	PART_TITLE,
	PART_CLOSE,
	PART_MINIMISE,
	PART_CONTENT,
	PART_BORDER,
};

struct wm;

struct wm_hit {
	struct window *win;
	enum wm_part part;
};

struct wm_shortcut {
	uint8_t mods;
	uint16_t keycode;
	const char *keys;	/* as the overlay shows it */
	const char *what;
	void (*run)(struct wm *wm, int arg);
	int arg;
};

struct wm {
	int width, height;
	struct window *stack[WM_MAX_WINDOWS];	/* bottom to top */
	size_t count;
	struct window *focused;
	struct window *dragging;
	int drag_dx, drag_dy;		/* pointer to frame origin */
	bool overlay;			/* the shortcut overlay is shown */
	struct rect damage;		/* to redraw; empty when w is 0 */
	/* Told when the focus moves, when a window's close is asked, and
	 * when a window's content size changed. */
	void (*on_focus)(struct window *from, struct window *to);
	void (*on_close)(struct window *win);
	void (*on_resize)(struct window *win);
};

extern const struct wm_shortcut wm_shortcuts[];
extern const size_t wm_shortcut_count;

void wm_init(struct wm *wm, int width, int height);

/*
 * Where the n-th of count windows goes: a grid under the panel, sized to
 * the screen, so none overlap. Returns the content rectangle.
 */
struct rect wm_place(const struct wm *wm, size_t n, size_t count);

/* Puts win on top; it is drawn once it has a frame. */
void wm_add(struct wm *wm, struct window *win);

/* Decorations included: what the window covers on screen. */
struct rect wm_outer(const struct window *win);
struct rect wm_title_bar(const struct window *win);
struct rect wm_close_button(const struct window *win);
struct rect wm_minimise_button(const struct window *win);
/* The panel button of the i-th minimised window (in stacking order). */
struct rect wm_task_button(const struct wm *wm, size_t i);

bool wm_visible(const struct window *win);
/* Minimised (and not closed): it has a button in the panel. */
bool wm_in_panel(const struct window *win);
struct wm_hit wm_hit(const struct wm *wm, int x, int y);

/* Focuses win (NULL: nothing) and raises it; restores it if minimised. */
void wm_focus(struct wm *wm, struct window *win);
void wm_minimise(struct wm *wm, struct window *win);
/*
 * Tells on_close, then hides the window; wm_reopen() shows it again
 * when its app starts.
 */
void wm_close(struct wm *wm, struct window *win);
void wm_reopen(struct wm *wm, struct window *win);

/* Takes a window out for good (its instance is gone); the focus moves
 * on as when it is closed. The caller frees it. */
void wm_remove(struct wm *wm, struct window *win);
/* Maximises win to the whole desktop, or restores its size and place. */
void wm_toggle_maximise(struct wm *wm, struct window *win);
/* Moves the content's top-left to (x, y), keeping the title bar on screen. */
void wm_move(struct wm *wm, struct window *win, int x, int y);

/*
 * A pointer event: clicks on decorations and the panel, drags. Returns
 * true if the window manager used it; otherwise it is for the app under
 * the pointer (which the click has already focused).
 */
bool wm_pointer(struct wm *wm, const struct user_input *ev);

/* A key: true if it was a global shortcut (its release is eaten too). */
bool wm_key(struct wm *wm, const struct user_input *ev);

void wm_damage(struct wm *wm, struct rect r);
/* Adds the windows that flushed since the last call to the damage. */
void wm_collect_damage(struct wm *wm);

#endif
