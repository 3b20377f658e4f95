/*
 * draw.c - the VYOMA_DRAW grammar as a table of command name -> field
 * parser. Strict: every field must be present and well formed, and nothing
 * may follow the last one, so a malformed line is rejected whole rather
 * than half-drawn.
 */
#include "draw.h"

#include <string.h>

struct cursor {
	const char *p, *end;
};

static const char *parse_int(struct cursor *c, int *out, int min)
{
	long v = 0;
	int neg = 0, digits = 0;

	if (c->p < c->end && *c->p == '-') {
		neg = 1;
		c->p++;
	}
	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		v = v * 10 + (*c->p++ - '0');
		if (v > DRAW_COORD_MAX)
			return "number out of range";
		digits++;
	}
	if (!digits)
		return "expected a number";
	if (neg)
		v = -v;
	if (v < min)
		return "negative size";
	*out = (int)v;
	return NULL;
}

static int hex_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static const char *parse_color(struct cursor *c, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		int h = c->p < c->end ? hex_value(*c->p) : -1;

		if (h < 0)
			return "colour must be 8 hex digits RRGGBBAA";
		v = v << 4 | (uint32_t)h;
		c->p++;
	}
	if (c->p < c->end && hex_value(*c->p) >= 0)
		return "colour must be 8 hex digits RRGGBBAA";
	*out = v;
	return NULL;
}

static const char *expect_comma(struct cursor *c)
{
	if (c->p >= c->end || *c->p != ',')
		return "expected ','";
	c->p++;
	return NULL;
}

static const char *expect_end(struct cursor *c)
{
	return c->p == c->end ? NULL : "unexpected text after the last field";
}

#define TRY(expr) do { const char *e_ = (expr); if (e_) return e_; } while (0)

static const char *parse_fill_rect(struct cursor *c, struct draw_cmd *cmd)
{
	TRY(parse_int(c, &cmd->x, -DRAW_COORD_MAX));
	TRY(expect_comma(c));
	TRY(parse_int(c, &cmd->y, -DRAW_COORD_MAX));
	TRY(expect_comma(c));
	TRY(parse_int(c, &cmd->w, 0));
	TRY(expect_comma(c));
	TRY(parse_int(c, &cmd->h, 0));
	TRY(expect_comma(c));
	TRY(parse_color(c, &cmd->rgba));
	return expect_end(c);
}

static const char *parse_draw_text(struct cursor *c, struct draw_cmd *cmd)
{
	TRY(parse_int(c, &cmd->x, -DRAW_COORD_MAX));
	TRY(expect_comma(c));
	TRY(parse_int(c, &cmd->y, -DRAW_COORD_MAX));
	TRY(expect_comma(c));
	TRY(parse_color(c, &cmd->rgba));
	TRY(expect_comma(c));
	if (c->p >= c->end || !strchr("sml", *c->p) || *c->p == '\0')
		return "text size must be s, m or l";
	cmd->size = *c->p++;
	TRY(expect_comma(c));
	/* The text is the rest of the line, commas included. */
	cmd->text = c->p;
	cmd->text_len = (size_t)(c->end - c->p);
	c->p = c->end;
	return NULL;
}

static const char *parse_flush(struct cursor *c, struct draw_cmd *cmd)
{
	(void)cmd;
	return expect_end(c);
}

static const struct {
	const char *name;	/* including the ':' that ends it, if fields follow */
	enum draw_op op;
	const char *(*parse)(struct cursor *c, struct draw_cmd *cmd);
} commands[] = {
	{ "fill_rect:", DRAW_FILL_RECT, parse_fill_rect },
	{ "draw_text:", DRAW_TEXT, parse_draw_text },
	{ "flush", DRAW_FLUSH, parse_flush },
};

const char *draw_parse(const char *line, size_t len, struct draw_cmd *cmd)
{
	size_t plen = sizeof(DRAW_PREFIX) - 1, i;
	struct cursor c;

	if (len < plen || memcmp(line, DRAW_PREFIX, plen) != 0)
		return "not a VYOMA_DRAW line";
	c.p = line + plen;
	c.end = line + len;
	memset(cmd, 0, sizeof(*cmd));
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		size_t n = strlen(commands[i].name);

		if ((size_t)(c.end - c.p) >= n &&
		    memcmp(c.p, commands[i].name, n) == 0) {
			c.p += n;
			cmd->op = commands[i].op;
			return commands[i].parse(&c, cmd);
		}
	}
	return "unknown draw command";
}
