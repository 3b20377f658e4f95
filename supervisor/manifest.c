/*
 * manifest.c - maps a parsed TOML document onto struct manifest. The
 * schema is data: each section has a table of known keys, and anything
 * not in it is an error (with a "did you mean" hint) rather than silently
 * ignored, because a misspelt capability must never quietly mean "not
 * granted" or "granted".
 */
#include "manifest.h"
#include "devtable.h"
#include "netpolicy.h"
#include "file.h"
#include "message.h"
#include "queue.h"
#include "shell_commands.h"
#include "toml.h"
#include "utf8.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const cap_names[CAP_COUNT] = {
	[CAP_STDIO] = "stdio",
	[CAP_FILESYSTEM] = "filesystem",
	[CAP_NETWORK] = "network",
	[CAP_DISPLAY] = "display",
	[CAP_SHELL] = "shell",
	[CAP_MOUSE] = "mouse",
	[CAP_SPAWN] = "spawn",
	[CAP_DESKTOP] = "desktop",
	[CAP_CLIPBOARD] = "clipboard",
	[CAP_NOTIFY] = "notify",
	[CAP_LOGIN] = "login",
	[CAP_PACKAGES] = "packages",
	[CAP_UPDATES] = "updates",
	[CAP_DEVICES] = "devices",
};

/* The devices a manifest may name, in devtable.h's order. */
#define DEVICE_NAME(id, name, ...) [id] = name,
static const char *const device_names[DEVICE_COUNT + 1] = {
	DEVICE_TABLE(DEVICE_NAME)
};
#undef DEVICE_NAME

const char *manifest_device_name(unsigned device)
{
	return device < DEVICE_COUNT ? device_names[device] : "?";
}

int manifest_device_index(const char *name, size_t len)
{
	for (unsigned i = 0; i < DEVICE_COUNT; i++)
		if (strlen(device_names[i]) == len &&
		    memcmp(device_names[i], name, len) == 0)
			return (int)i;
	return -1;
}

static const char *const restart_names[] = {
	[RESTART_NEVER] = "never",
	[RESTART_ON_FAILURE] = "on-failure",
	[RESTART_ALWAYS] = "always",
};

static const char *const kind_names[] = {
	[KIND_WINDOW] = "window",
	[KIND_SERVICE] = "service",
	[KIND_COMMAND] = "command",
};

/* Every command the supervisor shell defines (docs/protocol.md). */
#define COMMAND_NAME(name, cap) #name,
const char *const manifest_shell_commands[] = {
	SHELL_COMMANDS(COMMAND_NAME) NULL,
};
#undef COMMAND_NAME

/* The capability that grants each, in the same order. */
#define COMMAND_CAP(name, cap) cap,
static const enum capability command_caps[] = {
	SHELL_COMMANDS(COMMAND_CAP)
};
#undef COMMAND_CAP

static const char *const cap_keys[] = {
	"stdio", "filesystem", "network", "display", "shell", "mouse", "spawn",
	"desktop", "clipboard", "notify", "login", "packages", "updates",
	"devices", NULL,
};

const char *capability_name(enum capability cap)
{
	return cap < CAP_COUNT ? cap_names[cap] : "?";
}

const char *restart_policy_name(enum restart_policy policy)
{
	return policy <= RESTART_ALWAYS ? restart_names[policy] : "?";
}

const char *app_kind_name(enum app_kind kind)
{
	return kind <= KIND_COMMAND ? kind_names[kind] : "?";
}

enum capability manifest_command_cap(const char *cmd, size_t len)
{
	size_t i;

	for (i = 0; manifest_shell_commands[i]; i++)
		if (strlen(manifest_shell_commands[i]) == len &&
		    memcmp(manifest_shell_commands[i], cmd, len) == 0)
			return command_caps[i];
	return CAP_COUNT;
}

bool manifest_shell_command_known(const char *name)
{
	return manifest_command_cap(name, strlen(name)) == CAP_SHELL;
}

void manifest_narrow_shell(struct manifest *child,
			   const struct manifest *parent)
{
	size_t i, n = 0, had;

	if (!child->caps[CAP_SHELL] || parent->shell_all)
		return;
	if (child->shell_all) {
		child->shell_all = false;
		memcpy(child->shell, parent->shell, sizeof(child->shell));
		child->shell_count = parent->shell_count;
	}
	had = child->shell_count;
	for (i = 0; i < child->shell_count; i++)
		if (manifest_allows_command(parent, child->shell[i],
					    strlen(child->shell[i])))
			memmove(child->shell[n++], child->shell[i],
				sizeof(child->shell[i]));
	child->shell_count = n;
	/*
	 * Nothing left of a list is no shell; an empty list (`shell = []`:
	 * only the supervise call, for commands other capabilities grant,
	 * such as pkg's) is within any parent's that has the capability.
	 */
	if ((had && !n) || !parent->caps[CAP_SHELL]) {
		child->caps[CAP_SHELL] = false;
		child->shell_count = 0;
	}
}

bool manifest_allows_command(const struct manifest *m, const char *cmd,
			     size_t len)
{
	enum capability cap = manifest_command_cap(cmd, len);
	size_t i;

	/* The desktop's commands: their own capability, not shell's. */
	if (cap != CAP_SHELL && cap != CAP_COUNT)
		return m->caps[cap];
	if (!m->caps[CAP_SHELL])
		return false;
	if (m->shell_all)
		return true;
	for (i = 0; i < m->shell_count; i++)
		if (strlen(m->shell[i]) == len &&
		    memcmp(m->shell[i], cmd, len) == 0)
			return true;
	return false;
}

struct ctx {
	const char *path;
	char *err;
	size_t errlen;
	struct manifest *m;
	/* Where keys that are checked against each other were given;
	 * line 0 when absent. */
	struct toml_pos kind_pos, autostart_pos, restart_pos, opens_pos;
	struct toml_pos desktop_pos, login_pos, serves_pos, devices_pos;
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

/* Edit distance, for "did you mean"; keys are short. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[33], prev, tmp;

	if (la > 32 || lb > 32)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

/* ", did you mean 'x'?" for a near miss, else "; known: a, b, c". */
static void hint(const char *key, const char *const *known, char *buf,
		 size_t len)
{
	size_t i, n = 0, best = 3;
	const char *closest = NULL;

	for (i = 0; known[i]; i++) {
		size_t d = distance(key, known[i]);

		if (d < best) {
			best = d;
			closest = known[i];
		}
	}
	if (closest) {
		snprintf(buf, len, ", did you mean '%s'?", closest);
		return;
	}
	n = (size_t)snprintf(buf, len, " (known:");
	for (i = 0; known[i] && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s %s",
				      i ? "," : "", known[i]);
	if (n < len)
		snprintf(buf + n, len - n, ")");
}

/*
 * Every key of table must be one of known (NULL-terminated). Reported as
 * "unknown <noun> '<key>'<where>" and a hint.
 */
static int check_keys(struct ctx *c, const struct toml_value *t,
		      const char *noun, const char *where,
		      const char *const *known)
{
	size_t i, k;
	char tip[160];

	for (i = 0; i < t->u.table.len; i++) {
		const struct toml_keyval *kv = &t->u.table.items[i];

		/* A quoted key may hold a NUL ("shell\u0000"). Compared as a
		 * C string it would pass for the key before the NUL, and that
		 * key's section would be applied twice, counting past the
		 * arrays it fills (16 shell commands, 16 hosts). */
		if (strlen(kv->key) != kv->keylen)
			return fail(c, kv->pos, "unknown %s '%s\\u0000...'%s: "
				    "no name has a NUL in it", noun, kv->key,
				    where);
		for (k = 0; known[k]; k++)
			if (strcmp(kv->key, known[k]) == 0)
				break;
		if (known[k])
			continue;
		hint(kv->key, known, tip, sizeof(tip));
		return fail(c, kv->pos, "unknown %s '%s'%s%s", noun, kv->key,
			    where, tip);
	}
	return 0;
}

static int want(struct ctx *c, const struct toml_value *v, enum toml_type type,
		const char *what)
{
	if (v->type == type)
		return 0;
	return fail(c, v->pos, "%s must be %s %s, not %s", what,
		    type == TOML_INTEGER || type == TOML_ARRAY ? "an" : "a", toml_type_name(type),
		    toml_type_name(v->type));
}

/* Copies a string value into buf (size bytes with the NUL). */
static int copy_string(struct ctx *c, const struct toml_value *v,
		       const char *what, char *buf, size_t size)
{
	if (want(c, v, TOML_STRING, what))
		return -1;
	if (v->u.str.len == 0 || v->u.str.len >= size ||
	    memchr(v->u.str.ptr, '\0', v->u.str.len))
		return fail(c, v->pos, "%s must be 1 to %zu characters", what,
			    size - 1);
	/* Manifest strings are shown to people and apps (caps, titles):
	 * nothing in them may act on a terminal. */
	if (utf8_has_control(v->u.str.ptr, v->u.str.len))
		return fail(c, v->pos, "%s must not contain control characters",
			    what);
	memcpy(buf, v->u.str.ptr, v->u.str.len + 1);
	return 0;
}

static int get_int(struct ctx *c, const struct toml_value *v,
		   const char *what, long min, long max, int *out)
{
	if (want(c, v, TOML_INTEGER, what))
		return -1;
	if (v->u.integer < min || v->u.integer > max)
		return fail(c, v->pos, "%s must be from %ld to %ld, not %" PRId64,
			    what, min, max, v->u.integer);
	*out = (int)v->u.integer;
	return 0;
}

/* ---- [app] ---------------------------------------------------------------- */

bool manifest_name_valid(const char *s)
{
	size_t i, len = strlen(s);

	if (len == 0 || len > MANIFEST_NAME_MAX || s[0] == '-')
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static bool valid_entry(const char *s)
{
	size_t len = strlen(s);

	return len > 5 && !strchr(s, '/') && s[0] != '.' &&
	       strcmp(s + len - 5, ".wasm") == 0;
}

/* One [app] key: where it goes, how long it may be, what it must look like. */
static const struct app_field {
	const char *key;
	size_t offset, size;
	bool required;
	bool (*check)(const char *s);
	const char *hint;
} app_fields[] = {
	{ "name", offsetof(struct manifest, name), MANIFEST_NAME_MAX + 1, true,
	  manifest_name_valid,
	  "lower-case letters, digits and '-', at most 32" },
	{ "version", offsetof(struct manifest, version), 33, true, NULL, NULL },
	{ "entry", offsetof(struct manifest, entry), 129, true, valid_entry,
	  "a file name ending in .wasm, beside vyoma.toml" },
	{ "description", offsetof(struct manifest, description), 257, false,
	  NULL, NULL },
	{ "category", offsetof(struct manifest, category), 33, false,
	  manifest_name_valid, "lower-case letters, digits and '-'" },
};

static const char *const app_keys[] = {
	"name", "version", "entry", "description", "category", "kind", "opens",
	"serves", NULL,
};

static int parse_kind(struct ctx *c, const struct toml_value *v)
{
	size_t i;

	if (want(c, v, TOML_STRING, "[app] kind"))
		return -1;
	for (i = 0; i < ARRAY_LEN(kind_names); i++)
		if (strcmp(v->u.str.ptr, kind_names[i]) == 0)
			break;
	if (i == ARRAY_LEN(kind_names))
		return fail(c, v->pos, "[app] kind must be \"window\", "
			    "\"service\" or \"command\", not \"%s\"",
			    v->u.str.ptr);
	c->m->kind = (enum app_kind)i;
	c->kind_pos = v->pos;
	return 0;
}

/* A file type: a lower-case extension without its dot, [a-z0-9]{1,8}. */
static bool valid_extension(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > MANIFEST_OPENS_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

bool manifest_opens(const struct manifest *m, const char *ext, size_t len)
{
	size_t i;

	for (i = 0; i < m->opens_count; i++)
		if (strlen(m->opens[i]) == len &&
		    memcmp(m->opens[i], ext, len) == 0)
			return true;
	return false;
}

/* [app] opens = ["txt", "md"]: the file types `open` starts it on. */
static int parse_opens(struct ctx *c, const struct toml_value *list)
{
	size_t i;

	if (want(c, list, TOML_ARRAY, "[app] opens"))
		return -1;
	if (list->u.array.len > MANIFEST_MAX_OPENS)
		return fail(c, list->pos, "[app] opens may name at most %d "
			    "file types", MANIFEST_MAX_OPENS);
	for (i = 0; i < list->u.array.len; i++) {
		const struct toml_value *v = list->u.array.items[i];

		if (want(c, v, TOML_STRING, "a file type in [app] opens"))
			return -1;
		if (!valid_extension(v->u.str.ptr, v->u.str.len))
			return fail(c, v->pos, "invalid file type in [app] "
				    "opens: an extension without its dot, 1 "
				    "to %d lower-case letters and digits "
				    "(like \"txt\")", MANIFEST_OPENS_LEN);
		if (manifest_opens(c->m, v->u.str.ptr, v->u.str.len))
			return fail(c, v->pos, "file type \"%s\" is named "
				    "twice in [app] opens", v->u.str.ptr);
		memcpy(c->m->opens[i], v->u.str.ptr, v->u.str.len + 1);
		c->m->opens_count++;
	}
	c->opens_pos = list->pos;
	return 0;
}

/* [app] serves = "everyone": the one audience there is besides the
 * user an app runs for. */
static int parse_serves(struct ctx *c, const struct toml_value *v)
{
	if (want(c, v, TOML_STRING, "[app] serves"))
		return -1;
	if (strcmp(v->u.str.ptr, "everyone") != 0)
		return fail(c, v->pos, "[app] serves must be \"everyone\", "
			    "not \"%s\"", v->u.str.ptr);
	c->m->serves_everyone = true;
	c->serves_pos = v->pos;
	return 0;
}

static int parse_app(struct ctx *c, const struct toml_value *app)
{
	bool seen[ARRAY_LEN(app_fields)] = { false };
	size_t i, f;
	char what[32];

	if (check_keys(c, app, "key", " in [app]", app_keys))
		return -1;
	/* In document order, so the first mistake in the file is reported. */
	for (i = 0; i < app->u.table.len; i++) {
		const struct toml_keyval *kv = &app->u.table.items[i];
		const struct app_field *af;
		char *dst;

		if (strcmp(kv->key, "kind") == 0) {
			if (parse_kind(c, kv->value))
				return -1;
			continue;
		}
		if (strcmp(kv->key, "opens") == 0) {
			if (parse_opens(c, kv->value))
				return -1;
			continue;
		}
		if (strcmp(kv->key, "serves") == 0) {
			if (parse_serves(c, kv->value))
				return -1;
			continue;
		}
		for (f = 0; strcmp(app_fields[f].key, kv->key) != 0; f++)
			;
		af = &app_fields[f];
		dst = (char *)c->m + af->offset;
		snprintf(what, sizeof(what), "[app] %s", af->key);
		if (copy_string(c, kv->value, what, dst, af->size))
			return -1;
		if (af->check && !af->check(dst))
			return fail(c, kv->value->pos, "invalid [app] %s "
				    "\"%s\": %s", af->key, dst, af->hint);
		if (af->offset == offsetof(struct manifest, name) &&
		    ipc_name_reserved(dst, strlen(dst)))
			return fail(c, kv->value->pos, "[app] name \"%s\" is "
				    "reserved: the protocol uses it", dst);
		seen[f] = true;
	}
	for (f = 0; f < ARRAY_LEN(app_fields); f++)
		if (app_fields[f].required && !seen[f])
			return fail(c, app->pos, "[app] is missing '%s'",
				    app_fields[f].key);
	return 0;
}

/* ---- [capabilities] ------------------------------------------------------- */

/* Absolute, no empty, "." or ".." components, no trailing slash. */
static bool clean_absolute_path(const char *p)
{
	const char *s = p;

	if (p[0] != '/' || strcmp(p, "/") == 0)
		return false;
	while (*s == '/') {
		const char *end = strchr(s + 1, '/');
		size_t n = end ? (size_t)(end - s - 1) : strlen(s + 1);

		if (n == 0 || (n == 1 && s[1] == '.') ||
		    (n == 2 && s[1] == '.' && s[2] == '.'))
			return false;
		s += n + 1;
	}
	return *s == '\0';
}

/*
 * Where an app sees a grant: "/", a clean absolute path, or a clean
 * relative name (WASI preopens are names: `wasmtime run --dir d` gives
 * the guest "d"), never with "." or ".." parts.
 */
static bool clean_mount_path(const char *p)
{
	char abs[MANIFEST_PATH_MAX + 2];

	if (strcmp(p, "/") == 0)
		return true;
	if (p[0] == '/')
		return clean_absolute_path(p);
	if (snprintf(abs, sizeof(abs), "/%s", p) >= (int)sizeof(abs))
		return false;
	return clean_absolute_path(abs);
}

static const char *const grant_keys[] = { "path", "mount", "mode", NULL };

static int parse_grant(struct ctx *c, const struct toml_value *t)
{
	struct manifest *m = c->m;
	struct fs_grant *g;
	const struct toml_value *v;
	size_t i;

	if (want(c, t, TOML_TABLE, "a filesystem grant"))
		return -1;
	if (m->grant_count == MANIFEST_MAX_GRANTS)
		return fail(c, t->pos, "at most %d filesystem grants",
			    MANIFEST_MAX_GRANTS);
	if (check_keys(c, t, "key", " in a filesystem grant", grant_keys))
		return -1;
	g = &m->grants[m->grant_count];
	v = toml_get(t, "path");
	if (!v)
		return fail(c, t->pos, "a filesystem grant needs 'path', the "
			    "host directory to share");
	if (copy_string(c, v, "grant path", g->host_path,
			sizeof(g->host_path)))
		return -1;
	if (!clean_absolute_path(g->host_path))
		return fail(c, v->pos, "grant path \"%s\" must be absolute, "
			    "without '.', '..' or empty parts", g->host_path);
	v = toml_get(t, "mount");
	if (v) {
		if (copy_string(c, v, "grant mount", g->guest_path,
				sizeof(g->guest_path)))
			return -1;
		if (!clean_mount_path(g->guest_path))
			return fail(c, v->pos, "grant mount \"%s\" must be "
				    "\"/\" or a path without '.', '..' or "
				    "empty parts", g->guest_path);
	} else {
		memcpy(g->guest_path, g->host_path, sizeof(g->guest_path));
	}
	/* Every user's home is under /home: a grant there would stand in
	 * for one, in the eyes of an app, a file chooser or a person. */
	if (strcmp(g->guest_path, "/home") == 0 ||
	    strncmp(g->guest_path, "/home/", 6) == 0 ||
	    strcmp(g->guest_path, "/tmp") == 0)
		return fail(c, v ? v->pos : t->pos, "mount \"%s\" is where "
			    "the users' files are (filesystem user); choose "
			    "another", g->guest_path);
	if (m->data_dir && strcmp(g->guest_path, "/data") == 0)
		return fail(c, v ? v->pos : t->pos, "mount \"/data\" is the "
			    "app's own data directory; choose another");
	for (i = 0; i < m->grant_count; i++)
		if (strcmp(m->grants[i].guest_path, g->guest_path) == 0)
			return fail(c, v ? v->pos : t->pos, "\"%s\" is mounted "
				    "twice", g->guest_path);
	v = toml_get(t, "mode");
	if (v) {
		if (want(c, v, TOML_STRING, "grant mode"))
			return -1;
		if (strcmp(v->u.str.ptr, "rw") == 0)
			g->writable = true;
		else if (strcmp(v->u.str.ptr, "ro") != 0)
			return fail(c, v->pos, "grant mode must be \"ro\" "
				    "(read-only) or \"rw\" (read-write), not "
				    "\"%s\"", v->u.str.ptr);
	}
	m->grant_count++;
	return 0;
}

static const char *const filesystem_keys[] = { "data", "user", "grant",
						NULL };

static int parse_filesystem(struct ctx *c, const struct toml_value *t)
{
	const struct toml_value *v = toml_get(t, "data");
	size_t i;

	if (check_keys(c, t, "key", " in [capabilities.filesystem]",
		       filesystem_keys))
		return -1;
	c->m->data_dir = true;
	if (v) {
		if (want(c, v, TOML_BOOL, "filesystem data"))
			return -1;
		c->m->data_dir = v->u.boolean;
	}
	v = toml_get(t, "user");
	if (v) {
		if (want(c, v, TOML_STRING, "filesystem user"))
			return -1;
		if (strcmp(v->u.str.ptr, "ro") == 0)
			c->m->user = USER_FILES_RO;
		else if (strcmp(v->u.str.ptr, "rw") == 0)
			c->m->user = USER_FILES_RW;
		else
			return fail(c, v->pos, "filesystem user must be \"ro\" "
				    "(read the user's files) or \"rw\" (read "
				    "and write them), not \"%s\"", v->u.str.ptr);
	}
	v = toml_get(t, "grant");
	if (!v)
		return 0;
	if (want(c, v, TOML_ARRAY, "filesystem grant"))
		return fail(c, v->pos, "write grants as [[capabilities."
			    "filesystem.grant]] tables");
	for (i = 0; i < v->u.array.len; i++)
		if (parse_grant(c, v->u.array.items[i]))
			return -1;
	return 0;
}

static const char *const network_keys[] = {
	"hosts", "listen", "resolve", NULL,
};

/* A list of at most max strings (or, for listen, numbers too). */
static int want_list(struct ctx *c, const struct toml_value *v,
		     const char *what, size_t max)
{
	if (want(c, v, TOML_ARRAY, what))
		return -1;
	if (v->u.array.len > max)
		return fail(c, v->pos, "at most %zu %s", max, what);
	return 0;
}

static int parse_hosts(struct ctx *c, const struct toml_value *hosts)
{
	size_t i;

	if (want_list(c, hosts, "network hosts", MANIFEST_MAX_HOSTS))
		return -1;
	for (i = 0; i < hosts->u.array.len; i++) {
		const struct toml_value *h = hosts->u.array.items[i];
		char *dst = c->m->hosts[i];
		struct netpolicy_pattern p;
		const char *why;

		if (copy_string(c, h, "a network host", dst, 128))
			return -1;
		if (netpolicy_parse_host(dst, &p, &why))
			return fail(c, h->pos, "network host \"%s\": %s", dst,
				    why);
		c->m->host_count++;
	}
	return 0;
}

static int parse_listen(struct ctx *c, const struct toml_value *list)
{
	size_t i;

	if (want_list(c, list, "listen ports", MANIFEST_MAX_LISTEN))
		return -1;
	for (i = 0; i < list->u.array.len; i++) {
		const struct toml_value *v = list->u.array.items[i];
		const char *why = "a listen port must be a number from 1 to "
				  "65535 or a range \"low-high\"";
		int lo, hi;

		if (v->type == TOML_INTEGER) {
			if (v->u.integer < 1 || v->u.integer > 65535)
				return fail(c, v->pos, "%s", why);
			lo = hi = (int)v->u.integer;
		} else if (v->type != TOML_STRING ||
			   netpolicy_parse_ports(v->u.str.ptr, &lo, &hi,
						 &why)) {
			return fail(c, v->pos, "%s", why);
		}
		c->m->listen[i][0] = (uint16_t)lo;
		c->m->listen[i][1] = (uint16_t)hi;
		c->m->listen_count++;
	}
	return 0;
}

static int parse_resolve(struct ctx *c, const struct toml_value *list)
{
	size_t i;

	if (want_list(c, list, "resolve names", MANIFEST_MAX_RESOLVE))
		return -1;
	for (i = 0; i < list->u.array.len; i++) {
		const struct toml_value *v = list->u.array.items[i];
		char *dst = c->m->resolve[i];
		struct netpolicy_pattern p;
		const char *why;

		if (copy_string(c, v, "a name to resolve", dst, 128))
			return -1;
		if (netpolicy_parse_name(dst, &p, &why))
			return fail(c, v->pos, "resolve name \"%s\": %s", dst,
				    why);
		c->m->resolve_count++;
	}
	return 0;
}

/*
 * hosts: where it may connect; listen: the ports it may serve on;
 * resolve: names it may look up besides those its hosts name. `network
 * = true` alone grants no host and no port.
 */
static int parse_network(struct ctx *c, const struct toml_value *t)
{
	const struct toml_value *v;

	if (check_keys(c, t, "key", " in [capabilities.network]",
		       network_keys))
		return -1;
	if ((v = toml_get(t, "hosts")) && parse_hosts(c, v))
		return -1;
	if ((v = toml_get(t, "listen")) && parse_listen(c, v))
		return -1;
	if ((v = toml_get(t, "resolve")) && parse_resolve(c, v))
		return -1;
	return 0;
}

static const char *const display_keys[] = {
	"title", "width", "height", NULL,
};

static int parse_display(struct ctx *c, const struct toml_value *t)
{
	const struct toml_value *v;

	if (check_keys(c, t, "key", " in [capabilities.display]",
		       display_keys))
		return -1;
	if ((v = toml_get(t, "title")) &&
	    copy_string(c, v, "display title", c->m->title,
			sizeof(c->m->title)))
		return -1;
	if ((v = toml_get(t, "width")) &&
	    get_int(c, v, "display width", 32, 8192, &c->m->width))
		return -1;
	if ((v = toml_get(t, "height")) &&
	    get_int(c, v, "display height", 32, 8192, &c->m->height))
		return -1;
	return 0;
}

static int parse_shell_list(struct ctx *c, const struct toml_value *list)
{
	enum capability cap;
	size_t i;
	char tip[200];

	if (list->u.array.len > MANIFEST_MAX_SHELL)
		return fail(c, list->pos, "at most %d shell commands",
			    MANIFEST_MAX_SHELL);
	for (i = 0; i < list->u.array.len; i++) {
		const struct toml_value *v = list->u.array.items[i];
		char *dst = c->m->shell[i];

		if (copy_string(c, v, "a shell command", dst, 17))
			return -1;
		cap = manifest_command_cap(dst, strlen(dst));
		if (cap != CAP_SHELL && cap != CAP_COUNT)
			return fail(c, v->pos, "shell command '%s' is granted "
				    "by its own capability (%s = true), not "
				    "by shell", dst, cap_names[cap]);
		if (!manifest_shell_command_known(dst)) {
			hint(dst, manifest_shell_commands, tip, sizeof(tip));
			return fail(c, v->pos, "unknown shell command '%s'%s",
				    dst, tip);
		}
		c->m->shell_count++;
	}
	return 0;
}

/*
 * The devices an app owns (devtable.h): names from the table, each once.
 * `true` would mean "every device" and is not a form this takes.
 */
static int parse_devices(struct ctx *c, const struct toml_value *list)
{
	char name[33], tip[200];
	size_t i;

	if (list->u.array.len == 0)
		return fail(c, list->pos, "devices lists no device: name "
			    "them (e.g. [\"hwrng\"]) or leave it out");
	for (i = 0; i < list->u.array.len; i++) {
		const struct toml_value *v = list->u.array.items[i];
		int d;

		if (copy_string(c, v, "a device", name, sizeof(name)))
			return -1;
		d = manifest_device_index(name, strlen(name));
		if (d < 0) {
			hint(name, device_names, tip, sizeof(tip));
			return fail(c, v->pos, "unknown device '%s'%s", name,
				    tip);
		}
		if (c->m->devices & (1u << d))
			return fail(c, v->pos, "device '%s' is listed twice",
				    name);
		c->m->devices |= 1u << d;
	}
	c->devices_pos = list->pos;
	return 0;
}

/*
 * Each capability: true/false, or (where it has options) a table, or for
 * shell and devices a list.
 */
static const struct cap_form {
	enum capability cap;
	int (*table)(struct ctx *c, const struct toml_value *t);
	int (*list)(struct ctx *c, const struct toml_value *list);
	bool needs_list;	/* no true/false form */
	const char *forms;	/* for the error message */
} cap_forms[CAP_COUNT] = {
	{ CAP_STDIO, NULL, NULL, false, "true or false" },
	{ CAP_FILESYSTEM, parse_filesystem, NULL, false,
	  "true, false or a table (data, user, grant)" },
	{ CAP_NETWORK, parse_network, NULL, false,
	  "true, false or a table (hosts, listen, resolve)" },
	{ CAP_DISPLAY, parse_display, NULL, false,
	  "true, false or a table (title, width, height)" },
	{ CAP_SHELL, NULL, parse_shell_list, false,
	  "true, false or a list of commands" },
	{ CAP_MOUSE, NULL, NULL, false, "true or false" },
	{ CAP_SPAWN, NULL, NULL, false, "true or false" },
	{ CAP_DESKTOP, NULL, NULL, false, "true or false" },
	{ CAP_CLIPBOARD, NULL, NULL, false, "true or false" },
	{ CAP_NOTIFY, NULL, NULL, false, "true or false" },
	{ CAP_LOGIN, NULL, NULL, false, "true or false" },
	{ CAP_PACKAGES, NULL, NULL, false, "true or false" },
	{ CAP_UPDATES, NULL, NULL, false, "true or false" },
	{ CAP_DEVICES, NULL, parse_devices, true,
	  "a list of device names (docs/drivers.md)" },
};

static int parse_capabilities(struct ctx *c, const struct toml_value *caps)
{
	size_t i;

	if (check_keys(c, caps, "capability", "", cap_keys))
		return -1;
	for (i = 0; i < caps->u.table.len; i++) {
		const struct toml_keyval *kv = &caps->u.table.items[i];
		const struct toml_value *v = kv->value;
		const struct cap_form *form = NULL;
		size_t k;

		for (k = 0; k < CAP_COUNT; k++)
			if (strcmp(kv->key, cap_names[k]) == 0)
				form = &cap_forms[k];
		if (v->type == TOML_BOOL && !form->needs_list) {
			c->m->caps[form->cap] = v->u.boolean;
			if (form->cap == CAP_FILESYSTEM)
				c->m->data_dir = v->u.boolean;
			if (form->cap == CAP_SHELL)
				c->m->shell_all = v->u.boolean;
			if (form->cap == CAP_DESKTOP)
				c->desktop_pos = v->pos;
			if (form->cap == CAP_LOGIN)
				c->login_pos = v->pos;
		} else if (v->type == TOML_TABLE && form->table) {
			c->m->caps[form->cap] = true;
			if (form->table(c, v))
				return -1;
		} else if (v->type == TOML_ARRAY && form->list) {
			c->m->caps[form->cap] = true;
			if (form->list(c, v))
				return -1;
		} else {
			return fail(c, v->pos, "capability '%s' must be %s, "
				    "not %s", kv->key, form->forms,
				    toml_type_name(v->type));
		}
	}
	return 0;
}

/* ---- [resources] and [lifecycle] ----------------------------------------- */

static void human_bytes(uint64_t n, char *buf, size_t len)
{
	if (n % (1u << 30) == 0)
		snprintf(buf, len, "%" PRIu64 "GiB", n >> 30);
	else if (n % (1u << 20) == 0)
		snprintf(buf, len, "%" PRIu64 "MiB", n >> 20);
	else if (n % 1024 == 0)
		snprintf(buf, len, "%" PRIu64 "KiB", n >> 10);
	else
		snprintf(buf, len, "%" PRIu64 "B", n);
}

/*
 * "8MiB", "512KiB", "1GiB", "65536B" or a plain number of bytes, from min
 * to max; what names the key in messages.
 */
static int parse_bytes(struct ctx *c, const struct toml_value *v,
		       const char *what, uint64_t min, uint64_t max,
		       uint64_t *out)
{
	static const struct {
		const char *suffix;
		uint64_t scale;
	} units[] = {
		{ "GiB", 1ull << 30 }, { "MiB", 1ull << 20 },
		{ "KiB", 1ull << 10 }, { "B", 1 },
	};
	uint64_t bytes = 0;
	const char *s, *end;
	size_t u;

	if (v->type == TOML_INTEGER) {
		bytes = v->u.integer < 0 ? 0 : (uint64_t)v->u.integer;
	} else if (v->type == TOML_STRING) {
		s = v->u.str.ptr;
		/* Every digit is read; past max the value stays max + 1. */
		for (end = s; *end >= '0' && *end <= '9'; end++)
			bytes = bytes > max ? max + 1 :
				bytes * 10 + (uint64_t)(*end - '0');
		for (u = 0; u < ARRAY_LEN(units); u++)
			if (end > s && strcmp(end, units[u].suffix) == 0)
				break;
		if (u == ARRAY_LEN(units))
			return fail(c, v->pos, "%s \"%s\" must be a number with "
				    "a unit: B, KiB, MiB or GiB (e.g. \"8MiB\")",
				    what, s);
		/* Past max either way; never let the product wrap. */
		bytes = bytes > max / units[u].scale ? max + 1 :
			bytes * units[u].scale;
	} else {
		return fail(c, v->pos, "%s must be a string like \"8MiB\" or "
			    "an integer number of bytes, not %s", what,
			    toml_type_name(v->type));
	}
	if (bytes < min || bytes > max) {
		char lo[24], hi[24];

		human_bytes(min, lo, sizeof(lo));
		human_bytes(max, hi, sizeof(hi));
		return fail(c, v->pos, "%s must be from %s to %s", what, lo, hi);
	}
	*out = bytes;
	return 0;
}

static const char *const resources_keys[] = {
	"memory", "cpu", "queue", "queue_messages", "files", "disk", "sockets",
	NULL,
};

static int parse_resources(struct ctx *c, const struct toml_value *t)
{
	const struct toml_value *v;
	uint64_t bytes;
	int n = 0;

	if (check_keys(c, t, "key", " in [resources]", resources_keys))
		return -1;
	if ((v = toml_get(t, "memory"))) {
		if (parse_bytes(c, v, "memory", MANIFEST_MEMORY_MIN,
				MANIFEST_MEMORY_MAX, &bytes))
			return -1;
		c->m->memory_limit = bytes;
	}
	if ((v = toml_get(t, "queue"))) {
		if (parse_bytes(c, v, "queue", 4096, 16u << 20, &bytes))
			return -1;
		c->m->queue_bytes = (size_t)bytes;
	}
	if ((v = toml_get(t, "queue_messages"))) {
		if (get_int(c, v, "queue_messages", 1, 1000000, &n))
			return -1;
		c->m->queue_messages = (unsigned)n;
	}
	if ((v = toml_get(t, "disk"))) {
		if (parse_bytes(c, v, "disk", MANIFEST_DISK_MIN,
				MANIFEST_DISK_MAX, &bytes))
			return -1;
		c->m->disk_limit = bytes;
	}
	if ((v = toml_get(t, "files"))) {
		if (get_int(c, v, "files", MANIFEST_FILES_MIN,
			    MANIFEST_FILES_MAX, &n))
			return -1;
		c->m->files_limit = (unsigned)n;
	}
	if ((v = toml_get(t, "sockets"))) {
		if (get_int(c, v, "sockets", 1, MANIFEST_SOCKETS_MAX, &n))
			return -1;
		c->m->sockets_limit = (unsigned)n;
	}
	if ((v = toml_get(t, "cpu")) &&
	    get_int(c, v, "cpu (a share)", 1, MANIFEST_CPU_MAX,
		    &c->m->cpu_share))
		return -1;
	return 0;
}

static const char *const lifecycle_keys[] = { "autostart", "restart", NULL };

static int parse_lifecycle(struct ctx *c, const struct toml_value *t)
{
	const struct toml_value *v;
	size_t i;

	if (check_keys(c, t, "key", " in [lifecycle]", lifecycle_keys))
		return -1;
	if ((v = toml_get(t, "autostart"))) {
		if (want(c, v, TOML_BOOL, "autostart"))
			return -1;
		c->m->autostart = v->u.boolean;
		c->autostart_pos = v->pos;
	}
	if ((v = toml_get(t, "restart"))) {
		if (want(c, v, TOML_STRING, "restart"))
			return -1;
		for (i = 0; i < ARRAY_LEN(restart_names); i++)
			if (strcmp(v->u.str.ptr, restart_names[i]) == 0)
				break;
		if (i == ARRAY_LEN(restart_names))
			return fail(c, v->pos, "restart must be \"never\", "
				    "\"on-failure\" or \"always\", not \"%s\"",
				    v->u.str.ptr);
		c->m->restart = (enum restart_policy)i;
		c->restart_pos = v->pos;
	}
	return 0;
}

/*
 * The kind, given or by default, against the rest: a window needs the
 * display, a command has none and is run, never started at boot or
 * restarted (its exit status is its parent's to see).
 */
static int check_kind(struct ctx *c)
{
	struct manifest *m = c->m;

	/* The desktop is a window: the one under all the others. */
	if (m->caps[CAP_DESKTOP] && !m->caps[CAP_DISPLAY])
		return fail(c, c->desktop_pos, "the desktop capability needs "
			    "the display capability (the desktop is a window)");
	if (m->caps[CAP_LOGIN] && !m->caps[CAP_DISPLAY])
		return fail(c, c->login_pos, "the login capability needs the "
			    "display capability (the greeter is a window)");
	/* Its window would get every key typed: one app, known by name,
	 * is the greeter (session.h's SESSION_GREETER). */
	if (m->caps[CAP_LOGIN] && strcmp(m->name, "login") != 0)
		return fail(c, c->login_pos, "the login capability is the "
			    "greeter's alone (the app named \"login\")");
	if (!c->kind_pos.line)
		m->kind = m->caps[CAP_DISPLAY] ? KIND_WINDOW : KIND_SERVICE;
	/* Apps that run for the system hold no user's files: there is no
	 * one user whose they would be. */
	if ((m->serves_everyone || m->caps[CAP_LOGIN]) &&
	    m->user != USER_FILES_NONE)
		return fail(c, m->serves_everyone ? c->serves_pos :
			    c->login_pos, "an app that runs for the system "
			    "(serves everyone, or the greeter) cannot have "
			    "the user's files");
	if (m->serves_everyone && m->kind != KIND_SERVICE)
		return fail(c, c->serves_pos, "only a service can serve "
			    "everyone: make it kind = \"service\"");
	/* A device has one owner for as long as it runs: a driver, which
	 * serves it to the others (docs/drivers.md). */
	if (m->caps[CAP_DEVICES] && m->kind != KIND_SERVICE)
		return fail(c, c->devices_pos, "only a service can own "
			    "devices: make it kind = \"service\" (a driver "
			    "serves its devices to other apps)");
	if (!c->kind_pos.line)
		return 0;
	if (m->kind == KIND_WINDOW && !m->caps[CAP_DISPLAY])
		return fail(c, c->kind_pos, "kind \"window\" needs the display "
			    "capability ([capabilities] display = true)");
	if (m->kind != KIND_COMMAND)
		return 0;
	if (m->caps[CAP_DISPLAY])
		return fail(c, c->kind_pos, "a command has no window: drop the "
			    "display capability or make it kind = \"window\"");
	/* `open` starts an app on its own, with no one to give a command
	 * its arguments, stdin or terminal. */
	if (m->opens_count)
		return fail(c, c->opens_pos, "a command cannot open files: "
			    "[app] opens needs kind \"window\" or "
			    "\"service\"");
	if (c->autostart_pos.line && m->autostart)
		return fail(c, c->autostart_pos, "a command is run, not "
			    "started at boot: autostart must be false");
	if (c->restart_pos.line && m->restart != RESTART_NEVER)
		return fail(c, c->restart_pos, "a command is never restarted: "
			    "its parent sees its exit status (restart = "
			    "\"never\")");
	m->autostart = false;
	return 0;
}

/* ---- the document --------------------------------------------------------- */

static const struct section {
	const char *name;
	int (*parse)(struct ctx *c, const struct toml_value *t);
} sections[] = {
	{ "app", parse_app },
	{ "capabilities", parse_capabilities },
	{ "resources", parse_resources },
	{ "lifecycle", parse_lifecycle },
};

static const char *const section_names[] = {
	"app", "capabilities", "resources", "lifecycle", NULL,
};

int manifest_parse(const char *src, size_t len, const char *path,
		   struct manifest *m, char *err, size_t errlen)
{
	struct ctx c = { .path = path, .err = err, .errlen = errlen, .m = m };
	struct toml_error terr;
	struct toml_value *root;
	size_t i, s;
	int rc;

	memset(m, 0, sizeof(*m));
	m->memory_limit = MANIFEST_MEMORY_DEFAULT;
	m->cpu_share = 1;
	m->queue_bytes = QUEUE_BYTES_DEFAULT;
	m->queue_messages = QUEUE_MESSAGES_DEFAULT;
	m->files_limit = MANIFEST_FILES_DEFAULT;
	m->sockets_limit = MANIFEST_SOCKETS_DEFAULT;
	m->disk_limit = MANIFEST_DISK_DEFAULT;
	m->autostart = true;
	root = toml_parse(src, len, &terr);
	if (!root)
		return fail(&c, terr.pos, "%s", terr.msg);
	rc = check_keys(&c, root, "table", "", section_names);
	for (i = 0; i < root->u.table.len && rc == 0; i++) {
		const struct toml_keyval *kv = &root->u.table.items[i];

		for (s = 0; strcmp(sections[s].name, kv->key) != 0; s++)
			;
		if (kv->value->type != TOML_TABLE)
			rc = fail(&c, kv->pos, "'%s' must be a table like "
				  "[%s]", kv->key, kv->key);
		else
			rc = sections[s].parse(&c, kv->value);
	}
	if (rc == 0 && !toml_get(root, "app"))
		rc = fail(&c, (struct toml_pos){ 1, 1 }, "missing [app] table");
	if (rc == 0)
		rc = check_kind(&c);
	toml_free(root);
	return rc;
}

int manifest_load(const char *path, struct manifest *m, char *err,
		  size_t errlen)
{
	size_t len;
	char *buf = file_read(path, FILE_SMALL_MAX, &len);
	int rc;

	if (!buf) {
		file_error(path, FILE_SMALL_MAX, err, errlen);
		return -1;
	}
	rc = manifest_parse(buf, len, path, m, err, errlen);
	free(buf);
	return rc;
}

/* ---- describing grants (for `caps`) --------------------------------------- */

struct out {
	char *buf;
	size_t len, n;
};

__attribute__((format(printf, 2, 3)))
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (o->n >= o->len)
		return;
	va_start(ap, fmt);
	w = vsnprintf(o->buf + o->n, o->len - o->n, fmt, ap);
	va_end(ap);
	if (w > 0)
		o->n += (size_t)w < o->len - o->n ? (size_t)w : o->len - o->n - 1;
}


/* network(hosts...;listen=ports;resolve=names), or "network()" for a
 * grant of nothing. */
static void describe_network(struct out *o, const struct manifest *m)
{
	const char *sep = "";
	size_t i;

	put(o, "(");
	for (i = 0; i < m->host_count; i++, sep = ",")
		put(o, "%s%s", sep, m->hosts[i]);
	for (i = 0; i < m->listen_count; i++, sep = ",") {
		put(o, "%slisten=%u", sep, m->listen[i][0]);
		if (m->listen[i][1] != m->listen[i][0])
			put(o, "-%u", m->listen[i][1]);
	}
	for (i = 0; i < m->resolve_count; i++, sep = ",")
		put(o, "%sresolve=%s", sep, m->resolve[i]);
	put(o, ")");
}

size_t manifest_describe(const struct manifest *m, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	char size[24];
	size_t i;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < CAP_COUNT; i++) {
		if (!m->caps[i])
			continue;
		put(&o, "%s", cap_names[i]);
		if (i == CAP_FILESYSTEM) {
			const char *sep = "";

			put(&o, "(");
			if (m->data_dir) {
				put(&o, "/data=rw");
				sep = ",";
			}
			if (m->user) {
				put(&o, "%suser=%s", sep,
				    m->user == USER_FILES_RW ? "rw" : "ro");
				sep = ",";
			}
			for (size_t g = 0; g < m->grant_count; g++, sep = ",")
				put(&o, "%s%s=%s", sep, m->grants[g].guest_path,
				    m->grants[g].writable ? "rw" : "ro");
			put(&o, ")");
		} else if (i == CAP_NETWORK) {
			describe_network(&o, m);
		} else if (i == CAP_SHELL && !m->shell_all) {
			for (size_t s = 0; s < m->shell_count; s++)
				put(&o, "%s%s", s ? "," : "(", m->shell[s]);
			put(&o, ")");
		} else if (i == CAP_DEVICES) {
			const char *sep = "(";

			for (unsigned d = 0; d < DEVICE_COUNT; d++)
				if (m->devices & (1u << d)) {
					put(&o, "%s%s", sep, device_names[d]);
					sep = ",";
				}
			put(&o, ")");
		} else if (i == CAP_DISPLAY && m->width && m->height) {
			put(&o, "(%dx%d)", m->width, m->height);
		}
		put(&o, " ");
	}
	if (m->opens_count) {
		for (i = 0; i < m->opens_count; i++)
			put(&o, "%s%s", i ? "," : "opens=", m->opens[i]);
		put(&o, " ");
	}
	if (m->serves_everyone)
		put(&o, "serves=everyone ");
	human_bytes(m->memory_limit, size, sizeof(size));
	put(&o, "memory=%s", size);
	if (m->files_limit != MANIFEST_FILES_DEFAULT)
		put(&o, " files=%u", m->files_limit);
	if (m->caps[CAP_NETWORK] && m->sockets_limit != MANIFEST_SOCKETS_DEFAULT)
		put(&o, " sockets=%u", m->sockets_limit);
	if (m->disk_limit != MANIFEST_DISK_DEFAULT) {
		human_bytes(m->disk_limit, size, sizeof(size));
		put(&o, " disk=%s", size);
	}
	put(&o, " cpu=%d restart=%s%s", m->cpu_share,
	    restart_names[m->restart], m->autostart ? "" : " manual");
	return o.n;
}
