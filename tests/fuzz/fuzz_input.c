/*
 * fuzz_input.c - libFuzzer target for input scripts (input_script_parse,
 * the parser behind --input). Any bytes are a script. An accepted one
 * must give events in time order, pointers on screen, key codes with the
 * event lines they format to, and be freed whole.
 */
#include "input.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static void check_event(const struct user_input *ev)
{
	char line[128];
	size_t n;

	switch (ev->kind) {
	case INPUT_KEY:
		n = input_format_key(ev, line, sizeof(line));
		assert(n > 0 && n < sizeof(line) && strlen(line) == n);
		assert(ev->mods <= (MOD_SHIFT | MOD_CTRL | MOD_ALT | MOD_SUPER));
		break;
	case INPUT_POINTER:
		assert(ev->x >= 0 && ev->y >= 0);
		assert(ev->x <= 8191 && ev->y <= 8191);
		assert(ev->buttons <= (BUTTON_LEFT | BUTTON_RIGHT |
				       BUTTON_MIDDLE));
		n = input_format_pointer(ev, ev->x, ev->y, line, sizeof(line));
		assert(n > 0 && n < sizeof(line) && strlen(line) == n);
		/* Cut short, it still ends inside the buffer. */
		n = input_format_pointer(ev, ev->x, ev->y, line, 8);
		assert(n < 8 && line[n] == '\0');
		break;
	case INPUT_FOCUS:
		assert(memchr(ev->target, '\0', sizeof(ev->target)));
		assert(ev->target[0]);
		break;
	default:
		assert(!"an input script makes no other events");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input_script script;
	char err[256];
	size_t i;

	err[0] = '\0';
	if (input_script_parse((const char *)data, size, "fuzz.txt", &script,
			       err, sizeof(err)) != 0) {
		assert(strncmp(err, "fuzz.txt:", 9) == 0);
		assert(!script.events && script.count == 0);
		return 0;
	}
	assert(script.next == 0);
	for (i = 0; i < script.count; i++) {
		assert(i == 0 ||
		       script.events[i].at_ms >= script.events[i - 1].at_ms);
		check_event(&script.events[i]);
	}
	input_script_free(&script);
	return 0;
}
