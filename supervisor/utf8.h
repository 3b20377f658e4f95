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

/* Does s hold a control character (C0 but TAB, DEL, or C1)? */
bool utf8_has_control(const char *s, size_t len);

/*
 * Copies s into out (cap bytes, always NUL-terminated) with every control
 * character (C0 but TAB, DEL, C1) and every byte of malformed UTF-8
 * written as \xNN, so text from an app or a folder name can never move
 * the cursor, clear a line or pose as the supervisor's own output in a
 * log or a terminal. Stops early, at a whole escape, if out is too
 * small. Returns the length written.
 */
size_t utf8_escape(const char *s, size_t len, char *out, size_t cap);

#endif
