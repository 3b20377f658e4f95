/*
 * io.h - records in, text out: buffered input split by RS (one byte,
 * blank-line paragraphs, or a regular expression), the named files of
 * `getline <` and `print >`, the commands of `print |`, `| getline` and
 * system() (sh -c, spawned by the supervisor), and $0 with its fields
 * split lazily by FS.
 */

typedef struct In {
	int fd, eof;
	char *b;
	size_t pos, len, cap, scan;
} In;

typedef struct Stream {
	Str *name;
	int fd, append;
	In *in;
	Buf out;
	int piped;		/* a command's: child is its sh */
	uint32_t child;
} Stream;

#define MAX_STREAMS 64
static Stream streams[MAX_STREAMS];
static Stream out1 = { .fd = 1 };
static int nstreams;

static void sflush(Stream *s)
{
	size_t off = 0;

	while (off < s->out.n) {
		ssize_t w = write(s->fd, s->out.p + off, s->out.n - off);

		if (w <= 0)
			break;
		off += w;
	}
	s->out.n = 0;
}

static void flush_all(void)
{
	int i;

	sflush(&out1);
	for (i = 0; i < nstreams; i++)
		if (streams[i].name && !streams[i].in)
			sflush(&streams[i]);
}

static In *in_open(int fd)
{
	In *in = xcalloc(1, sizeof(In));

	in->fd = fd;
	return in;
}

static void in_close(In *in)
{
	if (in->fd > 2)
		close(in->fd);
	free(in->b);
	free(in);
}

/* Read more input; returns 0 at end of file. */
static int in_fill(In *in)
{
	ssize_t r;

	if (in->eof)
		return 0;
	if (in->pos && in->pos == in->len)
		in->pos = in->len = 0;
	if (in->len + 4096 > in->cap) {
		if (in->pos) {
			memmove(in->b, in->b + in->pos, in->len - in->pos);
			in->len -= in->pos;
			in->pos = 0;
		}
		if (in->len + 4096 > in->cap) {
			in->cap = in->cap * 2 + 65536;
			in->b = xrealloc(in->b, in->cap);
		}
	}
	r = read(in->fd, in->b + in->len, in->cap - in->len);
	if (r <= 0) {
		in->eof = 1;
		return 0;
	}
	in->len += r;
	return 1;
}

static Re *re_dyn(Str *s);

/* The next record from in as a new string, or NULL at the end. */
static Str *read_record(In *in)
{
	Str *rs = tostr(&G[V_RS]), *rec = NULL;
	int sep = rs->len ? (unsigned char)rs->s[0] : -1;
	char *b, *q;

	if (rs->len > 1) {
		Re *re = re_dyn(rs);

		for (;;) {
			size_t avail = in->len - in->pos;

			b = in->b + in->pos;
			if (avail && re_exec(re, b, avail, 0, 0) &&
			    rx_me > rx_ms && (rx_me < (int)avail || in->eof)) {
				rec = snew(b, rx_ms);
				in->pos += rx_me;
				break;
			}
			if (in->eof) {
				if (avail)
					rec = snew(b, avail);
				in->pos = in->len;
				break;
			}
			in_fill(in);
		}
		sfree(rs);
		return rec;
	}
	sfree(rs);
	if (sep < 0) {
		/* paragraph mode: skip blank lines, end at the next one */
		for (;;) {
			while (in->pos < in->len && in->b[in->pos] == '\n')
				in->pos++;
			if (in->pos < in->len || !in_fill(in))
				break;
		}
		in->scan = 0;
	}
	for (;;) {
		b = in->b + in->pos;
		q = memchr(b + in->scan, sep < 0 ? '\n' : sep,
			   in->len - in->pos - in->scan);
		while (q && sep < 0) {
			if (q + 1 < in->b + in->len) {
				if (q[1] == '\n')
					break;
				q = memchr(q + 1, '\n', in->b + in->len - q - 1);
			} else if (!in->eof) {
				q = NULL;
				if (in->len - in->pos)
					in->scan = in->len - in->pos - 1;
			} else {
				q = NULL;
			}
		}
		if (q) {
			rec = snew(b, q - b);
			in->pos += q - b + (sep < 0 ? 2 : 1);
			in->scan = 0;
			return rec;
		}
		if (sep >= 0)
			in->scan = in->len - in->pos;
		if (!in_fill(in)) {
			size_t n = in->len - in->pos;

			if (!n)
				return NULL;
			b = in->b + in->pos;
			if (sep < 0)
				while (n && b[n - 1] == '\n')
					n--;
			rec = snew(b, n);
			in->pos = in->len;
			in->scan = 0;
			return rec;
		}
	}
}

static Stream *find_stream(Str *name, int out)
{
	int i;

	for (i = 0; i < nstreams; i++)
		if (streams[i].name && streams[i].name->len == name->len &&
		    !memcmp(streams[i].name->s, name->s, name->len) &&
		    (out < 0 || (streams[i].in == NULL) == out))
			return &streams[i];
	return NULL;
}

static Stream *new_stream(Str *name)
{
	int i;

	for (i = 0; i < nstreams && streams[i].name; i++)
		;
	if (i == MAX_STREAMS)
		die("too many open files", 0);
	if (i == nstreams)
		nstreams++;
	memset(&streams[i], 0, sizeof(Stream));
	streams[i].name = sref(name);
	return &streams[i];
}

/* The stream for print > name (mode '>' or T_APPEND). */
static Stream *out_stream(Str *name, int append)
{
	Stream *s;
	int fd;

	if (seq(name, "/dev/stdout") || seq(name, "-"))
		return &out1;
	s = find_stream(name, 1);
	if (s)
		return s;
	if (seq(name, "/dev/stderr"))
		fd = 2;
	else if (seq(name, "/dev/null"))
		fd = -1;
	else
		fd = open(name->s, O_WRONLY | O_CREAT |
			  (append ? O_APPEND : O_TRUNC), 0666);
	if (fd < 0 && !seq(name, "/dev/null"))
		die("cannot open for writing:", name->s);
	s = new_stream(name);
	s->fd = fd;
	return s;
}

/*
 * Starts `sh -c cmd` with in and out as its stdin and stdout (this awk's
 * own, or pipe ends) and stderr shared, in awk's environment and working
 * directory, after flushing what awk has printed so far. 0, or an errno.
 */
static int run_sh(Str *cmd, int in, int out, uint32_t *child)
{
	const char *argv[] = { "sh", "-c", cmd->s, NULL };
	const char *pwd = getenv("PWD");
	const int io[3] = { in, out, 2 };

	flush_all();
	return vy_spawn("sh", argv, (const char *const *)environ,
			pwd && *pwd == '/' ? pwd : NULL, io, child);
}

/* system(cmd): its exit status (134 trapped, 137 killed), or -1 if it
 * could not start. */
static int run_system(Str *cmd)
{
	uint32_t child;
	int status = -1;

	if (!run_sh(cmd, 0, 1, &child))
		vy_wait(child, &status, 0);
	return status;
}

/*
 * The stream of `print | cmd` (out) or `cmd | getline` (!out): a pipe
 * to or from a new sh running cmd, the first time cmd is named.
 */
static Stream *pipe_stream(Str *cmd, int out)
{
	Stream *s = find_stream(cmd, out);
	int fds[2];
	uint32_t child;

	if (s)
		return s;
	s = new_stream(cmd);	/* first: it may find no room */
	if (vy_pipe(fds) || run_sh(cmd, out ? fds[0] : 0, out ? 1 : fds[1],
				   &child))
		die("cannot open pipe", cmd->s);
	close(fds[!out]);
	s->fd = fds[out];
	s->in = out ? NULL : in_open(fds[0]);
	s->piped = 1;
	s->child = child;
	return s;
}

static void swrite(Stream *s, const char *p, size_t n)
{
	bput(&s->out, p, n);
	if (s->out.n >= 8192 || s->fd == 2)
		sflush(s);
}

/* close(): 0, or a command's exit status once it has read or written
 * its end; -1 if nothing by that name is open. */
static int close_one(Stream *s)
{
	int status = 0;

	if (s->in) {
		in_close(s->in);
	} else {
		sflush(s);
		free(s->out.p);
		if (s->fd > 2)
			close(s->fd);
	}
	if (s->piped && vy_wait(s->child, &status, 0))
		status = -1;
	sfree(s->name);
	s->name = NULL;
	return status;
}

static int close_stream(Str *name)
{
	Stream *s = find_stream(name, -1);

	/* gawk's close() puts out what awk printed before, first; at the
	 * end, the commands' output goes first */
	if (s && s->piped)
		sflush(&out1);
	return s ? close_one(s) : -1;
}

/* At the end: every command's pipe closed and the command waited for,
 * so that awk ends after what it started. */
static void close_pipes(void)
{
	for (int i = 0; i < nstreams; i++)
		if (streams[i].name && streams[i].piped)
			close_one(&streams[i]);
}

/* --- $0 and its fields --- */

static Cell *fld;		/* fld[0] is $0 */
static int nf, fcap, split_done, rec_dirty;
static Str *rec_fs;		/* FS when the record was read */
static int rec_para;

static void set_nf_var(void)
{
	cfree(&G[V_NF]);
	G[V_NF].fl = F_NUM;
	G[V_NF].n = nf;
}

static void grow_fields(int n)
{
	if (n >= fcap) {
		int c = n + 16;

		if (n > 10000000)
			die("too many fields", 0);
		fld = xrealloc(fld, c * sizeof(Cell));
		memset(fld + fcap, 0, (c - fcap) * sizeof(Cell));
		fcap = c;
	}
}

static int *spl;		/* start, length pairs from split_str */
static int splcap;

static void spl_add(int k, int start, int len)
{
	if (2 * k + 2 > splcap) {
		splcap = splcap * 2 + 64;
		spl = xrealloc(spl, splcap * sizeof(int));
	}
	spl[2 * k] = start;
	spl[2 * k + 1] = len;
}

/*
 * Split s by the field separator fs (" ": blank runs; one other byte:
 * that byte; "": each byte; else a regex, or re when given). With para,
 * newline separates fields too. Pieces go to spl; returns their count.
 */
static int split_str(Str *s, Str *fs, Re *re, int para)
{
	const char *p = s->s;
	int n = s->len, k = 0, i = 0, start;

	if (!re && fs->len == 1 && fs->s[0] == ' ') {
		for (;;) {
			while (i < n && (p[i] == ' ' || p[i] == '\t' ||
					 p[i] == '\n'))
				i++;
			if (i >= n)
				return k;
			start = i;
			while (i < n && p[i] != ' ' && p[i] != '\t' &&
			       p[i] != '\n')
				i++;
			spl_add(k++, start, i - start);
		}
	}
	if (!n)
		return 0;
	if (!re && fs->len == 0) {
		for (; i < n; i++)
			spl_add(k++, i, 1);
		return k;
	}
	if (!re && fs->len == 1 && fs->s[0] != '\\') {
		for (start = 0; i <= n; i++)
			if (i == n || p[i] == fs->s[0] ||
			    (para && p[i] == '\n')) {
				spl_add(k++, start, i - start);
				start = i + 1;
			}
		return k;
	}
	if (!re)
		re = re_dyn(fs);
	for (start = 0;;) {
		int ms = -1, me = 0;

		if (re_exec(re, p, n, i, 0)) {
			ms = rx_ms;
			me = rx_me;
		}
		if (para) {
			const char *nl = memchr(p + i, '\n', n - i);

			if (nl && (ms < 0 || nl - p < ms)) {
				ms = nl - p;
				me = ms + 1;
			}
		}
		if (ms >= 0 && me == ms) {
			/* an empty match separates nothing: look further */
			if (ms >= n)
				ms = -1;
			else {
				i = ms + 1;
				continue;
			}
		}
		if (ms < 0) {
			spl_add(k++, start, n - start);
			return k;
		}
		spl_add(k++, start, ms - start);
		start = i = me;
	}
}

static void split_record(void)
{
	int i, k;

	if (split_done)
		return;
	split_done = 1;
	k = split_str(fld[0].s, rec_fs, NULL, rec_para);
	grow_fields(k + 1);
	for (i = 1; i <= k; i++) {
		cfree(&fld[i]);
		fld[i].fl = F_STR | F_MAYBE;
		fld[i].s = snew(fld[0].s->s + spl[2 * i - 2], spl[2 * i - 1]);
	}
	for (; i <= nf; i++)
		cfree(&fld[i]);
	nf = k;
	set_nf_var();
}

/* A new $0 (takes s); fields are split when first needed. */
static void set_record(Str *s)
{
	Str *rs = tostr(&G[V_RS]);

	grow_fields(1);
	cfree(&fld[0]);
	fld[0].fl = F_STR | F_MAYBE;
	fld[0].s = s;
	sfree(rec_fs);
	rec_fs = tostr(&G[V_FS]);
	rec_para = rs->len == 0;
	sfree(rs);
	split_done = rec_dirty = 0;
}

static void rebuild_record(void)
{
	Buf b = { 0 };
	Str *ofs = tostr(&G[V_OFS]), *t;
	int i;

	for (i = 1; i <= nf; i++) {
		if (i > 1)
			bput(&b, ofs->s, ofs->len);
		t = tostr_fmt(&fld[i], V_CONVFMT);
		bput(&b, t->s, t->len);
		sfree(t);
	}
	sfree(ofs);
	cfree(&fld[0]);
	fld[0].fl = F_STR | F_MAYBE;
	fld[0].s = snew(b.p, b.n);
	free(b.p);
	rec_dirty = 0;
}

/* $i (i >= 0) for reading */
static Cell *get_field(int i)
{
	static Cell none;

	if (i == 0) {
		if (rec_dirty)
			rebuild_record();
		if (!fld)
			return &none;
		return &fld[0];
	}
	split_record();
	return i <= nf ? &fld[i] : &none;
}

static void set_nf(int n)
{
	int i;

	split_record();
	if (n < 0)
		die("NF set to a negative value", 0);
	grow_fields(n + 1);
	for (i = n + 1; i <= nf; i++)
		cfree(&fld[i]);
	for (i = nf + 1; i <= n; i++) {
		fld[i].fl = F_STR;
		fld[i].s = snew("", 0);
	}
	nf = n;
	set_nf_var();
	rec_dirty = 1;
}

/* $i = v (copies v) */
static void set_field(int i, Cell *v)
{
	if (i == 0) {
		set_record(tostr(v));
		return;
	}
	split_record();
	if (i > nf)
		set_nf(i);
	cfree(&fld[i]);
	fld[i] = *v;
	fld[i].fl &= F_NUM | F_STR | F_MAYBE;
	fld[i].s = sref(v->s);
	fld[i].a = NULL;
	fld[i].ref = NULL;
	rec_dirty = 1;
}
