/*
 * rvdesk - a hostile commander for the desktop-role review
 * (tests/integration/review_desktop.py). Installed under several names
 * and manifests (a desktop, a second desktop, a notifier, a clipboard
 * user), it runs the script in its /data/cmds.txt, one directive a line:
 *
 *   send <text>        the text to the supervisor
 *   flood <n> <text>   the same, n times as fast as it can
 *   raw <line>         a protocol line of its own (a draw command)
 *   wait <text>        until a line it is sent holds text (10 s at most)
 *   sleep <ms>         reads what comes meanwhile
 *   count <text>       counts the lines it is sent that hold text
 *   tally              prints "rv tally <text>=<n>" for every count
 *   quiet              stops printing the lines it is sent
 *   say <text>         prints text
 *
 * and prints every line it is sent as "rv got <line>" (until quiet), then
 * "rv done". A window (it has one when the manifest says display) is
 * filled with a colour of its own so a test can see it on the screen.
 */
#include "vyoma.h"

#define COUNTS 4

static char script[8192];
static char counted[COUNTS][64];
static int stopping;
static unsigned long tallies[COUNTS];
static int ncounts, quiet;

static size_t line_len(const char *s)
{
	size_t n = 0;

	while (s[n] && s[n] != '\n')
		n++;
	return n;
}

static int holds(const char *hay, const char *needle, size_t n)
{
	for (; *hay; hay++)
		if (strncmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

static int starts(const char *s, const char *word)
{
	return strncmp(s, word, strlen(word)) == 0;
}

static void paint(int w, int h)
{
	vy_fill_rect(0, 0, w, h, 0x3060C0FF);
	vy_flush();
}

/* A NUL-terminated copy of n bytes of s (at most 63). */
static void copy(char *out, const char *s, size_t n)
{
	if (n > 63)
		n = 63;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Handles one event; returns the line (or NULL) for a wait. */
static const char *take(int timeout)
{
	static char full[VY_LINE_MAX + 64];
	struct vy_event ev;
	int i;

	switch (vy_next_event(&ev, timeout)) {
	case VY_EV_RESIZE:
		paint(ev.w, ev.h);
		return NULL;
	case VY_EV_MESSAGE:
		strcpy(full, "@");
		strncat(full, ev.from, 40);
		strcat(full, ": ");
		strncat(full, ev.text, VY_LINE_MAX);
		break;
	case VY_EV_OTHER:
		strncpy(full, ev.text, sizeof(full) - 1);
		break;
	case VY_EV_QUIT:
		stopping = 1;
		return NULL;
	default:
		return NULL;
	}
	for (i = 0; i < ncounts; i++)
		tallies[i] += holds(full, counted[i], strlen(counted[i]));
	if (!quiet) {
		vy_log("rv got ");
		vy_print(full);
	}
	return full;
}

static void wait_for(const char *text, size_t n)
{
	uint64_t until = vy_ms() + 10000;
	const char *got;

	while (vy_ms() < until && !stopping)
		if ((got = take(100)) && holds(got, text, n))
			return;
	vy_print("rv wait timed out");
}

static void sleep_for(unsigned long ms)
{
	uint64_t until = vy_ms() + ms;

	while (vy_ms() < until && !stopping)
		take(10);
}

static void send_n(const char *text, size_t n, unsigned long times)
{
	char line[VY_LINE_MAX];

	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	memcpy(line, text, n);
	line[n] = '\0';
	while (times--)
		vy_send("supervisor", line);
}

static void tally(void)
{
	char num[24];
	int i;

	for (i = 0; i < ncounts; i++) {
		vy_utoa(num, tallies[i]);
		vy_log("rv tally ");
		vy_log(counted[i]);
		vy_log("=");
		vy_print(num);
	}
}

static void directive(const char *s, size_t n)
{
	const char *arg = s;
	unsigned long v = 0;

	while (arg < s + n && *arg != ' ')
		arg++;
	if (arg < s + n)
		arg++;
	if (starts(s, "send "))
		send_n(arg, n - (size_t)(arg - s), 1);
	else if (starts(s, "raw ")) {
		vy__put(arg, n - (size_t)(arg - s));
		vy__put("\n", 1);
		vy__drain();
	} else if (starts(s, "wait "))
		wait_for(arg, n - (size_t)(arg - s));
	else if (starts(s, "count ") && ncounts < COUNTS)
		copy(counted[ncounts++], arg, n - (size_t)(arg - s)); else if (starts(s, "tally"))
		tally();
	else if (starts(s, "quiet"))
		quiet = 1;
	else if (starts(s, "say ")) {
		char text[64];

		copy(text, arg, n - (size_t)(arg - s));
		vy_print(text);
	} else if (starts(s, "sleep ") || starts(s, "flood ")) {
		while (*arg >= '0' && *arg <= '9')
			v = v * 10 + (unsigned long)(*arg++ - '0');
		if (s[0] == 's')
			sleep_for(v);
		else if (*arg == ' ')
			send_n(arg + 1, n - (size_t)(arg + 1 - s), v);
	}
}

int main(void)
{
	long len = vy_data_read("cmds.txt", script, sizeof(script) - 1);
	const char *p = script;

	if (len < 0)
		len = 0;
	script[len] = '\0';
	while (*p && !stopping) {
		size_t n = line_len(p);

		directive(p, n);
		p += n + (p[n] == '\n');
	}
	vy_print("rv done");
	while (!stopping)
		take(-1);
	return 0;
}
