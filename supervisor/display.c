/*
 * display.c - back end selection and the compositor. Windows get a plain
 * grid placement and simple decorations (title bar in the window's accent
 * colour, a one-pixel border); the window manager proper comes later.
 */
#include "display.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct display_backend *const backends[] = {
	&display_headless,
	&display_fbdev,
};

#define DESKTOP_RGBA 0x0F172AFF
#define PANEL_RGBA 0x020617FF
#define BORDER_RGBA 0x475569FF
#define FOCUS_RGBA 0xFACC15FF	/* a border no accent colour is close to */
#define FOCUS_WIDTH 3
#define GAP 12

struct display *display_open(const char *backend, int width, int height,
			     char *err, size_t errlen)
{
	struct display *d;
	size_t i;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (strcmp(backends[i]->name, backend) == 0)
			break;
	if (i == sizeof(backends) / sizeof(backends[0])) {
		snprintf(err, errlen, "unknown display '%s' (available: "
			 "headless, fbdev)", backend);
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

struct rect display_place_window(const struct display *d, size_t n,
				 size_t count)
{
	size_t cols = 1, rows;
	int cell_w, cell_h, top = PANEL_HEIGHT + GAP;
	struct rect r;

	while (cols * cols < count)
		cols++;
	rows = (count + cols - 1) / cols;
	if (rows == 0)
		rows = 1;
	cell_w = (d->fb.width - GAP) / (int)cols;
	cell_h = (d->fb.height - top) / (int)rows;
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

static void draw_decorations(struct canvas *fb, const struct window *w,
			     bool focused)
{
	struct rect f = w->frame;
	struct rect outer = { f.x - 1, f.y - TITLE_BAR_HEIGHT, f.w + 2,
			      f.h + TITLE_BAR_HEIGHT + 1 };

	if (focused) {
		struct rect ring = { outer.x - FOCUS_WIDTH, outer.y - FOCUS_WIDTH,
				     outer.w + 2 * FOCUS_WIDTH,
				     outer.h + 2 * FOCUS_WIDTH };

		canvas_fill_rect(fb, ring, FOCUS_RGBA);
	}
	struct rect bar = { f.x, f.y - TITLE_BAR_HEIGHT + 1, f.w,
			    TITLE_BAR_HEIGHT - 1 };

	canvas_fill_rect(fb, outer, BORDER_RGBA);
	canvas_fill_rect(fb, bar, w->accent);
	canvas_draw_text(fb, bar.x + 6, bar.y + 1, 0xFFFFFFFF, 'm', w->title,
			 strlen(w->title), bar);
}

void display_compose(struct display *d, struct window *const *windows,
		     size_t count, const struct window *focused)
{
	struct rect screen = { 0, 0, d->fb.width, d->fb.height };
	struct rect panel = { 0, 0, d->fb.width, PANEL_HEIGHT };
	static const char brand[] = "VyomaOS";
	size_t i;

	canvas_fill_rect(&d->fb, screen, DESKTOP_RGBA);
	canvas_fill_rect(&d->fb, panel, PANEL_RGBA);
	canvas_draw_text(&d->fb, 8, 4, 0x93C5FDFF, 'm', brand,
			 sizeof(brand) - 1, panel);
	for (i = 0; i < count; i++) {
		struct window *w = windows[i];

		draw_decorations(&d->fb, w, w == focused);
		pthread_mutex_lock(&w->lock);
		if (w->presented)
			canvas_blit(&d->fb, &w->front, w->frame.x, w->frame.y);
		pthread_mutex_unlock(&w->lock);
	}
	d->backend->present(d, screen);
}
