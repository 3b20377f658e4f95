/*
 * vytool_match.h - what the "match" group of tools (grep, sed, xargs,
 * env, diff, od, ...) shares beyond vytool.h: small string functions in
 * place of wasi-libc's, short error messages, GNU's option permutation
 * and long options (vm_opts), shell-style globs, and starting a command
 * without malloc (vyoma_process.h's vy_spawn allocates its blocks).
 * Include it once, in the tool's main.c.
 */
#ifndef VYTOOL_MATCH_H
#define VYTOOL_MATCH_H

#include "vytool.h"
#if defined(VT_SYSTEM_STRERROR) != defined(VT__WORDS_FROM_SYSTEM)
#error "define VT_SYSTEM_STRERROR before the first include of vytool.h"
#endif

/*
 * wasi-libc's string functions are word-at-a-time or general, 90 to
 * 1400 bytes each (strstr): every call in a tool that includes this
 * header (one main.c each), vytool.h's included, links these small
 * ones instead. They are real definitions, not renamings, because
 * clang also makes calls of its own: strchr on a constant string
 * becomes a memchr. (Where vytool.h renames some, the renaming stays.)
 */
#pragma push_macro("memchr")
#pragma push_macro("strlen")
#pragma push_macro("strcmp")
#pragma push_macro("strncmp")
#undef memchr
#undef strlen
#undef strcmp
#undef strncmp
/* memchr, strchr, strrchr, strlen, strncmp, strcmp, memcmp, strstr,
 * strcpy, strspn, strcspn: the SDK's. */
#include "vyoma_tiny.h"
#pragma pop_macro("memchr")
#pragma pop_macro("strlen")
#pragma pop_macro("strcmp")
#pragma pop_macro("strncmp")

#ifdef VT_SYSTEM_STRERROR
/* The supervisor says every errno (vytool.h): no words here. */
#define vm_warn_errno vt_warn_errno
#else
/*
 * GNU's words for the errors files bring, for the tools that include
 * this header: strerror's other ones are rare enough here to share one,
 * which saves most of vytool.h's table. The names stay vytool.h's.
 */
static inline __attribute__((noinline)) void vm_warn_errno(const char *what,
							   int e)
{
	vt_warn(what, e == __WASI_ERRNO_NOENT ? "No such file or directory" :
		e == __WASI_ERRNO_ISDIR ? "Is a directory" :
		e == __WASI_ERRNO_NOTDIR ? "Not a directory" :
		e == __WASI_ERRNO_EXIST ? "File exists" :
		e == __WASI_ERRNO_NOSPC ? "No space left on device" :
		e == __WASI_ERRNO_ACCES || e == __WASI_ERRNO_PERM ||
		e == __WASI_ERRNO_NOTCAPABLE ? "Permission denied" :
		"Input/output error");
}
#define vt_warn_errno vm_warn_errno
#endif

static inline int vm_open_input(const char *name)
{
	int err, fd = 0;

	if (strcmp(name, "-") && (fd = vt_open(name, VT_READ, &err)) < 0)
		vm_warn_errno(name, err);
	return fd;
}
#define vt_open_input vm_open_input

/* A usage error: "prog: what: word", the --help hint, status. */
static inline __attribute__((noinline)) void vm_bad(const char *what,
						    const char *word,
						    int status)
{
	vt_warn(what, word);
	vt_eputs("Try '");
	vt_eputs(vt_prog);
	vt_eputs(" --help' for more information.\n");
	vt_exit(status);
}

/*
 * GNU's getopt_long, in one pass: calls fn(letter, value) for each
 * option in spec ("ab:c::": -a, -b ARG, -c with an optional attached
 * ARG) or in longs, in order, then moves the operands, wherever they
 * were (spec "+...": from the first on), to the end of argv, in order,
 * and returns the index of the first; "--" ends the options. longs
 * holds pairs of "name\0" and the letter for it, ending in "\0": a name
 * ending in '=' takes a value (after '=' or the next word), in '?' an
 * optional one after '='; a prefix names the first one it starts. The
 * value is NULL when there is none. A bad option stops it: it returns
 * 0 with *bad the word it is in.
 */
static inline int vm__scan(int argc, char **argv, const char *spec,
			   const char *longs, char **bad,
			   void (*fn)(int, char *))
{
	char **ops = vt_alloc((size_t)argc * sizeof(char *)), *a, *v;
	const char *o;
	int nops = 0, i = 1;
	size_t k, n;

	while (i < argc) {
		a = argv[i++];
		if (*a != '-' || !a[1] || (nops && *spec == '+')) {
			ops[nops++] = a;
			continue;
		}
		if (a[1] != '-') {
			for (int pos = 1; a[pos]; pos++) {
				o = a[pos] == ':' || a[pos] == '+' ? NULL :
				    strchr(spec, a[pos]);
				v = NULL;
				if (!o)
					goto bad;
				if (o[1] == ':' && a[pos + 1]) {
					v = a + pos + 1;
				} else if (o[1] == ':' && o[2] != ':') {
					if (i == argc)
						goto bad;
					v = argv[i++];
				}
				fn(*o, v);
				if (o[1] == ':')
					break;
			}
			continue;
		}
		if (!a[2]) {	/* "--": the rest are operands */
			while (i < argc)
				ops[nops++] = argv[i++];
			break;
		}
		for (v = a + 2; *v && *v != '='; v++)
			;
		n = (size_t)(v - a - 2);
		for (o = longs; o && *o; o += strlen(o) + 2) {
			for (k = 0; k < n && o[k] == a[2 + k]; k++)
				;
			if (k == n)
				break;
		}
		if (!o || !*o)
			goto bad;
		k = (size_t)o[strlen(o) - 1];
		if (*v && k != '=' && k != '?')
			goto bad;
		if (*v) {
			v++;
		} else if (k == '=') {
			if (i == argc)
				goto bad;
			v = argv[i++];
		} else {
			v = NULL;
		}
		fn((unsigned char)o[strlen(o) + 1], v);
	}
	memcpy(argv + argc - nops, ops, (size_t)nops * sizeof(a));
	return argc - nops;
bad:
	*bad = a;
	return 0;
}

/* One option, as lib_vytool's scan found it (VT_SHARED). */
struct vm_opt {
	int letter;	/* 0 after the last */
	char *value;
};

#ifdef VT__IMPORTED
/*
 * vm__scan in the library, which cannot call back into the tool: it
 * returns the options found (in its own arena, until the next call) and
 * the first operand's index, or 0 with *bad set.
 */
VT__SHARED("opts")
int vm__opts(int argc, char **argv, const char *spec, const char *longs,
	     char **bad, struct vm_opt **opts);
#endif

/*
 * vm__scan, fn called for each option in order; a bad option ends the
 * tool with status bad, after fn has had the options before it.
 */
static inline int vm_opts(int argc, char **argv, const char *spec,
			  const char *longs, int bad, void (*fn)(int, char *))
{
	char *word = NULL;
#ifdef VT__IMPORTED
	struct vm_opt *o;
	int first = vm__opts(argc, argv, spec, longs, &word, &o);

	for (; o->letter; o++)
		fn(o->letter, o->value);
#else
	int first = vm__scan(argc, argv, spec, longs, &word, fn);
#endif
	if (!first)
		vm_bad("invalid option", word, bad);
	return first;
}

/* Whether name matches the shell glob pat (* ? [...] [!...] \x). */
static inline bool vm_glob(const char *p, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		const char *q = NULL, *b = p + 1;
		char c = *p;

		if (c == '*') {
			star = ++p;
			resume = s;
			continue;
		}
		if (c == '[') {
			bool neg = *b == '!' || *b == '^', in = false;

			for (b += neg; *b && (*b != ']' || b == p + 1 + neg);
			     b++) {
				char lo = *b, hi = lo;

				if (b[1] == '-' && b[2] && b[2] != ']') {
					hi = b[2];
					b += 2;
				}
				in |= *s >= lo && *s <= hi;
			}
			if (*b && in != neg)
				q = b + 1;
		} else if (c == '?') {
			q = b;
		} else {
			if (c == '\\' && *b)
				c = *b++;
			if (c == *s)
				q = b;
		}
		if (q) {
			p = q;
			s++;
		} else if (star) {
			p = star;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return !*p;
}

#define VM__PROC(name) __attribute__((import_module("vyoma_process"), \
				      import_name(#name)))

VM__PROC(spawn) int32_t vm__spawn(const char *name, uint32_t name_len,
				  const char *args, uint32_t args_len,
				  const char *env, uint32_t env_len,
				  const char *cwd, uint32_t cwd_len,
				  const int32_t *stdio, uint32_t *id);
VM__PROC(wait) int32_t vm__wait(uint32_t id, uint32_t flags,
				int32_t *status);

/* strings up to NULL as one block of NUL-terminated strings. */
static inline char *vm__block(char *const *strings, size_t *len)
{
	size_t n = 0;
	char *block, *p;

	for (int i = 0; strings && strings[i]; i++)
		n += strlen(strings[i]) + 1;
	p = block = vt_alloc(n + 1);
	for (int i = 0; strings && strings[i]; i++) {
		size_t l = strlen(strings[i]) + 1;

		memcpy(p, strings[i], l);
		p += l;
	}
	*len = n;
	return block;
}

/*
 * Runs argv[0] with arguments argv[1...] and environment envp (NULL:
 * none), in the working directory, stdin from stdin_fd (-1: empty),
 * stdout and stderr shared; waits for it. Returns its status, or GNU's
 * 127 (no such command) / 126 (cannot run it) after a message.
 */
static inline int vm_run(char *const *argv, char *const *envp, int stdin_fd)
{
	int32_t io[3] = { stdin_fd, 1, 2 }, status = 0;
	size_t alen, elen;
	char *args = vm__block(argv + 1, &alen);
	char *env = vm__block(envp, &elen);
	const char *cwd = vt_cwd();
	uint32_t id;
	int rc;

	vt_flush();
	rc = vm__spawn(argv[0], (uint32_t)strlen(argv[0]), args,
		       (uint32_t)alen, env, (uint32_t)elen, cwd,
		       (uint32_t)strlen(cwd), io, &id);
	if (rc) {
		vt_warn_errno(argv[0], rc);
		return rc == __WASI_ERRNO_NOENT ? 127 : 126;
	}
	if (vm__wait(id, 0, &status))
		return 126;
	return status;
}

#endif
