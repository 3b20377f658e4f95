/*
 * lex.h - awk program text to tokens. The parser asks for a regular
 * expression explicitly where an operand is expected, which is how
 * "/" is told apart from division.
 */

enum {
	T_EOF = 256, T_NL, T_NUM, T_STR, T_ERE, T_NAME, T_FUNC, T_BUILTIN,
	/* keywords, in the order of kwords[] */
	T_BEGIN, T_END, T_FUNCTION, T_IF, T_ELSE, T_WHILE, T_FOR, T_DO,
	T_BREAK, T_CONTINUE, T_NEXT, T_NEXTFILE, T_EXIT, T_RETURN, T_DELETE,
	T_IN, T_GETLINE, T_PRINT, T_PRINTF,
	/* operators */
	T_ADDA, T_SUBA, T_MULA, T_DIVA, T_MODA, T_POWA, T_EQ, T_LE, T_GE,
	T_NE, T_INC, T_DEC, T_AND, T_OR, T_APPEND, T_NOMATCH
};

static const char *const kwords[] = {
	"BEGIN", "END", "function", "if", "else", "while", "for", "do",
	"break", "continue", "next", "nextfile", "exit", "return", "delete",
	"in", "getline", "print", "printf", "func", 0
};

enum { B_LENGTH, B_SUBSTR, B_INDEX, B_SPLIT, B_SUB, B_GSUB, B_MATCH,
       B_SPRINTF, B_TOLOWER, B_TOUPPER, B_INT, B_SQRT, B_EXP, B_LOG, B_SIN,
       B_COS, B_ATAN2, B_RAND, B_SRAND, B_SYSTEM, B_CLOSE, B_FFLUSH };

static const char *const bwords[] = {
	"length", "substr", "index", "split", "sub", "gsub", "match",
	"sprintf", "tolower", "toupper", "int", "sqrt", "exp", "log", "sin",
	"cos", "atan2", "rand", "srand", "system", "close", "fflush", 0
};

/* two-character operators: first, second, token */
static const char ops2[] = "+=\1-=\2*=\3/=\4%=\5^=\6==\7<=\10>=\11!=\12"
	"++\13--\14&&\15||\16>>\17!~\20**\0";

typedef struct Lex {
	const char *p;
	int line, tk, id;
	double num;
	Str *str;
} Lex;

static Lex L;
static const char *src_end;

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* One escape after a backslash at *pp (in strings, -v values). */
static int unescape(const char **pp, const char *end)
{
	const char *p = *pp;
	int c = *p++, v, i;
	const char *m = strchr("n\nt\tr\rf\fv\vb\ba\7", c);

	if (c && m && !((m - "n\nt\tr\rf\fv\vb\ba\7") & 1)) {
		*pp = p;
		return m[1];
	}
	if (c >= '0' && c <= '7') {
		for (v = c - '0', i = 1; i < 3 && p < end && *p >= '0' &&
		     *p <= '7'; i++)
			v = v * 8 + *p++ - '0';
		*pp = p;
		return v & 255;
	}
	*pp = p;
	return c;
}

static Str *unescape_str(const char *p, const char *end, int keep_bs)
{
	Buf b = { 0 };
	Str *s;

	while (p < end) {
		if (*p == '\\' && p + 1 < end) {
			p++;
			if (keep_bs && *p != '/' && *p != '"') {
				bputc(&b, '\\');
				bputc(&b, *p++);
				continue;
			}
			bputc(&b, unescape(&p, end));
		} else {
			bputc(&b, *p++);
		}
	}
	s = snew(b.p, b.n);
	free(b.p);
	return s;
}

static __attribute__((noreturn)) void syntax(const char *what)
{
	char q[16];
	int k = 15, v = L.line;

	q[15] = 0;
	do
		q[--k] = '0' + v % 10;
	while (v /= 10);
	put_err("awk: syntax error at source line ", 33);
	put_err(q + k, 15 - k);
	put_err(": ", 2);
	put_err(what, strlen(what));
	put_err("\n", 1);
	exit(1);
}

static int lex(void)
{
	const char *p = L.p, *s;
	int c;

	for (;;) {
		while (p < src_end && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p + 1 < src_end && *p == '\\' && (p[1] == '\n' ||
		    (p[1] == '\r' && p + 2 < src_end && p[2] == '\n'))) {
			p += p[1] == '\n' ? 2 : 3;
			L.line++;
			continue;
		}
		if (p < src_end && *p == '#') {
			while (p < src_end && *p != '\n')
				p++;
			continue;
		}
		break;
	}
	if (p >= src_end) {
		L.p = p;
		return L.tk = T_EOF;
	}
	s = p;
	c = *p++;
	if (c == '\n') {
		L.line++;
		L.p = p;
		return L.tk = T_NL;
	}
	if (is_digit(c) || (c == '.' && p < src_end && is_digit(*p))) {
		if (c == '0' && p + 1 < src_end && (*p == 'x' || *p == 'X') &&
		    strchr("0123456789abcdefABCDEF", p[1]) && p[1]) {
			double v = 0;

			for (p++; p < src_end && *p && strchr(
			     "0123456789abcdefABCDEF", *p); p++)
				v = v * 16 + (*p <= '9' ? *p - '0' :
					      (*p | 32) - 'a' + 10);
			L.num = v;
		} else {
			const char *q = s;
			double v = 0;

			L.num = scan_num(s, src_end, &p);
			if (c == '0') {
				for (q = s + 1; q < p && *q >= '0' && *q <= '7';
				     q++)
					v = v * 8 + *q - '0';
				if (q == p)
					L.num = v;
			}
		}
		L.p = p;
		return L.tk = T_NUM;
	}
	if (is_alpha(c)) {
		int i;

		while (p < src_end && (is_alpha(*p) || is_digit(*p)))
			p++;
		L.p = p;
		for (i = 0; kwords[i]; i++)
			if (strlen(kwords[i]) == (size_t)(p - s) &&
			    !memcmp(kwords[i], s, p - s))
				return L.tk = i == 19 ? T_FUNCTION : T_BEGIN + i;
		for (i = 0; bwords[i]; i++)
			if (strlen(bwords[i]) == (size_t)(p - s) &&
			    !memcmp(bwords[i], s, p - s)) {
				L.id = i;
				return L.tk = T_BUILTIN;
			}
		L.str = snew(s, p - s);
		return L.tk = p < src_end && *p == '(' ? T_FUNC : T_NAME;
	}
	if (c == '"') {
		for (; p < src_end && *p != '"'; p++) {
			if (*p == '\n')
				syntax("newline in string");
			if (*p == '\\' && p + 1 < src_end)
				p++;
		}
		if (p >= src_end)
			syntax("unterminated string");
		L.str = unescape_str(s + 1, p, 0);
		L.p = p + 1;
		return L.tk = T_STR;
	}
	if (p < src_end) {
		const char *o;

		for (o = ops2; *o; o += 3)
			if (o[0] == c && o[1] == *p) {
				p++;
				c = T_ADDA + o[2] - 1;
				break;
			}
	}
	if (c == T_ADDA - 1) {	/* ** is ^, **= is ^= */
		c = '^';
		if (p < src_end && *p == '=') {
			p++;
			c = T_POWA;
		}
	}
	L.p = p;
	return L.tk = c;
}

/* The parser saw "/" (or "/=") where an operand belongs. */
static Str *lex_regex(void)
{
	const char *p = L.p - (L.tk == T_DIVA ? 1 : 0), *s = p;
	int inset = 0;

	for (; p < src_end; p++) {
		if (*p == '\n')
			break;
		if (*p == '\\' && p + 1 < src_end) {
			p++;
			continue;
		}
		if (*p == '[' && !inset) {
			inset = 1;
			if (p + 1 < src_end && p[1] == '^')
				p++;
			if (p + 1 < src_end && p[1] == ']')
				p++;
			continue;
		}
		if (*p == '[' && p + 1 < src_end && p[1] == ':') {
			const char *q = p + 2;

			while (q + 1 < src_end && *q != '\n' &&
			       !(q[0] == ':' && q[1] == ']'))
				q++;
			if (q + 1 < src_end && *q == ':')
				p = q + 1;
			continue;
		}
		if (*p == ']')
			inset = 0;
		if (*p == '/' && !inset)
			break;
	}
	if (p >= src_end || *p != '/')
		syntax("unterminated regular expression");
	L.p = p + 1;
	L.tk = T_ERE;
	return unescape_str(s, p, 1);
}
