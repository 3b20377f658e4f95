/*
 * vytool_resolve.h - GNU's canonical file names, as realpath and
 * readlink -f, -e and -m make them: the working directory joined on,
 * ".", ".." and symbolic links resolved a component at a time, and
 * gnulib's rules for which missing or non-directory parts fail. It is
 * one walk, not two, because coreutils' two tools are one function
 * (canonicalize_filename_mode) and must fail alike, byte for byte.
 * Everything is static inline, so a tool carries only what it calls.
 */
#ifndef VYTOOL_RESOLVE_H
#define VYTOOL_RESOLVE_H

#include "vytool_files.h"
#include "vytool_text.h"

/* What must exist: GNU's modes, by the letter of their option. */
#define VRES_ALL_BUT_LAST 'E'	/* readlink -f, realpath's default */
#define VRES_ALL 'e'
#define VRES_NONE 'm'

/* Must what was resolved so far be a directory, given the rest? A
 * trailing '/', "/." or "/.." says so (gnulib's rule, for GNU's
 * errors). */
static inline bool vres__dir_suffix(const char *end)
{
	while (*end == '/') {
		while (*end == '/')
			end++;
		if (!*end)
			return true;
		if (*end++ != '.')
			return false;
		if (!*end || (*end == '.' && (!end[1] || end[1] == '/')))
			return true;
	}
	return false;
}

/* 0 if path exists (links followed) and, unless any, is a directory;
 * else why not, as GNU reports it. */
static inline int vres__dir_check(const char *path, bool any)
{
	__wasi_filestat_t st;
	int e = vt_stat(path, false, &st);

	return e ? e : any || st.filetype == __WASI_FILETYPE_DIRECTORY ? 0 :
	       __WASI_ERRNO_NOTDIR;
}

/*
 * name resolved into a new string, or NULL with *err set. mode is one
 * of VRES_*; nolinks (realpath -s) takes links as they are, so ".." is
 * taken by name and only the last part is looked up. Past 40 links the
 * walk gives up (ELOOP), as Linux does, but -m just stops following.
 */
static inline char *vres_resolve(const char *name, char mode, bool nolinks,
				 int *err)
{
	size_t cap = strlen(name) + 4096, len = 0;
	char *out = vt_alloc(cap), *todo = name[0] == '/' ? vt_strdup(name) :
					   vt_join(vt_cwd(), name);
	int links = 0;

	out[0] = '\0';
	while (*todo) {
		char *c = todo, *t;
		size_t n;
		__wasi_filestat_t st;
		int e = __WASI_ERRNO_INVAL;	/* "not a link", as readlink */

		while (*c == '/')
			c++;
		for (todo = c; *todo && *todo != '/'; todo++)
			;
		n = (size_t)(todo - c);
		if (!n || (n == 1 && c[0] == '.'))
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			while (len && out[--len] != '/')
				;
			out[len] = '\0';
			continue;
		}
		if (len + n + 2 > cap) {
			cap = cap * 2 + n;
			out = vt_grow(out, len + 1, cap);
		}
		out[len++] = '/';
		memcpy(out + len, c, n);
		out[len += n] = '\0';
		if (vt_above_mount(out))
			continue;
		if (!nolinks) {
			int l = vf_lstat(out, &st);

			if (l)
				e = l;
			else if (st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK) {
				if (++links > 40) {
					if (mode == VRES_NONE)
						continue;
					*err = __WASI_ERRNO_LOOP;
					return NULL;
				}
				t = vf_readlink(out, err);
				if (!t)
					return NULL;
				todo = vf_cat(t, todo);
				if (t[0] == '/')
					len = 0;
				else
					while (len && out[--len] != '/')
						;
				out[len] = '\0';
				continue;
			}
		}
		if (mode == VRES_NONE)
			continue;
		if (vres__dir_suffix(todo))
			e = vres__dir_check(out, false);
		else if (nolinks && !*todo)
			e = vres__dir_check(out, true);
		else if (nolinks)
			e = 0;
		if (e == __WASI_ERRNO_INVAL || !e)
			continue;
		/* A missing last part is what -f allows. */
		if (mode == VRES_ALL_BUT_LAST && e == __WASI_ERRNO_NOENT &&
		    !todo[vtx_span(todo, "/")])
			continue;
		*err = e;
		return NULL;
	}
	return len ? out : "/";
}

#endif
