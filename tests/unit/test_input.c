/*
 * test_input.c - the input script grammar, the US keymap (both ways)
 * and the key and pointer event line formats.
 */
#include "check.h"
#include "input.h"

static struct input_script s;
static char err[256];

static int parse(const char *src)
{
	err[0] = '\0';
	return input_script_parse(src, strlen(src), "in.txt", &s, err,
				  sizeof(err));
}

static void test_valid(void)
{
	char line[64];

	CHECK_INT(parse("# comment\n\n10 focus terminal\r\n"
			"20 type aB!\n"
			"30 key Enter\n"
			"40 key Ctrl+c\n"
			"50 key Shift+Tab\n"
			"60 key +\n"
			"60 type  two spaces\n"), 0);
	CHECK_STR(err, "");
	CHECK_INT(s.events[0].kind, INPUT_FOCUS);
	CHECK_STR(s.events[0].target, "terminal");
	CHECK_INT(s.events[0].at_ms, 10);
	/* "aB!" is three presses, each down then up. */
	CHECK_INT(s.events[1].keycode, 30);
	CHECK_INT(s.events[1].codepoint, 'a');
	CHECK_INT(s.events[1].mods, 0);
	CHECK(s.events[1].down && !s.events[2].down);
	CHECK_INT(s.events[3].keycode, 48);
	CHECK_INT(s.events[3].codepoint, 'B');
	CHECK_INT(s.events[3].mods, MOD_SHIFT);
	CHECK_INT(s.events[5].keycode, 2);
	CHECK_INT(s.events[5].codepoint, '!');
	CHECK_INT(s.events[5].mods, MOD_SHIFT);
	CHECK_INT(s.events[7].keycode, 28);
	CHECK_INT(s.events[7].codepoint, '\n');
	CHECK_INT(s.events[9].keycode, 46);
	CHECK_INT(s.events[9].mods, MOD_CTRL);
	CHECK_INT(s.events[11].keycode, 15);
	CHECK_INT(s.events[11].mods, MOD_SHIFT);
	CHECK_INT(s.events[13].codepoint, '+');
	/* After "type" and one separator, every character counts. */
	CHECK_INT(s.events[15].codepoint, ' ');
	CHECK_INT(s.count, 15 + 2 * 11);	/* " two spaces" */
	CHECK_INT(input_format_key(&s.events[3], line, sizeof(line)),
		  strlen("VYOMA_EVENT:key:down,48,66,1"));
	CHECK_STR(line, "VYOMA_EVENT:key:down,48,66,1");
	input_format_key(&s.events[8], line, sizeof(line));
	CHECK_STR(line, "VYOMA_EVENT:key:up,28,10,0");
	input_script_free(&s);
}

static void test_pointer(void)
{
	char line[80];

	CHECK_INT(parse("10 move 5 6\n20 click 7 8 right\n"), 0);
	CHECK_STR(err, "");
	CHECK_INT(s.count, 4);	/* move; move, down, up */
	CHECK_INT(s.events[0].kind, INPUT_POINTER);
	CHECK(s.events[0].x == 5 && s.events[0].y == 6);
	CHECK_INT(s.events[0].changed, 0);
	CHECK(s.events[1].x == 7 && s.events[1].changed == 0);
	CHECK(s.events[2].down && s.events[2].changed == BUTTON_RIGHT);
	CHECK_INT(s.events[2].buttons, BUTTON_RIGHT);
	CHECK(!s.events[3].down && s.events[3].buttons == 0);
	input_format_pointer(&s.events[2], 3, -4, line, sizeof(line));
	CHECK_STR(line, "VYOMA_EVENT:pointer:down,3,-4,2");
	input_format_pointer(&s.events[0], 1, 2, line, sizeof(line));
	CHECK_STR(line, "VYOMA_EVENT:pointer:move,1,2,0");
	input_format_pointer(&s.events[3], 1, 2, line, sizeof(line));
	CHECK_STR(line, "VYOMA_EVENT:pointer:up,1,2,0");
	input_script_free(&s);

	/* A drag: move, press, 8 steps, release at the end. */
	CHECK_INT(parse("10 drag 0 0 80 40\n"), 0);
	CHECK_INT(s.count, 11);
	CHECK(s.events[1].down && s.events[1].changed == BUTTON_LEFT);
	CHECK(s.events[2].x == 10 && s.events[2].y == 5 &&
	      s.events[2].buttons == BUTTON_LEFT && !s.events[2].changed);
	CHECK(s.events[10].x == 80 && s.events[10].y == 40 &&
	      !s.events[10].down && s.events[10].buttons == 0);
	input_script_free(&s);
}

/* evdev gives key codes; the keymap must give back what scripts type. */
static void test_keymap_round_trip(void)
{
	const char *printable = " !\"#$%&'()*+,-./0123456789:;<=>?@"
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
				"abcdefghijklmnopqrstuvwxyz{|}~";
	const char *p;
	uint16_t code;
	bool shift;
	int mismatches = 0;

	for (p = printable; *p; p++) {
		if (!keymap_key_for_char(*p, &code, &shift) ||
		    keymap_codepoint(code, shift ? MOD_SHIFT : 0) !=
		    (uint32_t)(unsigned char)*p)
			mismatches++;
	}
	CHECK_INT(mismatches, 0);
	CHECK_INT(keymap_codepoint(28, 0), '\n');		/* Enter */
	CHECK_INT(keymap_codepoint(30, MOD_CTRL), 'a');	/* Ctrl+a */
	CHECK_INT(keymap_codepoint(103, 0), 0);		/* Up: no character */
	CHECK_INT(keymap_modifier_of(42), MOD_SHIFT);
	CHECK_INT(keymap_modifier_of(100), MOD_ALT);
	CHECK_INT(keymap_modifier_of(125), MOD_SUPER);
	CHECK_INT(keymap_modifier_of(30), 0);
	/* SDL's scancodes are USB HID usages: a, z, 1, 0, Enter, F12, Up,
	 * left Shift, right Super; unknown ones map to nothing. */
	CHECK_INT(keymap_from_hid(4), 30);
	CHECK_INT(keymap_from_hid(29), 44);
	CHECK_INT(keymap_from_hid(30), 2);
	CHECK_INT(keymap_from_hid(39), 11);
	CHECK_INT(keymap_from_hid(40), 28);
	CHECK_INT(keymap_from_hid(69), 88);
	CHECK_INT(keymap_from_hid(82), 103);
	CHECK_INT(keymap_from_hid(225), 42);
	CHECK_INT(keymap_from_hid(231), 126);
	CHECK_INT(keymap_from_hid(300), 0);
	/* Every letter maps to the key that types it. */
	for (int u = 4; u <= 29; u++)
		mismatches += keymap_codepoint(keymap_from_hid((uint16_t)u), 0) !=
			      (uint32_t)('a' + u - 4);
	CHECK_INT(mismatches, 0);
}

static const struct {
	const char *src;
	const char *error;
} bad[] = {
	{ "type hello\n", "in.txt:1: expected a time in milliseconds" },
	{ "10 focus a\n5 key Enter\n",
	  "in.txt:2: time 5 is before the previous line's 10" },
	{ "\n\n10 tpye x\n",
	  "in.txt:3: unknown action 'tpye' (focus, type, key, move, click, drag)" },
	{ "10 click 5\n", "in.txt:1: click needs x y [left|right|middle]" },
	{ "10 move 5 6 7\n", "in.txt:1: move needs x y" },
	{ "10 click 5 6 thumb\n",
	  "in.txt:1: unknown button 'thumb' (left, right, middle)" },
	{ "10 move -1 6\n", "in.txt:1: position -1,6 is off any screen" },
	{ "10 drag 1 2 3\n", "in.txt:1: drag needs x0 y0 x1 y1" },
	{ "10 drag 1 2 3 99999\n", "in.txt:1: a drag position is off any screen" },
	{ "10 type\n", "in.txt:1: type needs some text" },
	{ "10 key\n", "in.txt:1: key needs a key name" },
	{ "10 key Return\n", "in.txt:1: unknown key 'Return'" },
	{ "10 key Meta+x\n",
	  "in.txt:1: unknown modifier 'Meta' (Shift, Ctrl, Alt, Super)" },
	{ "10 type caf\xc3\xa9\n",
	  "in.txt:1: '\xc3' has no key on a US keyboard" },
	{ "10 focus\n", "in.txt:1: focus needs an app name" },
	{ "99999999999 key Enter\n",
	  "in.txt:1: expected a time in milliseconds" },
};

static void test_errors(void)
{
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_INT(parse(bad[i].src), -1);
		CHECK_STR(err, bad[i].error);
		CHECK(s.events == NULL && s.count == 0);
	}
	/* A NUL byte anywhere is an error, not a silent truncation. */
	CHECK_INT(input_script_parse("10 type a\0b\n", 12, "in.txt", &s, err,
				     sizeof(err)), -1);
	CHECK_STR(err, "in.txt:1: NUL byte in the script");
}

int main(void)
{
	test_valid();
	test_pointer();
	test_keymap_round_trip();
	test_errors();
	return check_summary("input");
}
