/*
 * pathchk - check file names, as GNU pathchk: each NAME's components at
 * most 255 bytes and the whole under 4096 (Linux's limits, which WASI
 * cannot ask for); -p for any POSIX system: components at most 14 and
 * the whole under 256, only the portable characters A-Z a-z 0-9 . _ -
 * and '/', no empty name; -P: no empty name, no component starting
 * with '-'. Names are checked as text: unlike GNU's, nothing here looks
 * at the directories a name passes through (but an empty name is bad
 * without options too, as GNU's lstat finds no such file). Status 1 if
 * any is bad.
 */
#include "vytool.h"
#include "vyoma_tiny.h"

static bool posix, extra;

static void limit(size_t max, size_t len, const char *what,
		  const char *name)
{
	char n[24];

	vt_flush();
	vt_eputs(vt_prog);
	vt_eputs(": limit ");
	vt_eputs(vt_utoa(max, n));
	vt_eputs(" exceeded by length ");
	vt_eputs(vt_utoa(len, n));
	vt_eputs(" of file name ");
	vt_eputs(what);
	vt_eputs("'");
	vt_put_to(&vt_stderr, name, len);
	vt_eputs("'\n");
	vt_flush_out(&vt_stderr);
}

static bool portable(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	       c == '/';
}

static bool check(const char *name)
{
	size_t len = strlen(name), max_name = posix ? 14 : 255;

	if (!len) {
		/* Without -p/-P GNU lstat()s the name, which "" fails. */
		if (posix || extra)
			vt_warn("empty file name", NULL);
		else
			vt_warn("''", "No such file or directory");
		return false;
	}
	for (size_t i = 0; posix && i < len; i++)
		if (!portable(name[i])) {
			char msg[48] = "nonportable character ' ' in file name";

			msg[23] = name[i];
			vt_warn(msg, vt_strdup(name));
			return false;
		}
	if (len >= (posix ? 256u : 4096u)) {
		limit(posix ? 255 : 4095, len, "", name);
		return false;
	}
	for (const char *s = name; *s;) {
		size_t n = 0;

		while (*s == '/')
			s++;
		while (s[n] && s[n] != '/')
			n++;
		if (extra && *s == '-') {
			vt_warn("leading '-' in a component of file name", name);
			return false;
		}
		if (n > max_name) {
			limit(max_name, n, "component ", s);
			return false;
		}
		s += n;
	}
	return true;
}

static int pathchk_main(int argc, char **argv)
{
	int c, status = 0;

	while ((c = vt_getopt(argc, argv, "pP")) != -1) {
		if (c == 'p')
			posix = true;
		else if (c == 'P')
			extra = true;
		else
			vt_usage_error(NULL, 1);
	}
	if (vt_optind == argc)
		vt_usage_error("missing operand", 1);
	for (int i = vt_optind; i < argc; i++)
		if (!check(argv[i]))
			status = 1;
	return status;
}

VT_TOOL(pathchk_main,
	"Usage: pathchk [-p] [-P] NAME...\n"
	"Check that each NAME is a valid file name: components at most 255\n"
	"bytes, the whole under 4096. -p: for any POSIX system (14 and 256,\n"
	"portable characters only, not empty); -P: not empty, no component\n"
	"starting with '-'.\n")
