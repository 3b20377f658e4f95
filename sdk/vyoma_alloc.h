/*
 * vyoma_alloc.h - malloc, free, realloc and calloc for an app that
 * allocates, in place of wasi-libc's dlmalloc (10 to 12 KB on its own):
 * blocks in power-of-two sizes, a free list for each size, memory taken
 * from the end of the heap and never given back. It suits apps whose
 * blocks come and go in the same few sizes (the editor's text and undo
 * steps, the shell's words, awk's strings and cells), so a freed block
 * is soon used again. Also memcpy, memmove and memset as the
 * bulk-memory instructions (-mbulk-memory), a few bytes each.
 *
 * These are real definitions that replace libc's, so include this
 * header once per app, in its main.c, before anything that allocates.
 */
#ifndef VYOMA_ALLOC_H
#define VYOMA_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#define AL_MIN 4	/* 16 bytes, with the 8-byte header */
#define AL_CLASSES 32	/* the largest block, 2 GiB, serves 1 GiB asked */

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

/* Not inlined: every app calls these from many places. */
__attribute__((noinline)) void *malloc(size_t n)
{
	int c = AL_MIN;
	size_t *p;

	/* Checked first, so that n + 8 below cannot wrap. */
	if (n > ((size_t)1 << 30))
		return NULL;
	while (((size_t)1 << c) < n + 8)
		c++;
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

/*
 * The bulk-memory instructions do what wasi-libc's memcpy, memmove and
 * memset do in C, in a few bytes each (clang lowers these builtins to
 * them when built with -mbulk-memory).
 */
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
