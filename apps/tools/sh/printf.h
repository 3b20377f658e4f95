/*
 * printf.h - the echo and printf builtins, as dash has them: backslash
 * escapes in echo's words and printf's format and %b, and printf's
 * %s %b %c %d %i %u %o %x %X %% with flags, width and precision,
 * reusing the format while arguments remain.
 */

/*
 * One escape at p (just after the backslash) into o; returns the rest.
 * bmode: echo and %b, where \c stops all output and \0NNN is octal.
 */
static const char *esc1(const char *p, struct str *o, int bmode, int *stop)
{
	static const char from[] = "\\abfnrtv", to[] = "\\\a\b\f\n\r\t\v";
	const char *q = strchr(from, *p);
	int v = 0, k = 0;

	if (*p && q) {
		s_addc(o, to[q - from]);
		return p + 1;
	}
	if (bmode && *p == 'c') {
		*stop = 1;
		return p + 1;
	}
	if (*p >= '0' && *p <= '7') {
		if (bmode && *p == '0')
			p++;
		while (k < 3 && *p >= '0' && *p <= '7') {
			v = v * 8 + *p++ - '0';
			k++;
		}
		s_addc(o, (char)v);
		return p;
	}
	s_addc(o, '\\');
	return p;
}

static int bi_echo(int argc, char **argv)
{
	struct str o = { 0 };
	int i = 1, nl = 1, stop = 0;

	(void)argc;
	if (argv[1] && !strcmp(argv[1], "-n")) {
		nl = 0;
		i++;
	}
	for (; argv[i] && !stop; i++) {
		const char *p = argv[i];

		if (o.n || i > 1 + !nl)
			s_addc(&o, ' ');
		while (*p && !stop) {
			if (*p == '\\' && p[1])
				p = esc1(p + 1, &o, 1, &stop);
			else
				s_addc(&o, *p++);
		}
	}
	if (nl && !stop)
		s_addc(&o, '\n');
	out(1, o.s, o.n);
	s_free(&o);
	return 0;
}

static int pf_err;

static long long pf_num(const char *s)
{
	long long v = 0;

	if (*s == '\'' || *s == '"')
		return (unsigned char)s[1];
	if (*s && !parse_num(s, &v, 1)) {
		errmsg("printf", s, "invalid number");
		pf_err = 1;
	}
	return v;
}

static void pf_pad(struct str *o, const char *pre, const char *body,
		   size_t n, int width, int left, int zero)
{
	int len = (int)(strlen(pre) + n);

	if (!left && !zero)
		for (; width > len; width--)
			s_addc(o, ' ');
	s_adds(o, pre);
	if (zero && !left)
		for (; width > len; width--)
			s_addc(o, '0');
	s_addn(o, body, n);
	if (left)
		for (; width > len; width--)
			s_addc(o, ' ');
}

static void pf_int(struct str *o, char conv, long long v, const char *flags,
		   int width, int prec)
{
	char digits[80];
	const char *pre = "";
	unsigned long long u;
	int base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
	int n = 0, sign = conv == 'd' || conv == 'i';
	char body[160];
	int k = 0;

	if (sign && v < 0) {
		u = 0ULL - (unsigned long long)v;
		pre = "-";
	} else {
		u = (unsigned long long)v;
		if (sign && strchr(flags, '+'))
			pre = "+";
		else if (sign && strchr(flags, ' '))
			pre = " ";
	}
	while (u) {
		int d = (int)(u % (unsigned)base);

		digits[n++] = (char)(d < 10 ? '0' + d :
				     (conv == 'X' ? 'A' : 'a') + d - 10);
		u /= (unsigned)base;
	}
	if (!n && prec != 0)
		digits[n++] = '0';
	if (strchr(flags, '#') && v) {
		if (base == 16)
			pre = conv == 'X' ? "0X" : "0x";
		else if (base == 8 && digits[n - 1] != '0' && prec <= n)
			digits[n++] = '0';
	}
	for (int i = n; i < prec && k < 80; i++)
		body[k++] = '0';
	while (n)
		body[k++] = digits[--n];
	pf_pad(o, pre, body, (size_t)k, width, strchr(flags, '-') != NULL,
	       strchr(flags, '0') && prec < 0);
}

static int bi_printf(int argc, char **argv)
{
	struct str o = { 0 }, b = { 0 };
	const char *fmt;
	int ai = 2, stop = 0;

	if (argc > 1 && !strcmp(argv[1], "--")) {
		argc--;
		argv++;
	}
	fmt = argv[1];
	if (argc < 2) {
		errmsg("printf", "argument expected", NULL);
		return 2;
	}
	pf_err = 0;
	do {
		int start = ai;

		for (const char *p = fmt; *p && !stop;) {
			char flags[8] = "", conv;
			int nf = 0, width = 0, prec = -1;
			const char *arg;

			if (*p == '\\') {
				p = esc1(p + 1, &o, 0, &stop);
				continue;
			}
			if (*p != '%') {
				s_addc(&o, *p++);
				continue;
			}
			p++;
			if (*p == '%') {
				s_addc(&o, *p++);
				continue;
			}
			while (*p && strchr("-+ #0", *p) && nf < 7)
				flags[nf++] = *p++;
			while (isdigit((unsigned char)*p))
				width = width * 10 + *p++ - '0';
			if (*p == '.') {
				p++;
				prec = 0;
				while (isdigit((unsigned char)*p))
					prec = prec * 10 + *p++ - '0';
			}
			conv = *p;
			if (!conv || !strchr("sbcdiuoxX", conv)) {
				errmsg("printf", "invalid directive", NULL);
				out(1, o.s, o.n);
				s_free(&o);
				return 1;
			}
			p++;
			arg = ai < argc ? argv[ai++] : NULL;
			if (conv == 'c') {
				conv = 's';
				prec = 1;
			}
			switch (conv) {
			case 's':
			case 'b':
				b.n = 0;
				if (conv == 's' || !arg) {
					s_adds(&b, arg ? arg : "");
				} else {
					for (const char *q = arg; *q && !stop;)
						if (*q == '\\' && q[1])
							q = esc1(q + 1, &b, 1,
								 &stop);
						else
							s_addc(&b, *q++);
				}
				if (prec >= 0 && (size_t)prec < b.n)
					b.n = (size_t)prec;
				pf_pad(&o, "", b.s ? b.s : "", b.n, width,
				       strchr(flags, '-') != NULL, 0);
				break;
			default:
				pf_int(&o, conv, arg ? pf_num(arg) : 0,
				       flags, width, prec);
			}
		}
		if (ai == start)
			break;
	} while (ai < argc && !stop);
	out(1, o.s, o.n);
	s_free(&o);
	s_free(&b);
	return pf_err;
}
