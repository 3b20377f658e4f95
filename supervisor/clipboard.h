/*
 * clipboard.h - the one system clipboard (docs/desktop.md): text copied
 * by one app and pasted by another, kept in its escaped one-line form
 * (`\\` a backslash, `\n` a newline, `\t` a tab) so it can travel in a
 * protocol line both ways. The `clipboard` command is its only way in.
 */
#ifndef VYOMA_CLIPBOARD_H
#define VYOMA_CLIPBOARD_H

#include <stddef.h>

#define CLIPBOARD_MAX 4000	/* bytes of escaped text it holds */

/*
 * Checks text (len bytes, escaped) and, if it is well formed, makes it
 * the clipboard's (empty text clears it). Returns NULL, or why it was
 * refused (the clipboard is then unchanged).
 */
const char *clipboard_set(const char *text, size_t len);

/*
 * Copies the clipboard's escaped text into out (cap bytes, always
 * NUL-terminated, cut at a whole escape if it does not fit) and returns
 * its length.
 */
size_t clipboard_get(char *out, size_t cap);

/* Is text well-formed escaped clipboard text? NULL, or why not. */
const char *clipboard_check(const char *text, size_t len);

/* Empties it (for tests). */
void clipboard_clear(void);

#endif
