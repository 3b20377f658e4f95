/*
 * test_desktop_cmd.c - the grammar of the desktop's commands
 * (desktop_cmd.c): each well-formed command parsed into its fields, and
 * every malformed one refused with its reason: missing, extra and
 * out-of-range numbers, too many rectangles, unknown verbs, notifications
 * empty or too long. args are slices, never NUL-terminated.
 */
#include "check.h"
#include "desktop_cmd.h"

#include <stdlib.h>

static char reply[256];

/* Parses "<cmd> <args>" from a copy without a terminator after it. */
static size_t parse(struct desktop_cmd *c, const char *line)
{
	size_t n = strlen(line), k = 0;
	char *copy = malloc(n ? n : 1);
	size_t r;

	memcpy(copy, line, n);
	while (k < n && copy[k] != ' ')
		k++;
	memset(c, 0x55, sizeof(*c));	/* the parser must clear it */
	reply[0] = '\0';
	r = desktop_cmd_parse(c, copy, k, copy + (k < n ? k + 1 : k),
			      k < n ? n - k - 1 : 0, reply, sizeof(reply));
	free(copy);
	return r;
}

static void test_well_formed(void)
{
	struct desktop_cmd c;

	CHECK_INT(parse(&c, "windows"), 0);
	CHECK_INT(c.verb, V_WINDOWS);
	CHECK_INT(parse(&c, "window minimise 4099"), 0);
	CHECK_INT(c.verb, V_WINDOW);
	CHECK_INT(c.window_verb, W_MINIMISE);
	CHECK_INT(c.target, 4099);
	CHECK_INT(parse(&c, "window close 1"), 0);
	CHECK_INT(c.window_verb, W_CLOSE);
	CHECK_INT(parse(&c, "desktop reserve 0 32"), 0);
	CHECK_INT(c.verb, V_RESERVE);
	CHECK_INT(c.top, 0);
	CHECK_INT(c.bottom, 32);
	CHECK_INT(parse(&c, "desktop raise"), 0);
	CHECK_INT(c.verb, V_RAISE);
	CHECK_INT(c.rect_count, 0);
	CHECK_INT(parse(&c, "desktop raise 0,736,1024,32  -5,-6,7,8"), 0);
	CHECK_INT(c.rect_count, 2);
	CHECK(c.rects[0].x == 0 && c.rects[0].y == 736 &&
	      c.rects[0].w == 1024 && c.rects[0].h == 32);
	CHECK(c.rects[1].x == -5 && c.rects[1].y == -6 && c.rects[1].w == 7);
	CHECK_INT(parse(&c, "desktop focus"), 0);
	CHECK_INT(c.verb, V_FOCUS);
	CHECK_INT(parse(&c, "notify saved, 3 files: done"), 0);
	CHECK_STR(c.text, "saved, 3 files: done");
	CHECK_INT(parse(&c, "poweroff"), 0);
	CHECK_INT(c.verb, V_POWEROFF);
	CHECK_INT(parse(&c, "reboot"), 0);
	CHECK_INT(c.verb, V_REBOOT);
}

static void refused(const char *line, const char *why)
{
	struct desktop_cmd c;

	CHECK(parse(&c, line) > 0);
	CHECK_STR(reply, why);
}

static void test_malformed(void)
{
	char big[400];

	refused("windows now", "error windows takes no arguments");
	refused("poweroff please", "error poweroff takes no arguments");
	refused("window", "error want window <focus|minimise|restore|"
		"maximise|close> <id>");
	refused("window explode 4", "error want window <focus|minimise|"
		"restore|maximise|close> <id>");
	refused("window focus", "error want window focus <id>");
	refused("window focus 0", "error want window focus <id>");
	refused("window focus -3", "error want window focus <id>");
	refused("window focus 12x", "error want window focus <id>");
	refused("window focus 1234567890", "error want window focus <id>");
	refused("window focus 1 2", "error want window focus <id>");
	refused("desktop", "error want desktop <reserve|raise|focus> ...");
	refused("desktop focus now", "error want desktop <reserve|raise|"
		"focus> ...");
	refused("desktop reserve 10", "error want desktop reserve <top> "
		"<bottom>");
	refused("desktop reserve -1 0", "error want desktop reserve <top> "
		"<bottom>");
	refused("desktop reserve 5000 0", "error want desktop reserve <top> "
		"<bottom>");
	refused("desktop reserve 1 2 3", "error want desktop reserve <top> "
		"<bottom>");
	refused("desktop raise 1,2,3", "error want desktop raise <x>,<y>,"
		"<w>,<h> ...");
	refused("desktop raise 1,2,3,4,5", "error want desktop raise <x>,<y>,"
		"<w>,<h> ...");
	refused("desktop raise 1,2,-3,4", "error want desktop raise <x>,<y>,"
		"<w>,<h> ...");
	refused("desktop raise 32768,0,1,1", "error want desktop raise <x>,"
		"<y>,<w>,<h> ...");
	refused("desktop raise 1,,2,3", "error want desktop raise <x>,<y>,"
		"<w>,<h> ...");
	refused("desktop raise -,0,1,1", "error want desktop raise <x>,<y>,"
		"<w>,<h> ...");
	refused("desktop raise 0,0,1,1 0,0,1,1 0,0,1,1 0,0,1,1 0,0,1,1 "
		"0,0,1,1 0,0,1,1 0,0,1,1 0,0,1,1", "error at most 8 rectangles");
	refused("notify", "error a notification is 1 to 200 bytes");
	memcpy(big, "notify ", 7);
	memset(big + 7, 'x', 201);
	big[208] = '\0';
	refused(big, "error a notification is 1 to 200 bytes");
	big[207] = '\0';	/* exactly 200 */
	{
		struct desktop_cmd c;

		CHECK_INT(parse(&c, big), 0);
		CHECK_INT(strlen(c.text), 200);
	}
	refused("notify a\tb", "error control characters are not allowed in "
		"a notification");
	{
		struct desktop_cmd c;
		char nul[] = "notify a\0b";

		CHECK(desktop_cmd_parse(&c, nul, 6, nul + 7, 3, reply,
					sizeof(reply)) > 0);
	}
	refused("dance", "error unknown command");
}

int main(void)
{
	test_well_formed();
	test_malformed();
	return check_summary("desktop_cmd");
}
