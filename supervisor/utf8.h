/*
 * utf8.h - UTF-8 decoding (for drawing text) and validation (for every
 * protocol line: malformed text never reaches another app).
 */
#ifndef VYOMA_UTF8_H
#define VYOMA_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Decodes one character from s (at most len bytes). Stores the code point
 * (U+FFFD for a malformed sequence) and returns the bytes consumed (at
 * least 1 when len > 0).
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *codepoint);

/* Well-formed UTF-8 with no NUL: what a protocol line may contain. */
bool utf8_line_valid(const char *s, size_t len);

#endif
