/*
 * parse.h - the lexer and the recursive-descent parser: shell text in,
 * a tree of struct node out (in the arena). Words stay as their raw
 * source text, quotes and all; expand.h gives them meaning when they run.
 * A $(...) is parsed here once to find its end and catch syntax errors,
 * and again when it is expanded.
 */

enum {
	T_EOF, T_NL, T_WORD, T_SEMI, T_AMP, T_PIPE, T_AND, T_OR, T_DSEMI,
	T_LP, T_RP, T_LT, T_GT, T_DGT, T_DLT, T_DLTDASH, T_LTAND, T_GTAND,
	T_LTGT, T_CLOBBER
};

enum {
	N_SIMPLE, N_PIPE, N_AND, N_OR, N_NOT, N_SEQ, N_BG, N_SUB, N_GROUP,
	N_IF, N_WHILE, N_UNTIL, N_FOR, N_CASE, N_FUNC
};

struct redir {
	struct redir *next;
	int fd, op;		/* op: the token (T_LT, T_GT, ...) */
	char *word;		/* raw target, or the here-document body */
	int quoted, strip;	/* here-document: no expansion, <<- */
	char *delim;
};

struct citem {
	struct citem *next;
	char **pats;
	int npats;
	struct node *body;
};

struct node {
	int t;
	struct node *a, *b, *c;
	char **argv;		/* SIMPLE: words; FOR: the list; CASE: word */
	int argc;		/* FOR: -1 when there is no `in` */
	struct redir *rd;
	char *name;
	struct citem *items;
};

struct lexer {
	const char *s;
	size_t n, pos;
	int (*more)(struct lexer *);
};

struct tok {
	int t, fd, plain;
	char *w;
};

static struct lexer *L;
static struct tok T;
static int have_tok, perr;
static int lex_hold;	/* a $(...) is being copied: keep the input */
static struct redir *pending_hd[16];
static int npending;

static void errmsg(const char *a, const char *b, const char *c);

static int lpeekc(void)
{
	if (L->pos >= L->n) {
		if (!L->more || !L->more(L))
			return -1;
	}
	return (unsigned char)L->s[L->pos];
}

static int lgetc(void)
{
	int c = lpeekc();

	if (c >= 0)
		L->pos++;
	return c;
}

static void syntax(const char *what)
{
	if (!perr)
		errmsg("syntax error", what, NULL);
	perr = 1;
}

static const char *t_name(void)
{
	static const char *const ops[] = {
		"end of file", "newline", "", ";", "&", "|", "&&", "||", ";;",
		"(", ")", "<", ">", ">>", "<<", "<<-", "<&", ">&", "<>", ">|"
	};

	return T.t == T_WORD ? T.w : ops[T.t];
}

static void lex_dollar(struct str *b);
static void lex_bq(struct str *b);
static struct node *parse_list(int top);

/* Inside "...", after the opening quote; copies through the closing one. */
static void lex_dq(struct str *b)
{
	int c;

	while (!perr && (c = lgetc()) != '"') {
		if (c < 0) {
			syntax("unterminated string");
			return;
		}
		if (c == '\\') {
			int d = lgetc();

			if (d == '\n')
				continue;
			s_addc(b, '\\');
			if (d >= 0)
				s_addc(b, (char)d);
			continue;
		}
		s_addc(b, (char)c);
		if (c == '$')
			lex_dollar(b);
		else if (c == '`')
			lex_bq(b);
	}
	s_addc(b, '"');
}

static void lex_bq(struct str *b)
{
	int c;

	while ((c = lgetc()) != '`') {
		if (c < 0) {
			syntax("unterminated string");
			return;
		}
		s_addc(b, (char)c);
		if (c == '\\' && (c = lgetc()) >= 0)
			s_addc(b, (char)c);
	}
	s_addc(b, '`');
}

static void lex_squote(struct str *b)
{
	int c;

	while ((c = lgetc()) != '\'') {
		if (c < 0) {
			syntax("unterminated string");
			return;
		}
		s_addc(b, (char)c);
	}
	s_addc(b, '\'');
}

static void lex_dollar1(struct str *b);

/* After a '$' already copied: copies ${...}, $(...), $((...)) whole. */
static void lex_dollar(struct str *b)
{
	if (++depth > MAXDEPTH)
		syntax("nesting too deep");
	else
		lex_dollar1(b);
	depth--;
}

static void lex_dollar1(struct str *b)
{
	int c = lpeekc(), depth;

	if (c == '{') {
		s_addc(b, (char)lgetc());
		depth = 1;
		while (!perr) {
			c = lgetc();
			if (c < 0) {
				syntax("unterminated string");
				return;
			}
			if (c == '\\') {
				int d = lgetc();

				if (d == '\n')
					continue;
				s_addc(b, '\\');
				if (d >= 0)
					s_addc(b, (char)d);
				continue;
			}
			s_addc(b, (char)c);
			if (c == '\'')
				lex_squote(b);
			else if (c == '"')
				lex_dq(b);
			else if (c == '`')
				lex_bq(b);
			else if (c == '$')
				lex_dollar(b);
			else if (c == '{')
				depth++;
			else if (c == '}' && !--depth)
				return;
		}
		return;
	}
	if (c != '(')
		return;
	lgetc();
	s_addc(b, '(');
	if (lpeekc() == '(') {
		/* arithmetic: to the matching "))" */
		s_addc(b, (char)lgetc());
		depth = 2;
		while (depth > 0 && !perr) {
			c = lgetc();
			if (c < 0) {
				syntax("unterminated string");
				return;
			}
			s_addc(b, (char)c);
			if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
			else if (c == '$')
				lex_dollar(b);
		}
		return;
	}
	{
		struct tok save = T;
		int saved = have_tok;
		size_t start = L->pos;

		have_tok = 0;
		lex_hold++;
		parse_list(0);
		lex_hold--;
		if (!perr) {
			if (!have_tok || T.t != T_RP)
				syntax("unterminated string");
		}
		s_addn(b, L->s + start, L->pos - start);
		T = save;
		have_tok = saved;
	}
}

static int is_meta(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' ||
	       c == '|' || c == '<' || c == '>' || c == '(' || c == ')';
}

/* The delimiter of a here-document: its word with the quotes removed. */
static char *hd_delim(const char *w, int *quoted)
{
	struct str b = { 0 };
	char q = 0, *r;

	*quoted = 0;
	for (; *w; w++) {
		if (q) {
			if (*w == q)
				q = 0;
			else
				s_addc(&b, *w);
		} else if (*w == '\'' || *w == '"') {
			q = *w;
			*quoted = 1;
		} else if (*w == '\\' && w[1]) {
			*quoted = 1;
			s_addc(&b, *++w);
		} else {
			s_addc(&b, *w);
		}
	}
	r = a_strndup(s_cstr(&b), b.n);
	s_free(&b);
	return r;
}

static void read_heredocs(void)
{
	for (int i = 0; i < npending; i++) {
		struct redir *r = pending_hd[i];
		struct str body = { 0 }, line = { 0 };

		for (;;) {
			int c, eof = 0;

			line.n = 0;
			while ((c = lgetc()) != '\n') {
				if (c < 0) {
					eof = 1;
					break;
				}
				if (r->strip && c == '\t' && !line.n)
					continue;
				s_addc(&line, (char)c);
			}
			if (!strcmp(s_cstr(&line), r->delim) ||
			    (eof && !line.n))
				break;
			s_addn(&body, line.s, line.n);
			s_addc(&body, '\n');
			if (eof)
				break;
		}
		r->word = a_strndup(s_cstr(&body), body.n);
		s_free(&body);
		s_free(&line);
	}
	npending = 0;
}

static int lex(void)
{
	struct str b = { 0 };
	int c;

again:
	T.fd = -1;
	T.plain = 1;
	T.w = NULL;
	while ((c = lpeekc()) == ' ' || c == '\t')
		lgetc();
	if (c == '#') {
		while ((c = lpeekc()) >= 0 && c != '\n')
			lgetc();
	}
	if (c == '\\') {
		lgetc();
		if (lpeekc() == '\n') {
			lgetc();
			goto again;
		}
		L->pos--;
	}
	if (c < 0) {
		read_heredocs();
		return T.t = T_EOF;
	}
	if (c == '\n') {
		lgetc();
		read_heredocs();
		return T.t = T_NL;
	}
	if (is_meta(c)) {
		int d;

		lgetc();
		d = lpeekc();
#define TWO(ch, tt) if (d == ch) { lgetc(); return T.t = tt; }
		switch (c) {
		case ';':
			TWO(';', T_DSEMI);
			return T.t = T_SEMI;
		case '&':
			TWO('&', T_AND);
			return T.t = T_AMP;
		case '|':
			TWO('|', T_OR);
			return T.t = T_PIPE;
		case '(':
			return T.t = T_LP;
		case ')':
			return T.t = T_RP;
		case '>':
			TWO('>', T_DGT);
			TWO('&', T_GTAND);
			TWO('|', T_CLOBBER);
			return T.t = T_GT;
		default:	/* '<' */
			if (d == '<') {
				lgetc();
				d = lpeekc();
				TWO('-', T_DLTDASH);
				return T.t = T_DLT;
			}
			TWO('&', T_LTAND);
			TWO('>', T_LTGT);
			return T.t = T_LT;
		}
#undef TWO
	}
	while ((c = lpeekc()) >= 0 && !is_meta(c) && !perr) {
		lgetc();
		if (c == '\\') {
			int d = lgetc();

			if (d == '\n')
				continue;
			s_addc(&b, '\\');
			if (d >= 0)
				s_addc(&b, (char)d);
			T.plain = 0;
			continue;
		}
		s_addc(&b, (char)c);
		if (c == '\'') {
			lex_squote(&b);
			T.plain = 0;
		} else if (c == '"') {
			lex_dq(&b);
			T.plain = 0;
		} else if (c == '`') {
			lex_bq(&b);
			T.plain = 0;
		} else if (c == '$') {
			lex_dollar(&b);
			T.plain = 0;
		}
	}
	T.w = a_strndup(s_cstr(&b), b.n);
	if ((c == '<' || c == '>') && b.n && b.n < 3) {
		size_t i;

		for (i = 0; T.w[i] >= '0' && T.w[i] <= '9'; i++)
			;
		if (!T.w[i] && T.plain) {
			int fd = T.w[0] - '0';

			if (T.w[1])
				fd = fd * 10 + T.w[1] - '0';

			lex();
			T.fd = fd;
			s_free(&b);
			return T.t;
		}
	}
	s_free(&b);
	return T.t = T_WORD;
}

static int peek(void)
{
	if (!have_tok) {
		lex();
		have_tok = 1;
	}
	return T.t;
}

static void next(void)
{
	have_tok = 0;
}

static int is_kw(const char *kw)
{
	return peek() == T_WORD && T.plain && T.fd < 0 && !strcmp(T.w, kw);
}

static int accept_kw(const char *kw)
{
	if (!is_kw(kw))
		return 0;
	next();
	return 1;
}

static void expect_kw(const char *kw)
{
	if (!perr && !accept_kw(kw))
		syntax(t_name());
}

static void linebreak(void)
{
	while (!perr && peek() == T_NL)
		next();
}

static struct node *new_node(int t)
{
	struct node *n = a_alloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->t = t;
	return n;
}

static int is_redir_tok(int t)
{
	return t >= T_LT && t <= T_CLOBBER;
}

static struct redir *parse_redir(void)
{
	struct redir *r = a_alloc(sizeof(*r));
	int op = T.t;

	memset(r, 0, sizeof(*r));
	r->op = op;
	r->fd = T.fd >= 0 ? T.fd :
		(op == T_LT || op == T_DLT || op == T_DLTDASH ||
		 op == T_LTAND || op == T_LTGT) ? 0 : 1;
	next();
	if (peek() != T_WORD) {
		syntax(t_name());
		return r;
	}
	r->word = T.w;
	next();
	if (op == T_DLT || op == T_DLTDASH) {
		r->delim = hd_delim(r->word, &r->quoted);
		r->strip = op == T_DLTDASH;
		r->word = "";
		if (npending < 16)
			pending_hd[npending++] = r;
		else
			syntax("<<");
	}
	return r;
}

/* Redirections after a compound command, appended to n->rd. */
static void parse_redirs(struct node *n)
{
	struct redir **pp = &n->rd;

	while (*pp)
		pp = &(*pp)->next;
	while (!perr && is_redir_tok(peek())) {
		*pp = parse_redir();
		pp = &(*pp)->next;
	}
}

static struct node *parse_command(void);
static struct node *parse_and_or(void);

static const char *const terminators[] = {
	"then", "else", "elif", "fi", "do", "done", "esac", "}", NULL
};

static int at_terminator(void)
{
	int t = peek();

	if (t == T_RP || t == T_DSEMI || t == T_EOF)
		return 1;
	for (int i = 0; terminators[i]; i++)
		if (is_kw(terminators[i]))
			return 1;
	return 0;
}

/*
 * A list of and-or lists. At top level a newline ends it (one command
 * line at a time); inside a compound command it is a separator.
 */
static struct node *parse_list(int top)
{
	struct node *head = NULL, **tail = &head;

	for (;;) {
		struct node *n;
		int t;

		if (!top)
			linebreak();
		if (perr || (top && (peek() == T_NL || peek() == T_EOF)) ||
		    (!top && at_terminator()))
			break;
		n = parse_and_or();
		if (perr)
			break;
		t = peek();
		if (t == T_AMP) {
			struct node *bg = new_node(N_BG);

			bg->a = n;
			n = bg;
		}
		*tail = new_node(N_SEQ);
		(*tail)->a = n;
		tail = &(*tail)->b;
		if (t == T_SEMI || t == T_AMP)
			next();
		else if (top || t != T_NL)
			break;
	}
	return perr ? NULL : head;
}

static struct node *parse_pipeline(void)
{
	struct node *n, *p;
	int neg = 0;

	while (accept_kw("!"))
		neg ^= 1;
	n = parse_command();
	while (!perr && peek() == T_PIPE) {
		next();
		linebreak();
		p = new_node(N_PIPE);
		p->a = n;
		p->b = parse_command();
		n = p;
	}
	if (neg) {
		p = new_node(N_NOT);
		p->a = n;
		n = p;
	}
	return n;
}

static struct node *parse_and_or(void)
{
	struct node *n = parse_pipeline(), *p;

	while (!perr && (peek() == T_AND || peek() == T_OR)) {
		p = new_node(T.t == T_AND ? N_AND : N_OR);
		next();
		linebreak();
		p->a = n;
		p->b = parse_pipeline();
		n = p;
	}
	return n;
}

static struct node *parse_if(void)
{
	struct node *n = new_node(N_IF);

	n->a = parse_list(0);
	expect_kw("then");
	n->b = parse_list(0);
	if (accept_kw("elif")) {
		n->c = parse_if();
		return n;
	}
	if (accept_kw("else"))
		n->c = parse_list(0);
	expect_kw("fi");
	return n;
}

static char **collect_words(int *count)
{
	struct words w = { 0 };

	while (!perr && peek() == T_WORD) {
		words_add(&w, T.w);
		next();
	}
	*count = w.n;
	return w.v;
}

static struct node *parse_for(void)
{
	struct node *n = new_node(N_FOR);

	if (peek() != T_WORD || !is_name(T.w)) {
		syntax(t_name());
		return n;
	}
	n->name = T.w;
	next();
	n->argc = -1;
	linebreak();
	if (accept_kw("in")) {
		n->argv = collect_words(&n->argc);
		if (peek() == T_SEMI)
			next();
		else if (peek() != T_NL)
			syntax(t_name());
	} else if (peek() == T_SEMI) {
		next();
	}
	linebreak();
	expect_kw("do");
	n->b = parse_list(0);
	expect_kw("done");
	return n;
}

static struct node *parse_case(void)
{
	struct node *n = new_node(N_CASE);
	struct citem **tail = &n->items;

	if (peek() != T_WORD) {
		syntax(t_name());
		return n;
	}
	n->argv = a_alloc(sizeof(char *));
	n->argv[0] = T.w;
	next();
	linebreak();
	expect_kw("in");
	for (;;) {
		struct citem *it;
		struct words w = { 0 };

		linebreak();
		if (perr || accept_kw("esac"))
			break;
		it = a_alloc(sizeof(*it));
		memset(it, 0, sizeof(*it));
		if (peek() == T_LP)
			next();
		for (;;) {
			if (peek() != T_WORD) {
				syntax(t_name());
				return n;
			}
			words_add(&w, T.w);
			next();
			if (peek() != T_PIPE)
				break;
			next();
		}
		it->pats = w.v;
		it->npats = w.n;
		if (peek() != T_RP) {
			syntax(t_name());
			return n;
		}
		next();
		it->body = parse_list(0);
		*tail = it;
		tail = &it->next;
		if (peek() == T_DSEMI) {
			next();
			continue;
		}
		linebreak();
		expect_kw("esac");
		break;
	}
	return n;
}

static struct node *parse_compound(void)
{
	struct node *n = NULL;

	if (peek() == T_LP) {
		next();
		n = new_node(N_SUB);
		n->a = parse_list(0);
		if (!perr && peek() != T_RP)
			syntax(t_name());
		next();
	} else if (accept_kw("{")) {
		n = new_node(N_GROUP);
		n->a = parse_list(0);
		expect_kw("}");
	} else if (accept_kw("if")) {
		n = parse_if();
	} else if (accept_kw("while")) {
		n = new_node(N_WHILE);
		goto loop;
	} else if (accept_kw("until")) {
		n = new_node(N_UNTIL);
loop:
		n->a = parse_list(0);
		expect_kw("do");
		n->b = parse_list(0);
		expect_kw("done");
	} else if (accept_kw("for")) {
		n = parse_for();
	} else if (accept_kw("case")) {
		n = parse_case();
	} else {
		return NULL;
	}
	if (!perr)
		parse_redirs(n);
	return n;
}

static int is_assignment(const char *w)
{
	size_t n = name_len(w);

	return n && w[n] == '=';
}

static struct node *parse_command1(void);

static struct node *parse_command(void)
{
	struct node *n = NULL;

	if (++depth > MAXDEPTH)
		syntax("nesting too deep");
	else
		n = parse_command1();
	depth--;
	return n;
}

static struct node *parse_command1(void)
{
	struct node *n;
	struct redir **rt;
	struct words v = { 0 };

	if (perr)
		return NULL;
	n = parse_compound();
	if (n || perr)
		return n;
	if (at_terminator() && peek() != T_EOF) {
		syntax(t_name());
		return NULL;
	}
	if (peek() == T_WORD && T.plain && is_name(T.w)) {
		char *name = T.w;

		next();
		if (peek() == T_LP) {
			next();
			if (peek() != T_RP) {
				syntax(t_name());
				return NULL;
			}
			next();
			linebreak();
			n = new_node(N_FUNC);
			n->name = name;
			n->a = parse_command();
			return n;
		}
		/* not a function: the name was the first word */
		words_add(&v, name);
	}
	n = new_node(N_SIMPLE);
	rt = &n->rd;
	for (;;) {
		int t = peek();

		if (perr)
			return NULL;
		if (is_redir_tok(t)) {
			*rt = parse_redir();
			rt = &(*rt)->next;
		} else if (t == T_WORD) {
			words_add(&v, T.w);
			next();
		} else {
			break;
		}
	}
	if (!v.n && !n->rd) {
		syntax(t_name());
		return NULL;
	}
	n->argv = v.v;
	n->argc = v.n;
	return n;
}
