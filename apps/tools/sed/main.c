/*
 * sed - stream editor, as GNU sed 4.9 for the scripts people write:
 * addresses (N, $, /RE/, \cREc, first~step, A,B ranges, A,+N, A,~N,
 * 0,/RE/, !), commands s///[gpNiw] y/// p P d D n N g G h H x = l q Q
 * a i c r w b t T : { } z F #, options -n -e -f -E/-r -s -i[SUF] -z.
 * Input is read a line ahead (to know the last one) and never whole.
 * s's M flag is accepted but ^ and $ stay the pattern space's ends; its
 * e flag (run the result) is refused, as any other unknown one.
 */
/* It imports lib_vytool (regular expressions, substitution, files,
 * line input and options), so runs on VyomaOS only: errors in words
 * from the supervisor, not a table of its own. */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"
#include "vytool_match.h"
#include "vytool_regex.h"

struct addr {
	char type;	/* 0 none, 'n' line, '$', '/' regex, '~' step,
			 * '+' count after, 'm' multiple (addr2 ~N) */
	uint64_t n, step;
	struct vr_re *re;
};

struct cmd {
	struct addr a1, a2;
	bool neg, active;
	char c;
	uint64_t end;	/* a range's last line, when it is known */
	struct vr_re *re;
	char *text;	/* s: replacement; a i c: text; b t T :: label;
			 * r w: file name; y: 256-byte map */
	size_t len;
	int nth, wfd, jump;
	bool global, print;
};

static struct cmd *cmds;
static int ncmds, cmdcap;
static char *script;
static size_t slen, scap, sp;
static int rflags = VR_SED;
static bool quiet, separate, in_place;
static const char *suffix;
static char eol = '\n';

/* buffers */
struct buf {
	char *s;
	size_t len, cap;
};
static struct buf ps, hs, queue;

static void bput(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = vt_grow(b->s, b->len, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
}

static void bset(struct buf *b, const char *s, size_t n)
{
	b->len = 0;
	bput(b, s, n);
}

/* "sed: WHAT ARG: WHY" on stderr, GNU's words. */
static void complain(const char *what, const char *arg, const char *why)
{
	vt_flush();
	vt_eputs("sed: ");
	vt_eputs(what);
	vt_eputs(arg);
	vt_eputs(": ");
	vt_eputs(why);
	vt_eputs("\n");
	vt_flush_out(&vt_stderr);
}

static void bad(const char *msg)
{
	char n[21];

	complain("-e expression #1, char ", vt_utoa(sp, n), msg);
	vt_exit(1);
}

/* ---- parsing ----------------------------------------------------- */

static int peekc(void)
{
	return sp < slen ? (unsigned char)script[sp] : -1;
}

static void blanks(void)
{
	while (peekc() == ' ' || peekc() == '\t')
		sp++;
}

static uint64_t number(void)
{
	uint64_t v = 0;

	while (peekc() >= '0' && peekc() <= '9')
		v = v * 10 + (uint64_t)(script[sp++] - '0');
	return v;
}

/* Text up to an unescaped delim: "\delim" is delim, "\n" a newline
 * (in a replacement: kept for later), other escapes kept. */
static char *delimited(int delim, size_t *len, bool regex)
{
	size_t cap = slen - sp + 1, n = 0;
	char *out = vt_alloc(cap);

	for (;;) {
		int c = peekc();

		if (c < 0)
			bad(delim == '/' ? "unterminated address regex" :
			    "unterminated `s' command");
		sp++;
		if (c == delim)
			break;
		if (c == '\\' && sp < slen) {
			c = script[sp++];
			if (c == delim) {
				out[n++] = (char)c;
				continue;
			}
			if (c == '\n' && regex)
				c = 'n';
			out[n++] = '\\';
		} else if (c == '\n' && regex) {
			bad("unterminated address regex");
		}
		out[n++] = (char)c;
	}
	out[n] = '\0';
	*len = n;
	/* what was not used (never written: still zeroed memory) given
	 * back, for a script has many of these */
	return vt_grow(out, cap, n + 1);
}

static struct vr_re *regex(char *pat, size_t len, int flags)
{
	struct vr_re *re;
	const char *err;

	if (!len)
		return NULL;	/* the last regex used */
	re = vt_alloc(sizeof(*re));
	err = vr_comp(re, pat, len, flags);
	if (err)
		bad(err);
	return re;
}

static bool address(struct addr *a)
{
	int c = peekc();

	if (c >= '0' && c <= '9') {
		a->type = 'n';
		a->n = number();
		if (peekc() == '~') {
			sp++;
			a->type = '~';
			a->step = number();
		}
	} else if (c == '$') {
		sp++;
		a->type = '$';
	} else if (c == '/' || c == '\\') {
		size_t len;
		char *pat;
		int flags = rflags;

		sp++;
		if (c == '\\')
			c = script[sp++];
		pat = delimited(c, &len, true);
		while (peekc() == 'I' || peekc() == 'M')
			if (script[sp++] == 'I')
				flags |= VR_ICASE;
		a->type = '/';
		a->re = regex(pat, len, flags);
	} else {
		return false;
	}
	return true;
}

/* The rest of the line (for a, i, c, r, w, labels): GNU's one-liner
 * and "a\" forms, a backslash before a newline continuing the text. */
static char *text_arg(size_t *len, bool is_text)
{
	size_t cap = slen - sp + 2, n = 0;
	char *out = vt_alloc(cap);

	blanks();
	if (is_text && peekc() == '\\') {
		sp++;
		blanks();
		if (peekc() == '\n')
			sp++;
	}
	while (sp < slen && script[sp] != '\n') {
		char c = script[sp++];

		if (is_text && c == '\\' && sp < slen)
			c = script[sp++];
		out[n++] = c;
	}
	if (is_text)
		out[n++] = '\n';
	out[n] = '\0';
	*len = n;
	return vt_grow(out, cap, n + 1);	/* as delimited does */
}

static char *label(void)
{
	size_t n = 0;
	char *out;

	blanks();
	out = script + sp;
	while (sp < slen && script[sp] != '\n' && script[sp] != ';') {
		sp++;
		n++;
	}
	while (n && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		n--;
	out = memcpy(vt_alloc(n + 1), out, n);
	out[n] = '\0';
	return out;
}

static int open_w(const char *name)
{
	int err, fd;

	if (!strcmp(name, "/dev/stdout"))
		return 1;
	if (!strcmp(name, "/dev/stderr"))
		return 2;
	fd = vt_open(name, VT_WRITE, &err);
	if (fd < 0) {
		vt_warn_errno(name, err);
		vt_exit(4);
	}
	return fd;
}

/* The character at s[*i] of a y string n bytes long, an escape taken
 * whole; *i is left on its last byte. */
static char y_char(const char *s, size_t n, size_t *i)
{
	const char *at;
	char c = s[*i];

	if (c == '\\' && *i + 1 < n) {
		c = (char)vr_sed_escape(s + *i + 1, s + n, &at);
		*i = (size_t)(at - s) - 1;
	}
	return c;
}

static void parse(void)
{
	int depth = 0, stack[256];

	for (;;) {
		struct cmd *k;
		int c;

		while (peekc() == ' ' || peekc() == '\t' || peekc() == '\n' ||
		       peekc() == ';')
			sp++;
		if (sp >= slen)
			break;
		if (peekc() == '#') {
			while (sp < slen && script[sp] != '\n')
				sp++;
			continue;
		}
		/* the room doubles: regexes and texts come between */
		if (ncmds == cmdcap) {
			cmdcap = 2 * cmdcap + 8;
			cmds = vt_grow(cmds, (size_t)ncmds * sizeof(*k),
				       (size_t)cmdcap * sizeof(*k));
		}
		k = &cmds[ncmds++];
		memset(k, 0, sizeof(*k));
		if (address(&k->a1)) {
			if (peekc() == ',') {
				sp++;
				blanks();
				c = peekc();
				if (c == '+' || c == '~') {
					sp++;
					k->a2.type = c == '+' ? '+' : 'm';
					k->a2.n = number();
				} else if (!address(&k->a2) ||
					   k->a2.type == '~') {
					bad("unexpected `,'");
				}
			}
			if (k->a1.type == 'n' && !k->a1.n &&
			    (k->a2.type != '/'))
				bad("invalid usage of line address 0");
		}
		blanks();
		while (peekc() == '!') {
			sp++;
			k->neg = true;
			blanks();
		}
		if (sp >= slen)
			bad("missing command");
		c = k->c = script[sp++];
		switch (c) {
		case '{':
			if (depth == 256)
				bad("too many {");
			stack[depth++] = ncmds - 1;
			continue;
		case '}':
			if (!depth)
				bad("unexpected `}'");
			if (k->a1.type)
				bad("} doesn't want any addresses");
			cmds[stack[--depth]].jump = ncmds;
			break;
		case 'a': case 'i': case 'c':
			k->text = text_arg(&k->len, true);
			continue;
		case ':':
			if (k->a1.type)
				bad(": doesn't want any addresses");
			k->text = label();
			if (!*k->text)
				bad("\":\" lacks a label");
			continue;
		case 'b': case 't': case 'T':
			k->text = label();
			break;
		case 'r': case 'R': case 'w': case 'W':
			k->text = text_arg(&k->len, false);
			if (c == 'w' || c == 'W')
				k->wfd = open_w(k->text);
			continue;
		case 'q': case 'Q': case 'l': case 'L':
			blanks();
			k->nth = (int)number();
			break;
		case 's': {
			int d = peekc(), flags = rflags;
			size_t plen;
			char *pat;

			if (d < 0 || d == '\n' || d == '\\')
				bad("unterminated `s' command");
			sp++;
			pat = delimited(d, &plen, true);
			k->text = delimited(d, &k->len, false);
			for (;;) {
				c = peekc();
				if (c == ' ' || c == '\t') {
					/* GNU takes s/a/b/ g and s/a/b/g p */
				} else if (c == 'g') {
					k->global = true;
				} else if (c == 'p') {
					k->print = true;
				} else if (c == 'i' || c == 'I') {
					flags |= VR_ICASE;
				} else if (c == 'm' || c == 'M') {
					/* accepted: ^ and $ stay the ends of the
					 * pattern space (GNU's M: of its lines) */
				} else if (c >= '1' && c <= '9') {
					k->nth = (int)number();
					continue;
				} else if (c == 'w') {
					size_t n;

					sp++;
					k->wfd = open_w(text_arg(&n, false));
					break;
				} else if (c > 0 && !strchr("\n;}#", c)) {
					/* e (run it) among them: not done */
					bad("unknown option to `s'");
				} else {
					break;
				}
				sp++;
			}
			k->re = regex(pat, plen, flags);
			if (!k->nth)	/* the first match by default */
				k->nth = 1;
			break;
		}
		case 'y': {
			int d = peekc();
			size_t a, b, i, j;
			char *src, *dst;
			uint8_t *map;

			sp++;
			src = delimited(d, &a, false);
			dst = delimited(d, &b, false);
			map = vt_alloc(256);
			for (i = 0; i < 256; i++)
				map[i] = (uint8_t)i;
			for (i = j = 0; i < a && j < b; i++, j++) {
				char x = y_char(src, a, &i);

				map[(uint8_t)x] = (uint8_t)y_char(dst, b, &j);
			}
			if (i < a || j < b)
				bad("strings for `y' command are different "
				    "lengths");
			k->text = (char *)map;
			break;
		}
		default:
			if (!strchr("=dDgGhHnNpPxzF", c)) {
				char msg[] = "unknown command: `x'";

				msg[sizeof(msg) - 3] = (char)c;
				bad(msg);
			}
		}
		blanks();
		c = peekc();
		if (c == '}' || c == '#') {
			continue;
		}
		if (c >= 0 && c != ';' && c != '\n')
			bad("extra characters after command");
	}
	if (depth)
		bad("unmatched `{'");
	for (int i = 0; i < ncmds; i++) {
		struct cmd *k = &cmds[i];

		if (!strchr("btT", k->c))
			continue;
		k->jump = ncmds;
		if (!*k->text)
			continue;
		for (int j = 0; j < ncmds; j++)
			if (cmds[j].c == ':' && !strcmp(cmds[j].text, k->text))
				k->jump = j;
		if (k->jump == ncmds) {
			vt_warn("can't find label for jump to", k->text);
			vt_exit(1);
		}
	}
}

/* ---- input ------------------------------------------------------- */

static char **files;
static int nfiles, fileno_;
static struct vt_in in;
static bool in_open;
static const char *cur_name;
static char *ahead;
static size_t ahead_len;
static bool have_ahead;
static uint64_t line_no;
static bool had_nl, quit_now;
static int out_fd = 1;
static bool missing_nl;
static char *tmp_name;

static void finish_file(void);
static void start_output(const char *name);

/* Reads the next line into ahead; false when the inputs are done. */
static bool fetch(bool cross)
{
	for (;;) {
		if (in_open) {
			char *l = vt_getdelim(&in, &ahead_len, eol);

			if (l) {
				ahead = l;
				return true;
			}
			if (in.err)
				vt_warn_errno(cur_name, in.err);
			vt_close(in.fd);
			in_open = false;
			if (!cross)
				return false;
		}
		if (fileno_ >= nfiles)
			return false;
		{
			const char *name = files[fileno_++];
			int err, fd = strcmp(name, "-") ? vt_open(name, VT_READ,
								 &err) : 0;

			if (fd < 0) {
				complain("can't read ", name, vt_strerror(err));
				vt_status = 2;
				continue;
			}
			if (in_place && fd)
				start_output(name);
			cur_name = fd ? name : "-";
			/* one buffer for all the files: 64 KB each adds up */
			if (in.buf)
				in = (struct vt_in){ .fd = fd, .buf = in.buf,
						     .cap = in.cap };
			else
				vt_in_init(&in, fd);
			in_open = true;
		}
	}
}

/* Moves the line ahead into the pattern space (or appends it). */
static bool next_line(bool append)
{
	if (!have_ahead)
		return false;
	if (append)
		bput(&ps, &eol, 1);
	else
		ps.len = 0;
	had_nl = ahead_len && ahead[ahead_len - 1] == eol;
	bput(&ps, ahead, ahead_len - had_nl);
	line_no++;
	have_ahead = fetch(!(separate || in_place));
	return true;
}

static bool last_line(void)
{
	return !have_ahead;
}

/* ---- output ------------------------------------------------------ */

static void emit(int fd, const char *s, size_t n, bool nl)
{
	static char obuf[4096];
	static struct vt_out other = { .cap = sizeof(obuf), .buf = obuf };
	struct vt_out *o = &vt_stdout;

	if (fd != 1 && fd != out_fd) {
		vt_flush();
		other.fd = fd;
		o = &other;
	}
	if (fd == out_fd && missing_nl)
		vt_put_to(o, &eol, 1);
	vt_put_to(o, s, n);
	if (nl)
		vt_put_to(o, &eol, 1);
	if (fd == out_fd)
		missing_nl = !nl;
	if (o == &other)
		vt_flush_out(o);
}

static void print_ps(int fd)
{
	emit(fd, ps.s, ps.len, had_nl || !last_line());
}

static void start_output(const char *name)
{
	char *dir = vt_strdup(name);
	char *slash = strrchr(dir, '/');
	int err;

	if (slash)
		slash[1] = '\0';
	else
		dir[0] = '\0';
	tmp_name = vt_join(*dir ? dir : ".", ".sedtmp");
	vt_flush();
	out_fd = vt_open(tmp_name, VT_WRITE, &err);
	if (out_fd < 0) {
		vt_warn_errno(tmp_name, err);
		vt_exit(4);
	}
	vt_stdout.fd = out_fd;
	missing_nl = false;
	cur_name = name;
}

static void rename_path(const char *from, const char *to)
{
	const char *a, *b;
	int err, da = vt_path(from, &a, &err), db = vt_path(to, &b, &err);

	if (da >= 0 && db >= 0)
		err = __wasi_path_rename(da, a, db, b);
	if (err)
		vt_warn_errno(to, err);
}

static void finish_file(void)
{
	if (!in_place || out_fd == 1)
		return;
	vt_flush();
	vt_close(out_fd);
	if (suffix) {
		size_t n = strlen(cur_name);
		char *b = vt_alloc(n + strlen(suffix) + 1);

		memcpy(b, cur_name, n);
		strcpy(b + n, suffix);
		rename_path(cur_name, b);
	}
	rename_path(tmp_name, cur_name);
	out_fd = vt_stdout.fd = 1;
}

/* Text of a, i, c or r: as it is, nothing missing after it. */
static void put_text(const char *s, size_t n)
{
	emit(out_fd, s, n, false);
	missing_nl = false;
}

static void flush_queue(void)
{
	if (!queue.len)
		return;
	put_text(queue.s, queue.len);
	queue.len = 0;
}

static void queue_file(const char *name)
{
	int err, fd = vt_open(name, VT_READ, &err);
	char buf[4096];
	long n;

	if (fd < 0)
		return;
	while ((n = vt_read(fd, buf, sizeof(buf))) > 0)
		bput(&queue, buf, (size_t)n);
	vt_close(fd);
}

static void list(size_t width)
{
	static const char esc[] = "\\\\\aa\bb\ff\nn\rr\tt\vv";
	size_t col = 0;

	if (!width)
		width = 70;
	for (size_t i = 0; i < ps.len; i++) {
		unsigned char c = (unsigned char)ps.s[i];
		char o[5];
		size_t n = 0;
		const char *e = c ? strchr(esc, c) : NULL;

		if (e && (e - esc) % 2 == 0) {
			o[n++] = '\\';
			o[n++] = e[1];
		} else if (c < 32 || c >= 127) {
			o[n++] = '\\';
			o[n++] = (char)('0' + (c >> 6));
			o[n++] = (char)('0' + (c >> 3 & 7));
			o[n++] = (char)('0' + (c & 7));
		} else {
			o[n++] = (char)c;
		}
		if (width > 1 && col + n > width - 1) {
			vt_put("\\\n", 2);
			col = 0;
		}
		vt_put(o, n);
		col += n;
	}
	vt_put("$\n", 2);
}

/* ---- execution --------------------------------------------------- */

static struct vr_re *last_re;

/* re, or the last one used when it is NULL (an empty regex). */
static struct vr_re *pick_re(struct vr_re *re)
{
	if (!re)
		re = last_re;
	if (!re) {
		vt_warn("no previous regular expression", NULL);
		vt_exit(1);
	}
	return last_re = re;
}

/* A search's result, unless it gave up. */
static int searched(int r)
{
	if (r < 0) {
		vt_warn("regular expression too complex", NULL);
		vt_exit(4);
	}
	return r;
}

static bool match_addr(struct addr *a)
{
	switch (a->type) {
	case 'n': return line_no == a->n;
	case '$': return last_line();
	case '~': return a->step ? line_no >= a->n &&
				   (line_no - a->n) % a->step == 0 :
				   line_no == a->n;
	default: return searched(vr_exec(pick_re(a->re), ps.s, ps.len,
					 0, NULL, 0)) == 1;
	}
}

static bool selected(struct cmd *k)
{
	bool ends;

	if (!k->a1.type)
		return true;
	if (!k->a2.type)
		return match_addr(&k->a1);
	if (!k->active) {
		if (k->a1.type == 'n' && !k->a1.n) {
			/* 0,/re/: the regex may end the range on line 1 */
			if (line_no != 1)
				return false;
			k->active = !match_addr(&k->a2);
			return true;
		}
		if (!match_addr(&k->a1))
			return false;
		k->active = true;
		k->end = k->a2.type == '+' ? line_no + k->a2.n : k->a2.n;
		if (k->a2.type == '/')
			return true;	/* looked for from the next line */
	}
	/* a line of the range: whether it is the last */
	switch (k->a2.type) {
	case 'n':
	case '+':
		ends = line_no >= k->end;
		break;
	case 'm':
		ends = !k->a2.n || line_no % k->a2.n == 0;
		break;
	default:
		ends = match_addr(&k->a2);
	}
	if (ends)
		k->active = false;
	return true;
}

/* s: the library's vr_subst does GNU's, into its own buffer. */
static bool substitute(struct cmd *k)
{
	struct vr_sub sub = { k->text, k->len, k->nth, k->global, NULL, 0 };

	if (!searched(vr_subst(pick_re(k->re), ps.s, ps.len, &sub)))
		return false;
	bset(&ps, sub.out, sub.len);
	if (k->print)
		print_ps(out_fd);
	if (k->wfd)
		emit(k->wfd, ps.s, ps.len, true);
	return true;
}

/* One cycle over the script; false when sed must stop. */
static bool cycle(void)
{
	bool replaced = false, autoprint = !quiet;
	int pc = 0;

	while (pc < ncmds) {
		struct cmd *k = &cmds[pc++];

		if (k->c == '}' || k->c == ':')
			continue;
		if (selected(k) == k->neg) {
			if (k->c == '{')
				pc = k->jump;
			continue;
		}
		switch (k->c) {
		case '{':
			break;
		case '=':
		case 'F': {
			char n[21];
			const char *s = k->c == 'F' ? cur_name :
					vt_utoa(line_no, n);

			emit(out_fd, s, strlen(s), true);
			break;
		}
		case 'a':
			bput(&queue, k->text, k->len);
			break;
		case 'i':
			put_text(k->text, k->len);
			break;
		case 'c':
			if (!k->a2.type || !k->active || k->neg)
				put_text(k->text, k->len);
			autoprint = false;
			goto end;
		case 'd':
			autoprint = false;
			goto end;
		case 'D': {
			char *nl = memchr(ps.s, '\n', ps.len);

			if (!nl) {
				autoprint = false;
				goto end;
			}
			ps.len -= (size_t)(nl + 1 - ps.s);
			memmove(ps.s, nl + 1, ps.len);
			flush_queue();
			pc = 0;
			replaced = false;
			continue;
		}
		case 'n':
			if (last_line() || quit_now)
				goto end;
			if (!quiet)
				print_ps(out_fd);
			flush_queue();
			next_line(false);
			replaced = false;
			break;
		case 'N':
			if (last_line()) {
				/* GNU prints the pattern space and ends */
				goto end;
			}
			flush_queue();
			next_line(true);
			break;
		case 'p':
			print_ps(out_fd);
			break;
		case 'P': {
			char *nl = memchr(ps.s, '\n', ps.len);

			emit(out_fd, ps.s, nl ? (size_t)(nl - ps.s) : ps.len,
			     true);
			break;
		}
		case 'h': bset(&hs, ps.s, ps.len); break;
		case 'H': bput(&hs, "\n", 1); bput(&hs, ps.s, ps.len); break;
		case 'g': bset(&ps, hs.s, hs.len); break;
		case 'G': bput(&ps, "\n", 1); bput(&ps, hs.s, hs.len); break;
		case 'x': {
			struct buf t = ps;

			ps = hs;
			hs = t;
			break;
		}
		case 'z': ps.len = 0; break;
		case 'l':
			vt_flush();
			list((size_t)k->nth);
			break;
		case 'q':
		case 'Q':
			if (!vt_status)
				vt_status = k->nth;
			if (k->c == 'Q')
				return false;
			quit_now = true;
			goto end;
		case 'r':
			queue_file(k->text);
			break;
		case 'w':
			emit(k->wfd, ps.s, ps.len, true);
			break;
		case 'y':
			for (size_t i = 0; i < ps.len; i++)
				ps.s[i] = (char)((uint8_t *)k->text)
					  [(uint8_t)ps.s[i]];
			break;
		case 's':
			if (substitute(k))
				replaced = true;
			break;
		case 'b':
			pc = k->jump;
			break;
		case 't':
		case 'T':
			if (replaced == (k->c == 't'))
				pc = k->jump;
			replaced = false;
			break;
		}
	}
end:
	if (autoprint)
		print_ps(out_fd);
	flush_queue();
	return !quit_now;
}

/* s (n bytes) and a newline at the end of the script. */
static void add_script(const char *s, size_t n)
{
	/* the room doubles: a long -f file is not copied at each line */
	if (slen + n + 2 > scap) {
		scap = 2 * (slen + n + 2);
		script = vt_grow(script, slen, scap);
	}
	memcpy(script + slen, s, n);
	script[slen + n] = '\n';
	slen += n + 1;
}

static const char longs[] =
	"quiet\0n" "silent\0n" "expression=\0e" "file=\0f"
	"regexp-extended\0E" "separate\0s" "in-place?\0i" "null-data\0z"
	"unbuffered\0u" "posix\0\1" "debug\0\1";

static bool have;

static void option(int c, char *arg)
{
	switch (c) {
	case 'n': quiet = true; break;
	case 'r': case 'E': rflags |= VR_ERE; break;
	case 's': separate = true; break;
	case 'z': eol = '\0'; break;
	case 'i':
		in_place = separate = true;
		suffix = arg;
		break;
	case 'e':
		add_script(arg, strlen(arg));
		have = true;
		break;
	case 'f': {
		int fd = vt_open_input(arg);
		struct vt_in fin;
		size_t n;
		char *l;

		if (fd < 0)
			vt_exit(1);
		vt_in_init(&fin, fd);
		while ((l = vt_getline(&fin, &n)))
			add_script(l, n - (l[n - 1] == '\n'));
		vt_close(fd);
		have = true;
		break;
	}
	}
}

static int sed_main(int argc, char **argv)
{
	vt_optind = vm_opts(argc, argv, "nre:f:Esuzl:i::", longs, 1, option);
	if (!have) {
		if (vt_optind >= argc)
			vm_bad("no script", NULL, 1);
		add_script(argv[vt_optind], strlen(argv[vt_optind]));
		vt_optind++;
	}
	if (slen > 1 && script[0] == '#' && script[1] == 'n' &&
	    (slen == 2 || script[2] == '\n'))
		quiet = true;
	parse();
	files = argv + vt_optind;
	nfiles = argc - vt_optind;
	if (!nfiles) {
		static char *dash[] = { "-" };

		files = dash;
		nfiles = 1;
	}
	have_ahead = fetch(true);
	while (have_ahead) {
		next_line(false);
		if (!cycle())
			break;
		if (quit_now)
			break;
		if (!have_ahead && (separate || in_place)) {
			finish_file();
			line_no = 0;
			have_ahead = fetch(true);
		}
	}
	finish_file();
	return vt_status;
}

VT_TOOL(sed_main,
	"Usage: sed [-nEsz] [-i[SUFFIX]] [-e SCRIPT]... [-f FILE]... [SCRIPT] "
	"[FILE]...\n")
