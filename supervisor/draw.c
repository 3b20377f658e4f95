/*
 * draw.c - the VYOMA_DRAW grammar as a table of command name -> field
 * parser. Strict: every field must be present and well formed, and nothing
 * may follow the last one, so a malformed line is rejected whole rather
 * than half-drawn.
 */
#include "draw.h"

#include <stdio.h>
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

/* The value of a base64 (RFC 4648, standard alphabet) digit, or -1. */
static int b64_value(char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	return ch == '+' ? 62 : ch == '/' ? 63 : -1;
}

/*
 * Checks that s is canonical padded base64: whole quads, digits only but
 * for one or two '=' at the very end, and zero bits where the padding
 * cuts the last digit (so every byte string has exactly one spelling).
 * Returns the decoded length, or -1.
 */
static long b64_check(const char *s, size_t len)
{
	size_t i, pad = 0;

	if (len % 4)
		return -1;
	if (len && s[len - 1] == '=')
		pad = len > 1 && s[len - 2] == '=' ? 2 : 1;
	for (i = 0; i < len - pad; i++)
		if (b64_value(s[i]) < 0)
			return -1;
	if (pad && (b64_value(s[len - pad - 1]) & (pad == 2 ? 0xF : 0x3)))
		return -1;
	return (long)(len / 4 * 3 - pad);
}

static void b64_decode(const char *s, size_t len, uint8_t *out)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < len && s[i] != '='; i++) {
		acc = acc << 6 | (uint32_t)b64_value(s[i]);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			*out++ = (uint8_t)(acc >> bits);
		}
	}
}

static const char *parse_pixels(struct cursor *c, struct draw_cmd *cmd)
{
	static _Thread_local char msg[80];
	uint64_t want;
	long n;

	TRY(parse_int(c, &cmd->x, -DRAW_COORD_MAX));
	TRY(expect_comma(c));
	TRY(parse_int(c, &cmd->y, -DRAW_COORD_MAX));
	TRY(expect_comma(c));
	TRY(parse_int(c, &cmd->w, 0));
	TRY(expect_comma(c));
	TRY(parse_int(c, &cmd->h, 0));
	TRY(expect_comma(c));
	if (!cmd->w || !cmd->h)
		return "pixel block must be at least 1x1";
	cmd->text = c->p;
	cmd->text_len = (size_t)(c->end - c->p);
	c->p = c->end;
	n = b64_check(cmd->text, cmd->text_len);
	if (n < 0)
		return "bad base64";
	/* At most 32767 * 32767 * 3: no overflow in 64 bits. */
	want = (uint64_t)cmd->w * (uint64_t)cmd->h * 3;
	if ((uint64_t)n != want) {
		snprintf(msg, sizeof(msg), "pixel data is %ld bytes, want %llu",
			 n, (unsigned long long)want);
		return msg;
	}
	if (n > DRAW_PIXELS_MAX)
		return "pixel data longer than 3072 bytes";
	return NULL;
}

size_t draw_pixels_decode(const struct draw_cmd *cmd, uint8_t *rgb)
{
	b64_decode(cmd->text, cmd->text_len, rgb);
	return (size_t)cmd->w * (size_t)cmd->h * 3;
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
	{ "pixels:", DRAW_PIXELS, parse_pixels },
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
