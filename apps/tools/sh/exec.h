/*
 * exec.h - running the tree: lists, and-or, pipelines (external stages
 * spawned as command apps, builtin stages run in this process between
 * them), redirections, compound commands, functions, subshells and
 * command substitution (both in this process, on a snapshot), and the
 * wait for a foreground job.
 */

static int flow_n, exit_code, noexit, keep_redirs, loops, no_func;
static int subst_status = -1;

/* A special builtin's (or an assignment's) error ends a script, as in
 * dash. */
static int special_error(void)
{
	if (!interactive) {
		flow = F_EXIT;
		exit_code = 2;
	}
	return 2;
}

static int run(struct node *n);
static int run_text(const char *src, size_t len);
static int builtin_find(const char *name, int *special);
static int builtin_call(int k, int argc, char **argv);

static int tty_job_input(void);
static int tty_interrupted(void);
static void job_add(uint32_t *ids, int n, const char *cmd);
static void relay_end(void);

/* ---- redirections ---- */

struct rsave {
	int fd, closefd;
	struct lfd old;
};

/* What redirections replaced, in the arena (recursion must stay light
 * on the 64 KB stack). */
struct rsaves {
	struct rsave *v;
	int n;
};

static void redir_undo(struct rsaves *s)
{
	while (s->n > 0) {
		struct rsave *r = &s->v[--s->n];

		lfds[r->fd] = r->old;
		if (r->closefd >= 0)
			close(r->closefd);
	}
}

/* The errors a redirection meets, in the words GNU's shells use. */
/* Is path a regular file, which set -C will not let > replace? */
static int is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

static const char *redir_error(int rc)
{
	switch (rc) {
	case ENOENT:
		return "No such file or directory";
	case EISDIR:
		return "Is a directory";
	case ENOTDIR:
		return "Not a directory";
	case EACCES:
	case EPERM:
	case ENOTCAPABLE:
		return "Permission denied";
	case EBADF:
		return "Bad file descriptor";
	case EEXIST:
		return "File exists";
	}
	return "cannot redirect";
}

static int redir_apply(struct redir *r, struct rsaves *s)
{
	for (; r; r = r->next) {
		struct lfd nl = { K_FD, -1, 1, NULL };
		struct rsave *sv;
		int rc, owned = 1;
		char *t;

		if (r->fd > 9 || s->n >= 12) {
			errmsg("bad file descriptor", NULL, NULL);
			return 1;
		}
		if (!s->v)
			s->v = a_alloc(sizeof(*s->v) * 12);
		if (r->op == T_DLT || r->op == T_DLTDASH) {
			t = r->quoted ? r->word :
				xstring(r->word, r->word + strlen(r->word), 0,
					X_HEREDOC, 0);
			if (xfail)
				return 1;
			nl.fd = fd_from_text(t, strlen(t), &nl.pass);
			t = "<<";
			rc = nl.fd < 0 ? EMFILE : 0;
		} else {
			int how = r->op == T_LT ? O_RD : r->op == T_DGT ? O_APP :
				  r->op == T_LTGT ? O_RW : O_WR;

			t = expand_str(r->word, 0);
			if (xfail)
				return 1;
			rc = 0;
			owned = 0;
			if (r->op == T_GTAND || r->op == T_LTAND) {
				if (!strcmp(t, "-"))
					nl.kind = K_CLOSED;
				else if (t[0] >= '0' && t[0] <= '9' && !t[1] &&
					 lfds[t[0] - '0'].kind != K_CLOSED)
					nl = lfds[t[0] - '0'];
				else
					rc = EBADF;
			} else if (!strcmp(t, "/dev/null")) {
				nl.kind = K_NULL;
			} else if (opt[O_C] && r->op == T_GT && is_file(t)) {
				rc = EEXIST;	/* set -C: >| alone overwrites */
			} else {
				rc = open_target(t, how, &nl.fd, &nl.pass);
				owned = 1;
			}
		}
		if (rc) {
			errmsg(t, redir_error(rc), NULL);
			return 1;
		}
		sv = &s->v[s->n++];
		sv->fd = r->fd;
		sv->closefd = owned ? nl.fd : -1;
		sv->old = lfds[r->fd];
		lfds[r->fd] = nl;
	}
	return 0;
}

/* ---- waiting ---- */

static void pump_drop(int i)
{
	close(pumps[i].rfd);
	pumps[i] = pumps[--npumps];
}

/*
 * Waits for a foreground job's children, carrying pumped output and,
 * interactively, the terminal's input (Ctrl-C stops the job).
 */
static void fg_wait(uint32_t *ids, int n, int *st, int pbase)
{
	char done[64] = { 0 };
	int left = n, killed = 0;

	if (jobout_w >= 0) {	/* the job's end alone: EOF when it is gone */
		close(jobout_w);
		jobout_w = -1;
		pumps[npumps].rfd = jobout_r;
		pumps[npumps++].to.kind = K_RELAY;
	}
	while (left || npumps > pbase) {
		struct pollfd pf[18];
		int k = 0, tty = interactive;

		for (int i = pbase; i < npumps; i++)
			pf[k++] = (struct pollfd){ pumps[i].rfd, POLLIN, 0 };
		if (tty)
			pf[k++] = (struct pollfd){ 0, POLLIN, 0 };
		if (k && poll(pf, (nfds_t)k, tty && left ? 25 : -1) > 0)
			for (int i = k - 1 - tty; i >= 0; i--)
				if (pf[i].revents &&
				    !pump_step(&pumps[pbase + i]))
					pump_drop(pbase + i);
		/* each turn: keys typed ahead may wait in the shell's buffer */
		if (tty && tty_job_input() && !killed) {
			killed = 1;
			for (int i = 0; i < n; i++)
				if (!done[i])
					vy_kill(ids[i]);
		}
		for (int i = 0; i < n; i++) {
			int rc = done[i] ? 0 : vy_wait(ids[i], &st[i],
						       k ? VY_WAIT_NOHANG : 0);

			if (!done[i] && rc != EAGAIN) {
				if (rc)
					st[i] = 127;
				done[i] = 1;
				left--;
			}
		}
	}
	if (killed && n)
		st[n - 1] = 130;
	if (jobin_w >= 0)
		close(jobin_w);
	jobin_w = jobin_r = -1;
	relay_end();
}

/* ---- simple commands ---- */

struct spawned {
	uint32_t id;
	int ok;
	int closes[4];
	int nclose;
};

static int spawn_external(char **argv, struct spawned *sp)
{
	int io[3], rc;
	char **env, *cwd;

	if (strchr(argv[0], '/')) {
		errmsg(argv[0], "not found", NULL);
		return 127;
	}
	child_io(io, sp->closes, &sp->nclose);
	env = env_build();
	{
		const char *pwd = var_get("PWD");

		cwd = pwd && *pwd == '/' ? (char *)pwd : cur_dir();
		rc = vy_spawn(argv[0], (const char *const *)argv,
			      (const char *const *)env, cwd, io, &sp->id);
		if (cwd != pwd)
			free(cwd);
	}
	if (rc == ENOENT) {
		errmsg(argv[0], "command not found", NULL);
		return 127;
	}
	if (rc) {
		errmsg(argv[0], "cannot execute", NULL);
		return 126;
	}
	sp->ok = 1;
	return 0;
}

static int call_function(struct func *f, int argc, char **argv)
{
	struct pos saved = pos;
	int lm = nlocals, st, sl = loops;

	pos.v = NULL;
	pos.n = 0;
	pos_set(argv + 1, argc - 1);
	loops = 0;
	run(f->body);
	loops = sl;
	st = last_status;
	if (flow == F_RET)
		flow = 0;
	locals_restore(lm);
	pos_set(NULL, 0);
	free(pos.v);
	pos = saved;
	return st;
}

static int tracing;	/* PS4's own $(...) is not traced */

/*
 * set -x: the command as it will run (t, its assignments, each after a
 * blank, then its words) after PS4, on stderr, unquoted as dash has it.
 * PS4 is expanded as dash expands it; if that fails, it is shown as it is.
 */
static void trace(struct str *t, struct words *w)
{
	const char *ps4 = var_get("PS4"), *p = "";
	struct str line = { 0 };
	int failed = xfail;

	for (int i = 0; i < w->n; i++) {
		s_addc(t, ' ');
		s_adds(t, w->v[i]);
	}
	tracing = 1;
	if (ps4) {
		xfail = 0;
		p = expand_str(ps4, X_HEREDOC);
		if (xfail)
			p = ps4;
		xfail = failed;
	}
	tracing = 0;
	s_adds(&line, p);
	s_adds(&line, t->n ? t->s + 1 : "");
	s_addc(&line, '\n');
	out(2, line.s, line.n);
	s_free(&line);
	s_free(t);
}

/*
 * A simple command whose words are expanded (w). With sp, an external
 * command is only started (a pipeline stage): sp->ok says it was.
 */
static int run_simple_w(struct node *n, struct words *w, int nassign,
			struct spawned *sp)
{
	struct rsaves rs = { NULL, 0 };
	int st = 0, lm = nlocals, special = 0, k = -1;
	struct func *f = NULL;
	struct str t = { 0 };

	if (w->n) {
		k = builtin_find(w->v[0], &special);
		f = no_func || (k >= 0 && special) ? NULL :
			func_find(w->v[0]);
		no_func = 0;
		if (f)
			k = -1;	/* a function hides a regular builtin */
	}
	for (int i = 0; i < nassign && !xfail; i++) {
		char *a = n->argv[i], *eq = strchr(a, '=');
		char *name = a_strndup(a, (size_t)(eq - a));
		char *v = expand_str(eq + 1, X_ASSIGN);

		if (xfail)
			break;
		if (opt[O_X] && !tracing) {
			s_addc(&t, ' ');
			s_adds(&t, name);
			s_addc(&t, '=');
			s_adds(&t, v);
		}
		if (w->n && !special) {
			local_save(name);
			if (var_set(name, v, 1)) {
				xfail = 1;
				break;
			}
		} else if (var_set(name, v, 0)) {
			xfail = 1;
			break;
		}
	}
	if (xfail) {
		s_free(&t);
		locals_restore(lm);
		goto failed;
	}
	if (opt[O_X] && !tracing)
		trace(&t, w);
	if (redir_apply(n->rd, &rs)) {
		redir_undo(&rs);
		locals_restore(lm);
		if (xfail)
			goto failed;
		return 2;
	}
	if (!w->n) {
		st = st ? st : subst_status >= 0 ? subst_status : 0;
	} else if (k >= 0) {
		keep_redirs = 0;
		st = builtin_call(k, w->n, w->v);
		if (keep_redirs)
			rs.n = 0;
	} else if (f) {
		st = call_function(f, w->n, w->v);
	} else {
		struct spawned one = { .nclose = 0 };
		struct spawned *s = sp ? sp : &one;
		int pbase = npumps;

		st = spawn_external(w->v, s);
		if (sp) {
			redir_undo(&rs);
			locals_restore(lm);
			return st;
		}
		for (int i = 0; i < one.nclose; i++)
			close(one.closes[i]);
		if (one.ok)
			fg_wait(&one.id, 1, &st, pbase);
	}
	redir_undo(&rs);
	if (k < 0 || strcmp(w->v[0], "local"))
		locals_restore(lm);	/* local's own entries last till return */
	return st;
failed:
	return special_error();
}

static int count_assign(struct node *n)
{
	int k = 0;

	while (k < n->argc && is_assignment(n->argv[k]))
		k++;
	return k;
}

static int run_simple(struct node *n)
{
	size_t m = a_mark();
	struct words w = { 0 };
	int na = count_assign(n), st;

	subst_status = -1;
	xfail = 0;
	expand_words(n->argv + na, n->argc - na, &w);
	if (xfail) {
		st = special_error();
	} else {
		st = run_simple_w(n, &w, na, NULL);
	}
	xfail = 0;
	a_release(m);
	return st;
}

/* ---- pipelines ---- */

static int flatten(struct node *n, struct node **v, int max)
{
	int k = 0;

	if (n->t == N_PIPE) {
		k = flatten(n->a, v, max);
		if (k < max)
			v[k++] = n->b;
		return k;
	}
	v[0] = n;
	return 1;
}

static void job_text(struct node **st, int ns, struct str *b)
{
	for (int i = 0; i < ns; i++) {
		if (i)
			s_adds(b, " | ");
		if (st[i]->t != N_SIMPLE) {
			s_adds(b, "(...)");
			continue;
		}
		for (int j = 0; j < st[i]->argc; j++) {
			if (j)
				s_addc(b, ' ');
			s_adds(b, st[i]->argv[j]);
		}
	}
}

#define MAXSTAGES 32

/* One stage of a pipeline while it runs. */
struct pstage {
	struct words w;
	struct spawned sp;
	struct str capb;	/* its output, when the next stage is in-shell */
	int ext, pin, pout, stat, idx;
};

static int run_pipeline(struct node *n, int bg)
{
	size_t m = a_mark();
	struct pstage *ps = a_alloc(sizeof(*ps) * MAXSTAGES);
	struct node **st = a_alloc(sizeof(*st) * MAXSTAGES);
	uint32_t *ids = a_alloc(sizeof(*ids) * MAXSTAGES);
	int *ws = a_alloc(sizeof(*ws) * MAXSTAGES);
	int ns = flatten(n, st, MAXSTAGES), nid = 0, allext = 1, special;
	int pbase = npumps;

	memset(ps, 0, sizeof(*ps) * MAXSTAGES);
	subst_status = -1;
	xfail = 0;
	for (int i = 0; i < ns; i++) {
		ps[i].pin = ps[i].pout = -1;
		ps[i].ext = 0;
		if (st[i]->t == N_SIMPLE) {
			expand_words(st[i]->argv + count_assign(st[i]),
				     st[i]->argc - count_assign(st[i]), &ps[i].w);
			ps[i].ext = ps[i].w.n &&
				 builtin_find(ps[i].w.v[0], &special) < 0 &&
				 !func_find(ps[i].w.v[0]);
		}
		allext &= ps[i].ext;
	}
	if (xfail) {
		xfail = 0;
		a_release(m);
		return 2;
	}
	bg &= allext;		/* no fork: an in-shell job runs now */
	direct = bg || !allext;
	for (int i = 0; i + 1 < ns; i++) {
		int fds[2];

		if (!ps[i].ext && !ps[i + 1].ext)
			continue;	/* joined by a buffer */
		if (vy_pipe(fds)) {
			errmsg("pipe", "failed", NULL);
			ns = i + 1;
			break;
		}
		ps[i].pout = fds[1];
		ps[i + 1].pin = fds[0];
	}
	/* every external stage first, so that the in-shell ones can write
	 * into their pipes without waiting on them */
	for (int pass = 1; pass >= 0; pass--)
		for (int i = 0; i < ns; i++) {
			struct lfd s0 = lfds[0], s1 = lfds[1];

			if (ps[i].ext != pass)
				continue;
			if (ps[i].pin < 0 && i > 0 && !pass) {
				int pass_ok;

				ps[i].pin = fd_from_text(ps[i - 1].capb.s ?
						      ps[i - 1].capb.s : "",
						      ps[i - 1].capb.n, &pass_ok);
			}
			if (ps[i].pin >= 0)
				lfds[0] = (struct lfd){ K_FD, ps[i].pin, 1, NULL };
			else if (bg && lfds[0].kind == K_FD && !lfds[0].fd)
				lfds[0].kind = K_CLOSED;
			if (ps[i].pout >= 0)
				lfds[1] = (struct lfd){ K_FD, ps[i].pout, 1, NULL };
			else if (i + 1 < ns && !pass)
				lfds[1] = (struct lfd){ K_CAP, -1, 0, &ps[i].capb };
			if (pass) {
				ps[i].stat = run_simple_w(st[i], &ps[i].w,
						       count_assign(st[i]),
						       &ps[i].sp);
				for (int j = 0; j < ps[i].sp.nclose; j++)
					close(ps[i].sp.closes[j]);
				if (ps[i].sp.ok) {
					ps[nid].idx = i;
					ids[nid++] = ps[i].sp.id;
				}
			} else {
				struct snapshot sn;

				snap_take(&sn);
				ps[i].stat = st[i]->t == N_SIMPLE ?
					  run_simple_w(st[i], &ps[i].w,
						       count_assign(st[i]),
						       NULL) :
					  run(st[i]);
				if (flow == F_EXIT)
					ps[i].stat = exit_code;
				flow = 0;
				snap_restore(&sn);
			}
			lfds[0] = s0;
			lfds[1] = s1;
			if (ps[i].pin >= 0)
				close(ps[i].pin);
			if (ps[i].pout >= 0)
				close(ps[i].pout);
		}
	direct = 0;
	for (int i = 0; i < ns; i++)
		s_free(&ps[i].capb);
	if (bg) {
		struct str t = { 0 };

		job_text(st, ns, &t);
		if (nid)
			job_add(ids, nid, s_cstr(&t));
		s_free(&t);
		last_bg = nid ? ids[nid - 1] : -1;
		a_release(m);
		return 0;
	}
	fg_wait(ids, nid, ws, pbase);
	for (int j = 0; j < nid; j++)
		ps[ps[j].idx].stat = ws[j];
	special = nid && ws[nid - 1] == 130 ? 130 : ps[ns - 1].stat;
	a_release(m);
	return special;
}

/* ---- compound commands ---- */

static int run_loop_body(struct node *body, int *stop)
{
	static unsigned ticks;
	int st = run(body);

	if (interactive && !(++ticks & 31) && tty_interrupted()) {
		flow = F_ABORT;	/* Ctrl-C stops a loop of builtins too */
		st = last_status = 130;
	}
	*stop = 0;
	if (flow == F_BREAK || flow == F_CONT) {
		int f = flow;

		if (--flow_n <= 0)
			flow = 0;
		if (f == F_BREAK || flow)
			*stop = 1;
	} else if (flow) {
		*stop = 1;
	}
	return st;
}

static int run_compound(struct node *n)
{
	int st = 0, stop;

	switch (n->t) {
	case N_SEQ:
		for (; n && !flow; n = n->b)
			st = run(n->a);
		return last_status;
	case N_BG:
		if (n->a->t == N_PIPE || n->a->t == N_SIMPLE)
			return run_pipeline(n->a, 1);
		return run(n->a);
	case N_AND:
	case N_OR:
		noexit++;
		st = run(n->a);
		noexit--;
		if (!flow && (n->t == N_AND) == !st)
			st = run(n->b);
		return st;
	case N_NOT:
		noexit++;
		st = !run(n->a);
		noexit--;
		return st;
	case N_PIPE:
		return run_pipeline(n, 0);
	case N_SUB: {
		struct snapshot sn;

		snap_take(&sn);
		st = run(n->a);
		if (flow == F_EXIT)
			st = exit_code;
		flow = 0;
		snap_restore(&sn);
		return st;
	}
	case N_GROUP:
		return run(n->a);
	case N_IF:
		noexit++;
		st = run(n->a);
		noexit--;
		if (flow)
			return st;
		if (!st)
			return run(n->b);
		return n->c ? run(n->c) : 0;
	case N_WHILE:
	case N_UNTIL:
		loops++;
		for (;;) {
			int c;

			noexit++;
			c = run(n->a);
			noexit--;
			if (flow || (n->t == N_WHILE ? c != 0 : c == 0))
				break;
			st = run_loop_body(n->b, &stop);
			if (stop)
				break;
		}
		loops--;
		return st;
	case N_FOR: {
		size_t m = a_mark();
		struct words w = { 0 };

		xfail = 0;
		if (n->argc < 0) {
			for (int i = 0; i < pos.n; i++)
				words_add(&w, a_strndup(pos.v[i],
							strlen(pos.v[i])));
		} else {
			expand_words(n->argv, n->argc, &w);
		}
		if (xfail) {
			xfail = 0;
			if (!interactive) {
				flow = F_EXIT;
				exit_code = 2;
			}
			a_release(m);
			return 2;
		}
		loops++;
		for (int i = 0; i < w.n; i++) {
			if (var_set(n->name, w.v[i], 0)) {
				st = special_error();
				break;
			}
			st = run_loop_body(n->b, &stop);
			if (stop)
				break;
		}
		loops--;
		a_release(m);
		return st;
	}
	case N_CASE: {
		size_t m = a_mark();
		char *word = expand_str(n->argv[0], 0);

		for (struct citem *it = n->items; it && !xfail; it = it->next)
			for (int i = 0; i < it->npats; i++) {
				char *p = expand_pattern(it->pats[i]);

				if (pmatch(p, word, strlen(word))) {
					a_release(m);
					return it->body ? run(it->body) : 0;
				}
			}
		xfail = 0;
		a_release(m);
		return 0;
	}
	case N_FUNC:
		func_define(n->name, n->a);
		return 0;
	}
	return 0;
}

static int run1(struct node *n);

static int run(struct node *n)
{
	int st;

	if (++depth > MAXDEPTH) {
		errmsg("nesting too deep", NULL, NULL);
		flow = F_ABORT;
		st = last_status = 2;
	} else {
		st = run1(n);
	}
	depth--;
	return st;
}

static int run1(struct node *n)
{
	int st;

	if (!n || flow)
		return last_status;
	if (n->t == N_SIMPLE) {
		st = run_simple(n);
	} else if (n->rd && n->t != N_FUNC) {
		struct rsaves rs = { NULL, 0 };
		size_t m = a_mark();

		if (redir_apply(n->rd, &rs)) {
			xfail = 0;
			st = 1;
		} else {
			st = run_compound(n);
		}
		redir_undo(&rs);
		a_release(m);
	} else {
		st = run_compound(n);
	}
	if (flow == F_RET || flow == F_EXIT)
		return last_status;
	last_status = st;
	if (opt[O_E] && st && !noexit && !flow &&
	    (n->t == N_SIMPLE || n->t == N_PIPE || n->t == N_SUB)) {
		flow = F_EXIT;
		exit_code = st;
	}
	return st;
}

/* Parses and runs text as the shell's commands, one line at a time. */
static int run_lexer(struct lexer *lx)
{
	struct lexer *saved = L;
	struct tok st = T;
	int sh = have_tok, sp = perr, snp = npending;

	L = lx;
	have_tok = 0;
	perr = 0;
	npending = 0;
	while (!flow) {
		size_t m = a_mark();
		struct node *n = parse_list(1);

		if (perr) {
			last_status = 2;
			if (!interactive) {
				flow = F_EXIT;
				exit_code = 2;
			}
			break;
		}
		if (!opt[O_N])
			run(n);
		a_release(m);
		if (peek() == T_EOF)
			break;
		next();
	}
	L = saved;
	T = st;
	have_tok = sh;
	perr = sp;
	npending = snp;
	return last_status;
}

static int run_text(const char *src, size_t len)
{
	struct lexer lx = { src, len, 0, NULL };

	return run_lexer(&lx);
}

static void cmdsubst_run(const char *src, size_t n, struct str *outb)
{
	struct lfd s1 = lfds[1];
	struct snapshot sn;
	int sf = flow, sx = xfail;

	lfds[1] = (struct lfd){ K_CAP, -1, 0, outb };
	snap_take(&sn);
	flow = 0;
	xfail = 0;
	run_text(src, n);
	if (flow == F_EXIT)
		last_status = exit_code;
	flow = sf;
	xfail = sx;
	snap_restore(&sn);
	lfds[1] = s1;
	subst_status = last_status;
}
