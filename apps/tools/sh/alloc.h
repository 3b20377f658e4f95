/*
 * alloc.h - malloc, free, realloc and calloc for this app: blocks in
 * power-of-two sizes, each size with its own free list, memory taken
 * from the end of the heap and never given back. A shell's allocations are small and
 * short-lived, and wasi-libc's dlmalloc alone is a quarter of the size
 * budget.
 */

#define AL_MIN 4	/* 16 bytes, with the 8-byte header */
#define AL_CLASSES 32

static void *al_free[AL_CLASSES];
static char *al_cur, *al_end;
extern unsigned char __heap_base;

/* n bytes (a multiple of 16) from the end of the heap, growing memory. */
static void *al_more(size_t n)
{
	char *p;

	if (!al_cur) {
		al_cur = (char *)(((uintptr_t)&__heap_base + 15) & ~(uintptr_t)15);
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

static int al_class(size_t n)
{
	int c = AL_MIN;

	while (c < AL_CLASSES - 1 && ((size_t)1 << c) < n + 8)
		c++;
	return c;
}

__attribute__((noinline)) void *malloc(size_t n)
{
	int c = al_class(n);
	size_t *p;

	if (n > ((size_t)1 << 30))
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
		memcpy(q, v, have);
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
		memset(p, 0, n);
	return p;
}

/*
 * The bulk-memory instructions do what musl's memcpy, memmove and memset
 * do in C, in a few bytes each (clang lowers these builtins to them).
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

/* String functions in their plain form: musl's are word-at-a-time. */
size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

void *memchr(const void *v, int c, size_t n)
{
	const unsigned char *p = v;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

/*
 * poll() straight onto poll_oneoff, for reading and writing only;
 * wasi-libc's handles every event kind and costs a kilobyte more.
 */
int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	__wasi_subscription_t sub[20];
	__wasi_event_t ev[20];
	size_t k = 0, got = 0;
	int ready = 0;

	for (nfds_t i = 0; i < n && k < 19; i++) {
		fds[i].revents = 0;
		if (!(fds[i].events & (POLLIN | POLLOUT)))
			continue;
		memset(&sub[k], 0, sizeof(sub[k]));
		sub[k].userdata = i;
		sub[k].u.tag = fds[i].events & POLLIN ?
			       __WASI_EVENTTYPE_FD_READ :
			       __WASI_EVENTTYPE_FD_WRITE;
		sub[k].u.u.fd_read.file_descriptor = (__wasi_fd_t)fds[i].fd;
		k++;
	}
	if (timeout >= 0) {
		memset(&sub[k], 0, sizeof(sub[k]));
		sub[k].userdata = (uint64_t)-1;
		sub[k].u.tag = __WASI_EVENTTYPE_CLOCK;
		sub[k].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
		sub[k].u.u.clock.timeout = (uint64_t)timeout * 1000000;
		k++;
	}
	if (!k)
		return 0;
	if (__wasi_poll_oneoff(sub, ev, k, &got)) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < got; i++) {
		struct pollfd *p;

		if (ev[i].type == __WASI_EVENTTYPE_CLOCK)
			continue;
		p = &fds[ev[i].userdata];
		if (!p->revents)
			ready++;
		p->revents |= ev[i].type == __WASI_EVENTTYPE_FD_READ ?
			      POLLIN : POLLOUT;
		if (ev[i].error)
			p->revents |= POLLERR;
	}
	return ready;
}
