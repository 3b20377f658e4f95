/*
 * pkg - the package manager's command line (docs/packages.md). It
 * downloads the repository's index, certificate and packages into its
 * own /data over HTTP, and asks the supervisor's `pkg` command for
 * everything else: the supervisor checks signatures, hashes, versions
 * and capabilities and does the install; pkg never writes an installed
 * app. The repository is $VYOMA_REPO, or http://10.0.2.2:8765 (the
 * build host as QEMU's user network shows it).
 */
#include "vytool_ask.h"
#include "vytool_caps.h"
#include "vytool_files.h"
#include "vytool_http.h"
#include "vytool_text.h"
#include "vyoma_tiny.h"

#define DEFAULT_REPO "http://10.0.2.2:8765"
static bool yes;		/* -y: approve wider permissions */

/* Asks `pkg <words>`; prints error answers; the answer, or NULL. */
static char *ask(const char *line, bool print_error)
{
	char *answer = vt_ask(line, true), *last;

	if (!answer)
		return NULL;
	last = strstr(answer, "error ");
	if (last && (last == answer || last[-1] == '\n')) {
		if (print_error)
			vt_warn(NULL, last + 6);
		return NULL;
	}
	return answer;
}

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

static int update(void)
{
	char *answer;

	if (!vh_get("keys/repository.cert", "repository.cert", 65536) ||
	    !vh_get("index", "index", 4u << 20))
		return 1;
	answer = ask("pkg update repository.cert index", true);
	if (!answer)
		return 1;
	vt_puts(answer + 4);
	return 0;
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

static int search(const char *what)
{
	char *answer = ask("pkg available", true), *p, *row;

	if (!answer)
		return 1;
	for (p = answer; (row = vt_next_line(&p));) {
		if (strncmp(row, "pkg available ", 14))
			continue;
		row += 14;
		if (what && !strstr(row, what))
			continue;
		/* name version category size installed description */
		vt_puts(vtx_word(row, 0));
		vt_putc(' ');
		vt_puts(vtx_word(row, 1));
		if (strcmp(vtx_word(row, 4), "-")) {
			vt_puts(" [installed ");
			vt_puts(vtx_word(row, 4));
			vt_putc(']');
		}
		vt_puts(" - ");
		for (int i = 0; i < 5 && row; i++)
			if ((row = (char *)vtx_strchr(row, ' ')))
				row++;
		vt_puts(row ? row : "");
		vt_putc('\n');
	}
	return 0;
}

static int info(const char *name)
{
	char *answer = ask(join("pkg info", name, ""), true), *p, *row;

	if (!answer)
		return 1;
	for (p = answer; (row = vt_next_line(&p));) {
		if (!strncmp(row, "pkg info ", 9)) {
			row += 9;
			vt_puts(vtx_word(row, 0));
			vt_puts(" ");
			vt_puts(vtx_word(row, 1));
			vt_puts(" (");
			vt_puts(vtx_word(row, 2));
			vt_puts(", ");
			vt_puts(vtx_word(row, 3));
			vt_puts(" bytes; installed: ");
			vt_puts(strcmp(vtx_word(row, 4), "-") ? vtx_word(row, 4) : "no");
			vt_puts(")\n");
		} else if (!strncmp(row, "pkg description ", 16)) {
			vt_puts(row + 16);
			vt_putc('\n');
		} else if (!strncmp(row, "pkg capabilities ", 17)) {
			vt_puts("It may:\n");
			vc_describe(row + 17, say_line);
		}
	}
	return 0;
}

/* Downloads and installs one package from the index. */
static int install(const char *name)
{
	char *answer = ask(join("pkg info", name, ""), true), *row, *file;
	char *version, *wider;
	int64_t len;

	if (!answer)
		return 1;
	row = strstr(answer, "pkg info ");
	if (!row)
		return 1;
	version = vtx_word(row, 3);
	if (!vt_parse_int(vtx_word(row, 5), &len) || len <= 0)
		return vt_warn(name, "the index gives no size"), 1;
	file = vt_alloc(strlen(name) + strlen(version) + 8);
	strcpy(file, name);
	strcat(file, "-");
	strcat(file, version);
	strcat(file, ".vpk");
	vt_eputs(vt_prog);
	vt_eputs(": downloading ");
	vt_eputs(file);
	vt_eputs("\n");
	vt_flush_out(&vt_stderr);	/* progress: said now, not at the end */
	if (!vh_get(vf_cat("packages/", file), file, (uint64_t)len))
		return 1;
	answer = ask(join("pkg install", name, join(file, yes ? "approve" : "",
						      "")), false);
	if (!answer) {
		answer = vt_ask(join("pkg install", name, file), false);
		wider = answer ? strstr(answer, "asks for more than ") : NULL;
		if (wider && (wider = (char *)vtx_strchr(wider + 19, ':'))) {
			vt_warn(name, "the new version asks for more; it "
				"would also be allowed to:");
			vc_describe(wider + 2, warn_line);
			vt_eputs(vt_prog);
			vt_eputs(": run again with -y to approve\n");
		} else if (answer) {
			vt_warn(NULL, answer + 6);
		}
		return 1;
	}
	vt_puts(answer + 4);
	return 0;
}

static int upgrade(void)
{
	char *answer = ask("pkg available", true), *p, *row;
	int status = 0, n = 0;

	if (!answer)
		return 1;
	for (p = answer; (row = vt_next_line(&p));) {
		char *installed, *version;

		if (strncmp(row, "pkg available ", 14))
			continue;
		installed = vtx_word(row + 14, 4);
		version = vtx_word(row + 14, 1);
		if (strcmp(installed, "-") && strcmp(installed, version)) {
			status |= install(vtx_word(row + 14, 0));
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
	char buf[8192], *answer;
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
	answer = ask(yes ? "pkg install-file local.vpk approve" :
		     "pkg install-file local.vpk", true);
	if (!answer)
		return 1;
	vt_puts(answer + 4);
	return 0;
}

static int pkg_main(int argc, char **argv)
{
	const char *cmd;
	int status = 0;

	vh_options(argc, argv, DEFAULT_REPO, &yes);
	if (vt_optind == argc)
		vt_usage_error("missing command", 2);
	cmd = argv[vt_optind++];
	if (!strcmp(cmd, "update"))
		return update();
	if (!strcmp(cmd, "search"))
		return search(vt_optind < argc ? argv[vt_optind] : NULL);
	if (!strcmp(cmd, "upgrade") && vt_optind == argc)
		return upgrade();
	if (!strcmp(cmd, "list"))
		return vt_ask_print("pkg list");
	if (!strcmp(cmd, "verify")) {
		char *answer = vt_ask(join("pkg verify", vt_optind < argc ?
					   argv[vt_optind] : "", ""), true);
		char *p = answer, *row;
		/* Every row printed; the status says whether all were whole. */
		int damaged = !answer || !strstr(answer, " damaged=0 ");

		while (answer && (row = vt_next_line(&p))) {
			if (vt_answer_error(row)) {
				vt_warn(NULL, row + 6);
			} else {
				vt_puts(row);
				vt_putc('\n');
			}
		}
		return damaged;
	}
	if (vt_optind == argc)
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
			status |= vt_ask_print(join("pkg remove", name, ""));
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
