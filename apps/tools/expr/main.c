/*
 * expr - evaluate an expression given as arguments, as GNU expr: | & =
 * != < <= > >= + - * / % and STRING : REGEX (an anchored BRE), match,
 * substr, index, length, + TOKEN, ( ). Numbers are 64-bit. Status 0
 * when the result is neither empty nor 0, 1 when it is, 2 for an
 * invalid expression, 3 for an error (GNU: division by zero is 2).
 */
/* 0 and 1 are the value's; 2 a bad expression, 3 any other trouble */
#define VT_TROUBLE 3
#include "vytool.h"
#include "vytool_match.h"
#include "vytool_regex.h"

static char **tok;
static int ntok, at;

static void fail(const char *what, const char *arg)
{
	vt_warn(what, arg);
	vt_exit(2);
}

static const char *peek(void)
{
	return at < ntok ? tok[at] : NULL;
}

static bool is(const char *s)
{
	return at < ntok && !strcmp(tok[at], s);
}

static bool number(const char *s, int64_t *v)
{
	return *s != '+' && *s != ' ' && *s != '\t' && vt_parse_int(s, v);
}

static int64_t num(const char *s)
{
	int64_t v;

	if (!number(s, &v))
		fail("non-integer argument", NULL);
	return v;
}

static char *from_int(int64_t v)
{
	char b[22];

	return vt_strdup(vt_itoa(v, b));
}

static bool null(const char *s)
{
	if (!*s)
		return true;
	s += *s == '-';
	while (*s == '0')
		s++;
	return !*s && s[-1] == '0';
}

static char *expr_or(void);

static char *colon(const char *s, const char *pat)
{
	struct vr_re re;
	size_t m[4], len = strlen(pat);
	char *p = (char *)pat;
	const char *err;
	int r;

	err = vr_comp(&re, p, len, 0);
	if (err)
		fail(err, NULL);
	re.anchored = true;
	r = vr_exec(&re, s, strlen(s), 0, m, 4);
	if (r < 0)
		fail("regular expression too complex", NULL);
	if (r && m[0] != 0)
		r = 0;
	if (re.ngroups) {
		char *out;

		if (!r || m[2] == (size_t)-1)
			return "";
		out = vt_alloc(m[3] - m[2] + 1);
		memcpy(out, s + m[2], m[3] - m[2]);
		out[m[3] - m[2]] = '\0';
		return out;
	}
	return from_int(r ? (int64_t)(m[1] - m[0]) : 0);
}

static char *need(void)
{
	if (at >= ntok)
		fail("syntax error: missing argument after", tok[ntok - 1]);
	return tok[at++];
}

static char *primary(void)
{
	char *t;

	if (at >= ntok)
		fail(ntok ? "syntax error: missing argument after" :
		     "missing operand", ntok ? tok[ntok - 1] : NULL);
	t = tok[at++];
	if (!strcmp(t, "(")) {
		char *v = expr_or();

		if (!is(")"))
			fail("syntax error: expecting ')'", at < ntok ?
			     tok[at] : NULL);
		at++;
		return v;
	}
	if (!strcmp(t, "+"))
		return need();
	if (!strcmp(t, "length"))
		return from_int((int64_t)strlen(need()));
	if (!strcmp(t, "match")) {
		char *s = need();

		return colon(s, need());
	}
	if (!strcmp(t, "index")) {
		char *s = need(), *set = need();
		size_t i = strcspn(s, set);

		return from_int(s[i] ? (int64_t)i + 1 : 0);
	}
	if (!strcmp(t, "substr")) {
		char *s = need(), *ps = need(), *pl = need();
		int64_t p, l, n = (int64_t)strlen(s);
		char *out;

		if (!number(ps, &p) || !number(pl, &l) || p < 1 || l < 1 ||
		    p > n)
			return "";
		if (l > n - p + 1)
			l = n - p + 1;
		out = vt_alloc((size_t)l + 1);
		memcpy(out, s + p - 1, (size_t)l);
		out[l] = '\0';
		return out;
	}
	return t;
}

static char *expr_colon(void)
{
	char *v = primary();

	while (is(":")) {
		at++;
		v = colon(v, primary());
	}
	return v;
}

static char *expr_mul(void)
{
	char *v = expr_colon();

	while (is("*") || is("/") || is("%")) {
		char op = tok[at++][0];
		int64_t a = num(v), b = num(expr_colon());

		if (op != '*' && !b)
			fail("division by zero", NULL);
		if (op != '*' && b == -1)
			v = from_int(op == '/' ? -a : 0);
		else
			v = from_int(op == '*' ? a * b : op == '/' ? a / b :
				     a % b);
	}
	return v;
}

static char *expr_add(void)
{
	char *v = expr_mul();

	while (is("+") || is("-")) {
		char op = tok[at++][0];
		int64_t a = num(v), b = num(expr_mul());

		v = from_int(op == '+' ? a + b : a - b);
	}
	return v;
}

static char *expr_cmp(void)
{
	static const char ops[] = "<\0<=\0=\0==\0!=\0>=\0>\0";
	char *v = expr_add();

	for (;;) {
		const char *o = ops, *t = peek();
		int k = 0, c;
		int64_t a, b;
		char *w;

		while (*o && (!t || strcmp(o, t))) {
			o += strlen(o) + 1;
			k++;
		}
		if (!*o)
			return v;
		at++;
		w = expr_add();
		if (number(v, &a) && number(w, &b))
			c = a < b ? -1 : a > b;
		else
			c = strcmp(v, w);
		switch (k) {
		case 0: c = c < 0; break;
		case 1: c = c <= 0; break;
		case 2: case 3: c = c == 0; break;
		case 4: c = c != 0; break;
		case 5: c = c >= 0; break;
		default: c = c > 0; break;
		}
		v = c ? "1" : "0";
	}
}

static char *expr_and(void)
{
	char *v = expr_cmp();

	while (is("&")) {
		char *w;

		at++;
		w = expr_cmp();
		if (null(v) || null(w))
			v = "0";
	}
	return v;
}

static char *expr_or(void)
{
	char *v = expr_and();

	while (is("|")) {
		char *w;

		at++;
		w = expr_and();
		if (null(v))
			v = null(w) ? "0" : w;
	}
	return v;
}

static int expr_main(int argc, char **argv)
{
	char *v;

	tok = argv + 1;
	ntok = argc - 1;
	if (ntok && !strcmp(tok[0], "--")) {
		tok++;
		ntok--;
	}
	if (!ntok)
		vt_usage_error("missing operand", 2);
	v = expr_or();
	if (at < ntok)
		fail("syntax error: unexpected argument", tok[at]);
	vt_puts(v);
	vt_putc('\n');
	return null(v);
}

VT_TOOL(expr_main,
	"Usage: expr EXPRESSION\n"
	"Print the value of EXPRESSION to standard output.\n"
	"\n"
	"  A | B   A & B   A < B  A <= B  A = B  A != B  A >= B  A > B\n"
	"  A + B   A - B   A * B  A / B   A % B\n"
	"  STRING : REGEXP   match STRING REGEXP   substr STRING POS LEN\n"
	"  index STRING CHARS   length STRING   + TOKEN   ( EXPRESSION )\n"
	"Exit status: 0 if EXPRESSION is neither null nor 0, 1 if it is,\n"
	"2 if it is invalid.\n")
