/*
 * vyoma_utf8.h - the one check of a UTF-8 sequence (RFC 3629) that the
 * apps which take text from outside make before they draw, store or
 * pass it on: the editor, the chat, the JSON formatter and the Markdown
 * viewer. The supervisor refuses a draw line that is not well-formed
 * UTF-8, so every app must agree with it on what is.
 *
 * Header-only, no state; an app carries it only if it calls it.
 */
#ifndef VYOMA_UTF8_H
#define VYOMA_UTF8_H

#include <stddef.h>

/*
 * The length of the well-formed sequence at s, of which avail bytes are
 * there: 1 for an ASCII byte, 2 to 4 for a sequence, 0 when none starts
 * there (a stray continuation byte, an overlong form, a surrogate, a
 * code point past 10FFFF, a sequence cut short).
 */
static inline int vy_utf8_len(const unsigned char *s, size_t avail)
{
	int c = s[0], n, lo = 0x80, hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	/* The second byte's range rules out what the first cannot. */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if ((size_t)n > avail)
		return 0;
	for (int i = 1; i < n; i++, lo = 0x80, hi = 0xBF)
		if (s[i] < lo || s[i] > hi)
			return 0;
	return n;
}

#endif
