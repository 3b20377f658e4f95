/*
 * test_clipboard.c - the system clipboard (clipboard.c): what a copy
 * stores and a paste returns, and every malformed text refused with the
 * clipboard left as it was: bad and trailing escapes, raw control
 * characters, one byte too long. Also copies from many threads at once,
 * so a paste never sees half of one.
 */
#include "check.h"
#include "clipboard.h"

#include <pthread.h>
#include <stdlib.h>

static const char *set(const char *text)
{
	return clipboard_set(text, strlen(text));
}

static const char *get(void)
{
	static char buf[CLIPBOARD_MAX + 1];

	clipboard_get(buf, sizeof(buf));
	return buf;
}

static void test_round_trip(void)
{
	char buf[8];

	CHECK_STR(get(), "");	/* empty until someone copies */
	CHECK(set("hello world") == NULL);
	CHECK_STR(get(), "hello world");
	CHECK(set("a\\nb\\tc\\\\d") == NULL);
	CHECK_STR(get(), "a\\nb\\tc\\\\d");
	CHECK(set("  leading and trailing  ") == NULL);
	CHECK_STR(get(), "  leading and trailing  ");
	CHECK(set("\xe0\xa4\xb5\xe0\xa5\x8d\xe0\xa4\xaf\xe0\xa5\x8b\xe0\xa4"
		  "\xae") == NULL);	/* UTF-8 is text */
	CHECK_STR(get(), "\xe0\xa4\xb5\xe0\xa5\x8d\xe0\xa4\xaf\xe0\xa5\x8b"
		  "\xe0\xa4\xae");
	CHECK(set("") == NULL);	/* an empty copy clears it */
	CHECK_STR(get(), "");
	/* A small buffer gets a cut copy, never half an escape. */
	CHECK(set("abcde\\\\fg") == NULL);
	CHECK_INT(clipboard_get(buf, 7), 5);
	CHECK_STR(buf, "abcde");
	CHECK_INT(clipboard_get(buf, 8), 7);
	CHECK_STR(buf, "abcde\\\\");
	CHECK(set("\\\\\\\\\\\\\\\\") == NULL);	/* four escaped backslashes */
	CHECK_INT(clipboard_get(buf, 4), 2);
	CHECK_INT(clipboard_get(buf, 1), 0);
	CHECK_INT(clipboard_get(buf, 0), 0);
	clipboard_clear();
	CHECK_STR(get(), "");
}

static void test_malformed(void)
{
	static const char *const bad[] = {
		"\\", "abc\\", "a\\x", "\\r", "\\0", "\\u0041", "a\\ b",
		"\\\\\\", "\\N", "\\T",
	};
	static const char *const control[] = {
		"a\nb", "a\tb", "\r", "\x1b[2J", "\x7f", "x\x01",
	};
	const char *bad_escape = "bad escape in clipboard text: only \\\\, "
				 "\\n and \\t";
	const char *raw = "control characters must be escaped as \\n or \\t";
	size_t i;

	CHECK(set("kept") == NULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_STR(set(bad[i]), bad_escape);
	for (i = 0; i < sizeof(control) / sizeof(control[0]); i++)
		CHECK_STR(set(control[i]), raw);
	/* A NUL inside the given length is a control character too. */
	CHECK_STR(clipboard_set("a\0b", 3), raw);
	CHECK_STR(get(), "kept");	/* none of them changed it */
	CHECK(clipboard_check("ok\\n", 4) == NULL);
	CHECK(clipboard_check("ok\\", 3) != NULL);
	/* Only len bytes count: a backslash beyond them is not read. */
	CHECK(clipboard_check("ab\\", 2) == NULL);
}

static void test_limit(void)
{
	char *text = malloc(CLIPBOARD_MAX + 2);
	const char *too_long = "clipboard text longer than 4000 bytes";

	memset(text, 'x', CLIPBOARD_MAX + 1);
	text[CLIPBOARD_MAX + 1] = '\0';
	CHECK(set("kept") == NULL);
	CHECK_STR(set(text), too_long);
	CHECK_STR(get(), "kept");
	text[CLIPBOARD_MAX] = '\0';	/* exactly 4000: fits */
	CHECK(set(text) == NULL);
	CHECK_INT(strlen(get()), CLIPBOARD_MAX);
	/* 4000 bytes of escapes are 4000 bytes: the limit is the escaped
	 * form's. */
	for (size_t i = 0; i < CLIPBOARD_MAX; i += 2)
		memcpy(text + i, "\\n", 2);
	CHECK(set(text) == NULL);
	CHECK_INT(strlen(get()), CLIPBOARD_MAX);
	text[CLIPBOARD_MAX - 1] = '\0';	/* ends on half an escape */
	CHECK(set(text) != NULL);
	free(text);
	clipboard_clear();
}

/* Writers copy whole texts of one letter; a reader must never see two. */
static void *writer(void *arg)
{
	char text[CLIPBOARD_MAX + 1];
	int i;

	memset(text, *(const char *)arg, CLIPBOARD_MAX);
	for (i = 0; i < 2000; i++)
		clipboard_set(text, (size_t)(i % CLIPBOARD_MAX) + 1);
	return NULL;
}

static void test_threads(void)
{
	static const char letters[] = "ab";
	pthread_t t[2];
	int i, torn = 0;

	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, writer, (void *)&letters[i]);
	for (i = 0; i < 2000; i++) {
		const char *s = get();
		size_t n = strlen(s);

		torn += n && strspn(s, (char[]){ s[0], 0 }) != n;
	}
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	CHECK_INT(torn, 0);
	clipboard_clear();
}

int main(void)
{
	test_round_trip();
	test_malformed();
	test_limit();
	test_threads();
	return check_summary("clipboard");
}
