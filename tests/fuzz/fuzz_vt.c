/*
 * fuzz_vt.c - libFuzzer target for the terminal's VT100/ANSI parser and
 * screen model (apps/system/terminal/vt.h, screen.h), compiled natively:
 * both are plain C. A program in the terminal is hostile: any bytes, in
 * any pieces, with the window resized between them, must leave the
 * cursor, the scrolling region and the scrollback inside the screen.
 *
 * The input is operations: a byte saying what, then its operands.
 */
#include "system/terminal/vt.h"
#include "bytes.h"

#include <assert.h>
#include <stdint.h>

static struct screen scr;
static struct vt vt;

static void check_screen(void)
{
	assert(scr.cols >= 1 && scr.cols <= TERM_MAX_COLS);
	assert(scr.rows >= 1 && scr.rows <= TERM_MAX_ROWS);
	assert(scr.pen.x >= 0 && scr.pen.x < scr.cols);
	assert(scr.pen.y >= 0 && scr.pen.y < scr.rows);
	assert(scr.top >= 0 && scr.top <= scr.bot && scr.bot < scr.rows);
	assert(scr.hist >= 0 && scr.hist <= TERM_HISTORY + TERM_MAX_ROWS);
	assert(scr.view >= 0 && scr.view <= scr.hist);
	assert(vt.reply_len <= VT_REPLY_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes in = { data, size };

	scr_init(&scr, 80, 24);
	vt_init(&vt, &scr);
	while (in.left) {
		uint8_t op = bytes_u8(&in);
		size_t n;

		switch (op % 4) {
		case 0:	/* resize */
			scr_resize(&scr, 1 + bytes_u16(&in) % TERM_MAX_COLS,
				   1 + bytes_u16(&in) % TERM_MAX_ROWS);
			break;
		case 1:	/* scroll the view */
			scr_scroll_view(&scr, (int16_t)bytes_u16(&in));
			break;
		case 2:	/* the program's answer was read */
			vt.reply_len = 0;
			break;
		default:	/* a piece of output */
			n = bytes_u8(&in);
			n = n < in.left ? n : in.left;
			vt_feed(&vt, in.p, n);
			in.p += n;
			in.left -= n;
			break;
		}
		check_screen();
	}
	return 0;
}
