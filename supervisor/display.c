/*
 * display.c - back end selection and the compositor: the desktop, the
 * panel, every visible window with its decorations in stacking order,
 * and the shortcut overlay, redrawn only inside the window manager's
 * damage rectangle; or, while the screen is locked, the lock window
 * alone. The frame is composed off screen and then presented,
 * so the screen never shows a half-drawn one.
 */
#include "display.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct display_backend *const backends[] = {
	&display_headless,
	&display_fbdev,
	&display_sdl,	/* NULL when not linked in */
};

#define DESKTOP_RGBA 0x0F172AFF
#define PANEL_RGBA 0x020617FF
#define BORDER_RGBA 0x475569FF
#define FOCUS_RGBA 0xFACC15FF	/* a border no accent colour is close to */
#define BUTTON_RGBA 0x00000060	/* darkens the accent under it */
#define TASK_RGBA 0x1E293BFF
#define OVERLAY_RGBA 0x020617E8
#define TEXT_RGBA 0xFFFFFFFF
#define DIM_TEXT_RGBA 0x94A3B8FF

struct display *display_open(const char *backend, int width, int height,
			     char *err, size_t errlen)
{
	struct display *d;
	size_t i;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (backends[i] && strcmp(backends[i]->name, backend) == 0)
			break;
	if (i == sizeof(backends) / sizeof(backends[0])) {
		snprintf(err, errlen, "unknown display '%s' (available: "
			 "headless, fbdev%s)", backend,
			 &display_sdl ? ", sdl" : "");
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, errlen, "out of memory for a display");
		return NULL;
	}
	d->backend = backends[i];
	if (d->backend->open(d, &width, &height)) {
		snprintf(err, errlen, "cannot open the %s display", backend);
		free(d);
		return NULL;
	}
	if (canvas_init(&d->fb, width, height)) {
		snprintf(err, errlen, "out of memory for a %dx%d display",
			 width, height);
		d->backend->close(d);
		free(d);
		return NULL;
	}
	return d;
}

void display_close(struct display *d)
{
	if (!d)
		return;
	d->backend->close(d);
	canvas_free(&d->fb);
	free(d);
}

static void text(struct canvas *fb, int x, int y, uint32_t rgba,
		 const char *s, struct rect clip)
{
	canvas_draw_text(fb, x, y, rgba, 'm', s, strlen(s), clip);
}

static void draw_button(struct canvas *fb, struct rect r, const char *glyph)
{
	canvas_fill_rect(fb, r, BUTTON_RGBA);
	text(fb, r.x + (r.w - 8) / 2, r.y, TEXT_RGBA, glyph, r);
}

static void draw_decorations(struct canvas *fb, const struct window *w,
			     bool focused)
{
	struct rect f = w->frame, bar = wm_title_bar(w);
	struct rect border = { f.x - 1, f.y - TITLE_BAR_HEIGHT, f.w + 2,
			       f.h + TITLE_BAR_HEIGHT + 1 };
	struct rect title_clip = bar;

	if (focused)
		canvas_fill_rect(fb, wm_outer(w), FOCUS_RGBA);
	canvas_fill_rect(fb, border, BORDER_RGBA);
	canvas_fill_rect(fb, bar, w->accent);
	title_clip.w = wm_minimise_button(w).x - bar.x - 4;
	text(fb, bar.x + 6, bar.y + 1, TEXT_RGBA, w->title, title_clip);
	draw_button(fb, wm_minimise_button(w), "_");
	draw_button(fb, wm_close_button(w), "\xc3\x97");	/* U+00D7 */
}

static void draw_panel(struct canvas *fb, const struct wm *wm)
{
	struct rect panel = { 0, 0, wm->width, PANEL_HEIGHT };
	size_t i, n = 0;

	canvas_fill_rect(fb, panel, PANEL_RGBA);
	text(fb, 8, 4, 0x93C5FDFF, "VyomaOS", panel);
	for (i = 0; i < wm->count; i++) {
		const struct window *w = wm->stack[i];
		struct rect b;

		if (!wm_in_panel(w))
			continue;
		b = wm_task_button(wm, n++);
		canvas_fill_rect(fb, b, TASK_RGBA);
		canvas_fill_rect(fb, (struct rect){ b.x, b.y + b.h - 2, b.w, 2 },
				 w->accent);
		text(fb, b.x + 6, b.y + 1, TEXT_RGBA, w->title,
		     (struct rect){ b.x, b.y, b.w - 4, b.h });
	}
	if (wm->width > 420)
		text(fb, wm->width - 216, 4, DIM_TEXT_RGBA,
		     "F1: keyboard shortcuts", panel);
}

#define OVERLAY_LINE 20

/* Every global shortcut, from the window manager's own table. */
static void draw_overlay(struct canvas *fb, const struct wm *wm)
{
	static const char *const mouse[][2] = {
		{ "Click", "focus and raise a window" },
		{ "Drag a title bar", "move the window (an edge: resize it)" },
		{ "_ / \xc3\x97", "minimise / close (panel: restore)" },
	};
	size_t lines = 3 + 2, i;
	struct rect box = { 0, 0, 600, 0 };
	int y;

	for (i = 0; i < wm_shortcut_count; i++)
		lines += wm_shortcuts[i].keys != NULL;
	box.h = (int)lines * OVERLAY_LINE + 24;
	box.x = (wm->width - box.w) / 2;
	box.y = (wm->height - box.h) / 2;
	canvas_fill_rect(fb, box, OVERLAY_RGBA);
	canvas_fill_rect(fb, (struct rect){ box.x, box.y, box.w, 2 },
			 FOCUS_RGBA);
	y = box.y + 12;
	text(fb, box.x + 16, y, FOCUS_RGBA, "Keyboard shortcuts", box);
	y += OVERLAY_LINE + 8;
	for (i = 0; i < wm_shortcut_count; i++) {
		if (!wm_shortcuts[i].keys)
			continue;
		text(fb, box.x + 16, y, TEXT_RGBA, wm_shortcuts[i].keys, box);
		text(fb, box.x + 232, y, DIM_TEXT_RGBA, wm_shortcuts[i].what,
		     box);
		y += OVERLAY_LINE;
	}
	for (i = 0; i < 3; i++, y += OVERLAY_LINE) {
		text(fb, box.x + 16, y, TEXT_RGBA, mouse[i][0], box);
		text(fb, box.x + 232, y, DIM_TEXT_RGBA, mouse[i][1], box);
	}
}

/* A window's content, clipped to its frame and to the damage. */
static void draw_content(struct canvas *fb, struct window *w,
			 struct rect damage, struct rect clip)
{
	/* Until a resized app redraws, its old frame may be bigger than
	 * the window: never let it spill out. */
	canvas_clip(fb, rect_intersect(damage, rect_intersect(clip,
							      w->frame)));
	pthread_mutex_lock(&w->lock);
	if (w->presented)
		canvas_blit(fb, &w->front, w->frame.x, w->frame.y);
	pthread_mutex_unlock(&w->lock);
	canvas_clip(fb, damage);
}

/* The outline an edge drag shows until the button is released. */
static void draw_resize_outline(struct canvas *fb, struct rect o)
{
	canvas_fill_rect(fb, (struct rect){ o.x, o.y, o.w, 2 }, FOCUS_RGBA);
	canvas_fill_rect(fb, (struct rect){ o.x, o.y + o.h - 2, o.w, 2 },
			 FOCUS_RGBA);
	canvas_fill_rect(fb, (struct rect){ o.x, o.y, 2, o.h }, FOCUS_RGBA);
	canvas_fill_rect(fb, (struct rect){ o.x + o.w - 2, o.y, 2, o.h },
			 FOCUS_RGBA);
}

/* The session: the panel or the desktop, the windows, what is over them. */
static void draw_session(struct display *d, struct wm *wm, struct rect damage)
{
	struct window *desk = wm->desktop;
	bool has_desktop = desk && wm_visible(desk);
	size_t i;

	if (!has_desktop)
		draw_panel(&d->fb, wm);
	for (i = 0; i < wm->count; i++) {
		struct window *w = wm->stack[i];

		if (!wm_visible(w) ||
		    !rect_intersect(wm_outer(w), damage).w)
			continue;
		if (!w->undecorated)
			draw_decorations(&d->fb, w, w == wm->focused);
		draw_content(&d->fb, w, damage, w->frame);
	}
	/* The desktop's taskbar, launcher and notifications: over all. */
	for (i = 0; has_desktop && i < wm->raised_count; i++)
		if (rect_intersect(wm->raised[i], damage).w)
			draw_content(&d->fb, desk, damage, wm->raised[i]);
	if (wm->resizing)
		draw_resize_outline(&d->fb, wm_resize_outline(wm));
	if (wm->overlay)
		draw_overlay(&d->fb, wm);
}

void display_compose(struct display *d, struct wm *wm)
{
	struct rect damage = wm->damage;

	if (damage.w <= 0 || damage.h <= 0)
		return;
	canvas_clip(&d->fb, damage);
	canvas_fill_rect(&d->fb, damage, DESKTOP_RGBA);
	/*
	 * Locked: the greeter alone, over the plain background. Nothing of
	 * the session is drawn, not even under it, so no window shows
	 * around or through it, nor before its window is up or after it
	 * went (wm_blank).
	 */
	if (wm_locked(wm))
		draw_content(&d->fb, wm->lock, damage, wm->lock->frame);
	else if (!wm_blank(wm))
		draw_session(d, wm, damage);
	canvas_unclip(&d->fb);
	d->backend->present(d, damage);
	wm->damage = (struct rect){ 0, 0, 0, 0 };
}
