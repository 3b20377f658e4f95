/*
 * io.h - the shell's descriptors 0-9 as the commands it runs see them:
 * a real descriptor (passable to a child or not), a capture buffer for
 * $(...), /dev/null, or closed. Redirections change this table and put
 * it back; children get real descriptors from it, and pumps carry a
 * child's output to where a child cannot be handed directly.
 */

enum { K_CLOSED, K_FD, K_CAP, K_NULL, K_RELAY };

struct lfd {
	int kind, fd, pass;
	struct str *cap;
};
static struct lfd lfds[10];

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n > 65536 ? 65536 : n);

		if (w < 0 && errno == EAGAIN) {
			struct pollfd pf = { fd, POLLOUT, 0 };

			poll(&pf, 1, 10);
			continue;
		}
		if (w <= 0) {
			/* the reader is gone: stop, as SIGPIPE would */
			flow = F_ABORT;
			last_status = 141;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int out(int fd, const char *p, size_t n)
{
	struct lfd *l = &lfds[fd];

	if (l->kind == K_CAP) {
		s_addn(l->cap, p, n);
		return 0;
	}
	if (l->kind == K_FD)
		return write_all(l->fd, p, n);
	return l->kind == K_NULL ? 0 : -1;
}

static void outs(int fd, const char *s)
{
	out(fd, s, strlen(s));
}

static void errmsg(const char *a, const char *b, const char *c)
{
	struct str m = { 0 };

	s_adds(&m, "sh: ");
	s_adds(&m, a);
	if (b) {
		s_adds(&m, ": ");
		s_adds(&m, b);
	}
	if (c) {
		s_adds(&m, ": ");
		s_adds(&m, c);
	}
	s_addc(&m, '\n');
	out(2, m.s, m.n);
	s_free(&m);
}

/* A readable byte at a time from shell descriptor fd: 1, 0 at EOF. */
static int in_byte(int fd, char *c)
{
	struct lfd *l = &lfds[fd];

	if (l->kind != K_FD)
		return 0;
	for (;;) {
		ssize_t r = read(l->fd, c, 1);

		if (r < 0 && errno == EAGAIN) {
			struct pollfd pf = { l->fd, POLLIN, 0 };

			poll(&pf, 1, 100);
			continue;
		}
		return r > 0;
	}
}

static char *cur_dir(void)
{
	char buf[1024];

	if (!getcwd(buf, sizeof(buf)))
		buf[0] = '/', buf[1] = 0;
	return xstrdup(buf);
}

/* path made absolute against $PWD (for vy_open), in the arena. */
static char *abs_path(const char *path)
{
	const char *pwd = var_get("PWD");
	struct str b = { 0 };
	char *r;

	if (*path != '/') {
		char *cwd = cur_dir();

		s_adds(&b, pwd && *pwd == '/' ? pwd : cwd);
		free(cwd);
		if (b.n && b.s[b.n - 1] != '/')
			s_addc(&b, '/');
	}
	s_adds(&b, path);
	r = a_strndup(b.s, b.n);
	s_free(&b);
	return r;
}

enum { O_RD, O_WR, O_APP, O_RW };

/* Opens a redirection target; *pass says a child may be handed it. */
static int open_target(const char *path, int how, int *fd, int *pass)
{
	static const int flags[] = {
		O_RDONLY, O_WRONLY | O_CREAT | O_TRUNC,
		O_WRONLY | O_CREAT | O_APPEND, O_RDWR | O_CREAT
	};

#ifdef VY_OPEN_READ
	if (how != O_RW) {
		static const int vf[] = {
			VY_OPEN_READ, VY_OPEN_WRITE, VY_OPEN_APPEND
		};
		int rc = vy_open(abs_path(path), vf[how], fd);

		if (!rc) {
			*pass = 1;
			return 0;
		}
		if (rc != ENOTCAPABLE && rc != ENOSYS)
			return rc;
	}
#endif
	*fd = open(path, flags[how], 0644);
	*pass = 0;
	return *fd < 0 ? errno : 0;
}

/*
 * A readable descriptor holding text (a here-document, or a builtin's
 * output on its way to the next builtin): a pipe filled at once when it
 * fits, else an unlinked temporary file.
 */
static int fd_from_text(const char *p, size_t n, int *pass)
{
	int fds[2];

	if (n <= 60000 && !vy_pipe(fds)) {
		write_all(fds[1], p, n);
		close(fds[1]);
		*pass = 1;
		return fds[0];
	}
	{
		static const char name[] = "/tmp/.sh-tmp";
		int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd < 0)
			return -1;
		write_all(fd, p, n);	/* then reopened and unlinked */
		close(fd);
		if (open_target(name, O_RD, &fd, pass))
			fd = -1;
		unlink(name);
		return fd;
	}
}

/* A child's output that the shell must carry itself, until EOF. */
struct pump {
	int rfd;
	struct lfd to;
};
static struct pump pumps[17];	/* 16 and a job's relay */
static int npumps;
static int jobin_w = -1, jobin_r = -1;	/* the foreground job's stdin */
/*
 * The foreground job's output to the terminal: a terminal pipe (so the
 * job still sees a terminal) that the shell carries on, as a pty's
 * line discipline sees a job's output, to take the echo sequence out
 * of it (edit.h). relay: jobs get one (interactive, on a terminal; 2
 * when this shell's own input is another shell's pipe); direct: not
 * for what is being started (a background job, or a pipeline with an
 * in-shell stage, which would not carry it while it runs).
 */
static int jobout_w = -1, jobout_r, relay, direct;
static void relay_out(char *p, size_t n);

/*
 * The three descriptors a child gets for the shell's current 0-2.
 * Pipe ends made here that the shell must close after the spawn go to
 * closes[].
 */
static int child_io(int io[3], int *closes, int *nclose)
{
	for (int i = 0; i < 3; i++) {
		struct lfd *l = &lfds[i];
		int fds[2];

		io[i] = VY_STDIO_DEFAULT;
		if (l->kind == K_CLOSED || (l->kind == K_NULL && !i))
			continue;
		if (l->kind == K_FD && l->pass) {
			io[i] = l->fd;
			if (!i && !l->fd && interactive) {
				if (jobin_w < 0) {
					if (vy_pipe(fds))
						continue;
					jobin_w = fds[1];
					closes[(*nclose)++] = fds[0];
					jobin_r = fds[0];
				}
				io[i] = jobin_r;
			} else if (i && relay && !direct &&
				   (l->fd == 1 || l->fd == 2)) {
				if (jobout_w < 0) {
					if (vy_pipe_tty(fds))
						continue;
					jobout_w = fds[1];
					jobout_r = fds[0];
				}
				io[i] = jobout_w;
			}
			continue;
		}
		if (!i)
			continue;	/* a file only the shell can read */
		if (npumps >= 16 || vy_pipe(fds))
			continue;
		pumps[npumps].rfd = fds[0];
		pumps[npumps++].to = *l;
		io[i] = fds[1];
		closes[(*nclose)++] = fds[1];
	}
	return 0;
}

/* Moves what a pump's pipe holds on; 0 at end of file. */
static int pump_step(struct pump *p)
{
	char buf[16384];
	ssize_t r = read(p->rfd, buf, sizeof(buf));

	if (r < 0 && errno == EAGAIN)
		return 1;
	if (r <= 0)
		return 0;
	if (p->to.kind == K_RELAY)
		relay_out(buf, (size_t)r);
	else if (p->to.kind == K_CAP)
		s_addn(p->to.cap, buf, (size_t)r);
	else if (p->to.kind == K_FD)
		write_all(p->to.fd, buf, (size_t)r);
	return 1;
}
