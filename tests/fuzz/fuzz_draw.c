/*
 * fuzz_draw.c - libFuzzer target for the VYOMA_DRAW line grammar
 * (draw_parse). The input is one line without its newline, in a buffer
 * of exactly its length (libFuzzer's own), so a read past len is caught.
 * An accepted line must have given fields inside the documented ranges
 * and text that lies inside the line; an accepted pixels line decodes to
 * exactly w * h * 3 bytes, which fit the decode buffer.
 */
#include "draw.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data;
	struct draw_cmd cmd;
	const char *err = draw_parse(line, size, &cmd);

	if (err) {
		assert(*err);
		return 0;
	}
	assert(size >= sizeof(DRAW_PREFIX) - 1);
	switch (cmd.op) {
	case DRAW_PIXELS:
		assert(cmd.w >= 1 && cmd.h >= 1);
		assert((size_t)cmd.w * (size_t)cmd.h * 3 <= DRAW_PIXELS_MAX);
		/* fall through: w, h, x and y as for a rectangle */
	case DRAW_FILL_RECT:
		assert(cmd.w >= 0 && cmd.w <= DRAW_COORD_MAX);
		assert(cmd.h >= 0 && cmd.h <= DRAW_COORD_MAX);
		/* fall through: x and y as for text */
	case DRAW_TEXT:
		assert(cmd.x >= -DRAW_COORD_MAX && cmd.x <= DRAW_COORD_MAX);
		assert(cmd.y >= -DRAW_COORD_MAX && cmd.y <= DRAW_COORD_MAX);
		break;
	case DRAW_FLUSH:
		break;
	default:
		assert(!"unknown op");
	}
	if (cmd.op == DRAW_PIXELS) {
		/* One byte past the end: a decode that overran would write it. */
		uint8_t rgb[DRAW_PIXELS_MAX + 1];

		rgb[DRAW_PIXELS_MAX] = 0xA5;
		assert(cmd.text >= line && cmd.text + cmd.text_len ==
		       line + size);
		assert(draw_pixels_decode(&cmd, rgb) ==
		       (size_t)cmd.w * (size_t)cmd.h * 3);
		assert(rgb[DRAW_PIXELS_MAX] == 0xA5);
	}
	if (cmd.op == DRAW_TEXT) {
		assert(cmd.size == 's' || cmd.size == 'm' || cmd.size == 'l');
		assert(cmd.text >= line && cmd.text <= line + size);
		assert(cmd.text_len == (size_t)(line + size - cmd.text));
	}
	return 0;
}
