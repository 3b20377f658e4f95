/*
 * draw.h - the VYOMA_DRAW line grammar: parses one line an app printed into
 * a draw command, or says exactly what is wrong with it.
 */
#ifndef VYOMA_DRAW_H
#define VYOMA_DRAW_H

#include <stddef.h>
#include <stdint.h>

#define DRAW_PREFIX "VYOMA_DRAW:"
#define DRAW_COORD_MAX 32767	/* larger coordinates are an error */
/*
 * The most pixel bytes one pixels line may carry: a 4096-byte line holds
 * at most 3051, so this only guards the buffer draw_pixels_decode fills.
 */
#define DRAW_PIXELS_MAX 3072

enum draw_op { DRAW_FILL_RECT, DRAW_TEXT, DRAW_FLUSH, DRAW_PIXELS };

struct draw_cmd {
	enum draw_op op;
	int x, y, w, h;
	uint32_t rgba;
	char size;		/* 's', 'm', 'l' */
	/*
	 * Points into the parsed line: DRAW_TEXT's text, or DRAW_PIXELS's
	 * base64 data, already checked, decoded only when drawn (so no
	 * command carries a pixel buffer it does not need).
	 */
	const char *text;
	size_t text_len;
};

/*
 * Parses line (without its newline; need not be NUL-terminated), which
 * must start with DRAW_PREFIX. Returns NULL and fills *cmd, or returns a
 * message naming what is wrong: static, or (for a pixels line of the wrong
 * length) the calling thread's own, valid until its next call.
 */
const char *draw_parse(const char *line, size_t len, struct draw_cmd *cmd);

/*
 * Decodes the pixels of a DRAW_PIXELS command draw_parse accepted into rgb
 * (room for DRAW_PIXELS_MAX bytes): w * h RGB triples, row-major. Returns
 * the number of bytes, w * h * 3.
 */
size_t draw_pixels_decode(const struct draw_cmd *cmd, uint8_t *rgb);

#endif
