/*
 * test_capwords.c - capabilities in words (capwords.h): both forms the
 * supervisor writes, what is left out, and hostile text (control bytes,
 * unbalanced groups, long values, floods) giving bounded printable
 * lines.
 */
#include "capwords.h"
#include "check.h"

#include <stdbool.h>
#include <stdlib.h>

struct lines {
	char text[4096];
	size_t len, count;
	bool printable, bounded;
};

static void collect(void *ctx, const char *line)
{
	struct lines *l = ctx;
	size_t n = strlen(line);

	l->count++;
	l->bounded &= n < CAPWORDS_LINE_MAX;
	for (size_t i = 0; i < n; i++)
		l->printable &= line[i] >= 0x20 && line[i] < 0x7f;
	if (l->len + n + 2 < sizeof(l->text)) {
		memcpy(l->text + l->len, line, n);
		l->len += n;
		l->text[l->len++] = '|';
		l->text[l->len] = '\0';
	}
}

/* The lines for caps, joined by '|'. */
static const char *said(const char *caps, struct lines *l)
{
	size_t n;

	memset(l, 0, sizeof(*l));
	l->printable = l->bounded = true;
	n = capwords_describe(caps, collect, l);
	CHECK_INT(n, l->count);
	return l->text;
}

int main(void)
{
	struct lines l;
	char *big;

	/* caps' form, as manifest_describe writes it (and the index). */
	CHECK_STR(said("stdio display(320x200) mouse filesystem(/data=rw,"
		       "user=ro,/music=rw,/srv/x=ro) memory=8MiB cpu=1 "
		       "restart=never manual", &l),
		  "show a window|use the mouse|keep its own files|"
		  "read your files (home folder and /tmp)|"
		  "read and change /music|read /srv/x|"
		  "use up to this much memory: 8MiB|");
	CHECK_STR(said("network(example.org:80,*.example.org:*,listen=8000,"
		       "listen=9000-9009,resolve=*.radio.example.com) "
		       "sockets=16", &l),
		  "connect to example.org:80|connect to *.example.org:*|"
		  "accept connections on port 8000|"
		  "accept connections on port 9000-9009|"
		  "look up host names like *.radio.example.com|");
	CHECK_STR(said("shell(ps,kill) spawn clipboard notify", &l),
		  "ask the supervisor to ps|ask the supervisor to kill|"
		  "start other programs|read and change the clipboard|"
		  "show notifications|");
	CHECK_STR(said("shell devices(rtc0,hwrng) updates desktop login "
		       "packages", &l),
		  "run any supervisor command (start, stop and kill apps)|"
		  "use the device rtc0|use the device hwrng|"
		  "install system updates|manage the desktop and its windows|"
		  "log users in|install and remove apps|");
	CHECK_STR(said("opens=bmp,png serves=everyone disk=64MiB files=64 "
		       "network(*:*)", &l),
		  "open files of type bmp,png|serve the apps of every user|"
		  "store up to this much: 64MiB|"
		  "connect to any host on the internet|");
	/* The flat tokens of what an upgrade adds (pkg.c's widening). */
	CHECK_STR(said("clipboard files:/data=rw files:home=rw files:/m=ro "
		       "connect:h.example:443 listen:80-80 resolve:x.example "
		       "shell:all shell:stop opens=txt serves:everyone", &l),
		  "read and change the clipboard|keep its own files|"
		  "read and change your files (home folder and /tmp)|read /m|"
		  "connect to h.example:443|accept connections on port 80-80|"
		  "look up host names like x.example|"
		  "run any supervisor command (start, stop and kill apps)|"
		  "ask the supervisor to stop|open files of type txt|"
		  "serve the apps of every user|");
	/* Nothing to say, and what no table knows said as it is. */
	CHECK_STR(said("", &l), "");
	CHECK_STR(said("   stdio  network filesystem  ", &l), "");
	CHECK_STR(said("teleport hyper(a,b) colour=red", &l),
		  "teleport (not known here)|hyper(a,b) (not known here)|"
		  "colour:red (not known here)|");
	CHECK_STR(said("files:/x=zz files:x=rw", &l),
		  "files:/x=zz (not known here)|files:x=rw (not known here)|");

	/* Hostile: control bytes, unbalanced groups, empty items. */
	CHECK_STR(said("connect:a\nerror forged\x1b[2J", &l),
		  "connect to a?error|forged?[2J (not known here)|");
	CHECK(l.printable);
	CHECK_STR(said("network(a,,b", &l), "connect to a|connect to b|");
	CHECK_STR(said("filesystem(user=", &l),
		  "files:home= (not known here)|");
	CHECK_STR(said("(((", &l), "((( (not known here)|");
	CHECK_STR(said(")),,==::", &l), ")),,==:: (not known here)|");

	/* Long values are cut; a flood gives at most CAPWORDS_MAX lines. */
	big = malloc(100000);
	memset(big, 'a', 99999);
	big[99999] = '\0';
	memcpy(big, "connect:", 8);
	said(big, &l);
	CHECK(l.count == 1 && l.bounded && strstr(l.text, "...|"));
	memcpy(big, "network(", 8);
	said(big, &l);		/* one item, 99991 bytes long */
	CHECK(l.count == 1 && l.bounded && strstr(l.text, "connect to aaa") &&
	      strstr(l.text, "...|"));
	for (size_t i = 8; i < 99999; i += 3)
		big[i] = ',';
	said(big, &l);
	CHECK_INT(l.count, CAPWORDS_MAX);
	CHECK(l.printable && l.bounded);
	for (size_t i = 0; i < 99999; i++)
		big[i] = (char)(i * 7919 % 255 + 1);
	said(big, &l);
	CHECK(l.printable && l.bounded && l.count <= CAPWORDS_MAX);
	free(big);
	return check_summary("capwords");
}
