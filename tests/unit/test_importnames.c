/*
 * test_importnames.c - the short import names' expansion (importnames.h):
 * modules built here byte by byte, short, full and mixed names, and
 * hostile ones (truncated, overlong and wrapping lengths, counts larger
 * than the section, sections past the end, other import kinds, places
 * past a list), which must come back untouched for Wasmtime to reject;
 * and the build's reading of the lists (tools/import_names.py) against
 * the lists themselves.
 */
#include "importnames.h"
#include "check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

struct mod {
	uint8_t b[4096];
	size_t len;
};

static void raw(struct mod *m, const void *p, size_t n)
{
	memcpy(m->b + m->len, p, n);
	m->len += n;
}

static void u32(struct mod *m, uint32_t v)
{
	do {
		uint8_t x = v & 0x7f;

		v >>= 7;
		if (v)
			x |= 0x80;
		raw(m, &x, 1);
	} while (v);
}

static void str(struct mod *m, const char *s)
{
	u32(m, (uint32_t)strlen(s));
	raw(m, s, strlen(s));
}

static void header(struct mod *m)
{
	static const uint8_t h[8] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };

	m->len = 0;
	raw(m, h, 8);
}

/* A section whose body is body[0..n). */
static void section(struct mod *m, uint8_t id, const struct mod *body)
{
	raw(m, &id, 1);
	u32(m, (uint32_t)body->len);
	raw(m, body->b, body->len);
}

/* A module: a type section (one () -> i32 type), then an import section
 * of the given (module, name) function imports, then a custom section. */
static void module_of(struct mod *m, const char *const *pairs, size_t n)
{
	struct mod body = { .len = 0 };
	static const uint8_t type[] = { 1, 0x60, 0, 1, 0x7f };
	size_t i;

	header(m);
	raw(&body, type, sizeof(type));
	section(m, 1, &body);
	body.len = 0;
	u32(&body, (uint32_t)n);
	for (i = 0; i < n; i++) {
		str(&body, pairs[2 * i]);
		str(&body, pairs[2 * i + 1]);
		raw(&body, "\0\0", 2);	/* a function of type 0 */
	}
	section(m, 2, &body);
	body.len = 0;
	str(&body, "note");
	raw(&body, "kept", 4);
	section(m, 0, &body);
}

/* importnames_expand's result, and its output (freed by the caller). */
static int expand(const struct mod *m, struct mod *out)
{
	uint8_t *p = NULL;
	size_t n = 0;
	int rc = importnames_expand(m->b, m->len, &p, &n);

	out->len = 0;
	if (rc == 1 && n <= sizeof(out->b))
		raw(out, p, n);
	free(p);
	return rc;
}

static bool untouched(const struct mod *m)
{
	struct mod out;

	return expand(m, &out) == 0;
}

int main(void)
{
	struct mod m, out, want;
	const char *mod, *func, *func_c;

	/* Lookups: the lists' ends, and what is not in them. */
	CHECK(importnames_lookup("w", 1, "A", 1, &mod, &func));
	CHECK_STR(mod, "wasi_snapshot_preview1");
	CHECK_STR(func, "fd_write");
	CHECK(importnames_lookup("w", 1, "a", 1, &mod, &func));
	CHECK_STR(func, "args_get");
	CHECK(importnames_lookup("w", 1, "T", 1, &mod, &func));
	CHECK_STR(func, "sock_shutdown");
	CHECK(!importnames_lookup("w", 1, "U", 1, &mod, &func) && !mod);
	CHECK(importnames_lookup("p", 1, "i", 1, &mod, &func));
	CHECK_STR(mod, "vyoma_process");
	CHECK_STR(func, "supervise");
	CHECK(importnames_lookup("h", 1, "c", 1, &mod, &func));
	CHECK_STR(func, "sha256_final");
	CHECK(!importnames_lookup("h", 1, "d", 1, &mod, &func));
	CHECK(!importnames_lookup("q", 1, "a", 1, &mod, &func));
	CHECK(!importnames_lookup("w", 1, "", 0, &mod, &func));
	CHECK(!importnames_lookup("w", 1, "\0", 1, &mod, &func));
	CHECK(!importnames_lookup("ww", 2, "a", 1, &mod, &func));
	CHECK(!importnames_lookup("w", 1, "ab", 2, &mod, &func));

	/* Short names expand to exactly the module the full names make;
	 * other names, and the other sections, are kept as they were. */
	{
		const char *short_names[] = { "w", "A", "env", "x", "n", "a",
					      "h", "z", "w", "a" };
		const char *full[] = { "wasi_snapshot_preview1", "fd_write",
				       "env", "x", "vyoma_net", "connect",
				       "h", "z", "wasi_snapshot_preview1",
				       "args_get" };

		module_of(&m, short_names, 5);
		module_of(&want, full, 5);
		CHECK_INT(expand(&m, &out), 1);
		CHECK_INT(out.len, want.len);
		CHECK(out.len == want.len && !memcmp(out.b, want.b, out.len));
		CHECK(untouched(&want));	/* nothing short left */
	}

	/* Nothing short: untouched. No imports at all: untouched. */
	{
		const char *pairs[] = { "wasi_snapshot_preview1", "fd_write",
					"h", "z", "q", "a" };

		module_of(&m, pairs, 3);
		CHECK(untouched(&m));
		module_of(&m, pairs, 0);
		CHECK(untouched(&m));
	}

	/* Not a module, or cut anywhere inside a section: untouched. */
	{
		const char *pairs[] = { "w", "A", "w", "a" };
		size_t full_len, cut;
		bool all = true;

		module_of(&m, pairs, 2);
		full_len = m.len;
		/* where the custom section starts, the module is whole */
		for (cut = 0; cut < full_len; cut++) {
			m.len = cut;
			all &= untouched(&m) == (cut != full_len - 11);
		}
		CHECK(all);
		m.len = full_len;
		m.b[1] = 'b';
		CHECK(untouched(&m));
		m.b[1] = 'a';
		m.b[4] = 2;		/* a version we do not know */
		CHECK(untouched(&m));
	}

	/* An import section with: a count larger than it holds; a name
	 * length that wraps; an overlong LEB128 (six bytes, and a fifth
	 * with bits past 32); bytes after its last import; a memory
	 * import beside a short function name. */
	{
		static const uint8_t bodies[][32] = {
			{ 10, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 'w', 1, 'A', 0, 0 },
			{ 9, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 'w', 1, 'A', 0, 0 },
			{ 11, 1, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00, 'w', 1, 'A',
			  0 },
			{ 11, 1, 0x81, 0x80, 0x80, 0x80, 0x10, 'w', 1, 'A', 0, 0 },
			{ 8, 1, 1, 'w', 1, 'A', 0, 0, 0x55 },
			{ 13, 2, 1, 'w', 1, 'A', 0, 0, 1, 'e', 1, 'm', 2, 0 },
			{ 7, 1, 1, 'w', 1, 'A', 0, 0 },	/* a good one, last */
		};
		size_t i, n = sizeof(bodies) / sizeof(bodies[0]);

		for (i = 0; i < n; i++) {
			struct mod body = { .len = 0 };

			header(&m);
			raw(&body, bodies[i] + 1, bodies[i][0]);
			section(&m, 2, &body);
			if (i + 1 < n)
				CHECK(untouched(&m));
			else
				CHECK_INT(expand(&m, &out), 1);
		}
		/* The good one: 7 + 21 + 7 bytes of body. */
		CHECK_INT(out.len, 8 + 2 + 35);
		CHECK(out.len == 45 && !memcmp(out.b + 12,
					       "wasi_snapshot_preview1", 22));
	}

	/* A section whose size runs past the end, and one whose size field
	 * never ends. */
	{
		static const uint8_t past[] = { 2, 0x80, 0x01, 1, 1, 'w' };
		static const uint8_t endless[] = { 2, 0x80, 0x80, 0x80 };

		header(&m);
		raw(&m, past, sizeof(past));
		CHECK(untouched(&m));
		header(&m);
		raw(&m, endless, sizeof(endless));
		CHECK(untouched(&m));
	}

	/* Many short imports: the section's size needs more LEB128 bytes
	 * after the expansion than before, and each is written out. */
	{
		static const char *pairs[1200];
		uint8_t *p = NULL;
		size_t i, n = 0;

		for (i = 0; i < 600; i++) {
			pairs[2 * i] = "w";
			pairs[2 * i + 1] = "a";
		}
		module_of(&m, pairs, 600);
		CHECK_INT(importnames_expand(m.b, m.len, &p, &n), 1);
		/* each import grows by 21 + 7 bytes; the section's size
		 * field from two bytes to three */
		CHECK_INT(n, m.len + 600 * 28 + 1);
		CHECK(p && n > 30 && !memcmp(p + n - 21, "args_get", 8));
		free(p);
	}
	/* Other sections come through byte for byte, a size padded to
	 * five bytes (as the format allows) too. */
	{
		static const uint8_t imports[] = { 2, 7, 1, 1, 'w', 1, 'A', 0, 0 };
		static const uint8_t custom[] = { 0, 0x84, 0x80, 0x80, 0x80, 0x00,
						  1, 'x', 'y', 'z' };

		header(&m);
		raw(&m, custom, sizeof(custom));
		raw(&m, imports, sizeof(imports));
		raw(&m, custom, sizeof(custom));
		CHECK_INT(expand(&m, &out), 1);
		CHECK_INT(out.len, m.len + 28);
		CHECK(out.len == m.len + 28 &&
		      !memcmp(out.b + 8, custom, sizeof(custom)) &&
		      !memcmp(out.b + out.len - sizeof(custom), custom,
			      sizeof(custom)));
	}

	/* tools/import_names.py reads the lists from importnames.c: every
	 * pair it reads is the C lists' pair, and it reads all of them. */
	{
		FILE *py = popen("python3 tools/import_names.py dump", "r");
		char line[256], letter[8], place[8], module[64], func[64];
		size_t lines = 0, agree = 0;

		while (py && fgets(line, sizeof(line), py)) {
			lines++;
			if (sscanf(line, "%7s %7s %63s %63s", letter, place,
				   module, func) == 4 &&
			    importnames_lookup(letter, strlen(letter), place,
					       strlen(place), &mod, &func_c) &&
			    !strcmp(mod, module) && !strcmp(func_c, func))
				agree++;
		}
		CHECK(py && pclose(py) == 0);
		CHECK_INT(lines, IMPORTNAMES_COUNT);
		CHECK_INT(agree, IMPORTNAMES_COUNT);
	}
	return check_summary("importnames");
}
