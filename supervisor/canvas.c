/*
 * canvas.c - software rendering into XRGB8888 pixel buffers. Everything is
 * clipped first, so no coordinate an app sends can touch memory outside
 * its own buffer.
 */
#include "canvas.h"
#include "font.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

int canvas_init(struct canvas *c, int width, int height)
{
	c->width = width;
	c->height = height;
	c->clip = (struct rect){ 0, 0, width, height };
	c->pixels = calloc((size_t)width * (size_t)height, sizeof(uint32_t));
	return c->pixels ? 0 : -1;
}

void canvas_free(struct canvas *c)
{
	free(c->pixels);
	c->pixels = NULL;
}

struct rect rect_intersect(struct rect a, struct rect b)
{
	int x0 = a.x > b.x ? a.x : b.x;
	int y0 = a.y > b.y ? a.y : b.y;
	long ax1 = (long)a.x + a.w, bx1 = (long)b.x + b.w;
	long ay1 = (long)a.y + a.h, by1 = (long)b.y + b.h;
	long x1 = ax1 < bx1 ? ax1 : bx1;
	long y1 = ay1 < by1 ? ay1 : by1;
	struct rect r = { x0, y0, 0, 0 };

	if (x1 > x0 && y1 > y0) {
		r.w = (int)(x1 - x0);
		r.h = (int)(y1 - y0);
	}
	return r;
}

struct rect rect_union(struct rect a, struct rect b)
{
	int x0, y0, x1, y1;

	if (a.w <= 0 || a.h <= 0)
		return b;
	if (b.w <= 0 || b.h <= 0)
		return a;
	x0 = a.x < b.x ? a.x : b.x;
	y0 = a.y < b.y ? a.y : b.y;
	x1 = a.x + a.w > b.x + b.w ? a.x + a.w : b.x + b.w;
	y1 = a.y + a.h > b.y + b.h ? a.y + a.h : b.y + b.h;
	return (struct rect){ x0, y0, x1 - x0, y1 - y0 };
}

void canvas_clip(struct canvas *c, struct rect r)
{
	c->clip = rect_intersect(r, (struct rect){ 0, 0, c->width,
						   c->height });
}

void canvas_unclip(struct canvas *c)
{
	c->clip = (struct rect){ 0, 0, c->width, c->height };
}

static inline uint32_t blend(uint32_t dst, uint32_t rgb, uint32_t a)
{
	uint32_t out = 0;
	int shift;

	for (shift = 0; shift <= 16; shift += 8) {
		uint32_t s = (rgb >> shift) & 0xFF, d = (dst >> shift) & 0xFF;

		/* Rounded (s * a + d * (255 - a)) / 255. */
		uint32_t v = s * a + d * (255 - a) + 127;

		out |= ((v + (v >> 8)) >> 8) << shift;
	}
	return out;
}

static inline void put_pixel(uint32_t *p, uint32_t rgb, uint32_t a)
{
	if (a == 0xFF)
		*p = rgb;
	else if (a)
		*p = blend(*p, rgb, a);
}

void canvas_fill_rect(struct canvas *c, struct rect r, uint32_t rgba)
{
	uint32_t rgb = rgba >> 8, a = rgba & 0xFF;
	int x, y;

	r = rect_intersect(r, c->clip);
	if (!r.w || !a)
		return;
	for (y = r.y; y < r.y + r.h; y++) {
		uint32_t *row = c->pixels + (size_t)y * c->width;

		if (a == 0xFF) {
			for (x = r.x; x < r.x + r.w; x++)
				row[x] = rgb;
		} else {
			for (x = r.x; x < r.x + r.w; x++)
				row[x] = blend(row[x], rgb, a);
		}
	}
}

int canvas_draw_text(struct canvas *c, int x, int y, uint32_t rgba, char size,
		     const char *text, size_t len, struct rect clip)
{
	const struct font *font = font_for_size(size);
	uint32_t rgb = rgba >> 8, a = rgba & 0xFF;
	size_t i = 0;

	if (!font)
		return x;
	clip = rect_intersect(clip, c->clip);
	while (i < len) {
		uint32_t cp;
		const uint16_t *rows;
		struct rect cell = { x, y, font->width, font->height };
		struct rect vis;
		int gx, gy;

		i += utf8_decode(text + i, len - i, &cp);
		if (x >= clip.x + clip.w)
			break;	/* the rest of the line is outside the clip */
		vis = rect_intersect(cell, clip);
		rows = font_glyph(font, cp);
		for (gy = vis.y; gy < vis.y + vis.h; gy++) {
			uint16_t bits = rows[gy - y];
			uint32_t *row = c->pixels + (size_t)gy * c->width;

			for (gx = vis.x; gx < vis.x + vis.w; gx++)
				if (bits & (0x8000 >> (gx - x)))
					put_pixel(row + gx, rgb, a);
		}
		x += font->width;
	}
	return x;
}

void canvas_draw_rgb(struct canvas *c, struct rect r, const uint8_t *rgb)
{
	struct rect v = rect_intersect(r, c->clip);
	int x, y;

	for (y = v.y; y < v.y + v.h; y++) {
		uint32_t *row = c->pixels + (size_t)y * c->width;
		const uint8_t *src = rgb + ((size_t)(y - r.y) * r.w +
					    (size_t)(v.x - r.x)) * 3;

		for (x = v.x; x < v.x + v.w; x++, src += 3)
			row[x] = (uint32_t)src[0] << 16 |
				 (uint32_t)src[1] << 8 | src[2];
	}
}

void canvas_blit(struct canvas *dst, const struct canvas *src, int x, int y)
{
	struct rect r = rect_intersect((struct rect){ x, y, src->width,
						      src->height }, dst->clip);
	int row;

	for (row = r.y; row < r.y + r.h; row++)
		memcpy(dst->pixels + (size_t)row * dst->width + r.x,
		       src->pixels + (size_t)(row - y) * src->width + (r.x - x),
		       (size_t)r.w * sizeof(uint32_t));
}
