/*
 * lib_regex - the regular expression engine of grep, sed, expr and regex
 * (sdk/vytool_regex.h) as one shared library instead of a copy in each
 * (docs/libraries.md). It imports the calling app's memory and nothing
 * else, and exports the calls the header declares as imports.
 */
#define VT_LIBRARY
#define VR_LIBRARY
#include "vytool_regex.h"

#define EXPORT(name) __attribute__((export_name(name)))

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

EXPORT("mark") void lib_mark(struct vt_mark *m)
{
	*m = vt_mark();
}

EXPORT("release") void lib_release(const struct vt_mark *m)
{
	vt_release(*m);
}
