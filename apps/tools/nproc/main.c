/*
 * nproc - print the number of processing units available, as GNU nproc.
 *
 *	nproc [--all] [--ignore=N]
 *
 * WASI gives a module no CPU count and an app here is one thread, so the
 * count is 1; as GNU's, OMP_NUM_THREADS (its first number, when not 0)
 * replaces it and OMP_THREAD_LIMIT caps it, unless --all is given.
 * --ignore=N takes N away, leaving at least 1. A bad number or an
 * operand is refused with status 1.
 */
#include "vytool.h"

/* The leading number of an OMP_* variable; 0 if unset or not one. */
static uint64_t omp(const char *name)
{
	const char *s = vt_getenv(name);
	uint64_t v = 0;

	if (!s)
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	while (*s >= '0' && *s <= '9' && v < 1u << 30)
		v = v * 10 + (uint64_t)(*s++ - '0');
	return *s && *s != ',' && *s != ' ' ? 0 : v;
}

static int nproc_main(int argc, char **argv)
{
	uint64_t n = 1, skip = 0, lim;
	bool all = false;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i], *v = NULL;
		int64_t k;

		if (!strcmp(a, "--all")) {
			all = true;
			continue;
		}
		if (!strncmp(a, "--ignore=", 9))
			v = a + 9;
		else if (!strcmp(a, "--ignore") && i + 1 < argc)
			v = argv[++i];
		if (v) {
			if (!vt_parse_int(v, &k) || k < 0) {
				vt_warn("invalid number", v);
				vt_exit(1);
			}
			skip = (uint64_t)k;
			continue;
		}
		if (a[0] == '-')
			vt_warn("unrecognized option", a);
		else
			vt_warn("extra operand", a);
		vt_usage_error(NULL, 1);
	}
	if (!all) {
		if (omp("OMP_NUM_THREADS"))
			n = omp("OMP_NUM_THREADS");
		lim = omp("OMP_THREAD_LIMIT");
		if (lim && lim < n)
			n = lim;
	}
	vt_putu(n > skip ? n - skip : 1);
	vt_putc('\n');
	return 0;
}

VT_TOOL(nproc_main,
	"Usage: nproc [OPTION]...\n"
	"Print the number of processing units available to the current\n"
	"process (1 under WASI), which may be less than the number of\n"
	"online processors.\n"
	"\n"
	"  --all       the same: WASI shows an app no other processors\n"
	"  --ignore=N  if possible, exclude N processing units\n")
