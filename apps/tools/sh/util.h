/*
 * util.h - the shell's memory and bytes: an arena for parse trees and
 * expansions (released in stack order, so a loop does not grow), growable
 * strings, number formatting and error messages. No stdio: printf's
 * family alone would cost a third of the size budget.
 */

static void die_nomem(void)
{
	(void)!write(2, "sh: out of memory\n", 18);
	_exit(2);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die_nomem();
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_nomem();
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

/*
 * The arena. A position is a byte count since the first chunk, so a mark
 * taken before a function was defined can never free that function's
 * body: release never goes below a_floor, which a definition raises.
 */
struct chunk {
	struct chunk *prev;
	size_t base, size, used;
	char data[];
};
static struct chunk *a_top;
static size_t a_floor;

static size_t a_mark(void)
{
	return a_top ? a_top->base + a_top->used : 0;
}

static void a_release(size_t m)
{
	if (m < a_floor)
		m = a_floor;
	while (a_top && a_top->base >= m && a_top->prev) {
		struct chunk *p = a_top->prev;

		free(a_top);
		a_top = p;
	}
	if (a_top && m >= a_top->base && m - a_top->base < a_top->used)
		a_top->used = m - a_top->base;
}

static void *a_alloc(size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (!a_top || a_top->size - a_top->used < n) {
		size_t sz = n > 65536 ? n : 65536;
		struct chunk *c = xmalloc(sizeof(*c) + sz);

		c->prev = a_top;
		c->base = a_mark();
		c->size = sz;
		c->used = 0;
		a_top = c;
	}
	a_top->used += n;
	return a_top->data + a_top->used - n;
}

static char *a_strndup(const char *s, size_t n)
{
	char *p = a_alloc(n + 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

/*
 * Nesting depth across parsing, expansion and execution. Recursion must
 * stop well before the 64 KB stack runs into the data below it, and
 * hostile input can nest as deep as it likes.
 */
#define MAXDEPTH 300
static int depth;

/* A growable byte string (malloc'd, always NUL-terminated once used). */
struct str {
	char *s;
	size_t n, cap;
};

static void s_addn(struct str *b, const char *p, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = 0;
}

static void s_addc(struct str *b, char c)
{
	s_addn(b, &c, 1);
}

static void s_adds(struct str *b, const char *p)
{
	s_addn(b, p, strlen(p));
}

static char *s_cstr(struct str *b)
{
	if (!b->s)
		s_addn(b, "", 0);
	return b->s;
}

static void s_free(struct str *b)
{
	free(b->s);
	b->s = NULL;
	b->n = b->cap = 0;
}

/* Insertion sort of strings (libc's qsort costs 2 KB). */
static void sort_strs(char **v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			char *t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

struct words {
	char **v;
	int n, cap;
};

static void words_add(struct words *w, char *s)
{
	if (w->n + 1 >= w->cap) {
		char **nv;

		w->cap = w->cap ? w->cap * 2 : 16;
		nv = a_alloc(sizeof(char *) * (size_t)w->cap);
		if (w->n)
			memcpy(nv, w->v, sizeof(char *) * (size_t)w->n);
		w->v = nv;
	}
	w->v[w->n++] = s;
	w->v[w->n] = NULL;
}

/* Decimal text of v into buf (at least 24 bytes); returns buf. */
static char *fmt_ll(char *buf, long long v)
{
	char t[24];
	int i = 0, j = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
				       (unsigned long long)v;

	do
		t[i++] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		buf[j++] = '-';
	while (i)
		buf[j++] = t[--i];
	buf[j] = 0;
	return buf;
}

static int is_name_start(int c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* Length of the name at s (0 if none). */
static size_t name_len(const char *s)
{
	size_t n = 0;

	if (!is_name_start((unsigned char)s[0]))
		return 0;
	while (is_name_char((unsigned char)s[n]))
		n++;
	return n;
}

static int is_name(const char *s)
{
	size_t n = name_len(s);

	return n && !s[n];
}

/* Digits at s, with C's 0x and 0 prefixes; *end is after them. */
static long long a_number(const char *s, const char **end)
{
	long long v = 0;
	int base = 10;

	if (*s == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (*s == '0') {
		base = 8;
	}
	for (;; s++) {
		int d = isdigit((unsigned char)*s) ? *s - '0' :
			isalpha((unsigned char)*s) ?
			tolower((unsigned char)*s) - 'a' + 10 : 99;

		if (d >= base)
			break;
		v = (long long)((unsigned long long)v * (unsigned)base +
				(unsigned)d);
	}
	*end = s;
	return v;
}

/*
 * A whole number in s: blanks, a sign, digits (with C's prefixes when
 * cbase is set, as in $((...))), blanks. 0 if s is not one.
 */
static int parse_num(const char *s, long long *v, int cbase)
{
	const char *e;
	int neg = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (cbase) {
		*v = a_number(s, &e);
	} else {
		for (*v = 0, e = s; *e >= '0' && *e <= '9'; e++)
			*v = *v * 10 + *e - '0';
	}
	if (neg)
		*v = -*v;
	if (e == s)
		return 0;
	while (*e == ' ' || *e == '\t' || *e == '\n')
		e++;
	return !*e;
}
