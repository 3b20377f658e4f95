/*
 * lib_vytool - the shared part of the tools' runtime (sdk/vytool.h,
 * sdk/vytool_regex.h), kept once instead of a copy in each tool
 * (docs/libraries.md), as a C library is elsewhere: the regular
 * expression engine of grep, sed and expr, with sed's substitution, and
 * the paths, opening, reading, line input and writing of the tools
 * that define VT_SHARED. It imports the calling app's memory and the
 * WASI functions these call, which are the app's own, and exports the
 * calls the headers declare as imports.
 */
#define VT_LIBRARY
#define VR_LIBRARY
#include "vytool_match.h"
#include "vytool_regex.h"

#define EXPORT(name) __attribute__((export_name(name)))

/* ---- regular expressions ------------------------------------------------ */

EXPORT("sed_escape") int lib_sed_escape(const char *p, const char *end,
					 const char **next)
{
	return vr_sed_escape(p, end, next);
}

EXPORT("comp") const char *lib_comp(struct vr_re *re, const char *pat,
				     size_t len, int flags)
{
	return vr_comp(re, pat, len, flags);
}

EXPORT("exec") int lib_exec(struct vr_re *re, const char *s, size_t len,
			    size_t start, size_t *m, int nm)
{
	return vr_exec(re, s, len, start, m, nm);
}

EXPORT("subst") int lib_subst(struct vr_re *re, const char *s, size_t len,
			      struct vr_sub *sub)
{
	return vr_subst(re, s, len, sub);
}

EXPORT("mark") void lib_mark(struct vt_mark *m)
{
	vr_mark(m);
}

EXPORT("release") void lib_release(const struct vt_mark *m)
{
	vr_release(m);
}

/* ---- files, line input and output (VT_SHARED) --------------------------- */

EXPORT("path") int lib_path(const char *path, const char **rel, int *err)
{
	return vt_path(path, rel, err);
}

EXPORT("open") int lib_open(const char *path, int how, int *err)
{
	return vt_open(path, how, err);
}

EXPORT("read") long lib_read(int fd, void *buf, size_t n)
{
	return vt_read(fd, buf, n);
}

EXPORT("getdelim") char *lib_getdelim(struct vt_in *in, size_t *len,
				      char delim)
{
	return vt_getdelim(in, len, delim);
}

EXPORT("write_fd") bool lib_write_fd(int fd, const void *buf, size_t len)
{
	return vt_write_fd(fd, buf, len);
}

/* ---- options (VT_SHARED) ------------------------------------------------ */

static struct vm_opt *found;
static size_t nfound, found_cap;

static void collect(int letter, char *value)
{
	if (nfound + 1 >= found_cap) {
		size_t cap = 2 * found_cap + 16;

		found = vt_grow(found, found_cap * sizeof(*found),
				cap * sizeof(*found));
		found_cap = cap;
	}
	found[nfound++] = (struct vm_opt){ letter, value };
}

EXPORT("opts") int lib_opts(int argc, char **argv, const char *spec,
			    const char *longs, char **bad,
			    struct vm_opt **opts)
{
	int first;

	nfound = 0;
	first = vm__scan(argc, argv, spec, longs, bad, collect);
	collect(0, NULL);
	*opts = found;
	return first;
}
