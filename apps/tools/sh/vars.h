/*
 * vars.h - the shell's variables (with export and readonly flags),
 * positional parameters, functions, local-variable frames, and the
 * snapshot a subshell takes so that ( ... ) and $(...) can run in this
 * same process and leave no trace.
 */

static int last_status, interactive;
/*
 * set's options, in the order of opt_letters: -e (exit on failure), -u
 * (unset is an error), -f (no globbing), -C (> will not replace a file),
 * -n (read, do not run), -x (trace commands). A subshell keeps its own.
 */
enum { O_E, O_U, O_F, O_C, O_N, O_X, O_COUNT };
static const char opt_letters[] = "eufCnx";
static char opt[O_COUNT];

/* Where control goes after a command: on, or out of loops, functions,
 * the shell, or the whole command line (F_ABORT). */
enum { F_BREAK = 1, F_CONT, F_RET, F_EXIT, F_ABORT };
static int flow;

struct var {
	char *name, *val;	/* val NULL: declared (exported) but unset */
	int exp;		/* V_EXPORT, V_READONLY */
};
enum { V_EXPORT = 1, V_READONLY = 2 };

static struct var *vars;
static int nvars, capvars;

struct pos {
	char **v;
	int n;
};
static struct pos pos;
static char *arg0 = "sh";
/* $$: the supervisor's id for this instance (VYOMA_ID, set by it for
 * every app: what ps shows and kill takes), as it was at the start. */
static char *self_id = "0";

struct func {
	char *name;
	struct node *body;
};
static struct func *funcs;
static int nfuncs;

static struct var *var_find(const char *name, size_t n)
{
	for (int i = 0; i < nvars; i++)
		if (!strncmp(vars[i].name, name, n) && !vars[i].name[n])
			return &vars[i];
	return NULL;
}

static const char *var_get(const char *name)
{
	struct var *v = var_find(name, strlen(name));

	return v ? v->val : NULL;
}

/* exp: 1 export, 0 keep. Returns 1 if the variable is read-only. */
static int var_set(const char *name, const char *val, int exp)
{
	struct var *v = var_find(name, strlen(name));

	if (v && v->exp & V_READONLY) {
		errmsg(name, "is read only", NULL);
		return 1;
	}
	if (!v) {
		if (nvars == capvars) {
			capvars = capvars ? capvars * 2 : 32;
			vars = xrealloc(vars, sizeof(*vars) * (size_t)capvars);
		}
		v = &vars[nvars++];
		v->name = xstrdup(name);
		v->val = NULL;
		v->exp = 0;
	}
	free(v->val);
	v->val = val ? xstrdup(val) : NULL;
	if (exp)
		v->exp |= V_EXPORT;
	return 0;
}

/* Returns 1 if the variable is read-only. */
static int var_unset(const char *name)
{
	struct var *v = var_find(name, strlen(name));

	if (v && v->exp & V_READONLY) {
		errmsg("unset", name, "is read only");
		return 1;
	}
	if (v) {
		free(v->name);
		free(v->val);
		*v = vars[--nvars];
	}
	return 0;
}

/* "NAME=value" for every exported variable, in the arena. */
static char **env_build(void)
{
	char **e = a_alloc(sizeof(char *) * (size_t)(nvars + 1));
	int k = 0;

	for (int i = 0; i < nvars; i++) {
		size_t a, b;
		char *s;

		if (!(vars[i].exp & V_EXPORT) || !vars[i].val)
			continue;
		a = strlen(vars[i].name);
		b = strlen(vars[i].val);
		s = a_alloc(a + b + 2);
		memcpy(s, vars[i].name, a);
		s[a] = '=';
		memcpy(s + a + 1, vars[i].val, b + 1);
		e[k++] = s;
	}
	e[k] = NULL;
	return e;
}

/* v may point into the current parameters (shift): copy, then free. */
static void pos_set(char **v, int n)
{
	struct pos old = pos;

	pos.v = xmalloc(sizeof(char *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		pos.v[i] = xstrdup(v[i]);
	pos.v[n] = NULL;
	pos.n = n;
	for (int i = 0; i < old.n; i++)
		free(old.v[i]);
	free(old.v);
}

static struct func *func_find(const char *name)
{
	for (int i = 0; i < nfuncs; i++)
		if (!strcmp(funcs[i].name, name))
			return &funcs[i];
	return NULL;
}

static void func_define(const char *name, struct node *body)
{
	struct func *f = func_find(name);

	a_floor = a_mark();	/* the body now lives as long as the shell */
	if (!f) {
		funcs = xrealloc(funcs, sizeof(*funcs) * (size_t)(nfuncs + 1));
		f = &funcs[nfuncs++];
		f->name = xstrdup(name);
	}
	f->body = body;
}

/* `local`: the value to restore when the function returns. */
struct saved_var {
	char *name, *val;
	int had, exp;
};
static struct saved_var *locals;
static int nlocals, caplocals;

static void local_save(const char *name)
{
	struct var *v = var_find(name, strlen(name));

	if (nlocals == caplocals) {
		caplocals = caplocals ? caplocals * 2 : 16;
		locals = xrealloc(locals, sizeof(*locals) * (size_t)caplocals);
	}
	locals[nlocals].name = xstrdup(name);
	locals[nlocals].had = v != NULL;
	locals[nlocals].val = v && v->val ? xstrdup(v->val) : NULL;
	locals[nlocals].exp = v ? v->exp : 0;
	nlocals++;
}

static void locals_restore(int to)
{
	while (nlocals > to) {
		struct saved_var *s = &locals[--nlocals];
		struct var *v = var_find(s->name, strlen(s->name));

		if (v)	/* a local's end is no assignment, readonly or not */
			v->exp = 0;
		if (s->had) {
			var_set(s->name, s->val, 0);
			var_find(s->name, strlen(s->name))->exp = s->exp;
		} else {
			var_unset(s->name);
		}
		free(s->name);
		free(s->val);
	}
}

/* Everything a subshell may change and must give back. */
struct snapshot {
	struct var *vars;
	int nvars, capvars;
	struct pos pos;
	char *cwd;
	int nlocals;
	char opt[O_COUNT];
};

static char *cur_dir(void);

/*
 * The subshell works on copies; the originals come back untouched, so a
 * pointer to a value taken before a $(...) is still good after it.
 */
static void snap_take(struct snapshot *s)
{
	struct var *copy = xmalloc(sizeof(*vars) * (size_t)(nvars + 1));

	for (int i = 0; i < nvars; i++) {
		copy[i] = vars[i];
		copy[i].name = xstrdup(vars[i].name);
		copy[i].val = vars[i].val ? xstrdup(vars[i].val) : NULL;
	}
	s->vars = vars;
	s->nvars = nvars;
	s->capvars = capvars;
	vars = copy;
	capvars = nvars + 1;
	s->pos = pos;
	pos.v = NULL;
	pos.n = 0;
	pos_set(s->pos.v, s->pos.n);
	s->cwd = cur_dir();
	s->nlocals = nlocals;
	memcpy(s->opt, opt, sizeof(opt));
}

static void snap_restore(struct snapshot *s)
{
	for (int i = 0; i < nvars; i++) {
		free(vars[i].name);
		free(vars[i].val);
	}
	free(vars);
	vars = s->vars;
	nvars = s->nvars;
	capvars = s->capvars;
	pos_set(NULL, 0);
	free(pos.v);
	pos = s->pos;
	(void)!chdir(s->cwd);
	free(s->cwd);
	memcpy(opt, s->opt, sizeof(opt));
	while (nlocals > s->nlocals) {
		nlocals--;
		free(locals[nlocals].name);
		free(locals[nlocals].val);
	}
}
