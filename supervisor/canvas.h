/*
 * canvas.h - a pixel buffer (XRGB8888, the layout Linux framebuffers use)
 * and the drawing primitives on it: clipped, alpha-blended rectangles,
 * bitmap text and blits. Windows, the desktop and screenshots all use it.
 */
#ifndef VYOMA_CANVAS_H
#define VYOMA_CANVAS_H

#include <stddef.h>
#include <stdint.h>

struct rect {
	int x, y, w, h;
};

struct canvas {
	int width, height;
	uint32_t *pixels;	/* width * height, 0x00RRGGBB */
	struct rect clip;	/* every drawing op stays inside it */
};

int canvas_init(struct canvas *c, int width, int height);
void canvas_free(struct canvas *c);

/* rgba is 0xRRGGBBAA; alpha below 0xFF blends over what is there. */
void canvas_fill_rect(struct canvas *c, struct rect r, uint32_t rgba);

/*
 * Draws UTF-8 text at (x, y) in the font for size ('s', 'm', 'l'),
 * clipped to clip. Returns the x after the last glyph.
 */
int canvas_draw_text(struct canvas *c, int x, int y, uint32_t rgba, char size,
		     const char *text, size_t len, struct rect clip);

/*
 * Draws an image opaque with its top-left corner at (r.x, r.y), clipped:
 * rgb holds r.w * r.h RGB triples, row-major.
 */
void canvas_draw_rgb(struct canvas *c, struct rect r, const uint8_t *rgb);

/* Copies src into dst with src's top-left corner at (x, y), clipped. */
void canvas_blit(struct canvas *dst, const struct canvas *src, int x, int y);

/* The part of a that lies inside b (w or h 0 when they do not meet). */
struct rect rect_intersect(struct rect a, struct rect b);

/* The smallest rectangle holding both; an empty one adds nothing. */
struct rect rect_union(struct rect a, struct rect b);

/* Limits drawing to r (within the canvas); canvas_unclip() undoes it. */
void canvas_clip(struct canvas *c, struct rect r);
void canvas_unclip(struct canvas *c);

#endif
