/*
 * fuzz_clipboard.c - libFuzzer target for the system clipboard
 * (clipboard.c), which takes text from any app holding `clipboard`. The
 * first byte picks the size of the buffer a paste is copied into (so cut
 * copies are tried as often as whole ones); the rest is split at 0xff
 * bytes into texts copied one after another. After each copy: it was
 * taken exactly when a plain reading of the rules takes it; a refused
 * one left the clipboard as it was; a paste is the text, or a prefix of
 * it that is itself well-formed (never half an escape).
 */
#include "clipboard.h"

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The rules as docs/desktop.md says them, written the other way round. */
static bool acceptable(const char *s, size_t len)
{
	size_t i = 0;

	if (len > CLIPBOARD_MAX)
		return false;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return false;
		if (c == '\\') {
			if (i + 1 >= len || !strchr("\\nt", s[i + 1]) ||
			    s[i + 1] == '\0')
				return false;
			i += 2;
		} else {
			i++;
		}
	}
	return true;
}

static char held[CLIPBOARD_MAX + 1];
static size_t held_len;

static void copy_one(const char *s, size_t len, size_t cap)
{
	static char out[CLIPBOARD_MAX + 1];
	const char *why = clipboard_set(s, len);
	size_t n;

	assert((why == NULL) == acceptable(s, len));
	assert(!why || *why);
	if (!why) {
		memcpy(held, s, len);
		held_len = len;
	}
	n = clipboard_get(out, sizeof(out));
	assert(n == held_len && memcmp(out, held, n) == 0 && out[n] == '\0');
	n = clipboard_get(out, cap);
	if (!cap) {
		assert(n == 0);
		return;
	}
	assert(n < cap && out[n] == '\0' && n <= held_len);
	assert(memcmp(out, held, n) == 0);
	assert(n == held_len || held_len >= cap - 1);
	assert(n + 1 >= cap - 1 || n == held_len);
	assert(clipboard_check(out, n) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p, *end, *cut;
	size_t cap;

	if (size < 1)
		return 0;
	cap = data[0] < 0xf0 ? data[0] : (size_t)CLIPBOARD_MAX + 1;
	p = (const char *)data + 1;
	end = (const char *)data + size;
	clipboard_clear();
	held_len = 0;
	while (p <= end) {
		cut = memchr(p, 0xff, (size_t)(end - p));
		if (!cut)
			cut = end;
		copy_one(p, (size_t)(cut - p), cap);
		p = cut + 1;
	}
	return 0;
}
