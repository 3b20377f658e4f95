/*
 * regex.h - POSIX extended regular expressions, compiled to a Thompson
 * NFA and run as a Pike VM that tracks each thread's start: one pass,
 * no backtracking, leftmost-longest as awk requires. Bytes, not
 * characters (the C locale); NULs and any byte value are fine.
 */

enum { R_CHAR, R_ANY, R_SET, R_SPLIT, R_JMP, R_BOL, R_EOL, R_MATCH };
#define RE_MAX_INSNS 40000

typedef struct {
	unsigned char op, c;
	int x, y;
} RInsn;

typedef struct Re {
	RInsn *p;
	int n, cap;
	unsigned char (*set)[32];
	int nset;
	int anch, first;	/* starts with ^; literal first byte or -1 */
	unsigned *mark;
	int *work;
} Re;

/* parse tree, freed once the program is emitted */
typedef struct RNode {
	char t;
	unsigned char c;
	int set, mn, mx;
	struct RNode *l, *r;
} RNode;

static const unsigned char *rx_p, *rx_end;
static RNode *rx_pool;
static int rx_npool, rx_depth;
static Re *rx_re;

static RNode *rx_node(int t, RNode *l, RNode *r)
{
	RNode *n = &rx_pool[rx_npool++];

	n->t = t;
	n->l = l;
	n->r = r;
	return n;
}

static int rx_newset(void)
{
	Re *re = rx_re;

	re->set = xrealloc(re->set, (re->nset + 1) * 32);
	memset(re->set[re->nset], 0, 32);
	return re->nset++;
}

#define SETBIT(s, c) ((s)[(c) >> 3] |= 1 << ((c) & 7))

static const char *const rx_classes[] = {
	"alpha", "digit", "alnum", "upper", "lower", "space", "blank",
	"punct", "print", "graph", "cntrl", "xdigit"
};

static int rx_inclass(int k, int c)
{
	int lo = c >= 'a' && c <= 'z', up = c >= 'A' && c <= 'Z';
	int dg = c >= '0' && c <= '9', gr = c > 32 && c < 127;

	switch (k) {
	case 0: return lo || up;
	case 1: return dg;
	case 2: return lo || up || dg;
	case 3: return up;
	case 4: return lo;
	case 5: return c == ' ' || (c >= 9 && c <= 13);
	case 6: return c == ' ' || c == '\t';
	case 7: return gr && !lo && !up && !dg;
	case 8: return gr || c == ' ';
	case 9: return gr;
	case 10: return c < 32 || c == 127;
	default: return dg || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}
}

static void rx_addclass(unsigned char *s, int k, int neg)
{
	int c;

	for (c = 0; c < 256; c++)
		if (rx_inclass(k, c) != neg)
			SETBIT(s, c);
}

/* The byte an escape stands for, or -1 - class for \s \S \w \W. */
static int rx_escape(void)
{
	int c = *rx_p++, v, i;

	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case 'f': return '\f';
	case 'v': return '\v';
	case 'a': return 7;
	case 'b': return 8;
	case 's': return -1;
	case 'S': return -2;
	case 'w': return -3;
	case 'W': return -4;
	}
	if (c >= '0' && c <= '7') {
		for (v = c - '0', i = 1; i < 3 && rx_p < rx_end &&
		     *rx_p >= '0' && *rx_p <= '7'; i++)
			v = v * 8 + *rx_p++ - '0';
		return v & 255;
	}
	return c;
}

static void rx_escset(unsigned char *s, int e)
{
	int c, k = e == -1 || e == -2 ? 5 : 2;

	rx_addclass(s, k, !(e & 1));
	if (e <= -3)
		for (c = 0; c < 256; c++)
			if ((c == '_') == (e == -3))
				SETBIT(s, c);
	if (e == -4)
		s['_' >> 3] &= ~(1 << ('_' & 7));
}

static RNode *rx_bracket(void)
{
	int k = rx_newset(), first = 1, neg = 0, c, hi, i;
	unsigned char *s = rx_re->set[k];
	RNode *n;

	if (rx_p < rx_end && *rx_p == '^') {
		neg = 1;
		rx_p++;
	}
	for (;;) {
		if (rx_p >= rx_end)
			die("unterminated [ in regular expression", 0);
		c = *rx_p;
		if (c == ']' && !first)
			break;
		first = 0;
		if (c == '[' && rx_p + 1 < rx_end && (rx_p[1] == ':' ||
		    rx_p[1] == '=' || rx_p[1] == '.')) {
			const unsigned char *q = rx_p + 2;
			int kind = rx_p[1];

			while (q + 1 < rx_end && !(q[0] == kind && q[1] == ']'))
				q++;
			if (q + 1 >= rx_end)
				die("bad character class in regular expression", 0);
			if (kind == ':') {
				for (i = 0; i < 12; i++)
					if (strlen(rx_classes[i]) ==
					    (size_t)(q - rx_p - 2) &&
					    !memcmp(rx_classes[i], rx_p + 2,
						    q - rx_p - 2))
						break;
				if (i == 12)
					die("bad character class in regular expression", 0);
				rx_addclass(s, i, 0);
				rx_p = q + 2;
				continue;
			}
			c = rx_p[2];
			rx_p = q + 2;
		} else if (c == '\\' && rx_p + 1 < rx_end) {
			rx_p++;
			c = rx_escape();
			if (c < 0) {
				rx_escset(s, c);
				continue;
			}
		} else {
			rx_p++;
		}
		hi = c;
		if (rx_p + 1 < rx_end && *rx_p == '-' && rx_p[1] != ']') {
			rx_p++;
			hi = *rx_p++;
			if (hi == '\\' && rx_p < rx_end) {
				hi = rx_escape();
				if (hi < 0)
					hi = c;
			}
		}
		for (i = c; i <= hi; i++)
			SETBIT(s, i);
	}
	rx_p++;
	if (neg)
		for (i = 0; i < 32; i++)
			s[i] = ~s[i];
	n = rx_node('[', 0, 0);
	n->set = k;
	return n;
}

static RNode *rx_alt(void);

static RNode *rx_atom(void)
{
	RNode *n;
	int c = *rx_p++;

	switch (c) {
	case '(':
		if (++rx_depth > 200)
			die("regular expression nested too deeply", 0);
		if (rx_p < rx_end && *rx_p == ')') {
			rx_p++;
			n = rx_node('e', 0, 0);
		} else {
			n = rx_alt();
			if (rx_p >= rx_end || *rx_p != ')')
				die("unmatched ( in regular expression", 0);
			rx_p++;
		}
		rx_depth--;
		return n;
	case '.':
		return rx_node('.', 0, 0);
	case '^':
		return rx_node('^', 0, 0);
	case '$':
		return rx_node('$', 0, 0);
	case '[':
		return rx_bracket();
	case '\\':
		if (rx_p >= rx_end)
			break;
		c = rx_escape();
		if (c == '`' || c == '\'')
			return rx_node(c == '`' ? '^' : '$', 0, 0);
		if (c < 0) {
			n = rx_node('[', 0, 0);
			n->set = rx_newset();
			rx_escset(rx_re->set[n->set], c);
			return n;
		}
		break;
	}
	n = rx_node('c', 0, 0);
	n->c = c;
	return n;
}

static int rx_int(int *v)
{
	int any = 0;

	*v = 0;
	while (rx_p < rx_end && *rx_p >= '0' && *rx_p <= '9') {
		if (*v < 100000)
			*v = *v * 10 + *rx_p - '0';
		rx_p++;
		any = 1;
	}
	return any;
}

static RNode *rx_repeat(void)
{
	RNode *a = rx_atom(), *n;
	int mn, mx;

	while (rx_p < rx_end && a->t != '^') {	/* ^* is ^ then a star */
		int c = *rx_p;

		if (c == '*' || c == '+' || c == '?') {
			rx_p++;
			mn = c == '+';
			mx = c == '?' ? 1 : -1;
		} else if (c == '{') {
			const unsigned char *save = rx_p++;
			int lo = rx_int(&mn);

			mx = mn;
			if (rx_p < rx_end && *rx_p == ',') {
				rx_p++;
				if (!rx_int(&mx))
					mx = -1;
			} else if (!lo) {
				rx_p = save;
				break;
			}
			if (rx_p >= rx_end || *rx_p != '}' ||
			    (mx >= 0 && mx < mn)) {
				rx_p = save;
				break;
			}
			rx_p++;
			if (mn > 1000 || mx > 1000)
				die("regular expression repetition too large", 0);
		} else {
			break;
		}
		n = rx_node('*', a, 0);
		n->mn = mn;
		n->mx = mx;
		a = n;
	}
	return a;
}

static RNode *rx_cat(void)
{
	RNode *l = NULL, *a;

	/* a ) with no ( before it is an ordinary character, as in gawk */
	while (rx_p < rx_end && *rx_p != '|' && (*rx_p != ')' || !rx_depth)) {
		a = rx_repeat();
		l = l ? rx_node('&', l, a) : a;
	}
	return l ? l : rx_node('e', 0, 0);
}

static RNode *rx_alt(void)
{
	RNode *l = rx_cat();

	while (rx_p < rx_end && *rx_p == '|') {
		rx_p++;
		l = rx_node('|', l, rx_cat());
	}
	return l;
}

static int rx_emit1(int op, int c)
{
	Re *re = rx_re;

	if (re->n >= RE_MAX_INSNS)
		die("regular expression too big", 0);
	if (re->n == re->cap) {
		re->cap = re->cap * 2 + 16;
		re->p = xrealloc(re->p, re->cap * sizeof(RInsn));
	}
	re->p[re->n].op = op;
	re->p[re->n].c = c;
	re->p[re->n].x = re->p[re->n].y = 0;
	return re->n++;
}

static void rx_emit(RNode *n)
{
	RInsn *p;
	int s, j, i, prev;

	switch (n->t) {
	case 'c':
		rx_emit1(R_CHAR, n->c);
		break;
	case '.':
		rx_emit1(R_ANY, 0);
		break;
	case '[':
		s = rx_emit1(R_SET, 0);
		rx_re->p[s].x = n->set;
		break;
	case '^':
		rx_emit1(R_BOL, 0);
		break;
	case '$':
		rx_emit1(R_EOL, 0);
		break;
	case '&':
		rx_emit(n->l);
		rx_emit(n->r);
		break;
	case '|':
		s = rx_emit1(R_SPLIT, 0);
		rx_emit(n->l);
		j = rx_emit1(R_JMP, 0);
		p = rx_re->p;
		p[s].x = s + 1;
		p[s].y = rx_re->n;
		rx_emit(n->r);
		rx_re->p[j].x = rx_re->n;
		break;
	case '*':
		for (i = 0; i < n->mn; i++)
			rx_emit(n->l);
		if (n->mx < 0) {
			s = rx_emit1(R_SPLIT, 0);
			rx_emit(n->l);
			j = rx_emit1(R_JMP, 0);
			p = rx_re->p;
			p[j].x = s;
			p[s].x = s + 1;
			p[s].y = rx_re->n;
			break;
		}
		for (prev = -1; i < n->mx; i++) {
			s = rx_emit1(R_SPLIT, 0);
			rx_re->p[s].x = s + 1;
			rx_re->p[s].y = prev;
			prev = s;
			rx_emit(n->l);
		}
		while (prev >= 0) {
			s = rx_re->p[prev].y;
			rx_re->p[prev].y = rx_re->n;
			prev = s;
		}
		break;
	}
}

static Re *re_compile(const char *pat, int len)
{
	Re *re = xcalloc(1, sizeof(Re));
	RNode *root;

	rx_re = re;
	rx_p = (const unsigned char *)pat;
	rx_end = rx_p + len;
	rx_pool = xcalloc(3 * len + 8, sizeof(RNode));
	rx_npool = 0;
	rx_depth = 0;
	root = rx_alt();
	rx_emit(root);
	rx_emit1(R_MATCH, 0);
	free(rx_pool);
	re->anch = re->p[0].op == R_BOL;
	re->first = re->p[0].op == R_CHAR ? re->p[0].c : -1;
	re->mark = xcalloc(re->n, sizeof(unsigned));
	re->work = xcalloc(6 * re->n + 4, sizeof(int));
	return re;
}

static void re_free(Re *re)
{
	free(re->p);
	free(re->set);
	free(re->mark);
	free(re->work);
	free(re);
}

static unsigned rx_stamp;
static int rx_ms, rx_me;	/* the match found by re_exec */

/* Follow the empty transitions from pc, appending consuming states. */
static void rx_add(Re *re, int *list, int *starts, int *cnt, int pc,
		   int st, int pos, int len)
{
	int *stk = re->work + 4 * re->n, sp = 0;

	stk[sp++] = pc;
	while (sp) {
		RInsn *in;

		pc = stk[--sp];
		if (re->mark[pc] == rx_stamp)
			continue;
		re->mark[pc] = rx_stamp;
		in = &re->p[pc];
		switch (in->op) {
		case R_JMP:
			stk[sp++] = in->x;
			break;
		case R_SPLIT:
			stk[sp++] = in->y;
			stk[sp++] = in->x;
			break;
		case R_BOL:
			if (pos == 0)
				stk[sp++] = pc + 1;
			break;
		case R_EOL:
			if (pos == len)
				stk[sp++] = pc + 1;
			break;
		case R_MATCH:
			if (rx_ms < 0 || st < rx_ms ||
			    (st == rx_ms && pos > rx_me)) {
				rx_ms = st;
				rx_me = pos;
			}
			break;
		default:
			list[*cnt] = pc;
			starts[(*cnt)++] = st;
		}
	}
}

static void rx_bump(Re *re)
{
	if (!++rx_stamp) {
		memset(re->mark, 0, re->n * sizeof(unsigned));
		rx_stamp = 1;
	}
}

/*
 * Search s[0..len) from offset `from` for the leftmost-longest match;
 * sets rx_ms and rx_me. With `any`, stop at the first match found.
 */
static int re_exec(Re *re, const char *str, int len, int from, int any)
{
	const unsigned char *s = (const unsigned char *)str;
	int *cl = re->work, *cs = cl + re->n, *nl = cs + re->n,
	    *ns = nl + re->n, cn = 0, nn, pos, i, *t;

	rx_ms = rx_me = -1;
	rx_bump(re);
	for (pos = from;; pos++) {
		if (rx_ms < 0 && (!re->anch || pos == 0)) {
			if (!cn && re->first >= 0) {
				const unsigned char *q = memchr(s + pos,
					re->first, len - pos);
				if (!q)
					break;
				pos = q - s;
			}
			rx_add(re, cl, cs, &cn, 0, pos, pos, len);
		}
		if ((any && rx_ms >= 0) || pos >= len)
			break;
		rx_bump(re);
		if (!cn) {
			if (rx_ms >= 0 || re->anch)
				break;
			continue;
		}
		for (nn = i = 0; i < cn; i++) {
			RInsn *in = &re->p[cl[i]];
			int c = s[pos];

			if (rx_ms >= 0 && cs[i] > rx_ms)
				break;
			if (in->op == R_ANY || (in->op == R_CHAR && in->c == c) ||
			    (in->op == R_SET &&
			     (re->set[in->x][c >> 3] >> (c & 7) & 1)))
				rx_add(re, nl, ns, &nn, cl[i] + 1, cs[i],
				       pos + 1, len);
		}
		t = cl; cl = nl; nl = t;
		t = cs; cs = ns; ns = t;
		cn = nn;
		if (!cn && rx_ms >= 0)
			break;
	}
	return rx_ms >= 0;
}
