/*
 * users - the names of the users logged in, sorted, on one line, as GNU
 * users: from the supervisor's `users` rows, one name per session, so a
 * user on both the desktop and the console is there twice.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_files.h"
#include "vytool_ask.h"
#include "vytool_match.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int users_main(int argc, char **argv)
{
	char *answer, *p, *row, **names;
	size_t n = 0;

	while (vt_getopt(argc, argv, "") != -1)
		;
	if (vt_optind < argc)
		vt_usage_error(vf_msg("extra operand", argv[vt_optind]), 1);
	answer = vt_ask("users", true);
	if (!answer)
		return 1;
	names = vt_alloc(strlen(answer) * sizeof(char *));
	p = answer;
	while ((row = vt_next_line(&p))) {
		const char *err = vt_answer_error(row);
		char *name = vt_field(row, "name");

		if (err) {
			vt_warn(NULL, err);
			return 1;
		}
		if (strncmp(row, "users ", 6) || !*name)
			continue;
		if (!strcmp(vt_field(row, "desktop"), "1"))
			names[n++] = name;
		if (!strcmp(vt_field(row, "console"), "1"))
			names[n++] = name;
	}
	vf_sort((void **)names, n, by_name);
	for (size_t i = 0; i < n; i++) {
		if (i)
			vt_putc(' ');
		vt_puts(names[i]);
	}
	vt_putc('\n');
	return 0;
}

VT_TOOL(users_main,
	"Usage: users\n"
	"Print the names of the users logged in, sorted, on one line: a\n"
	"user logged in on both the desktop and the console, twice.\n")
