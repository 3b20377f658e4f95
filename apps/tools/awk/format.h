/*
 * format.h - printf and sprintf: walks the format, taking one argument
 * per conversion (and per `*`), and leaves the text in a buffer.
 */

static Str *fmt_str(Str *fmt, Cell *args, int nargs)
{
	Buf b = { 0 };
	const char *p = fmt->s, *e = p + fmt->len, *spec;
	int ai = 0;

	while (p < e) {
		int flags = 0, width = 0, prec = -1, conv;
		Cell *a;

		if (*p != '%') {
			bputc(&b, *p++);
			continue;
		}
		spec = p++;
		if (p < e && *p == '%') {
			bputc(&b, *p++);
			continue;
		}
		for (; p < e; p++) {
			const char *f = memchr("-+ #0", *p, 5);

			if (!f || !*p)
				break;
			flags |= 1 << (f - "-+ #0");
		}
		if (p < e && *p == '*') {
			p++;
			if (ai >= nargs)
				goto few;
			width = (int)tonum(&args[ai++]);
			if (width < 0) {
				flags |= FL_MINUS;
				width = -width;
			}
		}
		for (; p < e && *p >= '0' && *p <= '9'; p++)
			width = width < 10000000 ? width * 10 + *p - '0' : width;
		if (p < e && *p == '.') {
			p++;
			prec = 0;
			if (p < e && *p == '*') {
				p++;
				if (ai >= nargs)
					goto few;
				prec = (int)tonum(&args[ai++]);
			}
			for (; p < e && *p >= '0' && *p <= '9'; p++)
				prec = prec < 10000000 ? prec * 10 + *p - '0' :
					prec;
		}
		while (p < e && *p && strchr("hlLqjzt", *p))
			p++;
		if (p >= e) {
			bput(&b, spec, p - spec);
			break;
		}
		conv = *p++;
		if (!strchr("cdiouxXeEfFgGs", conv) || !conv) {
			bput(&b, spec, p - spec);
			continue;
		}
		if (ai >= nargs)
			goto few;
		a = &args[ai++];
		if (conv == 's' || conv == 'c') {
			Str *s;
			char ch;
			int n;

			if (conv == 'c' && numeric(a) && (a->fl & (F_NUM | F_STR))) {
				ch = (char)(long long)tonum(a);
				s = snew(&ch, 1);
			} else {
				s = tostr(a);
			}
			n = s->len;
			if (conv == 'c')
				n = 1;	/* an empty string gives a NUL, as gawk */
			if (prec >= 0 && prec < n && conv == 's')
				n = prec;
			pad_out(&b, s->s, n, 0, width, flags & ~FL_ZERO);
			sfree(s);
			continue;
		}
		fmt_num(&b, conv, flags, width, prec, tonum(a));
	}
	{
		Str *s = snew(b.p, b.n);

		free(b.p);
		return s;
	}
few:
	free(b.p);
	die("not enough arguments to satisfy format string", 0);
}
