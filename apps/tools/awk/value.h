/*
 * value.h - awk values: numbers, strings, "strnums" (input text that
 * looks numeric compares as a number) and associative arrays, with the
 * conversions between them that POSIX prescribes.
 */

enum { F_NUM = 1, F_STR = 2, F_MAYBE = 4, F_ARR = 8, F_BORROW = 16 };

struct Arr;

typedef struct Cell {
	int fl;
	double n;
	Str *s;
	struct Arr *a;
	struct Cell *ref;	/* untyped argument: the caller's variable */
} Cell;

typedef struct Ent {
	struct Ent *hnext, *next, *prev;
	Str *k;
	unsigned h;
	Cell v;
} Ent;

typedef struct Arr {
	int n, cap;
	Ent **tab, *head, *tail;
} Arr;

/* the special variables, in slot order */
enum { V_NR, V_NF, V_FNR, V_FS, V_OFS, V_ORS, V_RS, V_FILENAME, V_SUBSEP,
       V_RSTART, V_RLENGTH, V_CONVFMT, V_OFMT, V_ENVIRON, V_ARGC, V_ARGV,
       V_NSPECIAL };

static Cell *G;			/* globals */

static unsigned hash(const char *s, size_t n)
{
	unsigned h = 2166136261u;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void cfree(Cell *c);

static Cell *aget(Arr *a, Str *k, int create)
{
	unsigned h = hash(k->s, k->len);
	Ent *e;
	int i;

	if (a->cap)
		for (e = a->tab[h & (a->cap - 1)]; e; e = e->hnext)
			if (e->h == h && e->k->len == k->len &&
			    !memcmp(e->k->s, k->s, k->len))
				return &e->v;
	if (!create)
		return NULL;
	if (a->n >= a->cap) {
		int nc = a->cap ? a->cap * 2 : 16;
		Ent **t = xcalloc(nc, sizeof(Ent *));

		for (e = a->head; e; e = e->next) {
			e->hnext = t[e->h & (nc - 1)];
			t[e->h & (nc - 1)] = e;
		}
		free(a->tab);
		a->tab = t;
		a->cap = nc;
	}
	e = xcalloc(1, sizeof(Ent));
	e->k = sref(k);
	e->h = h;
	i = h & (a->cap - 1);
	e->hnext = a->tab[i];
	a->tab[i] = e;
	e->prev = a->tail;
	if (a->tail)
		a->tail->next = e;
	else
		a->head = e;
	a->tail = e;
	a->n++;
	return &e->v;
}

static void adel(Arr *a, Str *k)
{
	unsigned h = hash(k->s, k->len);
	Ent **pp, *e;

	if (!a->cap)
		return;
	for (pp = &a->tab[h & (a->cap - 1)]; (e = *pp); pp = &e->hnext) {
		if (e->h == h && e->k->len == k->len &&
		    !memcmp(e->k->s, k->s, k->len)) {
			*pp = e->hnext;
			if (e->prev)
				e->prev->next = e->next;
			else
				a->head = e->next;
			if (e->next)
				e->next->prev = e->prev;
			else
				a->tail = e->prev;
			sfree(e->k);
			cfree(&e->v);
			free(e);
			a->n--;
			return;
		}
	}
}

static void aclear(Arr *a)
{
	Ent *e, *nx;

	for (e = a->head; e; e = nx) {
		nx = e->next;
		sfree(e->k);
		cfree(&e->v);
		free(e);
	}
	free(a->tab);
	memset(a, 0, sizeof(*a));
}

static void cfree(Cell *c)
{
	sfree(c->s);
	if ((c->fl & (F_ARR | F_BORROW)) == F_ARR) {
		aclear(c->a);
		free(c->a);
	}
	c->s = NULL;
	c->fl = 0;
}

static int looks_numeric(Str *s)
{
	const char *p = s->s, *e = p + s->len, *q;

	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	scan_num(p, e, &q);
	if (q == p)
		return 0;
	while (q < e && (*q == ' ' || *q == '\t' || *q == '\n'))
		q++;
	return q == e;
}

static double str_num(Str *s)
{
	const char *p = s->s, *e = p + s->len, *q;

	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' ||
			 *p == '\r' || *p == '\f' || *p == '\v'))
		p++;
	return scan_num(p, e, &q);
}

static double tonum(Cell *c)
{
	if (c->fl & F_NUM)
		return c->n;
	if (c->fl & F_ARR)
		die("attempt to use array in a scalar context", 0);
	return c->s ? str_num(c->s) : 0;
}

/* is c a number for comparisons: number, strnum, or uninitialised */
static int numeric(Cell *c)
{
	return (c->fl & F_NUM) || !(c->fl & F_STR) ||
		((c->fl & F_MAYBE) && looks_numeric(c->s));
}

static Str *fmt_str(Str *fmt, Cell *args, int nargs);

static Str *num_to_str(double x, Str *fmt)
{
	char q[24];
	int k = 24;
	long long v;
	Cell c;

	if (x == __builtin_trunc(x) && x > -1e18 && x < 1e18) {
		v = (long long)(x < 0 ? -x : x);
		do
			q[--k] = '0' + v % 10;
		while (v /= 10);
		if (x < 0)
			q[--k] = '-';
		return snew(q + k, 24 - k);
	}
	if (x == __builtin_trunc(x) && x == x && !__builtin_isinf(x))
		fmt = NULL;
	c.fl = F_NUM;
	c.n = x;
	if (!fmt) {
		Str *f = scstr("%d");
		Str *s = fmt_str(f, &c, 1);

		sfree(f);
		return s;
	}
	return fmt_str(fmt, &c, 1);
}

/* c's string value (a new reference), numbers through CONVFMT */
static Str *tostr_fmt(Cell *c, int var)
{
	if (c->fl & F_STR)
		return sref(c->s);
	if (c->fl & F_ARR)
		die("attempt to use array in a scalar context", 0);
	if (!(c->fl & F_NUM))
		return snew("", 0);
	return num_to_str(c->n, G[var].s && (G[var].fl & F_STR) ? G[var].s :
			  NULL);
}

#define tostr(c) tostr_fmt(c, V_CONVFMT)

static int truth(Cell *c)
{
	if (c->fl & F_NUM)
		return c->n != 0;
	if (!(c->fl & F_STR))
		return 0;
	if ((c->fl & F_MAYBE) && looks_numeric(c->s))
		return str_num(c->s) != 0;
	return c->s->len != 0;
}

static int compare(Cell *a, Cell *b)
{
	Str *x, *y;
	int r;
	size_t n;

	if (numeric(a) && numeric(b)) {
		double p = tonum(a), q = tonum(b);

		return p < q ? -1 : p > q;
	}
	x = tostr(a);
	y = tostr(b);
	n = x->len < y->len ? x->len : y->len;
	r = memcmp(x->s, y->s, n);
	if (!r)
		r = x->len < y->len ? -1 : x->len > y->len;
	sfree(x);
	sfree(y);
	return r;
}
