/*
 * font.c - glyph lookup in the generated font tables. The tables
 * themselves are build/gen/font_data.c.
 */
#include "font.h"

const struct font *font_for_size(char size)
{
	switch (size) {
	case 's':
		return &font_s;
	case 'm':
		return &font_m;
	case 'l':
		return &font_l;
	}
	return NULL;
}

static const uint16_t *lookup(const struct font *font, uint32_t cp)
{
	size_t lo = 0, hi = font->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (font->codepoints[mid] == cp)
			return font->rows + mid * (size_t)font->height;
		if (font->codepoints[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const uint16_t *font_glyph(const struct font *font, uint32_t codepoint)
{
	const uint16_t *rows = lookup(font, codepoint);

	/* The generator guarantees U+FFFD is present. */
	return rows ? rows : lookup(font, 0xFFFD);
}
