/*
 * vytool_ask.h - for the tools that ask the supervisor (ps, kill, free,
 * uptime, log): one command's answer as lines, and the key=value fields
 * of a line. Over vy_supervise (sdk/vyoma_process.h), which needs the
 * command in the tool's `shell` grant.
 */
#ifndef VYTOOL_ASK_H
#define VYTOOL_ASK_H

#include "vytool.h"
#include "vyoma_process.h"

/*
 * The answer to line, NUL-terminated (lines end in '\n'); NULL after a
 * message if the call fails. Read-only questions may be asked again with
 * the room the first answer said it needs.
 */
static inline char *vt_ask(const char *line, bool again)
{
	size_t cap = 65536, need = 0;

	for (;;) {
		char *out = vt_alloc(cap + 1);
		int rc = vy_supervise(line, out, cap, &need);

		if (rc) {
			vt_warn("cannot ask the supervisor", vt_strerror(rc));
			return NULL;
		}
		if (need <= cap || !again) {
			out[need <= cap ? need : cap] = '\0';
			return out;
		}
		cap = need;
	}
}

/* The next line of an answer (cut at '\n'), or NULL; *p moves on. */
static inline char *vt_next_line(char **p)
{
	char *line = *p, *nl;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = line + strlen(line);
	}
	return line;
}

/* The value of " key=" in line (up to the next blank), as a new string;
 * "" if it is not there. */
static inline char *vt_field(const char *line, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = line; (p = strstr(p, key)); p++) {
		if ((p == line || p[-1] == ' ') && p[n] == '=') {
			const char *v = p + n + 1, *e = v;
			char *out;

			while (*e && *e != ' ')
				e++;
			out = vt_alloc((size_t)(e - v) + 1);
			memcpy(out, v, (size_t)(e - v));
			out[e - v] = '\0';
			return out;
		}
	}
	return "";
}

static inline uint64_t vt_field_u(const char *line, const char *key)
{
	int64_t v = 0;

	return vt_parse_int(vt_field(line, key), &v) && v > 0 ? (uint64_t)v : 0;
}

/* "error reason" answers: the reason, else NULL. */
static inline const char *vt_answer_error(const char *line)
{
	return strncmp(line, "error ", 6) ? NULL : line + 6;
}

/*
 * Asks the supervisor line and prints its answer line by line (an
 * "error ..." answer to stderr, status 1): for the tools whose whole
 * output is the answer (open, and the ones below).
 */
static inline int vt_ask_print(const char *line)
{
	char *answer, *p, *row;
	int status = 0;

	answer = vt_ask(line, false);
	if (!answer)
		return 1;
	p = answer;
	while ((row = vt_next_line(&p))) {
		const char *err = vt_answer_error(row);

		if (err) {
			vt_warn(NULL, err);
			status = 1;
		} else {
			vt_puts(row);
			vt_putc('\n');
		}
	}
	return status;
}

/*
 * A supervisor command with the tool's operands as its arguments, its
 * answer printed by vt_ask_print: the whole of start, stop, restart,
 * new, caps, stats and version. min and max bound the operands.
 */
static inline int vt_ask_and_print(const char *command, int argc,
				   char **argv, int min, int max)
{
	char line[256];
	size_t n = strlen(command);

	if (argc - 1 < min || argc - 1 > max)
		vt_usage_error(argc - 1 < min ? "missing operand" :
			       "extra operand", 1);
	memcpy(line, command, n + 1);
	for (int i = 1; i < argc; i++) {
		size_t len = strlen(argv[i]);

		if (n + len + 2 > sizeof(line) || strchr(argv[i], '\n'))
			vt_usage_error("operand too long", 1);
		line[n++] = ' ';
		memcpy(line + n, argv[i], len + 1);
		n += len;
	}
	return vt_ask_print(line);
}

#endif
