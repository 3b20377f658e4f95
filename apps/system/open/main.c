/*
 * open - open files with the apps that open their types: the
 * supervisor's `open` command (docs/desktop.md) for each FILE, made
 * absolute from the working directory. The supervisor checks that this
 * tool (so at most its parent, whose user files it narrows to) can reach
 * the file, starts the app and tells it the file.
 */
#define VT_SYSTEM_STRERROR	/* errors in words from the supervisor */
#include "vytool_ask.h"
#include "vyoma_tiny.h"

/* Asks to open one file; prints the answer, or the error (status 1). */
static int open_one(const char *file)
{
	char *path = vt_abspath(file), *line;
	size_t n = strlen(path);

	if (strchr(path, '\n')) {
		vt_warn(file, "a file name with a newline cannot be opened");
		return 1;
	}
	line = vt_alloc(n + 6);
	memcpy(line, "open ", 5);
	memcpy(line + 5, path, n + 1);
	return vt_ask_print(line);
}

static int open_main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2)
		vt_usage_error("missing operand", 1);
	for (int i = 1; i < argc; i++)
		status |= open_one(argv[i]);
	return status;
}

VT_TOOL(open_main, "Usage: open FILE...\nOpen each FILE with the app that "
	"opens its type (by its extension).\n")
