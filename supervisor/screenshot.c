/*
 * screenshot.c - canvas to PNG through libpng, 8-bit RGB, no alpha (the screen
 * has none). libpng reports errors by longjmp, so all state that must be
 * released is set up before the setjmp.
 */
#include "screenshot.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int png_write_canvas(const char *path, const struct canvas *c, char *err,
		     size_t errlen)
{
	png_structp png = NULL;
	png_infop info = NULL;
	unsigned char *row = malloc((size_t)c->width * 3);
	FILE *f = fopen(path, "wb");
	int y, x, rc = -1;

	if (!f || !row) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		snprintf(err, errlen, "%s: libpng init failed", path);
		goto out;
	}
	if (setjmp(png_jmpbuf(png))) {
		snprintf(err, errlen, "%s: libpng write failed", path);
		goto out;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)c->width, (png_uint_32)c->height,
		     8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (y = 0; y < c->height; y++) {
		const uint32_t *src = c->pixels + (size_t)y * c->width;

		for (x = 0; x < c->width; x++) {
			row[3 * x] = (unsigned char)(src[x] >> 16);
			row[3 * x + 1] = (unsigned char)(src[x] >> 8);
			row[3 * x + 2] = (unsigned char)src[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	rc = 0;
out:
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	if (f && fclose(f) != 0 && rc == 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(row);
	return rc;
}
