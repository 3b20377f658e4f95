/*
 * font.c - glyph lookup in the generated font tables and the UTF-8 decoder
 * draw_text uses. The tables themselves are build/gen/font_data.c.
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

size_t utf8_decode(const char *str, size_t len, uint32_t *codepoint)
{
	const unsigned char *s = (const unsigned char *)str;
	static const uint32_t min_for_len[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t need, i;
	uint32_t cp;

	*codepoint = 0xFFFD;
	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*codepoint = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		need = 2;
		cp = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		need = 3;
		cp = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		need = 4;
		cp = s[0] & 0x07;
	} else {
		return 1;
	}
	for (i = 1; i < need; i++) {
		if (i >= len || (s[i] & 0xC0) != 0x80)
			return i;	/* resync at the first non-continuation */
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past Unicode are malformed. */
	if (cp < min_for_len[need] || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return need;
	*codepoint = cp;
	return need;
}
