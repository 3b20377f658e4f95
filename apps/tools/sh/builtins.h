/*
 * builtins.h - the commands the shell runs itself, and their table:
 * cd pwd export readonly unset set shift exit return break continue
 * local eval . exec read getopts true false : type command trap and,
 * from the other headers, echo printf test [ jobs fg wait.
 */

static char *exit_trap;
static int tty_read_line(struct str *b);

/* true, false and : */
static int bi_true(int argc, char **argv)
{
	(void)argc;
	return argv[0][0] == 'f';
}

/* Lexically cleaned absolute path: no ".", "..", or doubled '/'. */
static char *clean_path(const char *p)
{
	char *r = a_alloc(strlen(p) + 2);
	size_t n = 0;

	while (*p) {
		const char *e;
		size_t k;

		while (*p == '/')
			p++;
		e = strchr(p, '/');
		k = e ? (size_t)(e - p) : strlen(p);
		if (!k)
			break;
		if (k == 2 && p[0] == '.' && p[1] == '.') {
			while (n && r[--n] != '/')
				;
		} else if (!(k == 1 && p[0] == '.')) {
			r[n++] = '/';
			memcpy(r + n, p, k);
			n += k;
		}
		p += k;
	}
	if (!n)
		r[n++] = '/';
	r[n] = 0;
	return r;
}

static int bi_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : var_get("HOME"), *old;
	char *path;
	int print = 0;

	if (argc > 1 && !strcmp(dir, "--"))
		dir = argc > 2 ? argv[2] : var_get("HOME");
	if (!dir) {
		errmsg("cd", "HOME not set", NULL);
		return 1;
	}
	if (!strcmp(dir, "-")) {
		dir = var_get("OLDPWD");
		if (!dir) {
			errmsg("cd", "OLDPWD not set", NULL);
			return 1;
		}
		print = 1;
	}
	path = clean_path(abs_path(*dir ? dir : "."));
	if (chdir(path)) {
		errmsg("cd", "can't cd to", dir);
		return 2;
	}
	old = var_get("PWD");
	var_set("OLDPWD", old ? old : path, 1);
	var_set("PWD", path, 1);
	if (print) {
		outs(1, path);
		outs(1, "\n");
	}
	return 0;
}

static int bi_pwd(int argc, char **argv)
{
	const char *p = var_get("PWD");
	char *c = NULL;

	(void)argc;
	(void)argv;
	if (!p || *p != '/')
		p = c = cur_dir();
	outs(1, p);
	outs(1, "\n");
	free(c);
	return 0;
}

static void put_quoted(struct str *b, const char *v)
{
	s_addc(b, '\'');
	for (; *v; v++)
		if (*v == '\'')
			s_adds(b, "'\\''");
		else
			s_addc(b, *v);
	s_addc(b, '\'');
}

/* Lists variables: all (prefix NULL) or those with the flag set. */
/* set's list (flag 0), or export's or readonly's (V_EXPORT, V_READONLY) */
static void list_vars(int flag)
{
	struct str b = { 0 };

	for (int i = 0; i < nvars; i++) {
		struct var *v = &vars[i];

		if (flag ? !(v->exp & flag) : !v->val)
			continue;
		s_adds(&b, flag == V_EXPORT ? "export " :
			   flag ? "readonly " : "");
		s_adds(&b, v->name);
		if (v->val) {
			s_addc(&b, '=');
			put_quoted(&b, v->val);
		}
		s_addc(&b, '\n');
	}
	out(1, b.s, b.n);
	s_free(&b);
}

/* export and readonly: the same but for the mark they set */
static int bi_export(int argc, char **argv)
{
	int st = 0, flag = argv[0][0] == 'r' ? V_READONLY : V_EXPORT;

	if (argc < 2 || !strcmp(argv[1], "-p")) {
		list_vars(flag);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '='), *name = argv[i];
		struct var *v;

		if (eq)
			name = a_strndup(argv[i], (size_t)(eq - argv[i]));
		if (!is_name(name)) {
			errmsg(argv[0], name, "bad variable name");
			st = 2;
			continue;
		}
		if (eq) {
			if (var_set(name, eq + 1, 0))
				return special_error();
		} else if (!var_find(name, strlen(name))) {
			var_set(name, NULL, 0);
		}
		v = var_find(name, strlen(name));
		v->exp |= flag;
	}
	return st ? special_error() : 0;
}

static int bi_unset(int argc, char **argv)
{
	int fn = 0, i = 1, st = 0;

	for (; i < argc && argv[i][0] == '-'; i++)
		fn = argv[i][1] == 'f';
	for (; i < argc; i++) {
		struct func *f = func_find(argv[i]);

		if (!fn)
			st |= var_unset(argv[i]);
		else if (f)
			f->name[0] = 1;	/* no command name can match it now */
	}
	return st ? special_error() : 0;
}

/* One of set's (and sh's) option letters; 1 if it is not one. */
static int set_flag(int c, int on)
{
	const char *k = strchr(opt_letters, c);

	if (!k)
		return !strchr("vmbhs", c);	/* accepted, no effect */
	/* as dash: -n is ignored when interactive */
	opt[k - opt_letters] = (char)(on && (c != 'n' || !interactive));
	return 0;
}

static int bi_set(int argc, char **argv)
{
	int i = 1;

	if (argc < 2) {
		list_vars(0);
		return 0;
	}
	for (; i < argc; i++) {
		char *a = argv[i];
		int on = a[0] == '-';

		if (!strcmp(a, "--")) {
			i++;
			goto positional;
		}
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		while (*++a)
			if (set_flag(*a, on)) {
				errmsg("set", "illegal option", argv[i]);
				return 2;
			}
	}
	if (i >= argc)
		return 0;
positional:
	pos_set(argv + i, argc - i);
	return 0;
}

static int num_arg(const char *who, const char *s, long long *v)
{
	if (!parse_num(s, v, 0) || *v < 0) {
		errmsg(who, "Illegal number", s);
		return 0;
	}
	return 1;
}

static int bi_shift(int argc, char **argv)
{
	long long k = 1;

	if (argc > 1 && !num_arg("shift", argv[1], &k))
		return 2;
	if (k > pos.n) {
		errmsg("shift", "can't shift", NULL);
		return special_error();
	}
	pos_set(pos.v + k, pos.n - (int)k);
	return 0;
}

/* exit and return: the status given, or the last one. */
static int bi_exit(int argc, char **argv)
{
	long long k = last_status;

	if (argc > 1 && !num_arg(argv[0], argv[1], &k))
		k = 2;
	flow = argv[0][0] == 'e' ? F_EXIT : F_RET;
	last_status = exit_code = (int)(k & 255);
	return exit_code;
}

static int bi_break(int argc, char **argv)
{
	long long k = 1;

	if (argc > 1 && !num_arg(argv[0], argv[1], &k))
		return 2;
	if (!loops)
		return 0;
	flow = argv[0][0] == 'b' ? F_BREAK : F_CONT;
	flow_n = k > loops ? loops : (int)k;
	return 0;
}

static int bi_local(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		char *name = eq ? a_strndup(argv[i], (size_t)(eq - argv[i])) :
				  argv[i];

		if (!is_name(name)) {
			errmsg("local", name, "bad variable name");
			return 2;
		}
		local_save(name);
		if (eq)
			var_set(name, eq + 1, 0);
	}
	return 0;
}

static int bi_eval(int argc, char **argv)
{
	struct str b = { 0 };
	int st;

	for (int i = 1; i < argc; i++) {
		if (i > 1)
			s_addc(&b, ' ');
		s_adds(&b, argv[i]);
	}
	last_status = 0;
	st = run_text(s_cstr(&b), b.n);
	s_free(&b);
	return st;
}

static int read_file(const char *path, struct str *b)
{
	char buf[8192];
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return errno;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		s_addn(b, buf, (size_t)r);
	close(fd);
	s_cstr(b);
	return 0;
}

static int bi_dot(int argc, char **argv)
{
	struct str b = { 0 };
	int st;

	if (argc < 2) {
		errmsg(".", "argument expected", NULL);
		return 2;
	}
	if (read_file(argv[1], &b)) {
		errmsg(".", "can't open", argv[1]);
		s_free(&b);
		if (!interactive) {
			flow = F_EXIT;
			exit_code = 2;
		}
		return 2;
	}
	last_status = 0;
	st = run_text(b.s, b.n);
	if (flow == F_RET)
		flow = 0;
	s_free(&b);
	return st;
}

static int run_argv(int argc, char **argv, int nofunc);

static int bi_exec(int argc, char **argv)
{
	int st;

	if (argc < 2) {
		keep_redirs = 1;
		return 0;
	}
	/* no exec without fork: run the command, then end the shell */
	st = run_argv(argc - 1, argv + 1, 0);
	flow = F_EXIT;
	exit_code = st;
	return st;
}

static struct str rd_line, rd_esc;

#define rd_class(k) ifs_class(&rd_line, &rd_esc, k)

static int bi_read(int argc, char **argv)
{
	struct str raw_line = { 0 };
	int raw = 0, i = 1, eof, st;
	size_t p = 0, e, s;
	char c;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (argv[i][1] == 'p' && i + 1 < argc)
			outs(2, argv[++i]);
		else if (argv[i][1] == 'r')
			raw = 1;
		else
			break;
	}
	if (i >= argc) {
		errmsg("read", "arg count", NULL);
		return 2;
	}
	if (interactive && lfds[0].kind == K_FD && lfds[0].fd == 0) {
		int r = tty_read_line(&raw_line);

		if (r > 0)
			return 130;
		eof = r != 0;
	} else {
		while (!(eof = !in_byte(0, &c)) && c != '\n') {
			s_addc(&raw_line, c);
			if (c == '\\' && !raw && in_byte(0, &c))
				s_addc(&raw_line, c);
		}
	}
	rd_line.n = rd_esc.n = 0;
	for (size_t k = 0; k < raw_line.n; k++) {
		int esc = 0;

		c = raw_line.s[k];
		if (c == '\\' && !raw && k + 1 < raw_line.n) {
			c = raw_line.s[++k];
			esc = 1;
			if (c == '\n')
				continue;
		}
		s_addc(&rd_line, c);
		s_addc(&rd_esc, esc ? 0 : XS);
	}
	s_free(&raw_line);
	s_cstr(&rd_line);
	s_cstr(&rd_esc);
	cur_ifs = ifs_chars();
	st = eof;
	while (rd_class(p) == 1)
		p++;
	for (; i < argc; i++) {
		s = p;
		if (i + 1 == argc) {
			p = rd_line.n;
			while (p > s && rd_class(p - 1) == 1)
				p--;
			e = p;
		} else {
			while (p < rd_line.n && !rd_class(p))
				p++;
			e = p;
			while (rd_class(p) == 1)
				p++;
			if (rd_class(p) == 2)
				p++;
			while (rd_class(p) == 1)
				p++;
		}
		c = rd_line.s[e];
		rd_line.s[e] = 0;
		if (var_set(argv[i], rd_line.s + s, 0))
			st = 2;
		rd_line.s[e] = c;
	}
	return st;
}

static int bi_trap(int argc, char **argv)
{
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "EXIT") && strcmp(argv[i], "0"))
			continue;	/* no signals reach a WASM app */
		free(exit_trap);
		exit_trap = strcmp(argv[1], "-") ? xstrdup(argv[1]) : NULL;
	}
	return 0;
}

/*
 * getopts, as dash's: the next argument to read (OPTIND's number, from
 * 1) and where the option letters in the one before go on (-1: at its
 * end). A script that sets OPTIND starts again from that argument.
 */
static long long getopts_ind = 1, getopts_off = -1;

static int bi_getopts(int argc, char **argv)
{
	char **args = argc > 3 ? argv + 3 : pos.v, *p = NULL, s[2] = "?";
	int n = argc > 3 ? argc - 3 : pos.n, done = 0;
	const char *optind = var_get("OPTIND"), *q;
	long long i = 1;
	char buf[24];

	if (argc < 3) {
		errmsg("getopts", "Usage: getopts optstring var [arg...]",
		       NULL);
		return 2;
	}
	if (optind && parse_num(optind, &i, 0) && i == getopts_ind &&
	    getopts_off >= 0 && i > 1 && i <= n + 1 &&
	    (size_t)getopts_off <= strlen(args[i - 2]))
		p = args[i - 2] + getopts_off;
	if (i < 1 || i > n + 1)
		i = n + 1;
	i--;	/* from here, the next argument's index in args */
	if (!p || !*p) {
		p = i < n ? args[i] : NULL;
		if (!p || *p != '-' || !*++p || (*p == '-' && !p[1] && ++i)) {
			p = NULL;
			done = 1;
			goto out;
		}
		i++;
	}
	s[0] = *p++;
	q = *s == ':' ? NULL : strchr(argv[1], *s);
	if (!q || (q[1] == ':' && !*p && i >= n)) {
		/* a letter not asked for, or its argument missing */
		if (argv[1][0] == ':') {
			var_set("OPTARG", s, 0);
			*s = q ? ':' : '?';
		} else {
			errmsg("getopts", q ? "no argument for option" :
			       "illegal option", s);
			var_unset("OPTARG");
			*s = '?';
		}
	} else if (q[1] == ':') {
		var_set("OPTARG", *p ? p : args[i++], 0);
		p = NULL;
	} else {
		var_set("OPTARG", "", 0);
	}
out:
	getopts_ind = i + 1;
	getopts_off = p ? p - args[i - 1] : -1;
	var_set("OPTIND", fmt_ll(buf, getopts_ind), 0);
	if (done)
		*s = '?';
	var_set(argv[2], s, 0);
	return done;
}

static int bi_type(int argc, char **argv);
static int bi_command(int argc, char **argv);

static const struct builtin {
	const char *name;
	int (*fn)(int, char **);
	int special;
} builtins[] = {
	{ ".", bi_dot, 1 }, { ":", bi_true, 1 }, { "[", bi_test, 0 },
	{ "break", bi_break, 1 }, { "cd", bi_cd, 0 },
	{ "command", bi_command, 0 }, { "continue", bi_break, 1 },
	{ "echo", bi_echo, 0 }, { "eval", bi_eval, 1 },
	{ "exec", bi_exec, 1 }, { "exit", bi_exit, 1 },
	{ "export", bi_export, 1 }, { "false", bi_true, 0 },
	{ "fg", bi_fg, 0 }, { "getopts", bi_getopts, 0 },
	{ "jobs", bi_jobs, 0 },
	{ "local", bi_local, 0 }, { "printf", bi_printf, 0 },
	{ "pwd", bi_pwd, 0 }, { "read", bi_read, 0 },
	{ "readonly", bi_export, 1 }, { "return", bi_exit, 1 },
	{ "set", bi_set, 1 }, { "shift", bi_shift, 1 },
	{ "source", bi_dot, 1 }, { "test", bi_test, 0 },
	{ "trap", bi_trap, 1 }, { "true", bi_true, 0 },
	{ "type", bi_type, 0 }, { "unset", bi_unset, 1 },
	{ "wait", bi_wait, 0 },
};
#define NBUILTINS ((int)(sizeof(builtins) / sizeof(builtins[0])))

static int builtin_find(const char *name, int *special)
{
	for (int i = 0; i < NBUILTINS; i++)
		if (!strcmp(builtins[i].name, name)) {
			*special = builtins[i].special;
			return i;
		}
	return -1;
}

static int builtin_call(int k, int argc, char **argv)
{
	return builtins[k].fn(argc, argv);
}

/* Whether an installed command app has this name (1), or unknown (-1). */
static int app_exists(const char *name);

/*
 * type NAME, command -v NAME and command -V NAME: what NAME would run.
 * verbose 0 prints the bare name.
 */
static int describe(const char *name, int verbose)
{
	static const char *const what[] = {
		": not found\n", "", " is a shell function\n",
		" is a shell builtin\n", " is an installed command\n"
	};
	int sp, k = func_find(name) ? 2 :
		builtin_find(name, &sp) >= 0 ? 3 :
		!strchr(name, '/') && app_exists(name) ? 4 : 0;

	if (verbose || k) {
		outs(1, name);
		outs(1, verbose ? what[k] : "\n");
	}
	return k ? 0 : 127;
}

static int bi_type(int argc, char **argv)
{
	int st = 0;

	for (int i = 1; i < argc; i++)
		st |= describe(argv[i], 1);
	return st;
}

static int bi_command(int argc, char **argv)
{
	int i = 1, v = -1, st = 0;

	for (; i < argc && argv[i][0] == '-'; i++)
		v = argv[i][1] == 'V';
	if (i >= argc)
		return 0;
	if (v < 0)
		return run_argv(argc - i, argv + i, 1);
	for (; i < argc; i++)
		st |= describe(argv[i], v);
	return st ? 1 : 0;
}

/* Runs an already expanded command (exec, command). */
static int run_argv(int argc, char **argv, int nofunc)
{
	struct node none = { .t = N_SIMPLE };
	struct words w = { argv, argc, argc };

	no_func = nofunc;
	return run_simple_w(&none, &w, 0, NULL);
}
