/*
 * openlog - an app the shell's `open` starts (docs/desktop.md): prints
 * the events it gets before anything else, in order, then what it can do
 * with the file's directory: read the file, read another file beside
 * it, write one there, and reach a directory beside that one (it must
 * not: `open` gives it the file's directory and nothing else).
 */
#include <fcntl.h>

#include "vyoma.h"
#include "vyoma_services.h"

static char path[1100], other[1200];

/* "<what>: [<first bytes>]" or "<what>: denied". */
static void try_read(const char *what, const char *file)
{
	char buf[64];
	int fd = open(file, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	vy_log(what);
	if (n < 0) {
		vy_print(": denied");
	} else {
		buf[n] = '\0';
		if (n && buf[n - 1] == '\n')
			buf[n - 1] = '\0';
		vy_log(": [");
		vy_log(buf);
		vy_print("]");
	}
	if (fd >= 0)
		close(fd);
}

/* What is beside the file: its directory's path + name. */
static const char *beside(const char *name)
{
	char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	memcpy(other, path, n);
	other[n] = '/';
	strcpy(other + n + 1, name);
	return other;
}

static void probe(void)
{
	int fd;

	try_read("read", path);
	try_read("same dir", beside("c.txt"));
	try_read("sibling dir", "/home/user/other/b.txt");
	try_read("parent", beside("../top.txt"));
	try_read("etc", "/etc/passwd");
	fd = open(beside("new.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	vy_print(fd < 0 ? "write: denied" : "write: ok");
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	struct vy_event ev;
	int events = 0;

	while (events < 4 && vy_next_event(&ev, 3000) != VY_EV_QUIT &&
	       ev.type != VY_EV_TIMEOUT) {
		const char *p = vy_open_event(ev.text);

		if (ev.type != VY_EV_RESIZE && !p)
			continue;
		events++;
		vy_log("event: ");
		vy_print(ev.text);
		if (p && strlen(p) < sizeof(path)) {
			strcpy(path, p);
			probe();
			break;
		}
	}
	vy_print("openlog done");
	return 0;
}
