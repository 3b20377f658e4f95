/*
 * bootenv.c - reads and writes GRUB's environment block (bootenv.h).
 * GRUB's loader (grub-core/lib/envblk.c) is the format's reference: a
 * header line, "name=value" lines, '#' padding; a backslash escapes the
 * next character. We never write an escape and refuse to read one, and
 * refuse any variable tools/grub.cfg does not use, so the block can
 * mean only one thing to both readers.
 */
#include "bootenv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER "# GRUB Environment Block\n"

bool bootenv_slot_valid(char c)
{
	return c == 'a' || c == 'b';
}

static bool value_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr(" ._:,=/+-", c));
}

static int fail(char *err, size_t errlen, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, int line, const char *fmt, ...)
{
	va_list ap;
	int n = line ? snprintf(err, errlen, "line %d: ", line) : 0;

	if (n < 0 || (size_t)n >= errlen)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* A slot variable's value: empty or one slot's name. */
static int slot_value(const char *v, size_t n, char *out)
{
	if (n == 0) {
		*out = 0;
		return 0;
	}
	if (n != 1 || !bootenv_slot_valid(v[0]))
		return -1;
	*out = v[0];
	return 0;
}

static int text_value(const char *v, size_t n, char *out, size_t size)
{
	if (n >= size)
		return -1;
	memcpy(out, v, n);
	out[n] = '\0';
	return 0;
}

/* The variables, in the order bootenv_format writes them. */
static const char *const names[] = {
	"slot_good", "slot_try", "tries", "rolled_back", "try_version", "why",
	"cmdline_extra",
};

/* Which of names[] name[0..nn) is, or -1. */
static int variable(const char *name, size_t nn)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (nn == strlen(names[i]) && !memcmp(name, names[i], nn))
			return (int)i;
	return -1;
}

static int set_variable(struct bootenv *env, const char *name, size_t nn,
			const char *v, size_t n)
{
#define IS(s) (nn == strlen(s) && memcmp(name, s, nn) == 0)
	if (IS("slot_good"))
		return slot_value(v, n, &env->slot_good);
	if (IS("slot_try"))
		return slot_value(v, n, &env->slot_try);
	if (IS("rolled_back"))
		return slot_value(v, n, &env->rolled_back);
	if (IS("tries")) {
		if (n == 0)
			env->tries = -1;
		else if (n == 1 && v[0] >= '0' && v[0] <= '3')
			env->tries = v[0] - '0';
		else
			return -1;
		return 0;
	}
	if (IS("try_version"))
		return text_value(v, n, env->try_version,
				  sizeof(env->try_version));
	if (IS("why"))
		return text_value(v, n, env->why, sizeof(env->why));
	if (IS("cmdline_extra"))
		return text_value(v, n, env->cmdline_extra,
				  sizeof(env->cmdline_extra));
#undef IS
	return -2;
}

int bootenv_parse(const char *block, size_t len, struct bootenv *out,
		  char *err, size_t errlen)
{
	struct bootenv env = { .tries = -1 };
	size_t pos = strlen(HEADER), i;
	unsigned seen = 0;
	int line = 1, which;

	memset(out, 0, sizeof(*out));
	out->tries = -1;
	if (len != BOOTENV_SIZE)
		return fail(err, errlen, 0, "%zu bytes, not %d", len,
			    BOOTENV_SIZE);
	if (memcmp(block, HEADER, pos) != 0)
		return fail(err, errlen, 1, "not \"# GRUB Environment Block\"");
	while (pos < len && block[pos] != '#') {
		const char *s = block + pos, *nl, *eq;
		size_t n;
		int r;

		line++;
		nl = memchr(s, '\n', len - pos);
		if (!nl)
			return fail(err, errlen, line, "no newline at its end");
		n = (size_t)(nl - s);
		eq = memchr(s, '=', n);
		if (!eq || eq == s)
			return fail(err, errlen, line, "not name=value");
		/* The name first: an unknown one is what to report. GRUB
		 * loads a name's last line and rewrites its first, so one
		 * name twice would mean two states. */
		which = variable(s, (size_t)(eq - s));
		if (which < 0)
			return fail(err, errlen, line, "unknown variable "
				    "\"%.*s\"", (int)(eq - s > 32 ? 32 :
						     eq - s), s);
		if (seen & (1u << which))
			return fail(err, errlen, line, "\"%s\" a second time",
				    names[which]);
		seen |= 1u << which;
		for (i = (size_t)(eq - s) + 1; i < n; i++)
			if (!value_char(s[i]))
				return fail(err, errlen, line, "a character "
					    "GRUB would escape, or a control "
					    "character, in the value");
		r = set_variable(&env, s, (size_t)(eq - s), eq + 1,
				 n - (size_t)(eq - s) - 1);
		if (r)
			return fail(err, errlen, line, "bad value for "
				    "\"%.*s\"", (int)(eq - s), s);
		pos += n + 1;
	}
	if (pos > BOOTENV_USED_MAX)
		return fail(err, errlen, 0, "the variables run past the first "
			    "sector");
	for (i = pos; i < len; i++)
		if (block[i] != '#')
			return fail(err, errlen, 0, "byte %zu of the padding is "
				    "not '#'", i);
	*out = env;
	return 0;
}

static bool text_ok(const char *s)
{
	for (; *s; s++)
		if (!value_char(*s))
			return false;
	return true;
}

int bootenv_format(const struct bootenv *env, char out[BOOTENV_SIZE])
{
	char slots[3][2] = { { env->slot_good }, { env->slot_try },
			     { env->rolled_back } };
	char tries[2] = { env->tries >= 0 && env->tries <= 3 ?
			  (char)('0' + env->tries) : 0 };
	int n, i;

	for (i = 0; i < 3; i++)
		if (slots[i][0] && !bootenv_slot_valid(slots[i][0]))
			return -1;
	if (!text_ok(env->try_version) || !text_ok(env->why) ||
	    !text_ok(env->cmdline_extra) ||
	    (env->tries != -1 && !tries[0]))
		return -1;
	/* GRUB's script reads and writes these names (tools/grub.cfg). */
	n = snprintf(out, BOOTENV_SIZE, HEADER "slot_good=%s\nslot_try=%s\n"
		     "tries=%s\nrolled_back=%s\ntry_version=%s\nwhy=%s\n"
		     "cmdline_extra=%s\n", slots[0], slots[1], tries, slots[2],
		     env->try_version, env->why, env->cmdline_extra);
	if (n < 0 || n > BOOTENV_USED_MAX)
		return -1;
	memset(out + n, '#', BOOTENV_SIZE - (size_t)n);
	return 0;
}
