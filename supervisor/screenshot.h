/*
 * screenshot.h - a canvas as a PNG (libpng): the screenshot format.
 */
#ifndef VYOMA_SCREENSHOT_H
#define VYOMA_SCREENSHOT_H

#include <stddef.h>

#include "canvas.h"

/* Encodes c into a malloc'd buffer; 0, or -1 with a message in err. */
int png_encode_canvas(const struct canvas *c, unsigned char **out,
		      size_t *len, char *err, size_t errlen);

/* Writes c to the file at path (a path the operator chose). */
int png_write_canvas(const char *path, const struct canvas *c, char *err,
		     size_t errlen);

/*
 * Writes c as name in the directory dirfd (an app's /data), atomically
 * and never through a link the app may have planted there.
 */
int png_write_canvas_at(int dirfd, const char *name, const struct canvas *c,
			char *err, size_t errlen);

#endif
