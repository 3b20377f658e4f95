/*
 * alloc.h - malloc, free, realloc and calloc for the editor, in place of
 * wasi-libc's dlmalloc (which alone would be 12 KB of the app): blocks in
 * power-of-two sizes, a free list for each size, memory taken from the
 * end of the heap. The editor holds few blocks: the text, the line index,
 * a file being read and the undo steps, which come and go in the same
 * few sizes, so a freed block is soon used again. Also memcpy, memmove
 * and memset as the bulk-memory instructions, a few bytes each.
 */
#ifndef EDITOR_ALLOC_H
#define EDITOR_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#define AL_MIN 4	/* 16 bytes, with the 8-byte header */
#define AL_CLASSES 31	/* up to 1 GiB */

static void *al_free[AL_CLASSES];
static char *al_cur, *al_end;
extern unsigned char __heap_base;

/* n bytes (a multiple of 16) from the end of the heap, growing memory. */
static void *al_more(size_t n)
{
	char *p;

	if (!al_cur) {
		al_cur = (char *)(((uintptr_t)&__heap_base + 15) &
				  ~(uintptr_t)15);
		al_end = (char *)(__builtin_wasm_memory_size(0) * 65536);
	}
	if ((size_t)(al_end - al_cur) < n) {
		size_t pages = (n - (size_t)(al_end - al_cur) + 65535) / 65536;

		if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1)
			return NULL;
		al_end += pages * 65536;
	}
	p = al_cur;
	al_cur += n;
	return p;
}

__attribute__((noinline)) void *malloc(size_t n)
{
	int c = AL_MIN;
	size_t *p;

	while (c < AL_CLASSES - 1 && ((size_t)1 << c) < n + 8)
		c++;
	if (((size_t)1 << c) < n + 8)
		return NULL;
	if (al_free[c]) {
		p = al_free[c];
		al_free[c] = *(void **)p;
	} else {
		p = al_more((size_t)1 << c);
		if (!p)
			return NULL;
	}
	p[0] = (size_t)c;
	return p + 2;
}

__attribute__((noinline)) void free(void *v)
{
	size_t *p = v, c;

	if (!p)
		return;
	p -= 2;
	c = p[0];	/* the link below overwrites it */
	*(void **)p = al_free[c];
	al_free[c] = p;
}

void *realloc(void *v, size_t n)
{
	size_t *p = v, have;
	void *q;

	if (!p)
		return malloc(n);
	have = ((size_t)1 << p[-2]) - 8;
	if (n <= have)
		return v;
	q = malloc(n);
	if (q) {
		__builtin_memmove(q, v, have);
		free(v);
	}
	return q;
}

void *calloc(size_t a, size_t b)
{
	size_t n = a * b;
	void *p;

	if (b && n / b != a)
		return NULL;
	p = malloc(n);
	if (p)
		__builtin_memset(p, 0, n);
	return p;
}

void *memcpy(void *d, const void *s, size_t n)
{
	__builtin_memmove(d, s, n);
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	__builtin_memmove(d, s, n);
	return d;
}

void *memset(void *d, int c, size_t n)
{
	__builtin_memset(d, c, n);
	return d;
}

#endif
