/*
 * pkg - the package manager's command line (docs/packages.md). It
 * downloads the repository's index, certificate and packages into its
 * own /data over HTTP, and asks the supervisor's `pkg` command for
 * everything else: the supervisor checks signatures, hashes, versions
 * and capabilities, says what an app may do in words ("pkg may" rows)
 * and does the install; pkg never writes an installed app. The repository is $VYOMA_REPO, or http://10.0.2.2:8765 (the
 * build host as QEMU's user network shows it).
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vytool_files.h"
#include "vytool_http.h"
#include "vytool_text.h"
#include "vyoma_tiny.h"

#define DEFAULT_REPO "http://10.0.2.2:8765"
static bool yes;		/* -y: approve wider permissions */

/*
 * The reason in the answer's first "error ..." line, or NULL. The line
 * is cut at its newline: said with it, a reason was followed by a blank
 * line.
 */
static char *error_of(char *answer)
{
	char *nl;

	for (; answer && *answer; answer = nl ? nl + 1 : NULL) {
		nl = strchr(answer, '\n');
		if (vt_answer_error(answer)) {
			if (nl)
				*nl = '\0';
			return answer + 6;
		}
	}
	return NULL;
}

/* Asks `pkg <words>`; the answer, or NULL after saying why. */
static char *ask(const char *line)
{
	char *answer = vt_ask(line, true), *why = error_of(answer);

	if (why)
		vt_warn(NULL, why);
	return why ? NULL : answer;
}

/* Prints a one-line answer past its "pkg "; the exit status. */
static int say_done(const char *answer)
{
	if (!answer)
		return 1;
	vt_puts(answer + 4);
	return 0;
}

/* Prints every line of an answer, its error lines as warnings. */
static int say_all(char *answer)
{
	char *row;
	int status = !answer;

	while (answer && (row = vt_next_line(&answer))) {
		if (vt_answer_error(row)) {
			vt_warn(NULL, row + 6);
			status = 1;
		} else {
			vt_puts(row);
			vt_putc('\n');
		}
	}
	return status;
}

/* "a b c", or "a b" when c is empty. */
static char *join(const char *a, const char *b, const char *c)
{
	char *s = vt_alloc(strlen(a) + strlen(b) + strlen(c) + 3);

	strcpy(s, a);
	strcat(s, " ");
	strcat(s, b);
	if (*c) {
		strcat(s, " ");
		strcat(s, c);
	}
	return s;
}

/* The next line of *p that starts with prefix, past it; else NULL. */
static char *next_row(char **p, const char *prefix)
{
	char *row;
	size_t n = strlen(prefix);

	while ((row = vt_next_line(p)))
		if (vt_prefix(row, prefix, n))
			return row + n;
	return NULL;
}

/* Puts fmt with each digit in it replaced by that word of row. */
static void put_row(const char *row, const char *fmt)
{
	for (; *fmt; fmt++) {
		if (*fmt >= '0' && *fmt <= '9')
			vt_puts(vtx_word(row, *fmt - '0'));
		else
			vt_putc(*fmt);
	}
}

/* "-": the index's word for "not installed". */
static bool is_dash(const char *word)
{
	return !strcmp(word, "-");
}

static void say_line(const char *line)
{
	vt_puts("  - ");
	vt_puts(line);
	vt_putc('\n');
}

static void warn_line(const char *line)
{
	vt_eputs("  - ");
	vt_eputs(line);
	vt_eputs("\n");
}

static int update(void)
{
	if (!vh_get("keys/repository.cert", "repository.cert", 65536) ||
	    !vh_get("index", "index", 4u << 20))
		return 1;
	return say_done(ask("pkg update repository.cert index"));
}

/* Rows: name version category size installed description */
static int search(const char *what)
{
	char *p = ask("pkg available"), *row;

	if (!p)
		return 1;
	while ((row = next_row(&p, "pkg available "))) {
		if (what && !strstr(row, what))
			continue;
		put_row(row, "0 1");
		if (!is_dash(vtx_word(row, 4)))
			put_row(row, " [installed 4]");
		vt_puts(" - ");
		vt_puts(vtx_word_at(row, 5));
		vt_putc('\n');
	}
	return 0;
}

static int info(const char *name)
{
	char *p = ask(join("pkg info", name, "")), *row;

	if (!p)
		return 1;
	while ((row = vt_next_line(&p))) {
		if (vt_prefix(row, "pkg info ", 9)) {
			row += 9;
			put_row(row, "0 1 (2, 3 bytes; installed: ");
			vt_puts(is_dash(vtx_word(row, 4)) ? "no" :
				vtx_word(row, 4));
			vt_puts(")\n");
		} else if (vt_prefix(row, "pkg description ", 16)) {
			vt_puts(row + 16);
			vt_putc('\n');
		} else if (vt_prefix(row, "pkg capabilities ", 17)) {
			vt_puts("It may:\n");
		} else if (vt_prefix(row, "pkg may ", 8)) {
			say_line(row + 8);
		}
	}
	return 0;
}

/* Downloads and installs one package from the index. */
static int install(const char *name)
{
	char *answer = ask(join("pkg info", name, "")), *row, *file;
	char *why;
	int64_t len;

	if (!answer)
		return 1;
	row = strstr(answer, "pkg info ");
	if (!row)
		return 1;
	if (!vt_parse_int(vtx_word(row, 5), &len) || len <= 0)
		return vt_warn(name, "the index gives no size"), 1;
	/* name-version.vpk: join's blank becomes the dash. */
	file = join(name, vtx_word(row, 3), "");
	file[strlen(name)] = '-';
	file = vf_cat(file, ".vpk");
	vt_eputs(vt_prog);
	vt_eputs(": downloading ");
	vt_eputs(file);
	vt_eputs("\n");
	vt_flush_out(&vt_stderr);	/* progress: said now, not at the end */
	if (!vh_get(vf_cat("packages/", file), file, (uint64_t)len))
		return 1;
	/* Asked once: the refusal's own reason is the one said (asked again
	 * without "approve", an -y install refused for another reason was
	 * said to need approval). */
	answer = vt_ask(join("pkg install", name, join(file, yes ? "approve" :
						       "", "")), true);
	why = error_of(answer);
	if (!why)
		return say_done(answer);
	if (!strstr(why, "asks for more than ")) {
		vt_warn(NULL, why);
		return 1;
	}
	/* The supervisor's "pkg wider" rows, before its error line. */
	vt_warn(name, "the new version asks for more; it would also be "
		"allowed to:");
	while ((row = next_row(&answer, "pkg wider ")))
		warn_line(row);
	vt_eputs(vt_prog);
	vt_eputs(": run again with -y to approve\n");
	return 1;
}

static int upgrade(void)
{
	char *p = ask("pkg available"), *row;
	int status = 0, n = 0;

	if (!p)
		return 1;
	while ((row = next_row(&p, "pkg available "))) {
		char *installed = vtx_word(row, 4);

		if (!is_dash(installed) &&
		    strcmp(installed, vtx_word(row, 1))) {
			status |= install(vtx_word(row, 0));
			n++;
		}
	}
	if (!n)
		vt_puts("everything is up to date\n");
	return status;
}

/* A local .vpk: copied into /data, then checked by the supervisor. */
static int install_file(const char *path)
{
	int in, out, err;
	char buf[8192];
	long n;

	in = vt_open(path, VT_READ, &err);
	if (in < 0)
		return vf_fail("cannot open", path, err), 1;
	out = vt_open("/data/local.vpk", VT_WRITE, &err);
	if (out < 0)
		return vf_fail("cannot write", "/data/local.vpk", err), 1;
	while ((n = vt_read(in, buf, sizeof(buf))) > 0)
		vt_write_fd(out, buf, (size_t)n);
	vt_close(in);
	vt_close(out);
	return say_done(ask(yes ? "pkg install-file local.vpk approve" :
			    "pkg install-file local.vpk"));
}

/*
 * -r URL and -y, as vt_getopt(argc, argv, "r:y") takes them ("-yr URL",
 * "-rURL", "--" and its messages), at a third of its size.
 */
static void options(int argc, char **argv)
{
	const char *repo = vt_getenv("VYOMA_REPO");
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *arg = argv[i];

		if (!strcmp(arg, "--")) {
			i++;
			break;
		}
		while (*++arg == 'y')
			yes = true;
		if (*arg == 'r' && arg[1])
			repo = arg + 1;
		else if (*arg == 'r' && ++i < argc)
			repo = argv[i];
		else if (*arg == 'r')
			vt_usage_error("option requires an argument -- 'r'", 1);
		else if (*arg)
			vt_bad_option(*arg);
	}
	vt_optind = i;
	vh_parse_url(repo ? repo : DEFAULT_REPO);
}

static int pkg_main(int argc, char **argv)
{
	const char *cmd, *arg;
	int status = 0;

	options(argc, argv);
	if (vt_optind == argc)
		vt_usage_error("missing command", 2);
	cmd = argv[vt_optind++];
	arg = vt_optind < argc ? argv[vt_optind] : NULL;
	if (!strcmp(cmd, "update"))
		return update();
	if (!strcmp(cmd, "search"))
		return search(arg);
	if (!strcmp(cmd, "upgrade") && !arg)
		return upgrade();
	if (!strcmp(cmd, "list"))
		return say_all(vt_ask("pkg list", false));
	if (!strcmp(cmd, "verify")) {
		char *answer = vt_ask(join("pkg verify", arg ? arg : "", ""),
				      true);
		/* Every row printed; the status says whether all were whole. */
		int damaged = !answer || !strstr(answer, " damaged=0 ");

		say_all(answer);
		return damaged;
	}
	if (!arg)
		vt_usage_error("missing package name", 2);
	for (; vt_optind < argc; vt_optind++) {
		const char *name = argv[vt_optind];

		if (!strcmp(cmd, "info"))
			status |= info(name);
		else if (!strcmp(cmd, "install") && strstr(name, ".vpk"))
			status |= install_file(name);
		else if (!strcmp(cmd, "install") || !strcmp(cmd, "upgrade"))
			status |= install(name);
		else if (!strcmp(cmd, "remove"))
			status |= say_all(vt_ask(join("pkg remove", name, ""),
						 false));
		else
			vt_usage_error("unknown command", 2);
	}
	return status;
}

VT_TOOL(pkg_main,
	"Usage: pkg [-r URL] [-y] COMMAND [NAME...]\n"
	"Find, install, upgrade and remove apps from the signed repository\n"
	"($VYOMA_REPO, or " DEFAULT_REPO ").\n"
	"\n"
	"  update          fetch the index; the supervisor checks its signature\n"
	"  search [WORD]   list the apps, or those whose entry has WORD\n"
	"  info NAME       an app's description and what it may do\n"
	"  install NAME    download, check and install (or FILE.vpk: a local\n"
	"                  package, signed by the repository's key)\n"
	"  upgrade [NAME]  install newer versions of installed apps\n"
	"  remove NAME     remove an installed app\n"
	"  list            the installed apps\n"
	"  verify [NAME]   re-check installed files against their package\n"
	"  -y              approve an upgrade that asks for more permissions\n")
