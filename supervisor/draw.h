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

enum draw_op { DRAW_FILL_RECT, DRAW_TEXT, DRAW_FLUSH };

struct draw_cmd {
	enum draw_op op;
	int x, y, w, h;
	uint32_t rgba;
	char size;		/* 's', 'm', 'l' */
	const char *text;	/* points into the parsed line */
	size_t text_len;
};

/*
 * Parses line (without its newline; need not be NUL-terminated), which
 * must start with DRAW_PREFIX. Returns NULL and fills *cmd, or returns a
 * static message naming what is wrong.
 */
const char *draw_parse(const char *line, size_t len, struct draw_cmd *cmd);

#endif
