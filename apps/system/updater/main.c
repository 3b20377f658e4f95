/*
 * updater - the system update's command line (docs/updates.md). It asks
 * the release server (updates/latest under $VYOMA_REPO, or the build
 * host's http://10.0.2.2:8765) what is newest, downloads the bundle into
 * its own /data with progress, and asks the supervisor's `update`
 * command to check it and write it to the spare slot; then, when the
 * person agrees (or -y), restarts into it. The supervisor decides
 * everything that matters: signature, hash, version, which slot.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vytool_http.h"
#include "vytool_text.h"
#include "vyoma_tiny.h"

#define DEFAULT_REPO "http://10.0.2.2:8765"
#define BUNDLE_FILE "update.bundle"
#define LATEST_MAX 512
#define BUNDLE_MAX (41u << 20)

static bool yes;		/* -y: restart without asking */
static uint64_t expected;	/* the bundle's length, for progress */

/* Asks the supervisor; prints an error answer; the answer, or NULL. */
static char *ask(const char *line)
{
	char *answer = vt_ask(line, true);

	char *nl = answer ? (char *)vtx_strchr(answer, '\n') : NULL;

	/* One line each: printed as it is, without its newline. */
	if (nl)
		*nl = '\0';
	if (answer && vt_answer_error(answer)) {
		vt_warn(NULL, answer + 6);
		return NULL;
	}
	return answer;
}

static void progress(uint64_t done)
{
	static uint64_t shown;

	/* A line per tenth, not per read: a log a person can follow. */
	if (expected && done * 10 / expected == shown * 10 / expected &&
	    done != expected)
		return;
	shown = done;
	vt_puts("downloading: ");
	vt_putu(done >> 10);
	vt_puts(" of ");
	vt_putu(expected >> 10);
	vt_puts(" KiB\n");
	vt_flush();
}

/* Checks /data/update.bundle, asks, writes it, restarts. */
static int apply(void)
{
	char *answer = ask("update check " BUNDLE_FILE), *line;

	if (!answer)
		return 1;
	/* "update ok VERSION BYTES NOTES" */
	vt_puts("checked: signed by the system key; version ");
	vt_puts(vtx_word(answer, 2));
	vt_puts("\nnotes: ");
	vt_puts(vtx_word_at(answer, 4));
	vt_puts("\nwriting the spare slot...\n");
	answer = ask("update apply " BUNDLE_FILE);
	if (!answer)
		return 1;
	vt_puts(answer + 7);
	vt_putc('\n');
	if (!yes) {
		struct vt_in in;
		size_t n;

		vt_puts("restart now to try it? [y/N] ");
		vt_flush();
		vt_in_init(&in, 0);
		line = vt_getline(&in, &n);
		if (!line || (line[0] != 'y' && line[0] != 'Y')) {
			vt_puts("the new system is tried at the next restart\n");
			return 0;
		}
	}
	vt_puts("restarting\n");
	return ask("reboot") ? 0 : 1;
}

/* "VERSION FILE BYTES" from updates/latest. */
static int install(void)
{
	char latest[LATEST_MAX + 1], *version, *file;
	int64_t bytes = 0;
	long n = 0;
	int fd, err;

	if (!vh_get("updates/latest", "latest", LATEST_MAX))
		return 1;
	fd = vt_open("/data/latest", VT_READ, &err);
	if (fd >= 0) {
		n = vt_read(fd, latest, LATEST_MAX);
		vt_close(fd);
	}
	latest[n > 0 ? n : 0] = '\0';
	version = vtx_word(latest, 0);
	file = vtx_word(latest, 1);
	if (!*version || !*file || vtx_strchr(file, '/') ||
	    !vt_parse_int(vtx_word(latest, 2), &bytes) || bytes <= 0 ||
	    (uint64_t)bytes > BUNDLE_MAX) {
		vt_warn("updates/latest", "not \"VERSION FILE BYTES\"");
		return 1;
	}
	expected = (uint64_t)bytes;
	vt_puts("newest release: ");
	vt_puts(version);
	vt_putc('\n');
	vh_progress = progress;
	if (!vh_get(vf_cat("updates/", file), BUNDLE_FILE, expected))
		return 1;
	return apply();
}

/* A bundle the person has: copied into /data, then as a download. */
static int install_file(const char *path)
{
	int in, out, err;

	in = vt_open(path, VT_READ, &err);
	if (in < 0)
		return vf_fail("cannot open", path, err), 1;
	out = vt_open("/data/" BUNDLE_FILE, VT_WRITE, &err);
	if (out < 0)
		return vf_fail("cannot write", "/data/" BUNDLE_FILE, err), 1;
	err = vf_copy_fd(in, out);
	vt_close(in);
	vt_close(out);
	if (err)
		return vf_fail("cannot copy", path, err), 1;
	return apply();
}

static int updater_main(int argc, char **argv)
{
	const char *cmd;

	vh_options(argc, argv, DEFAULT_REPO, &yes);
	cmd = vt_optind < argc ? argv[vt_optind++] : "status";
	if (!strcmp(cmd, "status") && vt_optind == argc)
		return vt_ask_print("update status");
	if (!strcmp(cmd, "install") && vt_optind == argc)
		return install();
	if (!strcmp(cmd, "install") && vt_optind + 1 == argc)
		return install_file(argv[vt_optind]);
	vt_usage_error("unknown command", 2);
	return 2;
}

VT_TOOL(updater_main,
	"Usage: updater [-r URL] [-y] [status | install [FILE]]\n"
	"Update the system from the release server ($VYOMA_REPO, or\n"
	DEFAULT_REPO "): the new release is checked by the supervisor,\n"
	"written to the spare slot and tried at the next restart; if it does\n"
	"not come up healthy, the machine goes back to this one.\n"
	"\n"
	"  status          the running release, the slots, the last update\n"
	"  install         download the newest release, check it, write it\n"
	"  install FILE    the same with a bundle file\n"
	"  -y              restart into it without asking\n")
