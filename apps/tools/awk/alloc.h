/*
 * alloc.h - malloc, calloc, realloc and free for awk, replacing
 * wasi-libc's dlmalloc, which alone costs 10 KB of awk's 48 KB budget.
 * Blocks come in power-of-two sizes with a free list per size, carved
 * from memory.grow: awk's allocations (strings, cells, tree nodes) are
 * small and recycled at the same sizes, which this serves well.
 */

#define ALLOC_HDR 16

extern unsigned char __heap_base;
static char *heap_ptr, *heap_end;
static void *free_lists[32];

void *malloc(size_t n)
{
	int k = 5;
	char *p;
	size_t size, pages;

	if (n > 0x70000000)
		return NULL;
	while (((size_t)1 << k) < n + ALLOC_HDR)
		k++;
	p = free_lists[k];
	if (p) {
		free_lists[k] = *(void **)p;
	} else {
		size = (size_t)1 << k;
		if (!heap_ptr) {
			heap_ptr = (char *)(((size_t)&__heap_base + 15) & ~15);
			heap_end = (char *)(__builtin_wasm_memory_size(0) << 16);
		}
		if ((size_t)(heap_end - heap_ptr) < size) {
			pages = (size - (heap_end - heap_ptr) + 65535) >> 16;
			if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1)
				return NULL;
			heap_end += pages << 16;
		}
		p = heap_ptr;
		heap_ptr += size;
	}
	*(int *)p = k;
	return p + ALLOC_HDR;
}

void free(void *v)
{
	char *p = (char *)v - ALLOC_HDR;

	if (v) {
		int k = *(int *)p;

		*(void **)p = free_lists[k];
		free_lists[k] = p;
	}
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > 0x70000000 / size)
		return NULL;
	p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *v, size_t n)
{
	size_t have;
	void *q;

	if (!v)
		return malloc(n);
	have = ((size_t)1 << *(int *)((char *)v - ALLOC_HDR)) - ALLOC_HDR;
	if (n <= have)
		return v;
	q = malloc(n);
	if (q) {
		memcpy(q, v, have);
		free(v);
	}
	return q;
}
