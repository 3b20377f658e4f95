/*
 * base.h - what every part of awk leans on: dying with a message,
 * allocation that cannot fail, growable byte buffers, and counted
 * strings (refcounted, may hold NULs, always NUL-terminated too).
 */

static void flush_all(void);
static void close_pipes(void);

static void put_err(const char *s, size_t n)
{
	(void)!write(2, s, n);
}

/* "awk: what detail" on stderr, then exit 2, once the commands awk
 * started have had what it sent them and ended */
static __attribute__((noreturn)) void die(const char *what,
					  const char *detail)
{
	flush_all();
	put_err("awk: ", 5);
	put_err(what, strlen(what));
	if (detail) {
		put_err(" ", 1);
		put_err(detail, strlen(detail));
	}
	put_err("\n", 1);
	close_pipes();
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory", 0);
	return p;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die("out of memory", 0);
	return p;
}

typedef struct Buf {
	char *p;
	size_t n, cap;
} Buf;

static void bgrow(Buf *b, size_t more)
{
	if (b->n + more + 1 > b->cap) {
		b->cap = (b->n + more + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
}

static void bput(Buf *b, const char *s, size_t n)
{
	bgrow(b, n);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void bputc(Buf *b, int c)
{
	bgrow(b, 1);
	b->p[b->n++] = c;
}

typedef struct Str {
	unsigned ref, len;
	char s[];
} Str;

static Str *snew(const char *p, size_t n)
{
	Str *s = xrealloc(0, sizeof(Str) + n + 1);

	s->ref = 1;
	s->len = n;
	if (p)
		memcpy(s->s, p, n);
	s->s[n] = 0;
	return s;
}

static Str *scstr(const char *p)
{
	return snew(p, strlen(p));
}

static Str *sref(Str *s)
{
	if (s)
		s->ref++;
	return s;
}

static void sfree(Str *s)
{
	if (s && !--s->ref)
		free(s);
}

static int seq(Str *a, const char *b)
{
	return a->len == strlen(b) && !memcmp(a->s, b, a->len);
}
