/*
 * fuzz_evdev.c - libFuzzer target for the evdev translation (evdev_feed):
 * what a keyboard, a tablet or a mouse could send, turned into user
 * input. The input is a screen size and two absolute axis ranges, then
 * any number of 8-byte records (type u16, code u16, value s32). Every
 * event that comes out must be one the router can use: a pointer on the
 * screen, buttons it knows.
 */
#include "input_evdev.h"
#include "log.h"
#include "bytes.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

static int screen_w, screen_h;

static void sink(const struct user_input *ev)
{
	switch (ev->kind) {
	case INPUT_KEY:
		assert(ev->mods <= (MOD_SHIFT | MOD_CTRL | MOD_ALT | MOD_SUPER));
		break;
	case INPUT_POINTER:
		assert(ev->x >= 0 && ev->x < screen_w);
		assert(ev->y >= 0 && ev->y < screen_h);
		assert(ev->buttons <= (BUTTON_LEFT | BUTTON_RIGHT |
				       BUTTON_MIDDLE));
		assert(ev->changed == 0 || ev->changed == BUTTON_LEFT ||
		       ev->changed == BUTTON_RIGHT ||
		       ev->changed == BUTTON_MIDDLE);
		break;
	case INPUT_POWER:
		break;
	default:
		assert(!"evdev makes no other events");
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* SYN_DROPPED is logged as a warning; a fuzzer sends many. */
	log_set_level(LOG_ERROR);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes in = { data, size };
	struct input_absinfo abs_x = { 0 }, abs_y = { 0 };
	struct input_event *records;
	size_t n, i;

	/* Screens from 1x1 to 8192x8192, as display.c allows. */
	screen_w = 1 + bytes_u16(&in) % 8192;
	screen_h = 1 + bytes_u16(&in) % 8192;
	abs_x.minimum = (int32_t)bytes_u32(&in);
	abs_x.maximum = (int32_t)bytes_u32(&in);
	abs_y.minimum = (int32_t)bytes_u32(&in);
	abs_y.maximum = (int32_t)bytes_u32(&in);
	n = in.left / 8;
	/* Exactly n records, so a read past them is caught. */
	records = calloc(n ? n : 1, sizeof(*records));
	assert(records);
	for (i = 0; i < n; i++) {
		records[i].type = bytes_u16(&in);
		records[i].code = bytes_u16(&in);
		records[i].value = (int32_t)bytes_u32(&in);
	}
	evdev_reset(screen_w, screen_h);
	evdev_feed(records, n, &abs_x, &abs_y, sink);
	free(records);
	return 0;
}
