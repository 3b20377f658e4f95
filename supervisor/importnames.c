/*
 * importnames.c - the short import names' lists, and their expansion in
 * a module's import section (importnames.h).
 *
 * The module is untrusted and this runs in the compile helper, under its
 * limits, before Wasmtime has validated anything: every length is
 * checked against what is left before it is used, and anything this
 * does not fully understand is handed on untouched for Wasmtime to
 * reject. tools/import_names.py reads these lists from this file; keep
 * their layout.
 */
#include "importnames.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A function's short name is its place in its list, as one of these. */
static const char places[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/* Append only (importnames.h). WASI preview 1, in its witx order. */
static const char *const wasi_funcs[] = {
	"args_get", "args_sizes_get", "environ_get", "environ_sizes_get",
	"clock_res_get", "clock_time_get", "fd_advise", "fd_allocate",
	"fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
	"fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size",
	"fd_filestat_set_times", "fd_pread", "fd_prestat_get",
	"fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir",
	"fd_renumber", "fd_seek", "fd_sync", "fd_tell", "fd_write",
	"path_create_directory", "path_filestat_get",
	"path_filestat_set_times", "path_link", "path_open", "path_readlink",
	"path_remove_directory", "path_rename", "path_symlink",
	"path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise",
	"sched_yield", "random_get", "sock_accept", "sock_recv", "sock_send",
	"sock_shutdown",
};

/* Append only. procapi.c, netapi.c, devapi.c, hashapi.c. */
static const char *const process_funcs[] = {
	"spawn", "wait", "kill", "pipe", "pipe_tty", "open", "exitfd",
	"commands", "supervise", "request", "strerror",
};
static const char *const net_funcs[] = {
	"connect", "connect_status", "listen", "resolve", "address",
	"sockopt",
};
static const char *const device_funcs[] = {
	"open", "rtc",
};
static const char *const hash_funcs[] = {
	"sha256_init", "sha256_update", "sha256_final",
};
/* The shared libraries' (libraries.h): lib_vytool's. */
static const char *const vytool_funcs[] = {
	"sed_escape", "comp", "exec", "mark", "release", "subst", "path",
	"open", "read", "getdelim", "write_fd", "opts",
};

struct short_module {
	const char *letter;
	const char *name;
	const char *const *funcs;
	size_t count;
};

_Static_assert(COUNT(wasi_funcs) + COUNT(process_funcs) + COUNT(net_funcs) +
	       COUNT(device_funcs) + COUNT(hash_funcs) + COUNT(vytool_funcs) ==
	       IMPORTNAMES_COUNT,
	       "a function added to the lists: bump IMPORTNAMES_COUNT");

static const struct short_module modules[] = {
	{ "w", "wasi_snapshot_preview1", wasi_funcs, COUNT(wasi_funcs) },
	{ "p", "vyoma_process", process_funcs, COUNT(process_funcs) },
	{ "n", "vyoma_net", net_funcs, COUNT(net_funcs) },
	{ "d", "vyoma_device", device_funcs, COUNT(device_funcs) },
	{ "h", "vyoma_hash", hash_funcs, COUNT(hash_funcs) },
	/* "r": lib_regex's letter once; its five are lib_vytool's first */
	{ "r", "lib_vytool", vytool_funcs, COUNT(vytool_funcs) },
};

int importnames_lookup(const char *module, size_t module_len,
		       const char *func, size_t func_len,
		       const char **full_module, const char **full_func)
{
	const char *place;
	size_t i;

	*full_module = *full_func = NULL;
	if (module_len != 1 || func_len != 1 || !func[0])
		return 0;
	place = strchr(places, func[0]);
	if (!place)
		return 0;
	for (i = 0; i < COUNT(modules); i++) {
		if (modules[i].letter[0] != module[0])
			continue;
		if ((size_t)(place - places) >= modules[i].count)
			return 0;
		*full_module = modules[i].name;
		*full_func = modules[i].funcs[place - places];
		return 1;
	}
	return 0;
}

/* ---- reading the module ------------------------------------------------ */

struct reader {
	const uint8_t *p;
	size_t len, pos;
	bool bad;
};

static uint8_t read_byte(struct reader *r)
{
	if (r->bad || r->pos >= r->len) {
		r->bad = true;
		return 0;
	}
	return r->p[r->pos++];
}

/* An unsigned LEB128 of at most 32 bits, in at most five bytes. */
static uint32_t read_u32(struct reader *r)
{
	uint32_t value = 0;
	unsigned shift;

	for (shift = 0; shift < 35; shift += 7) {
		uint8_t b = read_byte(r);

		if (shift == 28 && (b & 0xf0))
			break;		/* more than 32 bits, or a sixth byte */
		value |= (uint32_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return value;
	}
	r->bad = true;
	return 0;
}

/* n bytes in place, or NULL once they run past the end. */
static const uint8_t *read_bytes(struct reader *r, size_t n)
{
	const uint8_t *at;

	if (r->bad || n > r->len - r->pos) {
		r->bad = true;
		return NULL;
	}
	at = r->p + r->pos;
	r->pos += n;
	return at;
}

/* ---- writing it out again ------------------------------------------------ */

/* A writer with no buffer only counts: the first pass sizes the second. */
struct writer {
	uint8_t *p;
	size_t len;
};

static void put(struct writer *w, const void *src, size_t n)
{
	if (w->p)
		memcpy(w->p + w->len, src, n);
	w->len += n;
}

static void put_u32(struct writer *w, uint32_t v)
{
	do {
		uint8_t b = v & 0x7f;

		v >>= 7;
		if (v)
			b |= 0x80;
		put(w, &b, 1);
	} while (v);
}

static void put_name(struct writer *w, const char *s)
{
	put_u32(w, (uint32_t)strlen(s));
	put(w, s, strlen(s));
}

/*
 * The import section body[0..size) with its short names expanded, into w.
 * False if it is malformed or imports anything but functions; *expanded
 * counts the short names met.
 */
static bool expand_imports(const uint8_t *body, size_t size,
			   struct writer *w, size_t *expanded)
{
	struct reader r = { body, size, 0, false };
	uint32_t count = read_u32(&r), i;

	put_u32(w, count);
	for (i = 0; i < count && !r.bad; i++) {
		uint32_t module_len = read_u32(&r);
		const uint8_t *module = read_bytes(&r, module_len);
		uint32_t func_len = read_u32(&r);
		const uint8_t *func = read_bytes(&r, func_len);
		size_t desc = r.pos;
		const char *full_module, *full_func;

		if (read_byte(&r) != 0x00)	/* a function, by type index */
			return false;
		read_u32(&r);
		if (r.bad)
			return false;
		if (importnames_lookup((const char *)module, module_len,
				       (const char *)func, func_len,
				       &full_module, &full_func)) {
			put_name(w, full_module);
			put_name(w, full_func);
			(*expanded)++;
		} else {
			put_u32(w, module_len);
			put(w, module, module_len);
			put_u32(w, func_len);
			put(w, func, func_len);
		}
		put(w, body + desc, r.pos - desc);
	}
	return !r.bad && r.pos == size;
}

/* The whole module through w; false if it is malformed. */
static bool expand_module(const uint8_t *wasm, size_t len, struct writer *w,
			  size_t *expanded)
{
	static const uint8_t header[8] = { 0, 'a', 's', 'm', 1, 0, 0, 0 };
	struct reader r = { wasm, len, 0, false };
	const uint8_t *magic = read_bytes(&r, sizeof(header));

	if (!magic || memcmp(magic, header, sizeof(header)) != 0)
		return false;
	put(w, header, sizeof(header));
	while (r.pos < len) {
		size_t start = r.pos;
		uint8_t id = read_byte(&r);
		uint32_t size = read_u32(&r);
		const uint8_t *body = read_bytes(&r, size);
		struct writer section = { NULL, 0 };

		if (r.bad)
			return false;
		if (id != 2) {	/* byte for byte, a padded size too */
			put(w, wasm + start, r.pos - start);
			continue;
		}
		put(w, &id, 1);
		if (!expand_imports(body, size, &section, expanded) ||
		    section.len > UINT32_MAX)
			return false;
		put_u32(w, (uint32_t)section.len);
		if (w->p) {	/* the size is known: now the bytes */
			section.p = w->p + w->len;
			section.len = 0;
			expand_imports(body, size, &section, expanded);
		}
		w->len += section.len;
	}
	return true;
}

int importnames_expand(const uint8_t *wasm, size_t len, uint8_t **out,
		       size_t *out_len)
{
	struct writer sizing = { NULL, 0 }, w = { NULL, 0 };
	size_t expanded = 0;

	if (!expand_module(wasm, len, &sizing, &expanded) || !expanded)
		return 0;
	w.p = malloc(sizing.len);
	if (!w.p)
		return -1;
	expand_module(wasm, len, &w, &expanded);
	*out = w.p;
	*out_len = w.len;
	return 1;
}
