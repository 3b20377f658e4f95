/*
 * libhostile - calls the shared library lib_vytool (docs/libraries.md)
 * the way no tool would, to show that it harms only itself. It declares
 * the imports itself, with plain integers for pointers, and is built
 * without the data offset a library's users get, so the library's data
 * lands on its own. argv[1] says what to do; each prints what came back
 * before any trap, so the test sees how far it got.
 *
 *   wild       exec with a pattern pointer past the end of memory
 *   wrap       comp with a length that runs past 4 GiB
 *   onlib      comp with its result struct over the library's own data
 *   many N     N compiles and matches in a row: one link, then calls
 *   slow       a back reference on a long line: the step budget ends it
 *   arena N K  N compiles, each given back (mark, release) when K is 1;
 *              then the memory's pages
 *   subst      sed's s with a replacement length that wraps
 *   path       path with the name's pointer past the end of memory
 *   in         getdelim over a line reader whose room wraps
 *   opts       the options of a negative count of arguments
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT(name) \
	__attribute__((import_module("lib_vytool"), import_name(name)))

IMPORT("comp") int lib_comp(uint32_t re, uint32_t pat, uint32_t len,
			    int flags);
IMPORT("exec") int lib_exec(uint32_t re, uint32_t s, uint32_t len,
			    uint32_t start, uint32_t m, int nm);
IMPORT("mark") void lib_mark(uint32_t mark);
IMPORT("release") void lib_release(uint32_t mark);
IMPORT("subst") int lib_subst(uint32_t re, uint32_t s, uint32_t len,
			      uint32_t sub);
IMPORT("path") int lib_path(uint32_t path, uint32_t rel, uint32_t err);
IMPORT("getdelim") uint32_t lib_getdelim(uint32_t in, uint32_t len,
					 int delim);
IMPORT("opts") int lib_opts(int argc, uint32_t argv, uint32_t spec,
			    uint32_t longs, uint32_t bad, uint32_t opts);

static uint32_t re[16];		/* room for struct vr_re */

static uint32_t at(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	if (!strcmp(what, "wild")) {
		printf("comp %d\n", lib_comp(at(re), at("a+"), 2, 0));
		fflush(stdout);
		printf("exec %d\n", lib_exec(0xFFFFFFF0u, at("aaa"), 3, 0,
					     0, 0));
	} else if (!strcmp(what, "wrap")) {
		printf("comp %d\n", lib_comp(at(re), at("a"), 0xFFFFFFF0u, 0));
	} else if (!strcmp(what, "onlib")) {
		printf("comp %d\n", lib_comp(2100, at("(a|b)*c"), 7, 1));
		fflush(stdout);
		printf("exec %d\n", lib_exec(2100, at("ababc"), 5, 0, 0, 0));
	} else if (!strcmp(what, "many") && argc > 2) {
		int n = atoi(argv[2]), found = 0;

		for (int i = 0; i < n; i++) {
			char pat[16], line[32];

			snprintf(pat, sizeof(pat), "x%dy", i % 97);
			snprintf(line, sizeof(line), "ax%dyb", i % 89);
			if (lib_comp(at(re), at(pat), (uint32_t)strlen(pat), 0))
				return 3;
			found += lib_exec(at(re), at(line),
					  (uint32_t)strlen(line), 0, 0, 0);
		}
		printf("found %d\n", found);
	} else if (!strcmp(what, "slow")) {
		static char line[20001];
		const char *pat = "\\(a*\\)*b\\1";

		memset(line, 'a', sizeof(line) - 1);
		printf("comp %d\n", lib_comp(at(re), at(pat),
					     (uint32_t)strlen(pat), 0));
		printf("exec %d\n", lib_exec(at(re), at(line),
					     sizeof(line) - 1, 0, 0, 0));
	} else if (!strcmp(what, "arena") && argc > 3) {
		static uint32_t mark[2];
		const char *pat = "(ab|cd)+[0-9]{2,5}x*";
		int n = atoi(argv[2]), give_back = atoi(argv[3]);

		for (int i = 0; i < n; i++) {
			lib_mark(at(mark));
			if (lib_comp(at(re), at(pat), (uint32_t)strlen(pat), 1))
				return 3;
			if (give_back)
				lib_release(at(mark));
		}
		printf("pages %zu\n", __builtin_wasm_memory_size(0));
	} else if (!strcmp(what, "subst")) {
		/* repl, rlen, nth, global, out, len: as struct vr_sub */
		static uint32_t sub[6];

		sub[0] = at("x");
		sub[1] = 0xFFFFFFF0u;
		printf("comp %d\n", lib_comp(at(re), at("a"), 1, 0));
		printf("subst %d\n", lib_subst(at(re), at("bab"), 3, at(sub)));
		printf("len %u\n", sub[5]);
	} else if (!strcmp(what, "path")) {
		static uint32_t rel, err;

		printf("path %d\n", lib_path(at("/home/user/f.txt"), at(&rel),
					      at(&err)));
		fflush(stdout);
		printf("path %d\n", lib_path(0xFFFFFFF0u, at(&rel), at(&err)));
	} else if (!strcmp(what, "in")) {
		/* fd, buf, cap, start, end, eof, err: as struct vt_in */
		static uint32_t in[7];
		static char buf[64];
		uint32_t len = 0;

		in[1] = at(buf);
		in[2] = 0x80000000u;
		printf("line %u\n", lib_getdelim(at(in), at(&len), '\n'));
		printf("err %u\n", in[6]);
	} else if (!strcmp(what, "opts")) {
		static uint32_t bad, opts;
		char *args[] = { "x", "-a" };

		printf("opts %d\n", lib_opts(2, at(args), at("a"), at(""),
					     at(&bad), at(&opts)));
		fflush(stdout);
		printf("opts %d\n", lib_opts(-5, at(args), at("a"), at(""),
					     at(&bad), at(&opts)));
	} else {
		return 2;
	}
	return 0;
}
