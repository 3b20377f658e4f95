/*
 * arith.h - $((...)): a precedence-climbing evaluator over 64-bit
 * integers with C's operators (assignments, ?:, || && | ^ & == != < <=
 * > >= << >> + - * / % and unary + - ! ~). Text comes in after $, `
 * and quote expansion; names are read as variables. `ev` is 0 in a
 * branch that is not taken, so it neither assigns nor divides.
 */

static const char *ap;
static int aerr;

static void a_fail(const char *why)
{
	if (!aerr)
		errmsg("arithmetic", why, NULL);
	aerr = 1;
}

static void a_ws(void)
{
	while (*ap == ' ' || *ap == '\t' || *ap == '\n')
		ap++;
}

static long long a_assign(int ev);

static long long a_var(const char *name)
{
	const char *v = var_get(name);
	long long r = 0;

	if (v && *v && !parse_num(v, &r, 1))
		a_fail("illegal number");
	return r;
}

static long long a_unary(int ev)
{
	long long v;

	a_ws();
	if (depth > MAXDEPTH)
		a_fail("nesting too deep");
	if (aerr)
		return 0;
	switch (*ap) {
	case '+':
	case '-':
	case '!':
	case '~': {
		char c = *ap++;

		depth++;
		v = a_unary(ev);
		depth--;
		return c == '-' ? -v : c == '!' ? !v : c == '~' ? ~v : v;
	}
	case '(':
		ap++;
		depth++;
		v = a_assign(ev);
		depth--;
		a_ws();
		if (*ap != ')')
			a_fail("missing )");
		else
			ap++;
		return v;
	}
	if (isdigit((unsigned char)*ap)) {
		v = a_number(ap, &ap);
		if (is_name_char((unsigned char)*ap))
			a_fail("bad number");
		return v;
	}
	if (is_name_start((unsigned char)*ap)) {
		size_t n = name_len(ap);
		char *name = a_strndup(ap, n);

		ap += n;
		return a_var(name);
	}
	a_fail(*ap ? "syntax error" : "missing operand");
	return 0;
}

/* Binary operators, loosest first; the value is the precedence. */
static const struct {
	const char *op;
	char prec;
} a_ops[] = {
	{ "||", 1 }, { "&&", 2 }, { "|", 3 }, { "^", 4 }, { "&", 5 },
	{ "==", 6 }, { "!=", 6 }, { "<=", 7 }, { ">=", 7 }, { "<<", 8 },
	{ ">>", 8 }, { "<", 7 }, { ">", 7 }, { "+", 9 }, { "-", 9 },
	{ "*", 10 }, { "/", 10 }, { "%", 10 },
};

static int a_opindex(const char *op)
{
	for (int i = 0; i < (int)(sizeof(a_ops) / sizeof(a_ops[0])); i++)
		if (!strcmp(a_ops[i].op, op))
			return i;
	return 0;
}

static int a_findop(int *prec)
{
	a_ws();
	for (int i = 0; i < (int)(sizeof(a_ops) / sizeof(a_ops[0])); i++) {
		const char *op = a_ops[i].op;
		size_t n = strlen(op);

		if (strncmp(ap, op, n))
			continue;
		if (ap[n] == '=' && op[n - 1] != '=')
			return -1;	/* a compound assignment */
		*prec = a_ops[i].prec;
		return i;
	}
	return -1;
}

/* Operator a_ops[op] (not || or &&, which a_binary does itself). */
static long long a_apply(int op, long long l, long long r, int ev)
{
	unsigned long long ul = (unsigned long long)l;
	unsigned long long ur = (unsigned long long)r;

	switch (op) {
	case 2: return l | r;
	case 3: return l ^ r;
	case 4: return l & r;
	case 5: return l == r;
	case 6: return l != r;
	case 7: return l <= r;
	case 8: return l >= r;
	case 9: return (long long)(ul << (r & 63));
	case 10: return l >> (r & 63);
	case 11: return l < r;
	case 12: return l > r;
	case 13: return (long long)(ul + ur);
	case 14: return (long long)(ul - ur);
	case 15: return (long long)(ul * ur);
	}
	if (!ev)
		return 0;
	if (!r) {
		a_fail("division by zero");
		return 0;
	}
	if (r == -1)
		return op == 16 ? (long long)(0ULL - ul) : 0;
	return op == 16 ? l / r : l % r;
}

static long long a_binary(int minprec, int ev)
{
	long long l = a_unary(ev);
	int op, prec;

	while (!aerr && (op = a_findop(&prec)) >= 0 && prec >= minprec) {
		long long r;
		int sub = ev;

		ap += strlen(a_ops[op].op);
		if (prec == 1 && l)
			sub = 0;	/* || already true */
		if (prec == 2 && !l)
			sub = 0;	/* && already false */
		r = a_binary(prec + 1, sub);
		l = prec <= 2 ? (prec == 1 ? (l || r) : (l && r)) :
			a_apply(op, l, r, ev);
	}
	return l;
}

static long long a_ternary(int ev)
{
	long long c = a_binary(1, ev), a, b;

	a_ws();
	if (*ap != '?' || aerr)
		return c;
	ap++;
	a = a_assign(ev && c);
	a_ws();
	if (*ap != ':') {
		a_fail("expected :");
		return 0;
	}
	ap++;
	b = a_ternary(ev && !c);
	return c ? a : b;
}

static long long a_assign(int ev)
{
	static const char ops[] = "*/%+-&^|";
	const char *save;
	size_t n;

	a_ws();
	save = ap;
	n = name_len(ap);
	if (n) {
		const char *q = ap + n;
		int op = 0;

		while (*q == ' ' || *q == '\t')
			q++;
		if ((q[0] == '<' || q[0] == '>') && q[1] == q[0] &&
		    q[2] == '=') {
			op = q[0];
			q += 3;
		} else if (q[0] && strchr(ops, q[0]) && q[1] == '=') {
			op = q[0];
			q += 2;
		} else if (q[0] == '=' && q[1] != '=') {
			op = '=';
			q++;
		}
		if (op) {
			char *name = a_strndup(ap, n), buf[24];
			long long v;

			ap = q;
			v = a_assign(ev);
			if (op != '=') {
				char o[3] = { (char)op, 0, 0 };

				if (op == '<' || op == '>')
					o[1] = (char)op;
				v = a_apply(a_opindex(o), a_var(name), v, ev);
			}
			if (ev && !aerr)
				var_set(name, fmt_ll(buf, v), 0);
			return v;
		}
	}
	ap = save;
	return a_ternary(ev);
}

/* Evaluates text; 0 and *ok = 0 after an error (already reported). */
static long long arith(const char *text, int *ok)
{
	long long v;

	ap = text;
	aerr = 0;
	v = a_assign(1);
	a_ws();
	if (*ap && !aerr)
		a_fail("syntax error");
	*ok = !aerr;
	return v;
}
