/*
 * parse.h - recursive descent from tokens to a tree: rules, functions,
 * statements and awk's expression grammar (concatenation by
 * juxtaposition, `>` as redirection inside print, `in`, getline forms).
 */

enum {
	/* expressions */
	N_NUM, N_STR, N_ERE, N_VAR, N_LOCAL, N_INDEX, N_FIELD, N_GROUP,
	N_ASSIGN, N_COND, N_OR, N_AND, N_IN, N_MATCH, N_CMP, N_CAT, N_ADD,
	N_SUB, N_MUL, N_DIV, N_MOD, N_POW, N_NEG, N_PLUS, N_NOT, N_PREINC,
	N_PREDEC, N_POSTINC, N_POSTDEC, N_CALL, N_BUILTIN, N_GETLINE,
	N_PIPEGET,
	/* statements */
	S_EXPR, S_PRINT, S_PRINTF, S_IF, S_WHILE, S_DO, S_FOR, S_FORIN,
	S_BLOCK, S_NEXT, S_NEXTFILE, S_EXIT, S_RETURN, S_BREAK, S_CONTINUE,
	S_DELETE
};

typedef struct Node {
	int op, i;
	double num;
	Str *s;
	Re *re;
	struct Node *l, *r, *x, *y, *next;
} Node;

typedef struct Func {
	Str *name;
	int nparam, defined;
	Node *body;
} Func;

typedef struct Rule {
	Node *pat, *pat2, *act;
	int inrange;
} Rule;

static Func *funcs;
static int nfuncs;
static Rule *rules;
static int nrules;
static Node *begins, *ends, **begin_tail = &begins, **end_tail = &ends;
static Arr gsyms, fsyms;	/* name -> slot */
static int nglobals;
static Str **params;		/* of the function being parsed */
static int nparams, in_func, no_gt, pdepth;

static Node *node(int op, Node *l, Node *r)
{
	Node *n = xcalloc(1, sizeof(Node));

	n->op = op;
	n->l = l;
	n->r = r;
	return n;
}

static int global_slot(Str *name)
{
	Cell *c = aget(&gsyms, name, 1);

	if (!(c->fl & F_NUM)) {
		c->fl = F_NUM;
		c->n = nglobals++;
		G = xrealloc(G, nglobals * sizeof(Cell));
		memset(&G[nglobals - 1], 0, sizeof(Cell));
	}
	return (int)c->n;
}

static int func_slot(Str *name)
{
	Cell *c = aget(&fsyms, name, 1);

	if (!(c->fl & F_NUM)) {
		c->fl = F_NUM;
		c->n = nfuncs++;
		funcs = xrealloc(funcs, nfuncs * sizeof(Func));
		memset(&funcs[nfuncs - 1], 0, sizeof(Func));
		funcs[nfuncs - 1].name = sref(name);
	}
	return (int)c->n;
}

static Node *var_node(Str *name)
{
	Node *n = node(N_VAR, 0, 0);
	int i;

	for (i = 0; in_func && i < nparams; i++)
		if (params[i]->len == name->len &&
		    !memcmp(params[i]->s, name->s, name->len)) {
			n->op = N_LOCAL;
			n->i = i;
			return n;
		}
	if (in_func && aget(&fsyms, name, 0) &&
	    funcs[(int)aget(&fsyms, name, 0)->n].defined)
		syntax("function name used as a variable");
	n->i = global_slot(name);
	return n;
}

static void expect(int t, const char *what)
{
	if (L.tk != t)
		syntax(what);
	lex();
}

static void opt_nl(void)
{
	while (L.tk == T_NL)
		lex();
}

static int peek(void)
{
	Lex save = L;
	int t = lex();

	L = save;
	return t;
}

static int is_lvalue(Node *n)
{
	return n->op == N_VAR || n->op == N_LOCAL || n->op == N_INDEX ||
		n->op == N_FIELD;
}

static Node *expr(void);
static Node *primary(void);
static Node *concat(void);

static Node *expr_list(int end)
{
	Node *head = NULL, **tail = &head;

	if (L.tk == end)
		return NULL;
	for (;;) {
		*tail = expr();
		tail = &(*tail)->next;
		if (L.tk != ',')
			break;
		lex();
		opt_nl();
	}
	return head;
}

static Node *regex_node(void)
{
	Node *n = node(N_ERE, 0, 0);

	n->s = lex_regex();
	n->re = re_compile(n->s->s, n->s->len);
	lex();
	return n;
}

static Node *getline_node(void)
{
	Node *n = node(N_GETLINE, 0, 0);

	lex();
	if (L.tk == '$' || L.tk == T_NAME)
		n->l = primary();
	if (L.tk == '<') {
		lex();
		n->r = primary();
	}
	return n;
}

/* argument counts: min and max per built-in, 9 for any number */
static const char bargs[] = "01232223232322191111111111111111220001111101";

static void check_builtin(Node *n)
{
	Node *a;
	int k = 0;

	for (a = n->r; a; a = a->next)
		k++;
	if (k < bargs[2 * n->i] - '0' ||
	    (bargs[2 * n->i + 1] != '9' && k > bargs[2 * n->i + 1] - '0'))
		syntax("wrong number of arguments to a built-in");
	if (n->i == B_SPLIT && n->r->next->op != N_VAR &&
	    n->r->next->op != N_LOCAL)
		syntax("split needs an array");
	if ((n->i == B_SUB || n->i == B_GSUB) && k == 3 &&
	    !is_lvalue(n->r->next->next))
		syntax("sub or gsub needs a variable to change");
}

static Node *primary(void)
{
	Node *n, *list;
	int t = L.tk, save;

	if (++pdepth > 400)
		syntax("program nested too deeply");
	switch (t) {
	case T_NUM:
		n = node(N_NUM, 0, 0);
		n->num = L.num;
		lex();
		break;
	case T_STR:
		n = node(N_STR, 0, 0);
		n->s = L.str;
		lex();
		break;
	case '/':
	case T_DIVA:
		n = regex_node();
		break;
	case '$':
		lex();
		if (L.tk == T_INC || L.tk == T_DEC || L.tk == '-' ||
		    L.tk == '+' || L.tk == '!') {
			t = L.tk;
			lex();
			n = primary();
			n = t == T_INC || t == T_DEC ? node(t == T_INC ?
				N_PREINC : N_PREDEC, n, 0) : node(t == '-' ?
				N_NEG : t == '+' ? N_PLUS : N_NOT, n, 0);
			if (t == T_INC || t == T_DEC) {
				if (!is_lvalue(n->l))
					syntax("++ or -- needs a variable");
			}
			n = node(N_FIELD, n, 0);
		} else {
			n = node(N_FIELD, primary(), 0);
		}
		break;
	case '(':
		lex();
		save = no_gt;
		no_gt = 0;
		opt_nl();
		list = expr_list(')');
		if (!list)
			syntax("empty ( )");
		opt_nl();
		expect(')', "missing )");
		no_gt = save;
		if (list->next) {
			n = node(N_GROUP, 0, list);
			if (L.tk != T_IN && !save)
				syntax("unexpected ,");
		} else {
			n = list;
		}
		break;
	case T_INC:
	case T_DEC:
		lex();
		n = primary();
		if (!is_lvalue(n))
			syntax("++ or -- needs a variable");
		n = node(t == T_INC ? N_PREINC : N_PREDEC, n, 0);
		break;
	case '-':
	case '+':
	case '!':
		lex();
		n = node(t == '-' ? N_NEG : t == '+' ? N_PLUS : N_NOT,
			 primary(), 0);
		break;
	case T_NAME:
		n = var_node(L.str);
		lex();
		if (L.tk == '[') {
			lex();
			save = no_gt;
			no_gt = 0;
			list = expr_list(']');
			if (!list)
				syntax("empty subscript");
			no_gt = save;
			expect(']', "missing ]");
			n = node(N_INDEX, n, list);
		}
		break;
	case T_FUNC:
		n = node(N_CALL, 0, 0);
		n->i = func_slot(L.str);
		lex();
		lex();
		save = no_gt;
		no_gt = 0;
		opt_nl();
		n->r = expr_list(')');
		opt_nl();
		no_gt = save;
		expect(')', "missing ) in function call");
		break;
	case T_BUILTIN:
		n = node(N_BUILTIN, 0, 0);
		n->i = L.id;
		lex();
		if (L.tk == '(') {
			lex();
			save = no_gt;
			no_gt = 0;
			opt_nl();
			n->r = expr_list(')');
			opt_nl();
			no_gt = save;
			expect(')', "missing ) in built-in call");
		}
		check_builtin(n);
		break;
	case T_GETLINE:
		n = getline_node();
		break;
	default:
		syntax("unexpected token");
	}
	if (is_lvalue(n) && (L.tk == T_INC || L.tk == T_DEC)) {
		n = node(L.tk == T_INC ? N_POSTINC : N_POSTDEC, n, 0);
		lex();
	}
	pdepth--;
	return n;
}

static Node *power(void)
{
	Node *n = primary();

	if (L.tk == '^') {
		lex();
		if (L.tk == '-' || L.tk == '+' || L.tk == '!') {
			int t = L.tk;

			lex();
			n = node(N_POW, n, node(t == '-' ? N_NEG : t == '+' ?
				 N_PLUS : N_NOT, power(), 0));
		} else {
			n = node(N_POW, n, power());
		}
	}
	return n;
}

static Node *unary(void)
{
	int t = L.tk;

	if (t == '-' || t == '+' || t == '!') {
		lex();
		return node(t == '-' ? N_NEG : t == '+' ? N_PLUS : N_NOT,
			    unary(), 0);
	}
	return power();
}

static Node *mul(void)
{
	Node *n = unary();

	while (L.tk == '*' || L.tk == '/' || L.tk == '%') {
		int op = L.tk == '*' ? N_MUL : L.tk == '/' ? N_DIV : N_MOD;

		lex();
		n = node(op, n, unary());
	}
	return n;
}

static Node *additive(void)
{
	Node *n = mul();

	while (L.tk == '+' || L.tk == '-') {
		int op = L.tk == '+' ? N_ADD : N_SUB;

		lex();
		n = node(op, n, mul());
	}
	return n;
}

static Node *concat(void)
{
	Node *n = additive();

	for (;;) {
		int t = L.tk;

		if (!(t == T_NUM || t == T_STR || t == T_NAME || t == T_FUNC ||
		      t == T_BUILTIN || t == '$' || t == '(' || t == T_INC ||
		      t == T_DEC))
			break;
		n = node(N_CAT, n, additive());
	}
	return n;
}

static Node *comparison(void)
{
	Node *n = concat();
	int t;

	while (L.tk == '|' && peek() == T_GETLINE) {
		lex();
		n = node(N_PIPEGET, n, getline_node());
	}
	t = L.tk;
	if (t == '<' || t == T_LE || t == T_NE || t == T_EQ ||
	    (t == '>' && !no_gt) || t == T_GE) {
		lex();
		n = node(N_CMP, n, concat());
		n->i = t;
	}
	return n;
}

static Node *matching(void)
{
	Node *n = comparison();

	while (L.tk == '~' || L.tk == T_NOMATCH) {
		int neg = L.tk == T_NOMATCH;

		lex();
		n = node(N_MATCH, n, comparison());
		n->i = neg;
	}
	return n;
}

static Node *in_expr(void)
{
	Node *n = matching();

	while (L.tk == T_IN) {
		lex();
		if (L.tk != T_NAME)
			syntax("in needs an array name");
		n = node(N_IN, n->op == N_GROUP ? n->r : n, var_node(L.str));
		lex();
	}
	return n;
}

static Node *and_expr(void)
{
	Node *n = in_expr();

	while (L.tk == T_AND) {
		lex();
		opt_nl();
		n = node(N_AND, n, in_expr());
	}
	return n;
}

static Node *or_expr(void)
{
	Node *n = and_expr();

	while (L.tk == T_OR) {
		lex();
		opt_nl();
		n = node(N_OR, n, and_expr());
	}
	return n;
}

static Node *ternary(void)
{
	Node *n = or_expr(), *a;

	if (L.tk != '?')
		return n;
	lex();
	opt_nl();
	a = ternary();
	opt_nl();
	expect(':', "missing : in ?:");
	opt_nl();
	n = node(N_COND, n, a);
	n->x = ternary();
	return n;
}

static Node *expr(void)
{
	Node *n;
	int t;

	if (++pdepth > 400)
		syntax("program nested too deeply");
	n = ternary();
	t = L.tk;
	if (t == '=' || (t >= T_ADDA && t <= T_POWA)) {
		if (!is_lvalue(n)) {
			if (t == T_DIVA)
				goto out;
			syntax("assignment needs a variable");
		}
		lex();
		opt_nl();
		n = node(N_ASSIGN, n, expr());
		n->i = t;
	}
out:
	pdepth--;
	return n;
}

/* statements */

static Node *stmt(void);

static void end_simple(void)
{
	if (L.tk == ';' || L.tk == T_NL) {
		lex();
		opt_nl();
	} else if (L.tk != '}' && L.tk != T_EOF) {
		syntax("unexpected token after statement");
	}
}

static Node *block(void)
{
	Node *head = NULL, **tail = &head;

	expect('{', "missing {");
	for (;;) {
		while (L.tk == T_NL || L.tk == ';')
			lex();
		if (L.tk == '}')
			break;
		if (L.tk == T_EOF)
			syntax("missing }");
		*tail = stmt();
		while (*tail)
			tail = &(*tail)->next;
	}
	lex();
	return node(S_BLOCK, 0, head);
}

static Node *simple_stmt(void)
{
	Node *n;
	int t = L.tk;

	switch (t) {
	case T_PRINT:
	case T_PRINTF:
		n = node(t == T_PRINT ? S_PRINT : S_PRINTF, 0, 0);
		lex();
		if (L.tk != ';' && L.tk != T_NL && L.tk != '}' &&
		    L.tk != '>' && L.tk != T_APPEND && L.tk != '|' &&
		    L.tk != T_EOF) {
			no_gt = 1;
			n->r = expr_list(-1);
			no_gt = 0;
			if (n->r->op == N_GROUP && !n->r->next)
				n->r = n->r->r;
		}
		if (t == T_PRINTF && !n->r)
			syntax("printf needs a format");
		if (L.tk == '>' || L.tk == T_APPEND || L.tk == '|') {
			n->i = L.tk;
			lex();
			n->l = concat();
		}
		return n;
	case T_NEXT:
	case T_NEXTFILE:
	case T_BREAK:
	case T_CONTINUE:
		lex();
		return node(t == T_NEXT ? S_NEXT : t == T_NEXTFILE ?
			    S_NEXTFILE : t == T_BREAK ? S_BREAK : S_CONTINUE,
			    0, 0);
	case T_EXIT:
	case T_RETURN:
		lex();
		n = node(t == T_EXIT ? S_EXIT : S_RETURN, 0, 0);
		if (L.tk != ';' && L.tk != T_NL && L.tk != '}' &&
		    L.tk != T_EOF)
			n->l = expr();
		return n;
	case T_DELETE:
		lex();
		if (L.tk != T_NAME)
			syntax("delete needs an array");
		n = node(S_DELETE, var_node(L.str), 0);
		lex();
		if (L.tk == '[') {
			lex();
			n->r = expr_list(']');
			expect(']', "missing ]");
		}
		return n;
	}
	return node(S_EXPR, expr(), 0);
}

static Node *stmt(void)
{
	Node *n;
	Lex save;

	if (++pdepth > 400)
		syntax("program nested too deeply");
	switch (L.tk) {
	case '{':
		n = block();
		break;
	case ';':
		lex();
		n = node(S_BLOCK, 0, 0);
		break;
	case T_IF:
		lex();
		expect('(', "missing ( after if");
		n = node(S_IF, expr(), 0);
		expect(')', "missing ) after if");
		opt_nl();
		n->r = stmt();
		save = L;
		while (L.tk == T_NL || L.tk == ';')
			lex();
		if (L.tk == T_ELSE) {
			lex();
			opt_nl();
			n->x = stmt();
		} else {
			L = save;
		}
		break;
	case T_WHILE:
		lex();
		expect('(', "missing ( after while");
		n = node(S_WHILE, expr(), 0);
		expect(')', "missing ) after while");
		if (L.tk == ';') {
			lex();
			n->y = node(S_BLOCK, 0, 0);
			break;
		}
		opt_nl();
		n->y = stmt();
		break;
	case T_DO:
		lex();
		opt_nl();
		n = node(S_DO, 0, 0);
		n->y = stmt();
		while (L.tk == T_NL || L.tk == ';')
			lex();
		expect(T_WHILE, "missing while after do");
		expect('(', "missing ( after while");
		n->l = expr();
		expect(')', "missing ) after while");
		end_simple();
		break;
	case T_FOR:
		lex();
		expect('(', "missing ( after for");
		if (L.tk == T_NAME) {
			save = L;
			Str *v = L.str;

			if (lex() == T_IN && lex() == T_NAME &&
			    peek() == ')') {
				n = node(S_FORIN, var_node(v), var_node(L.str));
				lex();
				lex();
				opt_nl();
				n->y = stmt();
				break;
			}
			L = save;
		}
		n = node(S_FOR, 0, 0);
		if (L.tk != ';')
			n->l = simple_stmt();
		expect(';', "missing ; in for");
		opt_nl();
		if (L.tk != ';')
			n->r = expr();
		expect(';', "missing ; in for");
		opt_nl();
		if (L.tk != ')')
			n->x = simple_stmt();
		expect(')', "missing ) in for");
		if (L.tk == ';') {
			lex();
			n->y = node(S_BLOCK, 0, 0);
			break;
		}
		opt_nl();
		n->y = stmt();
		break;
	default:
		n = simple_stmt();
		end_simple();
	}
	pdepth--;
	return n;
}

static void function_def(void)
{
	Func *f;
	int k;

	lex();
	if (L.tk != T_NAME && L.tk != T_FUNC)
		syntax("function needs a name");
	k = func_slot(L.str);
	if (funcs[k].defined)
		syntax("function defined twice");
	lex();
	expect('(', "missing ( in function definition");
	params = NULL;
	nparams = 0;
	while (L.tk == T_NAME) {
		params = xrealloc(params, (nparams + 1) * sizeof(Str *));
		params[nparams++] = L.str;
		lex();
		if (L.tk != ',')
			break;
		lex();
		opt_nl();
	}
	expect(')', "missing ) in function definition");
	opt_nl();
	in_func = 1;
	f = &funcs[k];
	f->defined = 1;
	f->nparam = nparams;
	f->body = block();
	in_func = 0;
	free(params);
}

static void parse_program(void)
{
	lex();
	for (;;) {
		while (L.tk == T_NL || L.tk == ';')
			lex();
		if (L.tk == T_EOF)
			break;
		if (L.tk == T_FUNCTION) {
			function_def();
		} else if (L.tk == T_BEGIN || L.tk == T_END) {
			Node ***tail = L.tk == T_BEGIN ? &begin_tail : &end_tail;

			lex();
			opt_nl();
			**tail = block();
			*tail = &(**tail)->next;
		} else {
			Rule *r;

			rules = xrealloc(rules, (nrules + 1) * sizeof(Rule));
			r = &rules[nrules++];
			memset(r, 0, sizeof(*r));
			if (L.tk != '{') {
				r->pat = expr();
				if (L.tk == ',') {
					lex();
					opt_nl();
					r->pat2 = expr();
				}
			}
			if (L.tk == '{')
				r->act = block();
		}
	}
	for (int i = 0; i < nfuncs; i++)
		if (!funcs[i].defined)
			die("calling undefined function", funcs[i].name->s);
}
