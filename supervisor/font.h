/*
 * font.h - the three bitmap fonts of draw_text (s = 4x8, m = 8x16,
 * l = 16x32), generated at build time from Debian's misc-fixed and Terminus
 * fonts, and the glyph lookup.
 */
#ifndef VYOMA_FONT_H
#define VYOMA_FONT_H

#include <stddef.h>
#include <stdint.h>

struct font {
	int width;			/* cell width in pixels, <= 16 */
	int height;			/* cell height in pixels */
	size_t count;
	const uint32_t *codepoints;	/* sorted ascending */
	const uint16_t *rows;		/* count * height rows, bit 15 leftmost */
};

extern const struct font font_s, font_m, font_l;

/* The font for a protocol size letter ('s', 'm', 'l'), or NULL. */
const struct font *font_for_size(char size);

/* The glyph rows for codepoint, or the replacement glyph U+FFFD. */
const uint16_t *font_glyph(const struct font *font, uint32_t codepoint);


#endif
