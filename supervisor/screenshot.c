/*
 * screenshot.c - canvas to PNG through libpng, 8-bit RGB, no alpha (the
 * screen has none), encoded into memory and then written whole. libpng
 * reports errors by longjmp, so all state that must be released is set
 * up before the setjmp.
 */
#include "screenshot.h"
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <png.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct membuf {
	unsigned char *data;
	size_t len, cap;
	bool failed;
};

static void mem_write(png_structp png, png_bytep data, png_size_t n)
{
	struct membuf *m = png_get_io_ptr(png);

	if (m->failed)
		return;
	if (m->len + n > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 65536;
		unsigned char *p;

		while (cap < m->len + n)
			cap *= 2;
		p = realloc(m->data, cap);
		if (!p) {
			m->failed = true;
			return;
		}
		m->data = p;
		m->cap = cap;
	}
	memcpy(m->data + m->len, data, n);
	m->len += n;
}

static void mem_flush(png_structp png)
{
	(void)png;
}

int png_encode_canvas(const struct canvas *c, unsigned char **out,
		      size_t *len, char *err, size_t errlen)
{
	png_structp png = NULL;
	png_infop info = NULL;
	struct membuf m = { NULL, 0, 0, false };
	unsigned char *row = malloc((size_t)c->width * 3);
	volatile int rc = -1;
	int y, x;

	if (!row) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		snprintf(err, errlen, "libpng init failed");
		goto out;
	}
	if (setjmp(png_jmpbuf(png))) {
		snprintf(err, errlen, "libpng write failed");
		goto out;
	}
	png_set_write_fn(png, &m, mem_write, mem_flush);
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
	if (m.failed) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	*out = m.data;
	*len = m.len;
	m.data = NULL;
	rc = 0;
out:
	if (png)
		png_destroy_write_struct(&png, info ? &info : NULL);
	free(m.data);
	free(row);
	return rc;
}

int png_write_canvas_at(int dirfd, const char *name, const struct canvas *c,
			char *err, size_t errlen)
{
	unsigned char *png;
	size_t len;
	int rc;

	if (png_encode_canvas(c, &png, &len, err, errlen))
		return -1;
	rc = file_write_atomic_at(dirfd, name, png, len, 0644);
	if (rc)
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
	free(png);
	return rc;
}

int png_write_canvas(const char *path, const struct canvas *c, char *err,
		     size_t errlen)
{
	unsigned char *png;
	size_t len;
	FILE *f;
	int rc = -1;

	if (png_encode_canvas(c, &png, &len, err, errlen))
		return -1;
	f = fopen(path, "wb");
	if (f && fwrite(png, 1, len, f) == len && fclose(f) == 0)
		rc = 0;
	else if (f)
		fclose(f);
	if (rc)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	free(png);
	return rc;
}
