/*
 * utf8.c - UTF-8 by the book (RFC 3629): no overlong forms, no surrogates,
 * nothing past U+10FFFF.
 */
#include "utf8.h"

#include <string.h>

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

bool utf8_line_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n;

		if (s[i] == '\0')
			return false;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		/* U+FFFD decoded from anything but its own 3 bytes is an error. */
		if (cp == 0xFFFD && !(n == 3 && memcmp(s + i, "\xef\xbf\xbd", 3) == 0))
			return false;
		i += n;
	}
	return true;
}

/* A C0 control but TAB, DEL, or a C1 control (U+0080..U+009F). */
static bool is_control(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp <= 0x9f);
}

bool utf8_has_control(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char b = (unsigned char)s[i];
		uint32_t cp;

		/* Most text is ASCII: decide it without decoding. */
		if (b < 0x80) {
			if ((b < 0x20 && b != '\t') || b == 0x7f)
				return true;
			i++;
			continue;
		}
		i += utf8_decode(s + i, len - i, &cp);
		if (is_control(cp))
			return true;
	}
	return false;
}

size_t utf8_escape(const char *s, size_t len, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, o = 0;

	if (cap == 0)
		return 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp), k;
		bool malformed = cp == 0xFFFD &&
				 !(n == 3 && memcmp(s + i, "\xef\xbf\xbd", 3) == 0);

		if (malformed || is_control(cp) || s[i] == '\0') {
			/* Each byte of the sequence as \xNN. */
			if (o + 4 * n >= cap)
				break;
			for (k = 0; k < n; k++) {
				unsigned char b = (unsigned char)s[i + k];

				out[o++] = '\\';
				out[o++] = 'x';
				out[o++] = hex[b >> 4];
				out[o++] = hex[b & 15];
			}
		} else {
			if (o + n >= cap)
				break;
			memcpy(out + o, s + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return o;
}
