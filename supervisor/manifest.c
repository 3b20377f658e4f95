/*
 * manifest.c - maps a parsed TOML document onto struct manifest. The
 * schema is data (two tables of known keys); anything not in them is an
 * error rather than silently ignored, because a misspelt capability must
 * never quietly mean "not granted" or "granted".
 */
#include "manifest.h"
#include "toml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const cap_names[CAP_COUNT] = {
	[CAP_STDIO] = "stdio",
	[CAP_FILESYSTEM] = "filesystem",
	[CAP_NETWORK] = "network",
	[CAP_DISPLAY] = "display",
	[CAP_SHELL] = "shell",
	[CAP_MOUSE] = "mouse",
};

const char *capability_name(enum capability cap)
{
	return cap < CAP_COUNT ? cap_names[cap] : "?";
}

struct ctx {
	const char *path;
	char *err;
	size_t errlen;
	struct manifest *m;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct ctx *c, struct toml_pos pos, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(c->err, c->errlen, "%s:%d:%d: ", c->path, pos.line,
			 pos.col);

	if (n < 0 || (size_t)n >= c->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool valid_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > MANIFEST_NAME_MAX || s[0] == '-')
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static bool valid_entry(const char *s, size_t len)
{
	return len > 5 && !memchr(s, '/', len) && !memchr(s, '\0', len) &&
	       s[0] != '.' && strcmp(s + len - 5, ".wasm") == 0;
}

/* One [app] key: where it goes, how long it may be, what it must look like. */
struct app_field {
	const char *key;
	size_t offset, size;
	bool required;
	bool (*check)(const char *s, size_t len);
	const char *hint;
};

static const struct app_field app_fields[] = {
	{ "name", offsetof(struct manifest, name), MANIFEST_NAME_MAX + 1, true,
	  valid_name, "lower-case letters, digits and '-', at most 32" },
	{ "version", offsetof(struct manifest, version), 33, true, NULL, NULL },
	{ "entry", offsetof(struct manifest, entry), 129, true, valid_entry,
	  "a file name ending in .wasm, beside vyoma.toml" },
	{ "description", offsetof(struct manifest, description), 257, false,
	  NULL, NULL },
	{ "category", offsetof(struct manifest, category), 33, false,
	  valid_name, "lower-case letters, digits and '-'" },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static int parse_app(struct ctx *c, const struct toml_value *app)
{
	bool seen[ARRAY_LEN(app_fields)] = { false };
	size_t i, f;

	for (i = 0; i < app->u.table.len; i++) {
		const struct toml_keyval *kv = &app->u.table.items[i];
		const struct toml_value *v = kv->value;

		for (f = 0; f < ARRAY_LEN(app_fields); f++)
			if (strcmp(kv->key, app_fields[f].key) == 0)
				break;
		if (f == ARRAY_LEN(app_fields))
			return fail(c, kv->pos, "unknown key '%s' in [app] "
				    "(known: name, version, entry, description, "
				    "category)", kv->key);
		if (v->type != TOML_STRING)
			return fail(c, v->pos, "[app] %s must be a string, not %s",
				    kv->key, toml_type_name(v->type));
		if (v->u.str.len == 0 || v->u.str.len >= app_fields[f].size)
			return fail(c, v->pos, "[app] %s must be 1 to %zu "
				    "characters", kv->key,
				    app_fields[f].size - 1);
		if (app_fields[f].check &&
		    !app_fields[f].check(v->u.str.ptr, v->u.str.len))
			return fail(c, v->pos, "invalid [app] %s \"%s\": %s",
				    kv->key, v->u.str.ptr, app_fields[f].hint);
		memcpy((char *)c->m + app_fields[f].offset, v->u.str.ptr,
		       v->u.str.len + 1);
		seen[f] = true;
	}
	for (f = 0; f < ARRAY_LEN(app_fields); f++)
		if (app_fields[f].required && !seen[f])
			return fail(c, app->pos, "[app] is missing '%s'",
				    app_fields[f].key);
	return 0;
}

static int parse_capabilities(struct ctx *c, const struct toml_value *caps)
{
	size_t i;
	int cap;

	for (i = 0; i < caps->u.table.len; i++) {
		const struct toml_keyval *kv = &caps->u.table.items[i];

		for (cap = 0; cap < CAP_COUNT; cap++)
			if (strcmp(kv->key, cap_names[cap]) == 0)
				break;
		if (cap == CAP_COUNT)
			return fail(c, kv->pos, "unknown capability '%s' (known: "
				    "stdio, filesystem, network, display, shell, "
				    "mouse)", kv->key);
		if (kv->value->type != TOML_BOOL)
			return fail(c, kv->value->pos, "capability '%s' must be "
				    "true or false, not %s", kv->key,
				    toml_type_name(kv->value->type));
		c->m->caps[cap] = kv->value->u.boolean;
	}
	return 0;
}

int manifest_parse(const char *src, size_t len, const char *path,
		   struct manifest *m, char *err, size_t errlen)
{
	struct ctx c = { path, err, errlen, m };
	struct toml_error terr;
	struct toml_value *root;
	const struct toml_value *app = NULL;
	size_t i;
	int rc = 0;

	memset(m, 0, sizeof(*m));
	root = toml_parse(src, len, &terr);
	if (!root)
		return fail(&c, terr.pos, "%s", terr.msg);
	for (i = 0; i < root->u.table.len && rc == 0; i++) {
		const struct toml_keyval *kv = &root->u.table.items[i];

		if (kv->value->type != TOML_TABLE)
			rc = fail(&c, kv->pos, "'%s' must be a table like "
				  "[%s]", kv->key, kv->key);
		else if (strcmp(kv->key, "app") == 0)
			rc = parse_app(&c, app = kv->value);
		else if (strcmp(kv->key, "capabilities") == 0)
			rc = parse_capabilities(&c, kv->value);
		else
			rc = fail(&c, kv->pos, "unknown table [%s] (known: "
				  "[app], [capabilities])", kv->key);
	}
	if (rc == 0 && !app)
		rc = fail(&c, (struct toml_pos){ 1, 1 }, "missing [app] table");
	toml_free(root);
	return rc;
}

int manifest_load(const char *path, struct manifest *m, char *err,
		  size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;
	int rc;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    size > 1 << 20 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		snprintf(err, errlen, "%s: unreadable or larger than 1 MiB",
			 path);
		return -1;
	}
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		fclose(f);
		snprintf(err, errlen, "%s: read failed", path);
		return -1;
	}
	fclose(f);
	rc = manifest_parse(buf, (size_t)size, path, m, err, errlen);
	free(buf);
	return rc;
}
