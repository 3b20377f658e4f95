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
#define WM_SIZE_STEP 32		/* Super+Ctrl+arrow resizes this much */
#define WM_MAX_RAISED 8		/* rectangles the desktop may raise */
#define WM_GRAB 6		/* pixels outside the frame that resize */
#define WM_MIN_W 96		/* the smallest content a resize leaves */
#define WM_MIN_H 48
#define WM_TASKBAR_DEFAULT 32	/* a desktop's reserve until it says */

/* Edges being resized, as a bit set. */
enum { EDGE_LEFT = 1, EDGE_RIGHT = 2, EDGE_TOP = 4, EDGE_BOTTOM = 8 };

enum wm_part {
	PART_NONE,		/* the desktop */
	PART_PANEL,		/* the top panel, not on a button */
	PART_TASK,		/* a minimised window's button in the panel */
	PART_TITLE,
	PART_CLOSE,
	PART_MINIMISE,
	PART_CONTENT,
	PART_BORDER,		/* the frame: hit.edges says which edges */
};

struct wm;

struct wm_hit {
	struct window *win;
	enum wm_part part;
	unsigned edges;		/* PART_BORDER: EDGE_* near the pointer */
};

struct wm_shortcut {
	uint8_t mods;
	uint16_t keycode;
	/* As the overlay shows it; NULL: said by the entry before (the
	 * four arrows of one gesture are one line). */
	const char *keys;
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
	/* A resize by an edge: the outline follows the pointer, the
	 * window takes its size when the button is released. */
	struct window *resizing;
	unsigned resize_edges;
	struct rect resize_from, resize_to;
	int grab_x, grab_y;
	/* The desktop shell's window (docs/desktop.md): under every other,
	 * undecorated, the whole screen; the parts it raises are drawn
	 * above the windows. */
	struct window *desktop;
	struct rect raised[WM_MAX_RAISED];
	size_t raised_count;
	struct rect work;		/* where windows go and maximise */
	/*
	 * The lock window (the greeter: login, lock screen, first-boot
	 * setup): the whole screen, undecorated, always at the top of the
	 * stack. While it is visible (wm_locked()) it has the focus, every
	 * click and key, and the screen; nothing else can be focused.
	 * It keeps the role while closed, so a restarted greeter locks
	 * again; wm_remove() ends it.
	 */
	struct window *lock;
	bool overlay;			/* the shortcut overlay is shown */
	struct rect damage;		/* to redraw; empty when w is 0 */
	/* Told when the focus moves, when a window's close is asked, and
	 * when a window's content size changed. */
	void (*on_focus)(struct window *from, struct window *to);
	void (*on_close)(struct window *win);
	void (*on_resize)(struct window *win);
	/* The window list changed: a window came, went, was focused,
	 * minimised or restored. */
	void (*on_change)(void);
	/* The launcher shortcut was pressed. */
	void (*on_launcher)(void);
	/* The lock shortcut was pressed: the session's to lock. */
	void (*on_lock)(void);
	/*
	 * The session is locked (wm_set_lock_pending): until the lock
	 * window is up, or again if it goes (its greeter crashed, say),
	 * nothing of the session is drawn or gets input.
	 */
	bool lock_pending;
};

extern const struct wm_shortcut wm_shortcuts[];
extern const size_t wm_shortcut_count;

void wm_init(struct wm *wm, int width, int height);

/*
 * Where the n-th of count windows goes: a grid under the panel, sized to
 * the screen, so none overlap. Returns the content rectangle.
 */
struct rect wm_place(const struct wm *wm, size_t n, size_t count);

/*
 * Where a window of w x h started later goes: inside the work area,
 * cascading by the n-th start so none lands exactly on another.
 */
struct rect wm_place_new(const struct wm *wm, int w, int h, size_t n);

/* Puts win on top (under the lock window, if any); it is drawn once it
 * has a frame. */
void wm_add(struct wm *wm, struct window *win);
/* Makes win the desktop: the whole screen, under every other window. */
void wm_add_desktop(struct wm *wm, struct window *win);
/*
 * Makes win the lock window (see struct wm): the whole screen, over every
 * window added before or after, focused. One at a time: while there is
 * one, another win is added as an ordinary window, under it. The caller
 * sizes win's buffers to the screen, as for the desktop.
 */
void wm_add_lock(struct wm *wm, struct window *win);
/* The lock window is up: no shortcut, drag or other window takes input. */
bool wm_locked(const struct wm *wm);
/* Locked without the lock window up: the screen shows and takes nothing. */
bool wm_blank(const struct wm *wm);
/* Says whether the session is locked; redraws the screen on a change. */
void wm_set_lock_pending(struct wm *wm, bool pending);
/*
 * The desktop's strips at the top and bottom that windows stay out of
 * (maximised windows are refitted), and the rectangles of it drawn
 * above the windows. Out-of-screen parts are cut off.
 */
bool wm_set_reserve(struct wm *wm, int top, int bottom);	/* false: too big */
void wm_set_raised(struct wm *wm, const struct rect *r, size_t n);
/* Gives win a new content rectangle (a resize tells its app). */
void wm_set_frame(struct wm *wm, struct window *win, struct rect frame);

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
/* What is at (x, y); while locked, the lock window's content everywhere. */
struct wm_hit wm_hit(const struct wm *wm, int x, int y);
/* The outline an edge drag shows (w is 0 when there is none). */
struct rect wm_resize_outline(const struct wm *wm);

/*
 * Focuses win (NULL: nothing) and raises it; restores it if minimised.
 * While locked, nothing but the lock window can be focused.
 */
void wm_focus(struct wm *wm, struct window *win);
void wm_minimise(struct wm *wm, struct window *win);
/*
 * Tells on_close, then hides the window; wm_reopen() shows it again
 * when its app starts (the lock window locks again, on top and focused).
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
 * the pointer (which the click has already focused). While locked it
 * uses nothing: every pointer event is the lock window's app's.
 */
bool wm_pointer(struct wm *wm, const struct user_input *ev);

/*
 * A key: true if it was a global shortcut (its release is eaten too).
 * While locked, none runs: every key is the lock window's app's.
 */
bool wm_key(struct wm *wm, const struct user_input *ev);

void wm_damage(struct wm *wm, struct rect r);
/* Adds the windows that flushed since the last call to the damage. */
void wm_collect_damage(struct wm *wm);

#endif
