/*
 * run.h - the tree-walking evaluator. Values live on a value stack of
 * our own (function locals too), so deep awk recursion costs little of
 * the 64 KB C stack; depth counters turn runaway recursion into an
 * error message instead of a trap.
 */

#define VS_MAX 100000
#define DEPTH_MAX 1200

enum { J_NONE, J_BREAK, J_CONTINUE, J_NEXT, J_NEXTFILE, J_EXIT, J_RETURN };

static Cell *vs, retval;
static int vsp, fp, depth, pend, exit_code;
static In *main_in;
static int argi = 1, used_file;

#define TOP (&vs[vsp - 1])
#define NOINLINE __attribute__((noinline))

static Cell *push(void)
{
	Cell *c;

	if (vsp >= VS_MAX)
		die("expression nested too deeply", 0);
	c = &vs[vsp++];
	memset(c, 0, sizeof(*c));
	return c;
}

static void pushnum(double d)
{
	Cell *c = push();

	c->fl = F_NUM;
	c->n = d;
}

static void pushstr(Str *s)
{
	Cell *c = push();

	c->fl = F_STR;
	c->s = s;
}

static void pop(void)
{
	cfree(&vs[--vsp]);
}

/* push a copy of c's scalar value */
static void pushcopy(Cell *c)
{
	Cell *d;

	if (c->fl & F_ARR)
		die("attempt to use array in a scalar context", 0);
	d = push();
	d->fl = c->fl;
	d->n = c->n;
	d->s = sref(c->s);
}

static void eval(Node *n);
static int exec(Node *s);

static double evnum(Node *n)
{
	double d;

	eval(n);
	d = tonum(TOP);
	pop();
	return d;
}

static Str *evstr(Node *n)
{
	Str *s;

	eval(n);
	s = tostr(TOP);
	pop();
	return s;
}

static int evtrue(Node *n)
{
	int t;

	eval(n);
	t = truth(TOP);
	pop();
	return t;
}

static Cell *varcell(Node *v)
{
	return v->op == N_LOCAL ? &vs[fp + v->i] : &G[v->i];
}

static Arr *getarr(Cell *c)
{
	Cell *p = c, *q;

	while (!(p->fl & F_ARR) && p->ref &&
	       (!p->ref->fl || (p->ref->fl & F_ARR)))
		p = p->ref;
	if (!(p->fl & F_ARR)) {
		if (p->fl)
			die("attempt to use a scalar as an array", 0);
		p->fl = F_ARR;
		p->a = xcalloc(1, sizeof(Arr));
	}
	for (q = c; q != p; q = q->ref) {
		q->fl = F_ARR | F_BORROW;
		q->a = p->a;
	}
	return p->a;
}

static NOINLINE Str *subscript(Node *list)
{
	Buf b = { 0 };
	Str *s, *sep;

	if (!list->next)
		return evstr(list);
	for (; list; list = list->next) {
		s = evstr(list);
		bput(&b, s->s, s->len);
		sfree(s);
		if (list->next) {
			sep = tostr(&G[V_SUBSEP]);
			bput(&b, sep->s, sep->len);
			sfree(sep);
		}
	}
	s = snew(b.p, b.n);
	free(b.p);
	return s;
}

static int fieldno(Node *e)
{
	double d = evnum(e);

	if (d < 0 || d > 10000000)
		die("attempt to access a field out of range", 0);
	return (int)d;
}

static int lv_field;

/* Where an lvalue lives; NULL for a field (its number in lv_field). */
static Cell *lval(Node *n)
{
	Cell *c;
	Arr *a;
	Str *k;

	if (n->op == N_FIELD) {
		lv_field = fieldno(n->l);
		return NULL;
	}
	if (n->op == N_INDEX) {
		a = getarr(varcell(n->l));
		k = subscript(n->r);
		c = aget(a, k, 1);
		sfree(k);
		return c;
	}
	c = varcell(n);
	if (c->fl & F_ARR)
		die("attempt to use array in a scalar context", 0);
	if (n->op == N_VAR && n->i == V_NF)
		split_record();
	return c;
}

/* c = v (v stays); c NULL means field lv_field */
static void store(Cell *c, Cell *v)
{
	Str *old;

	if (!c) {
		set_field(lv_field, v);
		return;
	}
	old = c->s;
	c->fl = v->fl & (F_NUM | F_STR | F_MAYBE);
	c->n = v->n;
	c->s = sref(v->s);
	c->ref = NULL;
	sfree(old);
	if (c == &G[V_NF])
		set_nf((int)tonum(c));
}

static double arith(int op, double x, double y)
{
	switch (op) {
	case N_ADD: return x + y;
	case N_SUB: return x - y;
	case N_MUL: return x * y;
	case N_DIV:
		if (y == 0)
			die("division by zero", 0);
		return x / y;
	case N_MOD:
		if (y == 0)
			die("division by zero in %", 0);
		return fmod(x, y);
	}
	return xpow(x, y);
}

static void assign(Node *n)
{
	Cell *c;
	double x;
	static const char ops[] = { N_ADD, N_SUB, N_MUL, N_DIV, N_MOD, N_POW };

	eval(n->r);
	c = lval(n->l);
	if (n->i != '=') {
		x = tonum(c ? c : get_field(lv_field));
		x = arith(ops[n->i - T_ADDA], x, tonum(TOP));
		pop();
		pushnum(x);
	}
	store(c, TOP);
}

static Re *getre(Node *n)
{
	Str *s;
	Re *re;

	if (n->op == N_ERE)
		return n->re;
	s = evstr(n);
	re = re_dyn(s);
	sfree(s);
	return re;
}

#include "builtin.h"

static void call(Node *n)
{
	Func *f = &funcs[n->i];
	Node *a;
	int base = vsp, k = 0, rc, savefp = fp;
	Cell *c, *d;

	if (++depth > DEPTH_MAX)
		die("function calls nested too deeply in", f->name->s);
	for (a = n->r; a; a = a->next, k++) {
		if (k >= f->nparam)
			die("too many arguments in call to", f->name->s);
		if (a->op == N_VAR || a->op == N_LOCAL) {
			c = varcell(a);
			if (c->fl & F_ARR) {
				d = push();
				d->fl = F_ARR | F_BORROW;
				d->a = c->a;
				continue;
			}
			if (!c->fl) {
				push()->ref = c;
				continue;
			}
		}
		eval(a);
	}
	for (; k < f->nparam; k++)
		push();
	fp = base;
	rc = exec(f->body);
	fp = savefp;
	while (vsp > base)
		pop();
	depth--;
	c = push();
	if (rc == J_RETURN) {
		*c = retval;
		memset(&retval, 0, sizeof(retval));
	} else if (rc == J_NEXT || rc == J_NEXTFILE || rc == J_EXIT) {
		pend = rc;
	}
}

static void eval(Node *n)
{
	Cell *c;
	double x, y;
	Str *s, *t;
	int i;

	if (++depth > DEPTH_MAX)
		die("expression nested too deeply", 0);
	switch (n->op) {
	case N_NUM:
		pushnum(n->num);
		break;
	case N_STR:
		pushstr(sref(n->s));
		break;
	case N_ERE:
		c = get_field(0);
		pushnum(c->s && re_exec(n->re, c->s->s, c->s->len, 0, 1));
		break;
	case N_VAR:
	case N_LOCAL:
	case N_INDEX:
		pushcopy(lval(n));
		break;
	case N_FIELD:
		pushcopy(get_field(fieldno(n->l)));
		break;
	case N_ASSIGN:
		assign(n);
		break;
	case N_COND:
		eval(evtrue(n->l) ? n->r : n->x);
		break;
	case N_OR:
		pushnum(evtrue(n->l) || evtrue(n->r));
		break;
	case N_AND:
		pushnum(evtrue(n->l) && evtrue(n->r));
		break;
	case N_NOT:
		pushnum(!evtrue(n->l));
		break;
	case N_IN:
		s = subscript(n->l);
		pushnum(aget(getarr(varcell(n->r)), s, 0) != NULL);
		sfree(s);
		break;
	case N_MATCH:
		s = evstr(n->l);
		i = re_exec(getre(n->r), s->s, s->len, 0, 1) != n->i;
		sfree(s);
		pushnum(i);
		break;
	case N_CMP:
		eval(n->l);
		eval(n->r);
		i = compare(TOP - 1, TOP);
		pop();
		pop();
		switch (n->i) {
		case '<': i = i < 0; break;
		case T_LE: i = i <= 0; break;
		case T_NE: i = i != 0; break;
		case T_EQ: i = i == 0; break;
		case '>': i = i > 0; break;
		default: i = i >= 0;
		}
		pushnum(i);
		break;
	case N_CAT:
		s = evstr(n->l);
		t = evstr(n->r);
		c = push();
		c->fl = F_STR;
		c->s = snew(0, s->len + t->len);
		memcpy(c->s->s, s->s, s->len);
		memcpy(c->s->s + s->len, t->s, t->len);
		sfree(s);
		sfree(t);
		break;
	case N_ADD:
	case N_SUB:
	case N_MUL:
	case N_DIV:
	case N_MOD:
	case N_POW:
		x = evnum(n->l);
		y = evnum(n->r);
		pushnum(arith(n->op, x, y));
		break;
	case N_NEG:
		pushnum(-evnum(n->l));
		break;
	case N_PLUS:
		pushnum(evnum(n->l));
		break;
	case N_PREINC:
	case N_PREDEC:
	case N_POSTINC:
	case N_POSTDEC:
		c = lval(n->l);
		x = tonum(c ? c : get_field(lv_field));
		y = x + (n->op == N_PREINC || n->op == N_POSTINC ? 1 : -1);
		pushnum(y);
		store(c, TOP);
		if (n->op == N_POSTINC || n->op == N_POSTDEC)
			TOP->n = x;
		break;
	case N_CALL:
		call(n);
		break;
	case N_BUILTIN:
		builtin(n);
		break;
	case N_GETLINE:
		do_getline(n, NULL);
		break;
	default:	/* N_PIPEGET */
		do_getline(n->r, n->l);
	}
	depth--;
}

static NOINLINE void print_stmt(Node *s)
{
	Buf b = { 0 };
	Node *a;
	Str *t;
	Stream *st = &out1;
	int base = vsp, k = 0;

	if (!s->r) {
		t = tostr(get_field(0));
		bput(&b, t->s, t->len);
		sfree(t);
	}
	for (a = s->r; a; a = a->next, k++) {
		eval(a);
		if (s->op == S_PRINTF)
			continue;
		if (k) {
			t = tostr(&G[V_OFS]);
			bput(&b, t->s, t->len);
			sfree(t);
		}
		t = (TOP->fl & (F_NUM | F_STR)) == F_NUM ?
			num_to_str(TOP->n, G[V_OFMT].fl & F_STR ?
				   G[V_OFMT].s : NULL) : tostr(TOP);
		bput(&b, t->s, t->len);
		sfree(t);
		pop();
	}
	if (s->op == S_PRINTF) {
		Str *f = tostr(&vs[base]);

		t = fmt_str(f, &vs[base + 1], k - 1);
		sfree(f);
	} else {
		t = tostr(&G[V_ORS]);
	}
	bput(&b, t->s, t->len);
	sfree(t);
	while (vsp > base)
		pop();
	if (s->i && !pend) {
		t = evstr(s->l);
		if (!t->len)
			die("null file name in print redirection", 0);
		st = s->i == '|' ? pipe_stream(t, 1) :
				   out_stream(t, s->i == T_APPEND);
		sfree(t);
	}
	if (!pend)
		swrite(st, b.p, b.n);
	free(b.p);
}

static NOINLINE int for_in(Node *s)
{
	Arr *a = getarr(varcell(s->r));
	Ent *e;
	Str **keys = xcalloc(a->n, sizeof(Str *));
	int n = 0, i, rc = 0;

	for (e = a->head; e; e = e->next)
		keys[n++] = sref(e->k);
	for (i = 0; i < n && !rc; i++) {
		if (!aget(a, keys[i], 0))
			continue;
		pushstr(sref(keys[i]));
		TOP->fl |= F_MAYBE;
		store(lval(s->l), TOP);
		pop();
		rc = exec(s->y);
		if (rc == J_BREAK)
			rc = -1;
		else if (rc == J_CONTINUE)
			rc = 0;
	}
	for (i = 0; i < n; i++)
		sfree(keys[i]);
	free(keys);
	return rc < 0 ? 0 : rc;
}

/* run a loop body: 0 to go on, -1 to leave the loop, or a jump */
static int body(Node *s)
{
	int rc = exec(s);

	if (rc == J_BREAK)
		return -1;
	return rc == J_CONTINUE ? 0 : rc;
}

static int exec(Node *s)
{
	int rc, i;
	Str *k;

	if (++depth > DEPTH_MAX)
		die("statements nested too deeply", 0);
	for (; s; s = s->next) {
		rc = 0;
		switch (s->op) {
		case S_EXPR:
			eval(s->l);
			pop();
			break;
		case S_PRINT:
		case S_PRINTF:
			print_stmt(s);
			break;
		case S_BLOCK:
			rc = exec(s->r);
			break;
		case S_IF:
			i = evtrue(s->l);
			if (!pend)
				rc = i ? exec(s->r) : exec(s->x);
			break;
		case S_WHILE:
			while (!rc && evtrue(s->l) && !pend)
				rc = body(s->y);
			break;
		case S_DO:
			do
				rc = body(s->y);
			while (!rc && !pend && evtrue(s->l));
			break;
		case S_FOR:
			exec(s->l);
			while (!rc && !pend && (!s->r || evtrue(s->r)) && !pend) {
				rc = body(s->y);
				if (!rc)
					exec(s->x);
			}
			break;
		case S_FORIN:
			rc = for_in(s);
			break;
		case S_NEXT:
			rc = J_NEXT;
			break;
		case S_NEXTFILE:
			rc = J_NEXTFILE;
			break;
		case S_BREAK:
			rc = J_BREAK;
			break;
		case S_CONTINUE:
			rc = J_CONTINUE;
			break;
		case S_EXIT:
			if (s->l)
				exit_code = (int)evnum(s->l);
			rc = J_EXIT;
			break;
		case S_RETURN:
			cfree(&retval);
			if (s->l) {
				eval(s->l);
				retval = vs[--vsp];
			}
			rc = J_RETURN;
			break;
		case S_DELETE:
			if (s->r) {
				k = subscript(s->r);
				adel(getarr(varcell(s->l)), k);
				sfree(k);
			} else {
				aclear(getarr(varcell(s->l)));
			}
			break;
		}
		if (rc < 0)
			rc = 0;
		if (rc || pend)
			break;
	}
	depth--;
	return rc ? rc : pend;
}
