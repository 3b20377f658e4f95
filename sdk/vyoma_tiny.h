/*
 * vyoma_tiny.h - small string functions that replace wasi-libc's larger
 * ones. wasi-libc's memchr, strchr (through __strchrnul), strlen,
 * strncmp, strspn and strcspn are word-at-a-time or bitmaps, 90 to 570
 * bytes each, and its strstr a two-way search of 1.5 KB; an app that must stay under its 10 KB budget
 * links these byte loops instead (0.5 to 2 KB less), and vyoma.h's and
 * vyoma_ui.h's calls use them too.
 *
 * They are real definitions, not renamings, because clang also makes
 * calls of its own (strchr on a constant string becomes memchr). So
 * include this header once per app, in its main.c, after the SDK's
 * headers; what the app never calls is dropped by --gc-sections.
 */
#ifndef VYOMA_TINY_H
#define VYOMA_TINY_H

#include <stddef.h>

/* Their bodies must not be turned back into calls of themselves. */
#define VY_TINY __attribute__((no_builtin))

VY_TINY void *memchr(const void *s, int c, size_t n)
{
	for (const char *p = s; n; n--, p++)
		if (*p == (char)c)
			return (void *)p;
	return NULL;
}

VY_TINY char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

VY_TINY char *strrchr(const char *s, int c)
{
	const char *hit = NULL;

	do
		if (*s == (char)c)
			hit = s;
	while (*s++);
	return (char *)hit;
}

VY_TINY size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

VY_TINY int strncmp(const char *a, const char *b, size_t n)
{
	for (; n && *a == *b && *a; a++, b++, n--)
		;
	return n ? (unsigned char)*a - (unsigned char)*b : 0;
}

VY_TINY int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

VY_TINY int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n && *x == *y; n--, x++, y++)
		;
	return n ? *x - *y : 0;
}

VY_TINY char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	/* Quadratic at worst; musl's two-way search is 1.5 KB of code. */
	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return (char *)hay;
	return *needle ? NULL : (char *)hay;
}

VY_TINY size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

VY_TINY size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && strchr(accept, s[n]))
		n++;
	return n;
}

/* __stpcpy is what wasi-libc's own path and environment code calls. */
VY_TINY char *__stpcpy(char *dst, const char *src)
{
	while ((*dst = *src++))
		dst++;
	return dst;
}

VY_TINY char *stpcpy(char *dst, const char *src)
{
	return __stpcpy(dst, src);
}

VY_TINY char *strcpy(char *dst, const char *src)
{
	__stpcpy(dst, src);
	return dst;
}

#undef VY_TINY

#endif
