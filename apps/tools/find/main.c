/*
 * find - walk trees and evaluate an expression on each file: tests
 * -name -iname -path -ipath -type (f, d, l) -true -false, actions -print
 * -print0 -prune, operators ( ) ! -not -a -and -o -or and the options
 * -maxdepth -mindepth. Files come in directory order, as GNU's do;
 * links are not followed.
 */
#include "vytool_files.h"
#include "vyoma_tiny.h"

enum { T_AND, T_OR, T_NOT, T_NAME, T_INAME, T_PATH, T_IPATH, T_TYPE,
       T_TRUE, T_FALSE, T_PRINT, T_PRINT0, T_PRUNE };

struct node {
	int op;
	struct node *a, *b;
	const char *arg;
};

static const char *const prims[] = { "-name", "-iname", "-path",
	"-ipath", "-type", "-true", "-false", "-print", "-print0", "-prune" };
static const char prim_op[] = { T_NAME, T_INAME, T_PATH, T_IPATH, T_TYPE,
	T_TRUE, T_FALSE, T_PRINT, T_PRINT0, T_PRUNE };

static char **args;
static int nargs, pos, depth_limit;
static bool has_action, pruned;
static int64_t maxdepth = INT64_MAX, mindepth;

static void bad(const char *what, const char *arg)
{
	vt_warn(arg ? vf_msg(what, arg) : what, NULL);
	vt_exit(1);
}

static struct node *mk(int op, struct node *a, struct node *b)
{
	struct node *n = vt_alloc(sizeof(*n));

	n->op = op;
	n->a = a;
	n->b = b;
	n->arg = NULL;
	return n;
}

static struct node *parse_or(void);

static bool is(const char *a, const char *b, const char *c)
{
	return pos < nargs && (!strcmp(args[pos], a) ||
			       !strcmp(args[pos], b) || (c && !strcmp(args[pos], c)));
}

static struct node *parse_unary(void)
{
	const char *a;

	if (pos >= nargs)
		bad("expected an expression", NULL);
	if (++depth_limit > 200)
		bad("expression nested too deeply", NULL);
	if (is("!", "-not", NULL)) {
		pos++;
		return mk(T_NOT, parse_unary(), NULL);
	}
	if (is("(", "(", NULL)) {
		struct node *n;

		pos++;
		n = parse_or();
		if (!is(")", ")", NULL))
			bad("missing ')'", NULL);
		pos++;
		depth_limit--;
		return n;
	}
	a = args[pos++];
	for (size_t i = 0; i < sizeof(prim_op); i++) {
		struct node *n;

		if (strcmp(a, prims[i]))
			continue;
		n = mk(prim_op[i], NULL, NULL);
		depth_limit--;
		if (n->op >= T_PRINT)
			has_action = true;
		if (n->op <= T_TYPE) {
			if (pos >= nargs)
				bad("missing argument to", a);
			n->arg = args[pos++];
			if (n->op == T_TYPE && ((n->arg[0] != 'f' &&
				n->arg[0] != 'd' && n->arg[0] != 'l') ||
				n->arg[1]))
				bad("Unknown argument to -type:", n->arg);
		}
		return n;
	}
	if (!strcmp(a, "-maxdepth") || !strcmp(a, "-mindepth")) {
		int64_t v = 0;

		if (pos >= nargs || !vt_parse_int(args[pos], &v) || v < 0)
			bad("Expected a positive decimal integer argument to",
			    a);
		*(a[2] == 'a' ? &maxdepth : &mindepth) = v;
		pos++;
		depth_limit--;
		return mk(T_TRUE, NULL, NULL);
	}
	bad(a[0] == '-' ? "unknown predicate" : "paths must precede "
	    "expression:", a);
	return NULL;
}

static struct node *parse_and(void)
{
	struct node *n = parse_unary();

	while (pos < nargs && !is("-o", "-or", ")")) {
		if (is("-a", "-and", NULL))
			pos++;
		n = mk(T_AND, n, parse_unary());
	}
	return n;
}

static struct node *parse_or(void)
{
	struct node *n = parse_and();

	while (is("-o", "-or", NULL)) {
		pos++;
		n = mk(T_OR, n, parse_and());
	}
	return n;
}

static char type_letter(int t)
{
	switch (t) {
	case __WASI_FILETYPE_DIRECTORY: return 'd';
	case __WASI_FILETYPE_SYMBOLIC_LINK: return 'l';
	case __WASI_FILETYPE_REGULAR_FILE: return 'f';
	case __WASI_FILETYPE_CHARACTER_DEVICE: return 'c';
	case __WASI_FILETYPE_BLOCK_DEVICE: return 'b';
	default: return 's';
	}
}

static bool eval(struct node *n, const char *path, __wasi_filestat_t *st)
{
	switch (n->op) {
	case T_AND: return eval(n->a, path, st) && eval(n->b, path, st);
	case T_OR: return eval(n->a, path, st) || eval(n->b, path, st);
	case T_NOT: return !eval(n->a, path, st);
	case T_NAME:
	case T_INAME:
		return vf_fnmatch(n->arg, vt_basename(path), n->op == T_INAME);
	case T_PATH:
	case T_IPATH:
		return vf_fnmatch(n->arg, path, n->op == T_IPATH);
	case T_TYPE: return type_letter(st->filetype) == n->arg[0];
	case T_FALSE: return false;
	case T_PRINT:
	case T_PRINT0:
		vt_puts(path);
		vt_putc(n->op == T_PRINT ? '\n' : '\0');
		return true;
	case T_PRUNE: pruned = true; return true;
	}
	return true;
}

static void walk(const char *path, int64_t depth, struct node *expr)
{
	__wasi_filestat_t st;
	int e = vf_lstat(path, &st);

	if (e) {
		vt_warn_errno(vf_msg("", path) + 1, e);
		return;
	}
	pruned = false;
	if (depth >= mindepth)
		eval(expr, path, &st);
	if (st.filetype == __WASI_FILETYPE_DIRECTORY && depth < maxdepth &&
	    !pruned) {
		size_t n;
		struct vf_ent *v = vf_list(path, &n, &e);

		if (!v) {	/* listed first: no descriptor open per level */
			vt_warn_errno(vf_msg("", path) + 1, e);
			return;
		}
		for (size_t i = 0; i < n; i++)
			walk(vt_join(path, v[i].name), depth + 1, expr);
	}
}

static int find_main(int argc, char **argv)
{
	int first = 1, npaths;
	struct node *expr;

	while (first < argc && (!strcmp(argv[first], "-H") ||
				!strcmp(argv[first], "-L") ||
				!strcmp(argv[first], "-P")))
		first++;	/* -H -L -P: links are never followed */
	npaths = first;
	while (npaths < argc && (argv[npaths][0] != '-' || !argv[npaths][1]) &&
	       strcmp(argv[npaths], "(") && strcmp(argv[npaths], "!"))
		npaths++;
	args = argv + npaths;
	nargs = argc - npaths;
	expr = nargs ? parse_or() : mk(T_TRUE, NULL, NULL);
	if (pos < nargs)
		bad("unexpected", args[pos]);
	if (!has_action)
		expr = mk(T_AND, expr, mk(T_PRINT, NULL, NULL));
	if (npaths == first)
		walk(".", 0, expr);
	for (int i = first; i < npaths; i++)
		walk(argv[i], 0, expr);
	return vt_status;
}

VT_TOOL(find_main,
	"Usage: find [PATH]... [EXPRESSION]\n"
	"Walk each PATH (default .) and evaluate EXPRESSION on every file.\n"
	"\n"
	"tests:     -name PAT -iname PAT -path PAT -ipath PAT -type [fdl]\n"
	"           -true -false\n"
	"actions:   -print -print0 -prune (-print if there is none)\n"
	"options:   -maxdepth N -mindepth N\n"
	"operators: ( EXPR ) ! EXPR  EXPR -a EXPR  EXPR -o EXPR\n")
