/*
 * expand.h - word expansion: tilde, parameters, $(...) and `...`,
 * $((...)), then field splitting on IFS and pathname expansion, with
 * quote removal along the way. Every output byte carries flags saying
 * whether it was quoted (literal for patterns and never split) and
 * whether it came from an unquoted expansion (so IFS splits there).
 */

#define XQ 1	/* quoted */
#define XS 2	/* from an unquoted expansion: IFS may split here */
#define XB 4	/* a field boundary between "$@" words (a marker byte) */
#define XE 8	/* a quoted empty string: keeps an empty field alive */

#define X_SPLIT 1	/* split fields and expand pathnames */
#define X_ASSIGN 2	/* tilde after ':' too */
#define X_HEREDOC 4	/* '"' and '\'' are plain characters */
#define X_LITSPLIT 8	/* unquoted literal text splits (${x:-a b}) */
#define X_TILDE 16	/* the word starts here */

struct xb {
	struct str s, f;
};

static int xfail;		/* an expansion failed: abandon the command */
static long long last_bg = -1;

static void cmdsubst_run(const char *src, size_t n, struct str *out);

static void xb_add(struct xb *o, const char *p, size_t n, int fl)
{
	s_addn(&o->s, p, n);
	for (size_t i = 0; i < n; i++)
		s_addc(&o->f, (char)fl);
}

static void xb_mark(struct xb *o, int fl)
{
	xb_add(o, "", 1, fl);
}

static void xfree(struct xb *o)
{
	s_free(&o->s);
	s_free(&o->f);
}

static void expand_part(const char *p, const char *e, int dq, int mode,
			struct xb *o);

/* The end of ${...} starting at p (at the '{'), or e. */
static const char *skip_brace(const char *p, const char *e)
{
	int depth = 0, dq = 0;

	for (; p < e; p++) {
		if (*p == '\\' && p + 1 < e) {
			p++;
		} else if (*p == '\'' && !dq) {
			const char *q = memchr(p + 1, '\'', (size_t)(e - p - 1));

			p = q ? q : e - 1;
		} else if (*p == '"') {
			dq = !dq;
		} else if (*p == '{') {
			depth++;
		} else if (*p == '}' && !--depth) {
			return p;
		}
	}
	return e;
}

static const char *ifs_chars(void)
{
	const char *v = var_get("IFS");

	return v ? v : " \t\n";
}

static int ifs_white(int c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static const char *cur_ifs;

/*
 * Byte i of s, whose flags are f: 0 not a field separator, 1 IFS white
 * space, 2 another IFS character. Used by splitting and by read.
 */
static int ifs_class(struct str *s, struct str *f, size_t i)
{
	char c = i < s->n ? s->s[i] : 0;

	if (!c || !(f->s[i] & XS) || !strchr(cur_ifs, c))
		return 0;
	return ifs_white(c) ? 1 : 2;
}

static void x_error(const char *a, const char *b)
{
	errmsg(a, b, NULL);
	xfail = 1;
}

/* The value of a parameter other than @ and *, or NULL if unset. */
static const char *param(const char *name, size_t n, char *buf)
{
	if (n == 1) {
		switch (name[0]) {
		case '?':
			return fmt_ll(buf, last_status);
		case '#':
			return fmt_ll(buf, pos.n);
		case '$':
			return self_id;
		case '!':
			return last_bg < 0 ? NULL : fmt_ll(buf, last_bg);
		case '-': {
			/* as dash's, which lists them last to first */
			char *b = buf;

			for (const char *k = "uCxife"; *k; k++)
				if (*k == 'i' ? interactive :
				    opt[strchr(opt_letters, *k) - opt_letters])
					*b++ = *k;
			*b = 0;
			return buf;
		}
		case '0':
			return arg0;
		}
	}
	if (isdigit((unsigned char)name[0])) {
		long long k = 0;

		for (size_t i = 0; i < n && k < 100000; i++)
			k = k * 10 + name[i] - '0';
		return k >= 1 && k <= pos.n ? pos.v[k - 1] : NULL;
	}
	{
		struct var *v = var_find(name, n);

		return v ? v->val : NULL;
	}
}

/* "$*" and friends: the positional parameters joined by IFS's first. */
static char *join_params(void)
{
	struct str b = { 0 };
	const char *ifs = ifs_chars();
	char *r;

	for (int i = 0; i < pos.n; i++) {
		if (i && *ifs)
			s_addc(&b, *ifs);
		s_adds(&b, pos.v[i]);
	}
	r = a_strndup(s_cstr(&b), b.n);
	s_free(&b);
	return r;
}

static int val_flags(int dq, int mode)
{
	return dq ? XQ : (mode & X_SPLIT) ? XS : 0;
}

static int saw_at;

static void emit_at(struct xb *o, int dq, int mode)
{
	saw_at = 1;
	for (int i = 0; i < pos.n; i++) {
		if (i)
			xb_mark(o, XB | (dq ? XQ : 0));
		else if (dq)
			xb_mark(o, XE);
		xb_add(o, pos.v[i], strlen(pos.v[i]), val_flags(dq, mode));
	}
}

/* Expands raw text into a plain string (no splitting). */
static char *xstring(const char *p, const char *e, int dq, int mode,
		     int pattern)
{
	struct xb o = { 0 };
	struct str b = { 0 };
	char *r;

	expand_part(p, e, dq, mode & ~X_SPLIT, &o);
	for (size_t i = 0; i < o.s.n; i++) {
		char c = o.s.s[i];
		int f = o.f.s[i];

		if (f & XB)
			c = ' ';
		else if (f & XE)
			continue;
		else if (pattern && (f & XQ) && strchr("\\*?[]", c))
			s_addc(&b, '\\');
		s_addc(&b, c);
	}
	r = a_strndup(s_cstr(&b), b.n);
	xfree(&o);
	s_free(&b);
	return r;
}

static void trim_affix(const char *val, const char *pat, int op, int longest,
		       struct xb *o, int fl)
{
	size_t n = strlen(val), i;

	if (op == '#') {
		for (i = 0; i <= n; i++) {
			size_t k = longest ? n - i : i;

			if (pmatch(pat, val, k)) {
				xb_add(o, val + k, n - k, fl);
				return;
			}
		}
	} else {
		for (i = 0; i <= n; i++) {
			size_t k = longest ? i : n - i;

			if (pmatch(pat, val + k, n - k)) {
				xb_add(o, val, k, fl);
				return;
			}
		}
	}
	xb_add(o, val, n, fl);
}

/* ${...}: p at '{', q at the matching '}'. */
static void expand_brace(const char *p, const char *q, int dq, int mode,
			 struct xb *o)
{
	char buf[24], op = 0;
	const char *name = ++p, *val, *w;
	size_t n;
	int len = 0, colon = 0, set, at = 0;

	if (*p == '#' && p + 1 < q) {
		len = 1;
		name = ++p;
	}
	if (is_name_start((unsigned char)*p)) {
		n = name_len(p);
	} else if (isdigit((unsigned char)*p)) {
		for (n = 0; p + n < q && isdigit((unsigned char)p[n]); n++)
			;
	} else if (p < q && strchr("@*#?-$!0", *p)) {
		n = 1;
	} else {
		x_error("bad substitution", NULL);
		return;
	}
	w = p + n;
	if (w < q) {
		if (*w == ':') {
			colon = 1;
			w++;
		}
		if (w >= q || !strchr("-=?+%#", *w) || (colon &&
							 strchr("%#", *w)) ||
		    len) {
			x_error("bad substitution", NULL);
			return;
		}
		op = *w++;
		if ((op == '%' || op == '#') && w < q && *w == op) {
			op = op == '%' ? 'P' : 'H';
			w++;
		}
	}
	at = n == 1 && (*name == '@' || *name == '*');
	val = at ? (pos.n ? join_params() : NULL) : param(name, n, buf);
	set = at ? pos.n > 0 : val != NULL;
	if (len) {
		val = fmt_ll(buf, val ? (long long)strlen(val) : 0);
		xb_add(o, val, strlen(val), val_flags(dq, mode));
		return;
	}
	if (at && set && !dq)
		val = join_params();
	switch (op) {
	case 0:
		break;
	case '-':
	case '=':
		if (set && !(colon && !*val))
			break;
		if (op == '=') {
			char *v;

			if (!is_name_start((unsigned char)*name)) {
				x_error(a_strndup(name, n),
					"bad variable name");
				return;
			}
			v = xstring(w, q, dq, 0, 0);
			if (var_set(a_strndup(name, n), v, 0))
				xfail = 1;
			xb_add(o, v, strlen(v), val_flags(dq, mode));
			return;
		}
		expand_part(w, q, dq, mode | X_LITSPLIT, o);
		return;
	case '+':
		if (set && !(colon && !*val))
			expand_part(w, q, dq, mode | X_LITSPLIT, o);
		return;
	case '?':
		if (set && !(colon && !*val))
			break;
		x_error(a_strndup(name, n), w < q ? xstring(w, q, dq, 0, 0) :
			"parameter not set");
		return;
	default: {
		char *pat = xstring(w, q, 0, 0, 1);

		trim_affix(val ? val : "", pat, op == 'P' || op == '%' ? '%' :
			   '#', op == 'P' || op == 'H', o,
			   val_flags(dq, mode));
		return;
	}
	}
	if (!set && opt[O_U] && !at) {
		x_error(a_strndup(name, n), "parameter not set");
		return;
	}
	if (at && !(dq && *name == '*')) {
		emit_at(o, dq, mode);
		return;
	}
	if (val)
		xb_add(o, val, strlen(val), val_flags(dq, mode));
}

static void emit_subst(struct xb *o, struct str *out, int dq, int mode)
{
	while (out->n && out->s[out->n - 1] == '\n')
		out->n--;
	xb_add(o, out->s ? out->s : "", out->n, val_flags(dq, mode));
	s_free(out);
}

/* p at '$'; returns the text after the expansion. */
static const char *expand_dollar(const char *p, const char *e, int dq,
				 int mode, struct xb *o)
{
	char buf[24];
	const char *q;

	if (p + 1 >= e) {
		xb_add(o, "$", 1, dq ? XQ : 0);
		return p + 1;
	}
	if (p[1] == '(' && p + 2 < e && p[2] == '(') {
		int depth = 0, ok;
		char *text;
		long long v;

		for (q = p + 1; q < e; q++) {
			if (*q == '(')
				depth++;
			else if (*q == ')' && !--depth)
				break;
		}
		text = xstring(p + 3, q - 1 > p + 3 ? q - 1 : p + 3, 1, 0, 0);
		if (xfail)
			return q < e ? q + 1 : e;
		v = arith(text, &ok);
		if (!ok)
			xfail = 1;
		fmt_ll(buf, v);
		xb_add(o, buf, strlen(buf), val_flags(dq, mode));
		return q < e ? q + 1 : e;
	}
	if (p[1] == '(') {
		struct lexer lx = { p + 2, (size_t)(e - p - 2), 0, NULL };
		struct lexer *saved = L;
		struct tok st = T;
		int sh = have_tok, sp = perr, snp = npending;
		struct str out = { 0 };

		L = &lx;
		have_tok = 0;
		perr = 0;
		parse_list(0);
		L = saved;
		T = st;
		have_tok = sh;
		perr = sp;
		npending = snp;
		cmdsubst_run(p + 2, lx.pos ? lx.pos - 1 : 0, &out);
		emit_subst(o, &out, dq, mode);
		return p + 2 + lx.pos;
	}
	if (p[1] == '{') {
		q = skip_brace(p + 1, e);
		expand_brace(p + 1, q, dq, mode, o);
		return q < e ? q + 1 : e;
	}
	if (is_name_start((unsigned char)p[1])) {
		size_t n = name_len(p + 1);
		struct var *v = var_find(p + 1, n);

		if (v && v->val)
			xb_add(o, v->val, strlen(v->val), val_flags(dq, mode));
		else if (opt[O_U])
			x_error(a_strndup(p + 1, n), "parameter not set");
		return p + 1 + n;
	}
	if (p[1] == '@' || p[1] == '*') {
		if (dq && p[1] == '*') {
			char *j = join_params();

			xb_add(o, j, strlen(j), XQ);
		} else {
			emit_at(o, dq, mode);
		}
		return p + 2;
	}
	if (strchr("#?$!-0123456789", p[1])) {
		const char *v = param(p + 1, 1, buf);

		if (v)
			xb_add(o, v, strlen(v), val_flags(dq, mode));
		else if (opt[O_U] && p[1] != '!')
			x_error(a_strndup(p + 1, 1), "parameter not set");
		return p + 2;
	}
	xb_add(o, "$", 1, dq ? XQ : 0);
	return p + 1;
}

static const char *expand_backquote(const char *p, const char *e, int dq,
				    int mode, struct xb *o)
{
	struct str src = { 0 }, out = { 0 };

	for (p++; p < e && *p != '`'; p++) {
		if (*p == '\\' && p + 1 < e &&
		    (p[1] == '$' || p[1] == '`' || p[1] == '\\' ||
		     (dq && p[1] == '"')))
			p++;
		s_addc(&src, *p);
	}
	cmdsubst_run(s_cstr(&src), src.n, &out);
	s_free(&src);
	emit_subst(o, &out, dq, mode);
	return p < e ? p + 1 : e;
}

static const char *expand_tilde(const char *p, const char *e, int mode,
				struct xb *o)
{
	const char *q = p + 1, *home;

	while (q < e && *q != '/' && !((mode & X_ASSIGN) && *q == ':')) {
		if (strchr("'\"\\$`", *q)) {
			xb_add(o, "~", 1, 0);
			return p + 1;
		}
		q++;
	}
	home = q == p + 1 ? var_get("HOME") : NULL;
	if (!home) {
		xb_add(o, "~", 1, 0);
		return p + 1;
	}
	xb_add(o, home, strlen(home), XQ);
	return q;
}

static void expand_part1(const char *p, const char *e, int dq, int mode,
			 struct xb *o);

static void expand_part(const char *p, const char *e, int dq, int mode,
			struct xb *o)
{
	if (++depth > MAXDEPTH)
		x_error("nesting too deep", NULL);
	else
		expand_part1(p, e, dq, mode, o);
	depth--;
}

static void expand_part1(const char *p, const char *e, int dq, int mode,
			 struct xb *o)
{
	const char *start = p;
	size_t dqmark = 0;
	int lit = mode & X_LITSPLIT ? XS : 0;

	while (p < e && !xfail) {
		char c = *p;

		if (c == '\'' && !dq && !(mode & X_HEREDOC)) {
			const char *q = memchr(p + 1, '\'', (size_t)(e - p - 1));

			if (!q)
				q = e;
			if (q == p + 1)
				xb_mark(o, XE);
			else
				xb_add(o, p + 1, (size_t)(q - p - 1), XQ);
			p = q < e ? q + 1 : e;
		} else if (c == '"' && !(mode & X_HEREDOC)) {
			if (dq && o->s.n == dqmark && !saw_at)
				xb_mark(o, XE);
			saw_at = 0;
			dq = !dq;
			dqmark = o->s.n;
			p++;
		} else if (c == '\\') {
			if (p + 1 >= e) {
				xb_add(o, "\\", 1, dq ? XQ : lit);
				p++;
			} else if (!dq && !(mode & X_HEREDOC)) {
				xb_add(o, p + 1, 1, XQ);
				p += 2;
			} else if (p[1] == '\n') {
				p += 2;
			} else if (strchr("$`\\", p[1]) ||
				   (p[1] == '"' && !(mode & X_HEREDOC))) {
				xb_add(o, p + 1, 1, XQ);
				p += 2;
			} else {
				xb_add(o, "\\", 1, XQ);
				p++;
			}
		} else if (c == '$') {
			p = expand_dollar(p, e, dq, mode, o);
		} else if (c == '`') {
			p = expand_backquote(p, e, dq, mode, o);
		} else if (c == '~' && !dq && !(mode & X_HEREDOC) &&
			   (((mode & X_TILDE) && p == start) ||
			    ((mode & X_ASSIGN) && p > start &&
			     (p[-1] == ':' || p[-1] == '=')))) {
			p = expand_tilde(p, e, mode, o);
		} else {
			xb_add(o, p, 1, dq ? XQ : lit);
			p++;
		}
	}
}

/* One field: its pathname matches, or itself. */
static void push_field(struct str *cur, struct str *pat, int meta,
		       struct words *out)
{
	if (!meta || opt[O_F] || !has_meta(pat->s, pat->n) ||
	    !glob_add(pat->s, out))
		words_add(out, a_strndup(s_cstr(cur), cur->n));
	cur->n = pat->n = 0;
}

/* Field splitting and pathname expansion of one expanded word. */
static void split_glob(struct xb *o, struct words *out)
{
	struct str cur = { 0 }, pat = { 0 };
	int have = 0, meta = 0, k;
	size_t i, n = o->s.n;

#define PUSH() (push_field(&cur, &pat, meta, out), have = meta = 0)

	cur_ifs = ifs_chars();
	for (i = 0; i < n; i++) {
		char c = o->s.s[i];
		int f = o->f.s[i];

		if (f & XB) {
			if (have || (f & XQ))
				PUSH();
			have = (f & XQ) != 0;
			continue;
		}
		if (f & XE) {
			have = 1;
			continue;
		}
		k = ifs_class(&o->s, &o->f, i);
		if (k) {
			if (k == 2 || have)
				PUSH();
			while (ifs_class(&o->s, &o->f, i + 1) == 1)
				i++;
			if (k == 1 && ifs_class(&o->s, &o->f, i + 1) == 2)
				while (ifs_class(&o->s, &o->f, ++i + 1) == 1)
					;
			continue;
		}
		have = 1;
		s_addc(&cur, c);
		if ((f & XQ) && strchr("\\*?[]", c))
			s_addc(&pat, '\\');
		else if (!(f & XQ) && strchr("*?[", c))
			meta = 1;
		s_addc(&pat, c);
	}
	if (have)
		PUSH();
#undef PUSH
	s_free(&cur);
	s_free(&pat);
}

/* The words of a command: every raw word to fields. */
static void expand_words(char **raw, int n, struct words *out)
{
	for (int i = 0; i < n && !xfail; i++) {
		struct xb o = { 0 };

		expand_part(raw[i], raw[i] + strlen(raw[i]), 0,
			    X_SPLIT | X_TILDE, &o);
		split_glob(&o, out);
		xfree(&o);
	}
}

static char *expand_str(const char *raw, int mode)
{
	return xstring(raw, raw + strlen(raw), 0, mode | X_TILDE, 0);
}

static char *expand_pattern(const char *raw)
{
	return xstring(raw, raw + strlen(raw), 0, X_TILDE, 1);
}
