/*
 * edit.h - the interactive terminal. Input arrives raw (no line
 * discipline anywhere else), so the shell echoes and edits lines
 * itself: cursor keys, Home/End, Delete, Ctrl-A/E/U/K/W, Backspace,
 * history in $HOME/.sh_history, Tab completion of commands and paths.
 * While a job runs it is the job's line discipline (echo, erase, Enter,
 * Ctrl-D, and Ctrl-C to stop it) and carries its output to the
 * terminal, obeying the echo sequence found there. xterm's size report (ESC [ 8 ; rows ;
 * cols t) can arrive at any time; it sets LINES and COLUMNS.
 */

enum {
	KEY_UP = 0x100, KEY_DOWN, KEY_RIGHT, KEY_LEFT, KEY_HOME, KEY_END,
	KEY_DEL, KEY_NONE
};

static char ibuf[512];
static size_t ilen;
static int in_eof;

static void tty_out(const char *p, size_t n)
{
	write_all(1, p, n);
}

static void tty_outs(const char *s)
{
	tty_out(s, strlen(s));
}

/* More terminal bytes; blocking or not. 0 when none came. */
static int tty_fill(int block)
{
	ssize_t r;

	if (ilen >= sizeof(ibuf) || in_eof)
		return 0;
	for (;;) {
		struct pollfd pf = { 0, POLLIN, 0 };

		if (poll(&pf, 1, block ? -1 : 0) <= 0) {
			if (!block)
				return 0;
			continue;
		}
		r = read(0, ibuf + ilen, sizeof(ibuf) - ilen);
		if (r < 0 && errno == EAGAIN) {
			if (!block)
				return 0;
			continue;
		}
		if (r <= 0) {
			in_eof = 1;
			return 0;
		}
		ilen += (size_t)r;
		return 1;
	}
}

static void resize(long long rows, long long cols)
{
	char buf[24];

	if (rows > 0 && rows < 10000)
		var_set("LINES", fmt_ll(buf, rows), 1);
	if (cols > 0 && cols < 10000)
		var_set("COLUMNS", fmt_ll(buf, cols), 1);
}

/*
 * The next key from the terminal: a byte, a KEY_ code, -1 at end of
 * input, or -2 when block is off and no whole key is there yet.
 */
static int key_get(int block)
{
	for (;;) {
		size_t used = 0, i = 2;
		int k = KEY_NONE, np = 0;
		long long p[4] = { 0, 0, 0, 0 };

		if (!ilen && !tty_fill(block))
			return in_eof ? -1 : -2;
		if (ibuf[0] != 0x1b) {
			k = (unsigned char)ibuf[0];
			used = 1;
		} else if (ilen >= 2 && ibuf[1] != '[' && ibuf[1] != 'O') {
			used = 2;	/* Alt-something: ignored */
		} else {
			while (i < ilen && ibuf[1] == '[' &&
			       (isdigit((unsigned char)ibuf[i]) ||
				ibuf[i] == ';')) {
				if (ibuf[i] == ';')
					np++;
				else if (np < 4 && p[np] < 100000)
					p[np] = p[np] * 10 + ibuf[i] - '0';
				i++;
			}
			if (i < ilen) {
				const char *m = strchr("ABCDHF", ibuf[i]);

				used = i + 1;
				if (m && ibuf[i])
					k = KEY_UP + (int)(m - "ABCDHF");
				else if (ibuf[i] == '~')
					k = p[0] == 1 || p[0] == 7 ? KEY_HOME :
					    p[0] == 4 || p[0] == 8 ? KEY_END :
					    p[0] == 3 ? KEY_DEL : KEY_NONE;
				else if (ibuf[i] == 't' && p[0] == 8)
					resize(p[1], p[2]);
			} else if (ilen >= sizeof(ibuf)) {
				used = ilen;	/* garbage: drop it */
			}
		}
		if (!used) {
			if (!tty_fill(block))
				return in_eof ? -1 : -2;
			continue;
		}
		memmove(ibuf, ibuf + used, ilen - used);
		ilen -= used;
		if (k != KEY_NONE)
			return k;
	}
}

/* ---- history ---- */

#define HISTMAX 500
static char *hist[HISTMAX];
static int nhist;

static char *hist_path(void)
{
	const char *h = var_get("HOME");
	struct str b = { 0 };

	s_adds(&b, h ? h : "/home/user");
	s_adds(&b, "/.sh_history");
	return b.s;
}

static void hist_push(const char *line)
{
	if (nhist == HISTMAX) {
		free(hist[0]);
		memmove(hist, hist + 1, sizeof(char *) * (HISTMAX - 1));
		nhist--;
	}
	hist[nhist++] = xstrdup(line);
}

static void hist_load(void)
{
	struct str b = { 0 };
	char *p, *path = hist_path();

	if (!read_file(path, &b)) {
		for (p = b.s; p && *p;) {
			char *e = strchr(p, '\n');

			if (e)
				*e = 0;
			if (*p)
				hist_push(p);
			p = e ? e + 1 : NULL;
		}
	}
	if (b.n > 64 * HISTMAX)	/* keep the file from growing forever */
		unlink(path);
	s_free(&b);
	free(path);
}

static void hist_add(const char *line)
{
	char *path;
	int fd;

	if (!*line)
		return;
	hist_push(line);
	path = hist_path();
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd >= 0) {
		write_all(fd, line, strlen(line));
		write_all(fd, "\n", 1);
		close(fd);
	}
	free(path);
}

/* ---- completion ---- */

/* The installed command apps' names, NUL-separated, in the arena. */
static char *app_names(size_t *len)
{
	char *buf;

	*len = 0;
	if (vy_commands(NULL, 0, len) && !*len)
		return NULL;
	buf = a_alloc(*len + 1);
	return vy_commands(buf, *len, len) ? NULL : buf;
}

static int app_exists(const char *name)
{
	size_t m = a_mark(), len, i;
	char *buf = app_names(&len);

	for (i = 0; buf && i < len; i += strlen(buf + i) + 1)
		if (!strcmp(buf + i, name))
			break;
	a_release(m);
	return !buf || i < len;
}

static void cand_add(struct words *c, const char *s, const char *pre,
		     size_t n)
{
	if (strncmp(s, pre, n))
		return;
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], s))
			return;
	words_add(c, a_strndup(s, strlen(s)));
}

static void complete_commands(struct words *c, const char *pre, size_t n)
{
	size_t len;
	char *buf = app_names(&len);

	for (int i = 0; i < NBUILTINS; i++)
		cand_add(c, builtins[i].name, pre, n);
	for (int i = 0; i < nfuncs; i++)
		cand_add(c, funcs[i].name, pre, n);
	for (size_t i = 0; buf && i < len; i += strlen(buf + i) + 1)
		cand_add(c, buf + i, pre, n);
}

/* Paths starting with w: the glob w*, directories marked with '/'. */
static void complete_paths(struct words *c, const char *w, size_t n)
{
	struct str p = { 0 };
	struct stat st;

	for (size_t i = 0; i < n; i++) {
		if (strchr("\\*?[", w[i]))
			s_addc(&p, '\\');
		s_addc(&p, w[i]);
	}
	s_addc(&p, '*');
	glob_add(p.s, c);
	for (int i = 0; i < c->n; i++)
		if (!stat(c->v[i], &st) && S_ISDIR(st.st_mode)) {
			size_t l = strlen(c->v[i]);
			char *d = a_alloc(l + 2);

			memcpy(d, c->v[i], l);
			d[l] = '/';
			d[l + 1] = 0;
			c->v[i] = d;
		}
	s_free(&p);
}

/* ---- the line editor ---- */

struct ed {
	struct str b;
	size_t cur;
	const char *prompt;
};

static size_t u8_chars(const char *p, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xc0) != 0x80)
			k++;
	return k;
}

static void ed_redraw(struct ed *e)
{
	struct str o = { 0 };
	size_t back = u8_chars(e->b.s + e->cur, e->b.n - e->cur);
	char num[24];

	s_adds(&o, "\r");
	s_adds(&o, e->prompt);
	s_addn(&o, e->b.s ? e->b.s : "", e->b.n);
	s_adds(&o, "\x1b[K");
	if (back) {
		s_adds(&o, "\x1b[");
		s_adds(&o, fmt_ll(num, (long long)back));
		s_adds(&o, "D");
	}
	tty_out(o.s, o.n);
	s_free(&o);
}

static void ed_insert(struct ed *e, const char *p, size_t n)
{
	size_t tail = e->b.n - e->cur;

	s_addn(&e->b, p, n);
	memmove(e->b.s + e->cur + n, e->b.s + e->cur, tail);
	memcpy(e->b.s + e->cur, p, n);
	e->cur += n;
}

static void ed_delete(struct ed *e, size_t from, size_t to)
{
	memmove(e->b.s + from, e->b.s + to, e->b.n - to);
	e->b.n -= to - from;
	e->b.s[e->b.n] = 0;
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
}

static size_t ed_prev(struct ed *e, size_t i)
{
	while (i > 0 && ((unsigned char)e->b.s[--i] & 0xc0) == 0x80)
		;
	return i;
}

static size_t ed_next(struct ed *e, size_t i)
{
	while (i < e->b.n && ((unsigned char)e->b.s[++i] & 0xc0) == 0x80)
		;
	return i;
}

static void ed_set(struct ed *e, const char *s)
{
	e->b.n = 0;
	s_adds(&e->b, s);
	e->cur = e->b.n;
}

static void ed_complete(struct ed *e)
{
	size_t m = a_mark(), ws = e->cur, k;
	struct words c = { 0 };
	int first;

	while (ws > 0 && !strchr(" \t;|&()<>", e->b.s[ws - 1]))
		ws--;
	k = ws;
	while (k > 0 && (e->b.s[k - 1] == ' ' || e->b.s[k - 1] == '\t'))
		k--;
	first = !k || strchr(";|&(", e->b.s[k - 1]);
	if (first && !memchr(e->b.s + ws, '/', e->cur - ws))
		complete_commands(&c, e->b.s + ws, e->cur - ws);
	else
		complete_paths(&c, e->b.s + ws, e->cur - ws);
	if (c.n) {
		size_t have = e->cur - ws, common = strlen(c.v[0]);

		for (int i = 1; i < c.n; i++) {
			size_t j = 0;

			while (j < common && c.v[i][j] == c.v[0][j])
				j++;
			common = j;
		}
		if (common > have)
			ed_insert(e, c.v[0] + have, common - have);
		if (c.n == 1 && c.v[0][common - 1] != '/')
			ed_insert(e, " ", 1);
		else if (c.n > 1 && common == have) {
			sort_strs(c.v, c.n);
			tty_outs("\n");
			for (int i = 0; i < c.n; i++) {
				tty_outs(c.v[i]);
				tty_outs(i + 1 < c.n ? "  " : "\n");
			}
		}
	}
	a_release(m);
}

/* 0: a line in out; -1: end of input; 1: Ctrl-C. */
static int edit_line(const char *prompt, struct str *out, int history)
{
	struct ed e = { { 0 }, 0, prompt };
	int hi = nhist, rc = 0;

	s_cstr(&e.b);
	tty_outs(prompt);
	for (;;) {
		int k = key_get(1);
		size_t p;

		if (k == -1 || (k == 4 && !e.b.n)) {
			if (!e.b.n) {
				tty_outs("\n");
				rc = -1;
				break;
			}
			k = '\r';
		}
		if (k == '\r' || k == '\n') {
			tty_outs("\n");
			break;
		}
		switch (k) {
		case 3:
			tty_outs("^C\n");
			rc = 1;
			goto done;
		case 0x7f:
		case 8:
			if (e.cur)
				ed_delete(&e, ed_prev(&e, e.cur), e.cur);
			break;
		case 4:
		case KEY_DEL:
			if (e.cur < e.b.n)
				ed_delete(&e, e.cur, ed_next(&e, e.cur));
			break;
		case KEY_LEFT:
			e.cur = ed_prev(&e, e.cur);
			break;
		case KEY_RIGHT:
			e.cur = ed_next(&e, e.cur);
			break;
		case 1:
		case KEY_HOME:
			e.cur = 0;
			break;
		case 5:
		case KEY_END:
			e.cur = e.b.n;
			break;
		case 0x15:
			ed_delete(&e, 0, e.cur);
			break;
		case 0x0b:
			ed_delete(&e, e.cur, e.b.n);
			break;
		case 0x17:
			p = e.cur;
			while (p && e.b.s[p - 1] == ' ')
				p--;
			while (p && e.b.s[p - 1] != ' ')
				p--;
			ed_delete(&e, p, e.cur);
			break;
		case KEY_UP:
		case KEY_DOWN:
			if (!history)
				break;
			if (k == KEY_UP && hi > 0)
				ed_set(&e, hist[--hi]);
			else if (k == KEY_DOWN && hi < nhist)
				ed_set(&e, ++hi < nhist ? hist[hi] : "");
			break;
		case '\t':
			if (history)
				ed_complete(&e);
			break;
		default:
			if (k < 0x20 || k > 0xff)
				continue;
			{
				char c = (char)k;

				if (e.cur == e.b.n) {
					ed_insert(&e, &c, 1);
					tty_out(&c, 1);
					continue;
				}
				ed_insert(&e, &c, 1);
			}
		}
		ed_redraw(&e);
	}
done:
	if (!rc) {
		s_addn(out, e.b.s, e.b.n);
		if (history)
			hist_add(e.b.s);
	}
	s_free(&e.b);
	return rc;
}

static int tty_read_line(struct str *b)
{
	return edit_line("", b, 0);
}

/*
 * The echo sequence: a job writes ESC ] 7700 ; echo=0 BEL to the
 * terminal to have what is typed for it not shown, echo=1 BEL to have
 * it shown again (stty -echo; docs/shell.md). The relay takes it out
 * of the job's output, or passes it on when this shell's input is
 * itself another shell's (su's shell), whose echo must stop too. At
 * the job's end the echo comes back whatever the job said last.
 */
static const char osc_on[] = "\x1b]7700;echo=1\a";
static char osc_hb[14];	/* the sequence so far, held back */
static int osc_m, echo_off;

static void relay_out(char *p, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (osc_m == 13 ? c == '\a' : osc_m == 12 || c == osc_on[osc_m]) {
			osc_hb[osc_m++] = c;
			if (osc_m < 14)
				continue;
			echo_off = osc_hb[12] == '0';
			if (relay < 2) {
				osc_m = 0;
				continue;
			}
		} else if (!osc_m) {
			p[k++] = c;
			continue;
		} else {
			i--;	/* not the sequence: c may begin another */
		}
		write_all(1, p, k);
		write_all(1, osc_hb, (size_t)osc_m);
		k = osc_m = 0;
	}
	write_all(1, p, k);
}

static void relay_end(void)
{
	write_all(1, osc_hb, (size_t)osc_m);
	if (echo_off && relay > 1)
		write_all(1, osc_on, 14);
	osc_m = echo_off = 0;
}

/* The foreground job's line discipline; 1 when Ctrl-C asks to stop it. */
static struct str jline;

static int tty_job_input(void)
{
	tty_fill(0);
	for (;;) {
		int k = key_get(0);

		if (k == -1 && jobin_w >= 0) {
			close(jobin_w);
			jobin_w = -1;
		}
		if (k < 0)
			return 0;
		if (k == 3) {
			tty_outs("^C\n");
			jline.n = 0;
			return 1;
		}
		if (jobin_w < 0)
			continue;
		if (k == '\r' || k == '\n') {
			tty_outs("\n");
			s_addc(&jline, '\n');
			(void)!write(jobin_w, jline.s, jline.n);
			jline.n = 0;
		} else if (k == 4) {
			if (jline.n) {
				(void)!write(jobin_w, jline.s, jline.n);
				jline.n = 0;
			} else {
				close(jobin_w);
				jobin_w = -1;
			}
		} else if (k == 0x7f || k == 8 || k == 0x15) {
			do {
				if (!jline.n)
					break;
				while (jline.n > 1 &&
				       ((unsigned char)jline.s[jline.n - 1] &
					0xc0) == 0x80)
					jline.n--;
				jline.n--;
				if (!echo_off)
					tty_outs("\b \b");
			} while (k == 0x15);
		} else if (k >= 0x20 && k <= 0xff) {
			char c = (char)k;

			s_addc(&jline, c);
			if (!echo_off)
				tty_out(&c, 1);
		}
	}
}

/* Whether Ctrl-C was typed (while the shell itself is busy). */
static int tty_interrupted(void)
{
	char *c;

	tty_fill(0);
	c = memchr(ibuf, 3, ilen);
	if (!c)
		return 0;
	ilen = 0;	/* what was typed before it goes too */
	tty_outs("^C\n");
	return 1;
}

/* The prompt: user@vyoma:~/dir$ */
static char *prompt_text(void)
{
	const char *pwd = var_get("PWD"), *home = var_get("HOME");
	const char *user = var_get("USER");
	struct str b = { 0 };
	size_t hn = home ? strlen(home) : 0;
	char *r;

	s_adds(&b, user ? user : "user");
	s_adds(&b, "@vyoma:");
	if (!pwd)
		pwd = "/";
	if (hn > 1 && !strncmp(pwd, home, hn) &&
	    (pwd[hn] == '/' || !pwd[hn])) {
		s_addc(&b, '~');
		s_adds(&b, pwd + hn);
	} else {
		s_adds(&b, pwd);
	}
	s_adds(&b, "$ ");
	r = a_strndup(b.s, b.n);
	s_free(&b);
	return r;
}
