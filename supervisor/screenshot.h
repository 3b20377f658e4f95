/*
 * screenshot.h - writes a canvas as a PNG file (libpng): the screenshot format.
 */
#ifndef VYOMA_SCREENSHOT_H
#define VYOMA_SCREENSHOT_H

#include <stddef.h>

#include "canvas.h"

/* Returns 0, or -1 with a message in err. */
int png_write_canvas(const char *path, const struct canvas *c, char *err,
		     size_t errlen);

#endif
