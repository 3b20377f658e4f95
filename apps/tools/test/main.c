/*
 * test - evaluate a conditional expression, as GNU test: POSIX's rules
 * by argument count for up to four arguments, then a full parse of
 * ! -a -o ( ) over unary (-e -f -d -s -z -n -L ...) and binary (= !=
 * -eq -lt ... -nt -ot -ef) primaries. Status 0 true, 1 false, 2 error.
 */
/* 1 is an answer: trouble is 2 */
#define VT_TROUBLE 2
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vytool_match.h"

static char **args;
static int nargs, pos;

static void syntax(const char *what, const char *arg)
{
	vt_warn(what, arg);
	vt_exit(2);
}

static int64_t integer(const char *s)
{
	int64_t v;
	size_t n = strlen(s);
	char *t = vt_strdup(s);

	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\n'))
		t[--n] = '\0';
	if (!vt_parse_int(t, &v)) {
		vt_flush();
		vt_eputs("test: invalid integer '");
		vt_eputs(s);
		vt_eputs("'\n");
		vt_exit(2);
	}
	return v;
}

static bool binop(const char *op)
{
	static const char ops[] = "=\0!=\0==\0-eq\0-ne\0-lt\0-le\0-gt\0"
				  "-ge\0-nt\0-ot\0-ef\0";

	for (const char *o = ops; *o; o += strlen(o) + 1)
		if (!strcmp(o, op))
			return true;
	return false;
}

static bool unop(const char *op)
{
	return op[0] == '-' && op[1] && !op[2] &&
	       strchr("bcdefghknprsStuwxzLOG", op[1]);
}

static bool binary(const char *a, const char *op, const char *b)
{
	__wasi_filestat_t sa, sb;
	int ea, eb;

	if (!strcmp(op, "=") || !strcmp(op, "=="))
		return !strcmp(a, b);
	if (!strcmp(op, "!="))
		return strcmp(a, b);
	if (op[1] == 'n' || op[1] == 'o' || op[2] == 'f') {
		ea = vt_stat(a, false, &sa);
		eb = vt_stat(b, false, &sb);
		if (op[1] == 'e')
			return !ea && !eb && sa.dev == sb.dev &&
			       sa.ino == sb.ino;
		if (op[1] == 'n')
			return !ea && (eb || sa.mtim > sb.mtim);
		return !eb && (ea || sa.mtim < sb.mtim);
	}
	{
		int64_t x = integer(a), y = integer(b);

		switch (op[1] * 256 + op[2]) {
		case 'e' * 256 + 'q': return x == y;
		case 'n' * 256 + 'e': return x != y;
		case 'l' * 256 + 't': return x < y;
		case 'l' * 256 + 'e': return x <= y;
		case 'g' * 256 + 't': return x > y;
		default: return x >= y;
		}
	}
}

static bool unary(int op, const char *a)
{
	__wasi_filestat_t st;
	int err;

	if (op == 'z')
		return !*a;
	if (op == 'n')
		return *a;
	if (op == 't') {
		/* As wasi-libc's isatty(): a character device that cannot
		 * seek (/dev/null can). */
		__wasi_fdstat_t fs;
		int64_t fd = integer(a);

		return fd >= 0 && fd <= INT32_MAX &&
		       !__wasi_fd_fdstat_get((__wasi_fd_t)fd, &fs) &&
		       fs.fs_filetype == __WASI_FILETYPE_CHARACTER_DEVICE &&
		       !(fs.fs_rights_base & (__WASI_RIGHTS_FD_SEEK |
					      __WASI_RIGHTS_FD_TELL));
	}
	err = vt_stat(a, op == 'h' || op == 'L', &st);
	if (err)
		return false;
	switch (op) {
	case 'b': return st.filetype == __WASI_FILETYPE_BLOCK_DEVICE;
	case 'c': return st.filetype == __WASI_FILETYPE_CHARACTER_DEVICE;
	case 'd': return st.filetype == __WASI_FILETYPE_DIRECTORY;
	case 'f': return st.filetype == __WASI_FILETYPE_REGULAR_FILE;
	case 'h': case 'L':
		return st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK;
	case 'p': return false;	/* WASI shows no FIFOs */
	case 'S': return st.filetype == __WASI_FILETYPE_SOCKET_STREAM ||
			 st.filetype == __WASI_FILETYPE_SOCKET_DGRAM;
	case 's': return st.size > 0;
	case 'g': case 'u': case 'k': return false;
	case 'x': return st.filetype == __WASI_FILETYPE_DIRECTORY;
	case 'w': {
		/*
		 * WASI's rights say nothing here (Wasmtime gives a read-only
		 * grant the same as a writable one), but its read-only grants
		 * refuse any change: setting neither time is one that
		 * changes nothing.
		 */
		const char *rel;
		int dir = vt_path(a, &rel, &err);

		return dir >= 0 && !__wasi_path_filestat_set_times(dir,
				__WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, rel, 0, 0, 0);
	}
	default: return true;	/* -e -r -O -G: it exists */
	}
}

static bool expr_or(void);

static const char *next(void)
{
	if (pos >= nargs)
		syntax("missing argument after", args[nargs - 1]);
	return args[pos++];
}

static bool primary(void)
{
	const char *a = next();

	if (!strcmp(a, "!"))
		return !primary();
	if (!strcmp(a, "(")) {
		bool v = expr_or();

		if (pos >= nargs || strcmp(args[pos], ")"))
			syntax("')' expected", NULL);
		pos++;
		return v;
	}
	if (pos + 1 < nargs && binop(args[pos])) {
		pos += 2;
		return binary(a, args[pos - 2], args[pos - 1]);
	}
	if (unop(a) && pos < nargs)
		return unary(a[1], next());
	return *a;
}

static bool expr_and(void)
{
	bool v = primary();

	while (pos < nargs && !strcmp(args[pos], "-a")) {
		pos++;
		v = primary() && v;
	}
	return v;
}

static bool expr_or(void)
{
	bool v = expr_and();

	while (pos < nargs && !strcmp(args[pos], "-o")) {
		pos++;
		v = expr_and() || v;
	}
	return v;
}

/* POSIX's meaning of n arguments starting at a, for n up to 4. */
static bool by_count(char **a, int n)
{
	switch (n) {
	case 0:
		return false;
	case 1:
		return *a[0];
	case 2:
		if (!strcmp(a[0], "!"))
			return !by_count(a + 1, 1);
		if (unop(a[0]))
			return unary(a[0][1], a[1]);
		break;
	case 3:
		if (binop(a[1]))
			return binary(a[0], a[1], a[2]);
		if (!strcmp(a[1], "-a") || !strcmp(a[1], "-o"))
			break;
		if (!strcmp(a[0], "!"))
			return !by_count(a + 1, 2);
		if (!strcmp(a[0], "(") && !strcmp(a[2], ")"))
			return by_count(a + 1, 1);
		break;
	case 4:
		if (!strcmp(a[0], "!"))
			return !by_count(a + 1, 3);
		if (!strcmp(a[0], "(") && !strcmp(a[3], ")"))
			return by_count(a + 1, 2);
		break;
	}
	args = a;
	nargs = n;
	pos = 0;
	{
		bool v = expr_or();

		if (pos < nargs)
			syntax("extra argument", args[pos]);
		return v;
	}
}

static int test_main(int argc, char **argv)
{
	if (!strcmp(vt_prog, "[")) {
		if (strcmp(argv[argc - 1], "]"))
			syntax("missing ']'", NULL);
		argc--;
	}
	return !by_count(argv + 1, argc - 1);
}

/* "--help" is a string to test; GNU's answers it only as `[ --help`. */
static bool help_asked(int argc, char **argv)
{
	return !strcmp(vt_prog, "[") && VT_HELP_ALONE(argc, argv);
}

VT_TOOL_HELP(test_main, help_asked, 0,
	"Usage: test EXPRESSION\n"
	"Exit with the status determined by EXPRESSION: 0 true, 1 false.\n"
	"\n"
	"  ! E   E -a E   E -o E   ( E )   STRING   -n STRING   -z STRING\n"
	"  S1 = S2   S1 != S2   N1 -eq|-ne|-lt|-le|-gt|-ge N2\n"
	"  F1 -nt|-ot|-ef F2   -e|-f|-d|-s|-h|-L|-r|-w|-x FILE\n")
