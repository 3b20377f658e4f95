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
#include "wm.h"

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
 * Redraws what the window manager marked damaged (desktop, panel,
 * visible windows with decorations, overlay) and presents it.
 */
void display_compose(struct display *d, struct wm *wm);

#endif
