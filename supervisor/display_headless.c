/*
 * display_headless.c - the display back end with no screen at all: the
 * framebuffer lives in memory and is only seen through screenshots. What
 * tests and CI use; it must render exactly what the real screen would.
 */
#include "display.h"

static int headless_open(struct display *d, int *width, int *height)
{
	(void)d;
	(void)width;
	(void)height;
	return 0;
}

static void headless_present(struct display *d, struct rect damage)
{
	(void)d;
	(void)damage;
}

static void headless_close(struct display *d)
{
	(void)d;
}

const struct display_backend display_headless = {
	.name = "headless",
	.open = headless_open,
	.present = headless_present,
	.close = headless_close,
};
