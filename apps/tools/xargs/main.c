/*
 * xargs - run a command with arguments read from standard input, as
 * GNU xargs: blank-separated items with ' " and \ quoting (or -0, -d
 * DELIM), -n MAX, -L MAX lines, -I STR, -r, -t, -s SIZE, -x, -E EOF.
 * Each command is another command app, started through vyoma_process
 * with an empty stdin, one at a time. Status: 123 if a command failed
 * (1-125), 124 if one said 255, 126/127 if one could not be run.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool.h"
#include "vytool_match.h"

static char **cmd, **items;
static int ncmd, nitems, capitems;
static size_t bytes, max_bytes = 131072;
static bool trace, no_empty, ran;
static const char *replace;
static int status;

static void run(void)
{
	char **argv = vt_alloc((size_t)(ncmd + nitems + 1) * sizeof(char *));
	int n = 0, rc;

	for (int i = 0; i < ncmd; i++) {
		const char *c = cmd[i], *hit;

		if (replace && nitems && (hit = strstr(c, replace))) {
			/* every STR in the argument becomes the line */
			size_t rl = strlen(replace), il = strlen(items[0]);
			char *o = vt_alloc(strlen(c) * (il + 1) + 1), *p = o;

			while ((hit = strstr(c, replace))) {
				memcpy(p, c, (size_t)(hit - c));
				p += hit - c;
				memcpy(p, items[0], il);
				p += il;
				c = hit + rl;
			}
			strcpy(p, c);
			argv[n++] = o;
			continue;
		}
		argv[n++] = (char *)c;
	}
	if (!replace)
		for (int i = 0; i < nitems; i++)
			argv[n++] = items[i];
	argv[n] = NULL;
	if (trace) {
		vt_flush();
		for (int i = 0; i < n; i++) {
			vt_eputs(argv[i]);
			vt_eputs(i + 1 < n ? " " : "\n");
		}
		vt_flush_out(&vt_stderr);
	}
	ran = true;
	rc = vm_run(argv, vt_environ(), -1);
	if (rc == 127 || rc == 126)
		vt_exit(rc);
	if (rc == 255) {
		vt_warn(argv[0], "exited with status 255; aborting");
		vt_exit(124);
	}
	if (rc)
		status = 123;
	nitems = 0;
	bytes = 0;
}

static void add(char *s, size_t n)
{
	char *copy = memcpy(vt_alloc(n + 1), s, n);

	copy[n] = '\0';
	if (nitems && bytes + n + 1 > max_bytes)
		run();
	if (nitems == capitems) {
		items = vt_grow(items, (size_t)capitems * sizeof(char *),
				(size_t)(capitems * 2 + 16) * sizeof(char *));
		capitems = capitems * 2 + 16;
	}
	items[nitems++] = copy;
	bytes += n + 1;
}

static int xargs_main(int argc, char **argv)
{
	int64_t max_args = 0, max_lines = 0, lines = 0, v;
	int c, delim = -1;
	const char *eof = NULL;
	struct vt_in in;
	char *line, *word;
	size_t len;

	while ((c = vt_getopt(argc, argv, "0d:n:L:I:i::rts:xE:e::P:p")) != -1) {
		switch (c) {
		case '0': delim = 0; break;
		case 'd': delim = (unsigned char)vt_optarg[0]; break;
		case 'n': case 'L': case 's': case 'P':
			if (!vt_parse_int(vt_optarg, &v) || v < (c == 'P' ? 0 : 1)) {
				vt_warn("invalid number", vt_optarg);
				vt_exit(1);
			}
			if (c == 'n')
				max_args = v;
			else if (c == 'L')
				max_lines = v;
			else if (c == 's')
				max_bytes = (size_t)v;
			break;
		case 'I': replace = vt_optarg; max_lines = 1; break;
		case 'r': no_empty = true; break;
		case 't': trace = true; break;
		case 'E': eof = vt_optarg; break;
		}
	}
	cmd = argv + vt_optind;
	ncmd = argc - vt_optind;
	if (!ncmd) {
		static char *echo[] = { "echo", NULL };

		cmd = echo;
		ncmd = 1;
	}
	for (int i = 0; i < ncmd; i++)
		bytes += strlen(cmd[i]) + 1;
	if (bytes > max_bytes) {
		vt_warn("argument list too long", NULL);
		vt_exit(1);
	}
	max_bytes -= bytes;
	bytes = 0;
	vt_in_init(&in, 0);
	word = vt_alloc(1);
	while ((line = vt_getdelim(&in, &len, delim >= 0 ? (char)delim :
				   '\n'))) {
		size_t n = 0, i = 0;
		char q = 0;
		bool have = false, blank_end;

		if (delim >= 0) {
			add(line, len - (line[len - 1] == (char)delim));
			if (max_args && nitems >= max_args)
				run();
			continue;
		}
		word = vt_grow(word, 1, len + 1);
		if (replace) {	/* -I: the whole line, leading blanks off */
			while (i < len && (line[i] == ' ' || line[i] == '\t'))
				i++;
			len -= line[len - 1] == '\n';
			if (i < len) {
				add(line + i, len - i);
				run();
			}
			continue;
		}
		blank_end = len > 1 && (line[len - 2] == ' ' ||
					line[len - 2] == '\t');
		for (; i <= len; i++) {
			char ch = i < len ? line[i] : '\n';

			if (q) {
				if (ch == q) {
					q = 0;
				} else if (ch == '\n') {
					vt_warn("unmatched quote", NULL);
					vt_exit(1);
				} else {
					word[n++] = ch;
				}
				continue;
			}
			if (ch == ' ' || ch == '\t' || ch == '\n') {
				if (have) {
					if (eof && n == strlen(eof) &&
					    !memcmp(word, eof, n))
						goto done;
					add(word, n);
					if (max_args && nitems >= max_args)
						run();
				}
				n = 0;
				have = false;
				if (i + 1 >= len)
					break;
				continue;
			}
			have = true;
			if (ch == '\'' || ch == '"')
				q = ch;
			else if (ch == '\\' && i + 1 < len)
				word[n++] = line[++i];
			else
				word[n++] = ch;
		}
		if (max_lines && !blank_end && nitems &&
		    ++lines >= max_lines) {
			run();
			lines = 0;
		}
	}
done:
	if (nitems || (!ran && !no_empty && !replace))
		run();
	return status;
}

VT_TOOL(xargs_main,
	"Usage: xargs [-0] [-d DELIM] [-n MAX] [-L MAX] [-I STR] [-r] [-t] "
	"[-s SIZE]\n             [-E END] COMMAND [INITIAL-ARGS]...\n"
	"Run COMMAND with INITIAL-ARGS and more arguments read from input.\n")
