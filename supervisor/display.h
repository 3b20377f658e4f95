/*
 * display.h - the screen: one small interface (open, present, close) with
 * back ends in their own files (display_headless.c for tests and CI,
 * display_fbdev.c in the image, display_sdl.c on a desktop), plus the compositor that draws the desktop and the windows into
 * the framebuffer. Nothing outside display*.c knows which back end runs.
 */
#ifndef VYOMA_DISPLAY_H
#define VYOMA_DISPLAY_H

#include <stddef.h>

#include "canvas.h"
#include "input.h"
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
	/* A back end with its own input (SDL) hands it over here, and is
	 * asked every pump_ms; others leave both 0. */
	void (*pump)(struct display *d, input_sink sink);
	int pump_ms;
};

struct display {
	const struct display_backend *backend;
	struct canvas fb;
	void *priv;
};

extern const struct display_backend display_headless;
extern const struct display_backend display_fbdev;
/* Only in the hosted supervisor: weak, so /init links without SDL. */
extern const struct display_backend display_sdl __attribute__((weak));

/* Opens the named back end ("headless", "fbdev", "sdl") at width x height. */
struct display *display_open(const char *backend, int width, int height,
			     char *err, size_t errlen);
void display_close(struct display *d);

/*
 * Redraws what the window manager marked damaged (desktop, panel,
 * visible windows with decorations, overlay) and presents it.
 */
void display_compose(struct display *d, struct wm *wm);

#endif
