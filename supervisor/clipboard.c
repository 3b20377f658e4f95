/*
 * clipboard.c - the system clipboard (clipboard.h). Commands run on the
 * callers' threads, so one mutex guards the text; a reader gets a copy
 * taken under it, never a half-written clipboard.
 */
#include "clipboard.h"

#include <pthread.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char text_buf[CLIPBOARD_MAX + 1];
static size_t text_len;

/*
 * Only the three escapes, and no raw control character (a tab too must
 * come escaped): what is stored is exactly what `get` sends back, one
 * line any app can unescape the same way.
 */
const char *clipboard_check(const char *text, size_t len)
{
	size_t i;

	if (len > CLIPBOARD_MAX)
		return "clipboard text longer than 4000 bytes";
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c < 0x20 || c == 0x7f)
			return "control characters must be escaped as \\n "
			       "or \\t";
		if (c != '\\')
			continue;
		if (i + 1 == len || (text[i + 1] != '\\' &&
				     text[i + 1] != 'n' && text[i + 1] != 't'))
			return "bad escape in clipboard text: only \\\\, \\n "
			       "and \\t";
		i++;
	}
	return NULL;
}

const char *clipboard_set(const char *text, size_t len)
{
	const char *why = clipboard_check(text, len);

	if (why)
		return why;
	pthread_mutex_lock(&lock);
	memcpy(text_buf, text, len);
	text_len = len;
	pthread_mutex_unlock(&lock);
	return NULL;
}

size_t clipboard_get(char *out, size_t cap)
{
	size_t n;

	if (!cap)
		return 0;
	pthread_mutex_lock(&lock);
	n = text_len < cap - 1 ? text_len : cap - 1;
	memcpy(out, text_buf, n);
	pthread_mutex_unlock(&lock);
	/* Never end on half an escape. */
	if (n < text_len) {
		size_t slashes = 0;

		while (slashes < n && out[n - 1 - slashes] == '\\')
			slashes++;
		n -= slashes % 2;
	}
	out[n] = '\0';
	return n;
}

void clipboard_clear(void)
{
	pthread_mutex_lock(&lock);
	text_len = 0;
	pthread_mutex_unlock(&lock);
}
