/*
 * svcprobe - the desktop's services (docs/desktop.md) driven by an app:
 * clipboard, apps and open. The script is chosen by the name the app is
 * installed under (argv[0]); services.py installs this one module under
 * several names and manifests (with and without each capability). Every
 * supervisor reply is printed as "reply: <text>" (a long one as its
 * first 60 bytes and its length), so the test reads what the app saw.
 *
 *   clip-set     copies TEXT (newline, tab, backslash), then tells clip-get
 *   clip-get     on clip-set's "go", pastes, says if it is TEXT again
 *   clip-bad     malformed copies, the limit, an empty copy
 *   clip-copy    copies "ab<tab>c<newline>d" (for the terminal to paste)
 *   clip-watch   pastes every 200 ms until the text holds "marker"
 *   clip-none    clipboard and other commands, whatever it holds
 *   lister       apps
 *   open-*       open on fair and hostile paths
 */
#include <stdlib.h>

#include "vyoma.h"
#include "vyoma_services.h"

#define TEXT "line one\nline\ttwo \\ three"

static char big[4100];

static const char *const clip_bad[] = {
	"clipboard set a\\x", "clipboard set abc\\", "clipboard set a\tb",
	"clipboard bogus", "clipboard", "big:4001", "big:4000",
	"clipboard get", "clipboard set", "clipboard get",
	"clipboard set   two  spaces ", "clipboard get", NULL,
};
static const char *const clip_none[] = {
	"clipboard get", "clipboard set x", "notify hi", "help", NULL,
};
static const char *const lister[] = { "apps", NULL };
static const char *const opens[] = {
	"open /home/user/docs/a.vtxt",
	"open /home/user/docs/B.VTXT",
	"open /home/user/../../etc/passwd",
	"open /home/user/docs/../../../etc/passwd",
	"open /home/user/link-etc.vtxt",
	"open /home/user/link-data/x.vtxt",
	"open /home/user/docs",
	"open /home/user/docs.vtxt",
	"open /home/user/docs/noext",
	"open /home/user/docs/.vtxt",
	"open /home/user/docs/a.zzz",
	"open /home/user/missing.vtxt",
	"open /etc/passwd",
	"open relative.vtxt",
	"open /home/user/a\tb.vtxt",
	"open",
	"big:open",
	NULL,
};

/* Prints a reply; a long one shortened. */
static void show(const char *text)
{
	size_t n = strlen(text);

	vy_log("reply: ");
	if (n <= 1000) {
		vy_print(text);
		return;
	}
	memcpy(big, text, 60);
	big[60] = '\0';
	vy_log(big);
	vy_log("... (");
	vy_log_num(n);
	vy_print(" bytes)");
}

/* The next message from the supervisor (or from another app, if from
 * is given); NULL after 5 s. */
static const char *await(struct vy_event *ev, const char *from)
{
	while (vy_next_event(ev, 5000) != VY_EV_QUIT) {
		if (ev->type == VY_EV_TIMEOUT)
			return NULL;
		if (ev->type == VY_EV_MESSAGE &&
		    strcmp(ev->from, from ? from : "supervisor") == 0)
			return ev->text;
	}
	return NULL;
}

/* Sends one command ("big:N": a copy of N x's; "big:open": a path of
 * 1100 bytes); prints every reply up to the one that is not a row. */
static void ask(const char *cmd)
{
	struct vy_event ev;
	const char *r;

	if (strncmp(cmd, "big:", 4) == 0) {
		size_t n = cmd[4] == 'o' ? 1100 : (size_t)atoi(cmd + 4);
		size_t head = cmd[4] == 'o' ? 16 : 14;

		memcpy(big, cmd[4] == 'o' ? "open /home/user/" :
		       "clipboard set ", head);
		memset(big + head, 'x', n);
		big[head + n] = '\0';
		vy_send("supervisor", big);
	} else {
		vy_send("supervisor", cmd);
	}
	while ((r = await(&ev, NULL))) {
		show(r);
		if (strncmp(r, "apps ", 5) || strncmp(r, "apps end", 8) == 0)
			return;
	}
	vy_print("no reply");
}

static void script(const char *const *cmds)
{
	for (; *cmds; cmds++)
		ask(*cmds);
}

/* Tells clip-get to paste, again while it is not running yet. */
static void tell_getter(void)
{
	struct vy_event ev;
	int i;

	for (i = 0; i < 50; i++) {
		vy_send("clip-get", "go");
		if (vy_next_event(&ev, 300) == VY_EV_TIMEOUT)
			return;
		if (ev.type == VY_EV_MESSAGE && strstr(ev.text, "not running"))
			vy_next_event(&ev, 100);
	}
}

static void paste(void)
{
	static char text[VY_CLIP_MAX + 1];
	struct vy_event ev;
	const char *r;

	if (!await(&ev, "clip-set"))
		return;
	vy_clipboard_get();
	r = await(&ev, NULL);
	if (!r)
		return;
	show(r);
	vy_clipboard_parse(r, text, sizeof(text));
	vy_print(strcmp(text, TEXT) == 0 ? "round trip ok" :
		 "round trip differs");
}

/* Pastes until someone has copied a text with "marker" in it (15 s). */
static void watch(void)
{
	struct vy_event ev;
	const char *r;

	for (int i = 0; i < 75; i++) {
		vy_clipboard_get();
		r = await(&ev, NULL);
		if (r && strstr(r, "marker")) {
			show(r);
			return;
		}
		vy_next_event(&ev, 200);
	}
}

int main(int argc, char **argv)
{
	const char *me = argc > 0 ? argv[0] : "";
	struct vy_event ev;

	if (strcmp(me, "clip-set") == 0) {
		vy_clipboard_set(TEXT, sizeof(TEXT) - 1);
		show(await(&ev, NULL) ? ev.text : "none");
		tell_getter();
	} else if (strcmp(me, "clip-get") == 0) {
		paste();
	} else if (strcmp(me, "clip-copy") == 0) {
		vy_clipboard_set("ab\tc\nd", 6);
		show(await(&ev, NULL) ? ev.text : "none");
	} else if (strcmp(me, "clip-watch") == 0) {
		watch();
	} else if (strcmp(me, "clip-bad") == 0) {
		script(clip_bad);
	} else if (strncmp(me, "clip-", 5) == 0) {
		script(clip_none);
	} else if (strcmp(me, "lister") == 0) {
		script(lister);
	} else if (strncmp(me, "open-", 5) == 0) {
		script(opens);
	}
	vy_print("script done");
	return 0;
}
