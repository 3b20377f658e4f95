/*
 * test.h - the test and [ builtins, as dash and coreutils read them:
 * recursive descent over ! -a -o ( ) with unary file and string tests
 * and binary comparisons; a binary operator in the middle wins over a
 * leading one, so [ -n = -n ] and [ ! = x ] mean what POSIX says.
 */

static char **tv;
static int tn, ti, terr;

static int t_expr(void);

static int t_binop(const char *s)
{
	static const char *const ops[] = {
		"=", "!=", "==", "-eq", "-ne", "-lt", "-le", "-gt", "-ge",
		"<", ">", NULL
	};

	for (int i = 0; ops[i]; i++)
		if (!strcmp(s, ops[i]))
			return i + 1;
	return 0;
}

static int t_unop(const char *s)
{
	return s[0] == '-' && s[1] && !s[2] && strchr("efdsrwxznLhbcpStuga", s[1]);
}

static long long t_num(const char *s)
{
	long long v;

	if (!parse_num(s, &v, 0)) {
		if (!terr)
			errmsg("test", s, "bad number");
		terr = 1;
	}
	return v;
}

static int t_binary(const char *a, int op, const char *b)
{
	switch (op) {
	case 1:
	case 3: return !strcmp(a, b);
	case 2: return strcmp(a, b) != 0;
	case 4: return t_num(a) == t_num(b);
	case 5: return t_num(a) != t_num(b);
	case 6: return t_num(a) < t_num(b);
	case 7: return t_num(a) <= t_num(b);
	case 8: return t_num(a) > t_num(b);
	case 9: return t_num(a) >= t_num(b);
	case 10: return strcmp(a, b) < 0;
	}
	return strcmp(a, b) > 0;
}

static int t_unary(int c, const char *a)
{
	struct stat st;

	switch (c) {
	case 'z': return !*a;
	case 'n': return *a != 0;
	case 't': return isatty((int)t_num(a));
	case 'L':
	case 'h': return !lstat(a, &st) && S_ISLNK(st.st_mode);
	}
	if (stat(a, &st))
		return 0;
	switch (c) {
	case 'f': return S_ISREG(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 's': return st.st_size > 0;
	case 'b': return S_ISBLK(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 'p': return S_ISFIFO(st.st_mode);
	case 'S': return S_ISSOCK(st.st_mode);
	case 'x': return S_ISDIR(st.st_mode) || (st.st_mode & 0111);
	case 'w': {
		/* as test's: a read-only grant refuses even a change of
		 * nothing (neither time) */
		char buf[PATH_MAX], *rel = buf;
		const char *prefix;
		int dir = __wasilibc_find_relpath(a, &prefix, &rel,
						  sizeof(buf));

		return dir >= 0 && !__wasi_path_filestat_set_times(dir,
				__WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, rel, 0, 0, 0);
	}
	case 'u':
	case 'g': return 0;
	}
	return 1;	/* -e, -r */
}

static int t_primary(void)
{
	const char *a;
	int op;

	if (ti >= tn) {
		if (!terr)
			errmsg("test", "argument expected", NULL);
		terr = 1;
		return 0;
	}
	a = tv[ti];
	if (ti + 2 < tn && (op = t_binop(tv[ti + 1]))) {
		ti += 3;
		return t_binary(a, op, tv[ti - 1]);
	}
	if (!strcmp(a, "(") && ti + 1 < tn) {
		int v;

		ti++;
		v = t_expr();
		if (ti >= tn || strcmp(tv[ti], ")")) {
			if (!terr)
				errmsg("test", "missing )", NULL);
			terr = 1;
			return 0;
		}
		ti++;
		return v;
	}
	if (t_unop(a) && ti + 1 < tn) {
		ti += 2;
		return t_unary(a[1], tv[ti - 1]);
	}
	ti++;
	return *a != 0;
}

static int t_not(void)
{
	if (ti < tn && !strcmp(tv[ti], "!") &&
	    !(ti + 2 < tn && t_binop(tv[ti + 1]) && tn - ti == 3)) {
		ti++;
		return !t_not();
	}
	return t_primary();
}

static int t_and(void)
{
	int v = t_not();

	while (ti < tn && !strcmp(tv[ti], "-a")) {
		ti++;
		v = t_not() & v;
	}
	return v;
}

static int t_expr(void)
{
	int v = t_and();

	while (ti < tn && !strcmp(tv[ti], "-o")) {
		ti++;
		v = t_and() | v;
	}
	return v;
}

static int bi_test(int argc, char **argv)
{
	int v;

	if (!strcmp(argv[0], "[")) {
		if (strcmp(argv[argc - 1], "]")) {
			errmsg("[", "missing ]", NULL);
			return 2;
		}
		argc--;
	}
	tv = argv + 1;
	tn = argc - 1;
	ti = terr = 0;
	if (tn > MAXDEPTH) {	/* each ! and ( recurses once */
		errmsg("test", "too many arguments", NULL);
		return 2;
	}
	if (!tn)
		return 1;
	if (tn == 1)
		return !*tv[0];
	v = t_expr();
	if (!terr && ti < tn) {
		errmsg("test", tv[ti], "unexpected operator");
		terr = 1;
	}
	return terr ? 2 : !v;
}
