/*
 * tsort - topological sort, as GNU tsort: FILE (or standard input)
 * holds pairs of blank-separated words, "A B" meaning A comes before B
 * ("A A" names A alone); each word is printed once, after every word
 * that must precede it.
 *
 * The order is GNU's exactly: words with nothing before them are taken
 * in strcmp order, and each printed word releases its followers in the
 * reverse of the order its pairs named them. A loop is named on stderr
 * ("input contains a loop:" and its words), one pair of it is dropped
 * and the sort goes on; the status is then 1. An odd number of words is
 * refused before anything is printed.
 */
/* Its runtime's paths, files, line input and output are lib_vytool's
 * (VT_SHARED, docs/libraries.md): VyomaOS only, so its error words are
 * the supervisor's (VT_SYSTEM_STRERROR). */
#define VT_SYSTEM_STRERROR
#define VT_SHARED
#include "vytool.h"

struct item {
	const char *s;
	struct item *l, *r;	/* the lookup tree, in strcmp order */
	struct item *q;		/* the queue; the path in loop search */
	struct succ *top;	/* the items that come after this one */
	size_t count;		/* how many items come before it */
	bool done;
};

struct succ {
	struct item *suc;
	struct succ *next;
};

static struct item *root, **all, *loop;
static size_t nitems;
static const char *file = "-";

static struct item *find(const char *s)
{
	struct item **p = &root;

	while (*p) {
		int c = strcmp(s, (*p)->s);

		if (!c)
			return *p;
		p = c < 0 ? &(*p)->l : &(*p)->r;
	}
	*p = vt_alloc(sizeof(**p));
	memset(*p, 0, sizeof(**p));
	(*p)->s = s;
	nitems++;
	return *p;
}

static size_t fill(struct item *t, size_t i)
{
	if (!t)
		return i;
	i = fill(t->l, i);
	all[i++] = t;
	return fill(t->r, i);
}

/* GNU's loop search: one step of a walk in strcmp order; true when a
 * loop has been named and one of its pairs dropped. */
static bool detect_loop(struct item *k)
{
	if (!k->count)
		return false;
	if (!loop) {
		loop = k;
		return false;
	}
	for (struct succ **p = &k->top; *p; p = &(*p)->next) {
		if ((*p)->suc != loop)
			continue;
		if (!k->q) {
			k->q = loop;
			loop = k;
			return false;
		}
		while (loop) {
			struct item *next = loop->q;

			vt_warn(loop->s, NULL);
			if (loop == k) {
				(*p)->suc->count--;
				*p = (*p)->next;
				break;
			}
			loop->q = NULL;
			loop = next;
		}
		while (loop) {
			struct item *next = loop->q;

			loop->q = NULL;
			loop = next;
		}
		return true;
	}
	return false;
}

static int tsort_main(int argc, char **argv)
{
	struct vt_in in;
	struct item *prev = NULL, *head, *tail;
	size_t n, left;
	char *line;
	int fd;

	while (vt_getopt(argc, argv, "") != -1)
		;
	if (argc - vt_optind > 1) {
		vt_warn("extra operand", argv[vt_optind + 1]);
		vt_usage_error(NULL, 1);
	}
	if (vt_optind < argc)
		file = argv[vt_optind];
	fd = vt_open_input(file);
	if (fd < 0)
		return 1;
	vt_in_init(&in, fd);
	while ((line = vt_getline(&in, &n))) {
		for (size_t i = 0; i < n; ) {
			size_t j = i;
			char *w;
			struct item *it;

			while (j < n && line[j] != ' ' && line[j] != '\t' &&
			       line[j] != '\n')
				j++;
			if (j == i) {
				i++;
				continue;
			}
			w = vt_alloc(j - i + 1);
			memcpy(w, line + i, j - i);
			w[j - i] = '\0';
			it = find(w);
			if (!prev) {
				prev = it;
			} else {
				if (prev != it) {
					struct succ *s = vt_alloc(sizeof(*s));

					it->count++;
					s->suc = it;
					s->next = prev->top;
					prev->top = s;
				}
				prev = NULL;
			}
			i = j;
		}
	}
	if (in.err) {
		/* Named with its reason; GNU's tsort ignores read errors. */
		vt_warn_errno(file, in.err);
		return 1;
	}
	if (prev) {
		vt_warn(file, "input contains an odd number of tokens");
		return 1;
	}
	all = vt_alloc(nitems * sizeof(*all) + 1);
	fill(root, 0);
	for (left = nitems; left; ) {
		head = tail = NULL;
		for (size_t i = 0; i < nitems; i++) {
			struct item *k = all[i];

			if (k->count || k->done)
				continue;
			k->q = NULL;
			if (head)
				tail->q = k;
			else
				head = k;
			tail = k;
		}
		for (; head; head = head->q) {
			vt_puts(head->s);
			vt_putc('\n');
			head->done = true;
			left--;
			for (struct succ *p = head->top; p; p = p->next) {
				if (!--p->suc->count) {
					p->suc->q = NULL;
					tail->q = p->suc;
					tail = p->suc;
				}
			}
		}
		if (!left)
			break;
		vt_warn(file, "input contains a loop:");
		do {
			for (size_t i = 0; i < nitems; i++)
				if (detect_loop(all[i]))
					break;
		} while (loop);
	}
	return vt_status;
}

VT_TOOL(tsort_main,
	"Usage: tsort [FILE]\n"
	"Write totally ordered list consistent with the partial ordering\n"
	"in FILE (pairs of words: the first comes before the second).\n")
