/*
 * vytool_ask.h - for the tools that ask the supervisor (ps, kill, free,
 * uptime, log, whoami, id, su...): one command's answer as lines, and
 * the key=value fields of a line. Over vy_supervise
 * (sdk/vyoma_process.h), which needs the command in the tool's `shell`
 * grant.
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

/* Zeroes n bytes at p even if they are never read again (a password's
 * copies): the empty asm makes the compiler assume p's bytes are used. */
static inline void vt_wipe(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

/*
 * Asks the supervisor the words joined by blanks (up to NULL) and
 * returns the first line of its answer past "<words[0]> " ("alice" for
 * "whoami alice"), or NULL after "tool: <reason>" for "error <reason>"
 * (auth_failure, when given, is said in place of "authentication
 * failed": su's and passwd's traditional wording). A word after the
 * first is the person's (a user name): one with a blank in it, or none,
 * would split the line, so it is refused here. The line is wiped after
 * the call, as it may carry a password's hex.
 */
static inline char *vt_ask_words(const char *const *words,
				 const char *auth_failure)
{
	size_t n = 1, len;
	char *line, *p, *answer;
	const char *err;

	for (int i = 0; words[i]; i++) {
		const char *w = words[i];

		while ((unsigned char)*w > ' ')
			w++;
		if (*w || w == words[i]) {
			vt_warn(words[i], "invalid user name");
			return NULL;
		}
		n += (size_t)(w - words[i]) + 1;
	}
	p = line = vt_alloc(n);
	for (int i = 0; words[i]; i++) {
		len = strlen(words[i]);
		memcpy(p, words[i], len);
		p += len;
		*p++ = ' ';
	}
	p[-1] = '\0';
	answer = vt_ask(line, false);
	vt_wipe(line, n);
	if (!answer)
		return NULL;
	if ((p = vt_memchr(answer, '\n', strlen(answer))))
		*p = '\0';
	err = vt_answer_error(answer);
	len = strlen(words[0]);
	if (!err && (strncmp(answer, words[0], len) || answer[len] != ' '))
		err = "unexpected answer from the supervisor";
	if (err) {
		vt_warn(NULL, auth_failure &&
			!strcmp(err, "authentication failed") ?
			auth_failure : err);
		return NULL;
	}
	return answer + len + 1;
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
