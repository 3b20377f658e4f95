/*
 * jobs.h - background jobs: the table behind &, jobs, fg and wait, and
 * the "[1]+ Done" notices printed before a prompt.
 */

#define MAXJOBS 32

struct job {
	int used, n, done, reported;
	uint32_t ids[16];
	int st[16];
	char fin[16];
	char *cmd;
};
static struct job jobs[MAXJOBS];

static void job_add(uint32_t *ids, int n, const char *cmd)
{
	int k;

	for (k = 0; k < MAXJOBS && jobs[k].used; k++)
		;
	if (k == MAXJOBS)
		return;	/* still running; the supervisor reaps them */
	memset(&jobs[k], 0, sizeof(jobs[k]));
	jobs[k].used = 1;
	jobs[k].n = n > 16 ? 16 : n;
	memcpy(jobs[k].ids, ids, sizeof(uint32_t) * (size_t)jobs[k].n);
	jobs[k].cmd = xstrdup(cmd);
}

/* Collects what has ended, waiting when block is set. */
static void job_poll(struct job *j, int block)
{
	for (int i = 0; i < j->n; i++)
		if (!j->fin[i] &&
		    !vy_wait(j->ids[i], &j->st[i], block ? 0 : VY_WAIT_NOHANG))
			j->fin[i] = 1;
	j->done = 1;
	for (int i = 0; i < j->n; i++)
		if (!j->fin[i])
			j->done = 0;
}

static void job_free(int k)
{
	free(jobs[k].cmd);
	jobs[k].used = 0;
}

/*
 * "[1]+  Done  cmd": every job (`jobs`), or only those that ended
 * (before a prompt, as dash and bash do).
 */
static int job_report(int all)
{
	char buf[24];

	for (int k = 0; k < MAXJOBS; k++) {
		if (!jobs[k].used)
			continue;
		job_poll(&jobs[k], 0);
		if (!all && !jobs[k].done)
			continue;
		outs(1, "[");
		outs(1, fmt_ll(buf, k + 1));
		outs(1, "]+  ");
		outs(1, jobs[k].done ? "Done                 " :
				       "Running              ");
		outs(1, jobs[k].cmd);
		outs(1, "\n");
		if (jobs[k].done)
			job_free(k);
	}
	return 0;
}

static int bi_jobs(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return job_report(1);
}

/* "%N", "N" (an instance id) or NULL for the latest job. */
static int job_lookup(const char *s)
{
	long long v;

	if (!s) {
		for (int k = MAXJOBS - 1; k >= 0; k--)
			if (jobs[k].used)
				return k;
		return -1;
	}
	if (!parse_num(s + (*s == '%'), &v, 0))
		return -1;
	for (int k = 0; k < MAXJOBS; k++)
		if (jobs[k].used && (*s == '%' ? v == k + 1 :
				     jobs[k].ids[jobs[k].n - 1] == v))
			return k;
	return -1;
}

static int bi_fg(int argc, char **argv)
{
	int k = job_lookup(argc > 1 ? argv[1] : NULL), st[16], n = 0;
	uint32_t ids[16];

	if (k < 0) {
		errmsg("fg", "no such job", NULL);
		return 1;
	}
	outs(1, jobs[k].cmd);
	outs(1, "\n");
	for (int i = 0; i < jobs[k].n; i++)
		if (!jobs[k].fin[i])
			ids[n++] = jobs[k].ids[i];
		else
			st[n] = jobs[k].st[i];
	if (n)
		fg_wait(ids, n, st, npumps);
	else
		st[0] = jobs[k].st[jobs[k].n - 1];
	job_free(k);
	return st[n ? n - 1 : 0];
}

static int bi_wait(int argc, char **argv)
{
	int st = 0;

	if (argc < 2) {
		for (int k = 0; k < MAXJOBS; k++)
			if (jobs[k].used) {
				job_poll(&jobs[k], 1);
				job_free(k);
			}
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		int k = job_lookup(argv[i]);

		if (k < 0) {
			st = 127;
			continue;
		}
		job_poll(&jobs[k], 1);
		st = jobs[k].st[jobs[k].n - 1];
		job_free(k);
	}
	return st;
}
