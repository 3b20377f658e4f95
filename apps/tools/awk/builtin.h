/*
 * builtin.h - awk's built-in functions and getline, and the main input:
 * the ARGV operands read in turn, with var=value operands applied when
 * they are reached.
 */

static struct {
	Str *k;
	Re *re;
} rcache[16];
static int rnext;

/* A dynamic regular expression, compiled once and kept in a cache. */
static Re *re_dyn(Str *s)
{
	int i;

	for (i = 0; i < 16; i++)
		if (rcache[i].k && rcache[i].k->len == s->len &&
		    !memcmp(rcache[i].k->s, s->s, s->len))
			return rcache[i].re;
	i = rnext++ & 15;
	if (rcache[i].k) {
		sfree(rcache[i].k);
		re_free(rcache[i].re);
	}
	rcache[i].k = sref(s);
	rcache[i].re = re_compile(s->s, s->len);
	return rcache[i].re;
}

/* gawk's rand(): BSD random() with a 63-word state, seeded like it */
static unsigned rstate[63];
static int rf, rr;
static double seed = 1;

static unsigned xrandom(void)
{
	unsigned r;

	rstate[rf] += rstate[rr];
	r = (rstate[rf] >> 1) & 0x7fffffff;
	if (++rf >= 63) {
		rf = 0;
		rr++;
	} else if (++rr >= 63) {
		rr = 0;
	}
	return r;
}

static void xsrandom(unsigned s)
{
	int i;
	long long w = s;

	rstate[0] = s;
	for (i = 1; i < 63; i++) {
		long long hi, lo;

		if (!w)
			w = 123459876;
		hi = w / 127773;
		lo = w % 127773;
		w = 16807 * lo - 2836 * hi;
		if (w < 0)
			w += 0x7fffffff;
		rstate[i] = (unsigned)w;
	}
	rf = 1;
	rr = 0;
	for (i = 0; i < 630; i++)
		xrandom();
}

static void set_num(int var, double d)
{
	cfree(&G[var]);
	G[var].fl = F_NUM;
	G[var].n = d;
}

static void incr(int var)
{
	set_num(var, tonum(&G[var]) + 1);
}

static int is_assignment(Str *a)
{
	const char *p = a->s;

	if (!is_alpha(*p))
		return 0;
	while (is_alpha(*p) || is_digit(*p))
		p++;
	return *p == '=';
}

/* var=value from the command line: the value's escapes are processed */
static void cmdline_assign(const char *a)
{
	const char *eq = strchr(a, '=');
	Str *name = snew(a, eq - a);
	Cell *slot = aget(&gsyms, name, 0), *c;

	sfree(name);
	if (!slot)
		return;
	c = &G[(int)slot->n];
	if (c->fl & F_ARR)
		die("cannot assign to an array:", a);
	cfree(c);
	c->fl = F_STR | F_MAYBE;
	c->s = unescape_str(eq + 1, eq + strlen(eq), 0);
}

static int open_next_main(void)
{
	int argc = (int)tonum(&G[V_ARGC]), fd;
	Str *k, *a;
	Cell *c;

	while (argi < argc) {
		k = num_to_str(argi++, NULL);
		c = aget(getarr(&G[V_ARGV]), k, 0);
		sfree(k);
		if (!c)
			continue;
		a = tostr(c);
		if (!a->len) {
			sfree(a);
			continue;
		}
		if (is_assignment(a)) {
			cmdline_assign(a->s);
			sfree(a);
			continue;
		}
		used_file = 1;
		fd = seq(a, "-") || seq(a, "/dev/stdin") ? 0 :
			open(a->s, O_RDONLY);
		if (fd < 0)
			die("cannot open file", a->s);
		cfree(&G[V_FILENAME]);
		G[V_FILENAME].fl = F_STR;
		G[V_FILENAME].s = a;
		set_num(V_FNR, 0);
		main_in = in_open(fd);
		return 1;
	}
	if (used_file)
		return 0;
	used_file = 1;
	main_in = in_open(0);
	return 1;
}

static Str *next_main_record(void)
{
	Str *r;

	for (;;) {
		if (!main_in && !open_next_main())
			return NULL;
		r = read_record(main_in);
		if (r) {
			incr(V_NR);
			incr(V_FNR);
			return r;
		}
		in_close(main_in);
		main_in = NULL;
	}
}

/* getline, getline < file, and cmd | getline (cmd given), which, as in
 * gawk, leaves NR alone. */
static NOINLINE void do_getline(Node *n, Node *cmd)
{
	Str *rec, *name;
	Stream *st;
	int fd;

	if (cmd) {
		name = evstr(cmd);
		st = pipe_stream(name, 0);
		sfree(name);
		rec = read_record(st->in);
	} else if (n->r) {
		name = evstr(n->r);
		st = find_stream(name, 0);
		if (!st) {
			fd = seq(name, "-") || seq(name, "/dev/stdin") ? 0 :
				open(name->s, O_RDONLY);
			if (fd < 0) {
				sfree(name);
				pushnum(-1);
				return;
			}
			st = new_stream(name);
			st->in = in_open(fd);
			st->fd = fd;
		}
		sfree(name);
		rec = read_record(st->in);
	} else {
		rec = next_main_record();
	}
	if (!rec) {
		pushnum(0);
		return;
	}
	if (n->l) {
		pushstr(rec);
		TOP->fl |= F_MAYBE;
		store(lval(n->l), TOP);
		pop();
	} else {
		set_record(rec);
	}
	pushnum(1);
}

/* sub and gsub: & is the match, \& a literal &, \\ a backslash */
static NOINLINE void do_sub(Node *n, int global)
{
	Node *a = n->r, *b = a->next, *tg = b->next;
	Str *repl = evstr(b), *s;
	Re *re = getre(a);
	Cell *c = tg ? lval(tg) : (lv_field = 0, NULL);
	Buf o = { 0 };
	int pos = 0, copy = 0, prev = -1, count = 0, len, i, j;
	int rl = repl->len;

	s = tostr(c ? c : get_field(lv_field));
	len = s->len;
	while (pos <= len && re_exec(re, s->s, len, pos, 0)) {
		int ms = rx_ms, me = rx_me;

		if (ms == me && ms == prev) {
			pos = ms + 1;
			continue;
		}
		bput(&o, s->s + copy, ms - copy);
		for (i = 0; i < rl; i++) {
			int k = 0;

			while (i + k < rl && repl->s[i + k] == '\\')
				k++;
			if (i + k < rl && repl->s[i + k] == '&') {
				/* k backslashes then &: k/2 of them, and the
				 * & is literal when k is odd, else the match */
				for (j = k / 2; j > 0; j--)
					bputc(&o, '\\');
				if (k & 1)
					bputc(&o, '&');
				else
					bput(&o, s->s + ms, me - ms);
				i += k;
			} else if (k) {
				bput(&o, repl->s + i, k);
				i += k - 1;
			} else {
				bputc(&o, repl->s[i]);
			}
		}
		copy = me;
		prev = me;
		count++;
		if (me == ms) {
			if (ms < len)
				bputc(&o, s->s[ms]);
			copy = pos = ms + 1;
		} else {
			pos = me;
		}
		if (!global)
			break;
	}
	if (count) {
		if (copy < len)
			bput(&o, s->s + copy, len - copy);
		pushstr(snew(o.p, o.n));
		store(c, TOP);
		pop();
	}
	free(o.p);
	sfree(s);
	sfree(repl);
	pushnum(count);
}

static NOINLINE void do_split(Node *n)
{
	Node *a = n->r, *b = a->next, *sep = b->next;
	Str *s = evstr(a), *fs, *k;
	Re *re = NULL;
	Arr *arr;
	Cell *c;
	int cnt, i;

	if (sep && sep->op == N_ERE) {
		fs = snew("", 0);
		re = sep->re;
	} else {
		fs = sep ? evstr(sep) : tostr(&G[V_FS]);
	}
	arr = getarr(varcell(b));
	aclear(arr);
	cnt = split_str(s, fs, re, 0);
	for (i = 0; i < cnt; i++) {
		k = num_to_str(i + 1, NULL);
		c = aget(arr, k, 1);
		sfree(k);
		c->fl = F_STR | F_MAYBE;
		c->s = snew(s->s + spl[2 * i], spl[2 * i + 1]);
	}
	sfree(s);
	sfree(fs);
	pushnum(cnt);
}

static NOINLINE void builtin(Node *n)
{
	Node *a = n->r, *b = a ? a->next : NULL;
	Str *s = NULL, *t;
	double x, y;
	int i, base = vsp;
	Cell *c;
	char *p;

	switch (n->i) {
	case B_LENGTH:
		if (a && (a->op == N_VAR || a->op == N_LOCAL) &&
		    (varcell(a)->fl & F_ARR)) {
			pushnum(varcell(a)->a->n);
			return;
		}
		s = a ? evstr(a) : tostr(get_field(0));
		pushnum(s->len);
		break;
	case B_SUBSTR:
		s = evstr(a);
		x = evnum(b);
		y = b->next ? evnum(b->next) : 1e300;
		{
			/* as gawk: both truncated, a start below 1 is 1 */
			double st = __builtin_trunc(x), en;

			if (!(st >= 1))
				st = 1;
			if (st > s->len + 1)
				st = s->len + 1;
			en = y >= 1e300 ? 1e300 : st + __builtin_trunc(y);
			if (!(en > st))
				en = st;
			if (en > s->len + 1)
				en = s->len + 1;
			pushstr(snew(s->s + (int)st - 1, (int)(en - st)));
		}
		break;
	case B_INDEX:
		s = evstr(a);
		t = evstr(b);
		for (i = 0; i + t->len <= s->len; i++)
			if (!memcmp(s->s + i, t->s, t->len))
				break;
		pushnum(i + t->len <= s->len ? i + 1 : 0);
		sfree(t);
		break;
	case B_SPLIT:
		do_split(n);
		return;
	case B_SUB:
	case B_GSUB:
		do_sub(n, n->i == B_GSUB);
		return;
	case B_MATCH:
		s = evstr(a);
		i = re_exec(getre(b), s->s, s->len, 0, 0);
		set_num(V_RSTART, i ? rx_ms + 1 : 0);
		set_num(V_RLENGTH, i ? rx_me - rx_ms : -1);
		pushnum(i ? rx_ms + 1 : 0);
		break;
	case B_SPRINTF:
		for (; a; a = a->next)
			eval(a);
		t = tostr(&vs[base]);
		s = fmt_str(t, &vs[base + 1], vsp - base - 1);
		sfree(t);
		while (vsp > base)
			pop();
		pushstr(s);
		return;
	case B_TOLOWER:
	case B_TOUPPER:
		s = evstr(a);
		t = snew(s->s, s->len);
		for (p = t->s; p < t->s + t->len; p++)
			if (n->i == B_TOLOWER ? (*p >= 'A' && *p <= 'Z') :
			    (*p >= 'a' && *p <= 'z'))
				*p ^= 32;
		pushstr(t);
		break;
	case B_INT:
		pushnum(__builtin_trunc(evnum(a)));
		break;
	case B_SQRT:
		x = evnum(a);
		pushnum(x < 0 ? -__builtin_nan("") : __builtin_sqrt(x));
		break;
	case B_EXP:
		pushnum(xexp(evnum(a)));
		break;
	case B_LOG:
		pushnum(xlog(evnum(a)));
		break;
	case B_SIN:
	case B_COS:
		pushnum(xsincos(evnum(a), n->i == B_COS));
		break;
	case B_ATAN2:
		x = evnum(a);
		pushnum(xatan2(x, evnum(b)));
		break;
	case B_RAND:
		do {
			x = xrandom() / 2147483648.0;
			x = 0.5 + (x + xrandom()) / 2147483648.0;
			x -= 0.5;
		} while (x == 1.0);
		pushnum(x);
		break;
	case B_SRAND:
		x = seed;
		seed = a ? evnum(a) : (double)time(NULL);
		xsrandom((unsigned)(long long)seed);
		pushnum(x);
		break;
	case B_SYSTEM:
		s = evstr(a);
		pushnum(run_system(s));
		break;
	case B_CLOSE:
		s = evstr(a);
		pushnum(close_stream(s));
		break;
	default:
		flush_all();
		c = push();
		c->fl = F_NUM;
		break;
	}
	sfree(s);
}
