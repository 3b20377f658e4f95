/*
 * display.h - the screen: one small interface (open, present, close) with
 * back ends in their own files (display_headless.c for tests and CI,
 * display_fbdev.c in the image), plus the compositor that draws the desktop and the windows into
 * the framebuffer. Nothing outside display*.c knows which back end runs.
 */
#ifndef VYOMA_DISPLAY_H
#define VYOMA_DISPLAY_H

#include <stddef.h>

#include "canvas.h"
#include "window.h"

#define TITLE_BAR_HEIGHT 20
#define PANEL_HEIGHT 24

struct display;

struct display_backend {
	const char *name;
	/* May replace the requested size with the screen's own. */
	int (*open)(struct display *d, int *width, int *height);
	/* Shows the framebuffer; a back end may copy just the damage. */
	void (*present)(struct display *d, struct rect damage);
	void (*close)(struct display *d);
};

struct display {
	const struct display_backend *backend;
	struct canvas fb;
	void *priv;
};

extern const struct display_backend display_headless;
extern const struct display_backend display_fbdev;

/* Opens the named back end ("headless", "fbdev") at width x height. */
struct display *display_open(const char *backend, int width, int height,
			     char *err, size_t errlen);
void display_close(struct display *d);

/*
 * Draws desktop, decorations and every window's front buffer, with a
 * focus border around focused (which may be NULL); presents.
 */
void display_compose(struct display *d, struct window *const *windows,
		     size_t count, const struct window *focused);

/*
 * Where the n-th of count windows goes: a grid under the top panel, sized
 * to the screen. Returns the content rectangle (inside the decorations).
 */
struct rect display_place_window(const struct display *d, size_t n,
				 size_t count);

#endif
