/*
 * test_draw.c - the VYOMA_DRAW grammar: every command, its edge values,
 * and a corpus of malformed lines that must each be rejected whole.
 */
#include "check.h"
#include "canvas.h"
#include "draw.h"

static const char *parse(const char *line, struct draw_cmd *cmd)
{
	return draw_parse(line, strlen(line), cmd);
}

static void test_valid(void)
{
	struct draw_cmd c;

	CHECK(parse("VYOMA_DRAW:fill_rect:1,2,30,40,FF8000C0", &c) == NULL);
	CHECK_INT(c.op, DRAW_FILL_RECT);
	CHECK_INT(c.x, 1);
	CHECK_INT(c.y, 2);
	CHECK_INT(c.w, 30);
	CHECK_INT(c.h, 40);
	CHECK_INT(c.rgba, 0xFF8000C0);

	CHECK(parse("VYOMA_DRAW:fill_rect:-5,-7,0,0,00000000", &c) == NULL);
	CHECK_INT(c.x, -5);
	CHECK_INT(c.y, -7);

	CHECK(parse("VYOMA_DRAW:draw_text:10,20,aBcDeF01,l,Hi, there: ok", &c)
	      == NULL);
	CHECK_INT(c.op, DRAW_TEXT);
	CHECK_INT(c.rgba, 0xABCDEF01);
	CHECK_INT(c.size, 'l');
	CHECK_INT(c.text_len, 13);
	CHECK(memcmp(c.text, "Hi, there: ok", 13) == 0);

	CHECK(parse("VYOMA_DRAW:draw_text:0,0,FFFFFFFF,s,", &c) == NULL);
	CHECK_INT(c.text_len, 0);

	CHECK(parse("VYOMA_DRAW:flush", &c) == NULL);
	CHECK_INT(c.op, DRAW_FLUSH);

	CHECK(parse("VYOMA_DRAW:fill_rect:32767,-32767,32767,32767,FFFFFFFF",
		    &c) == NULL);
}

static const struct {
	const char *line;
	const char *error;
} bad[] = {
	{ "VYOMA_DRAW:", "unknown draw command" },
	{ "VYOMA_DRAW:explode", "unknown draw command" },
	{ "VYOMA_DRAW:FLUSH", "unknown draw command" },
	{ "VYOMA_DRAW:fill_rect", "unknown draw command" },
	{ "VYOMA_DRAW:fill_rect:", "expected a number" },
	{ "VYOMA_DRAW:fill_rect:1,2,3", "expected ','" },
	{ "VYOMA_DRAW:fill_rect:1,2,3,4", "expected ','" },
	{ "VYOMA_DRAW:fill_rect:1,2,3,4,", "colour must be 8 hex digits RRGGBBAA" },
	{ "VYOMA_DRAW:fill_rect:1,2,3,4,FFFFFF", "colour must be 8 hex digits RRGGBBAA" },
	{ "VYOMA_DRAW:fill_rect:1,2,3,4,FFFFFFFFF", "colour must be 8 hex digits RRGGBBAA" },
	{ "VYOMA_DRAW:fill_rect:1,2,3,4,GGGGGGGG", "colour must be 8 hex digits RRGGBBAA" },
	{ "VYOMA_DRAW:fill_rect:1,2,3,4,FFFFFFFF,", "unexpected text after the last field" },
	{ "VYOMA_DRAW:fill_rect:1,2,3,4,FFFFFFFF ", "unexpected text after the last field" },
	{ "VYOMA_DRAW:fill_rect:1,2,-3,4,FFFFFFFF", "negative size" },
	{ "VYOMA_DRAW:fill_rect:1,2,3,-4,FFFFFFFF", "negative size" },
	{ "VYOMA_DRAW:fill_rect:32768,2,3,4,FFFFFFFF", "number out of range" },
	{ "VYOMA_DRAW:fill_rect:99999999999999999999,2,3,4,FFFFFFFF", "number out of range" },
	{ "VYOMA_DRAW:fill_rect: 1,2,3,4,FFFFFFFF", "expected a number" },
	{ "VYOMA_DRAW:fill_rect:+1,2,3,4,FFFFFFFF", "expected a number" },
	{ "VYOMA_DRAW:fill_rect:-,2,3,4,FFFFFFFF", "expected a number" },
	{ "VYOMA_DRAW:fill_rect:1.5,2,3,4,FFFFFFFF", "expected ','" },
	{ "VYOMA_DRAW:draw_text:0,0,FFFFFFFF,x,text", "text size must be s, m or l" },
	{ "VYOMA_DRAW:draw_text:0,0,FFFFFFFF,mm,text", "expected ','" },
	{ "VYOMA_DRAW:draw_text:0,0,FFFFFFFF,m", "expected ','" },
	{ "VYOMA_DRAW:draw_text:0,0,FFFFFFFF", "expected ','" },
	{ "VYOMA_DRAW:draw_text:0,0,m,FFFFFFFF,text", "colour must be 8 hex digits RRGGBBAA" },
	{ "VYOMA_DRAW:flush:", "unexpected text after the last field" },
	{ "VYOMA_DRAW:flushed", "unexpected text after the last field" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,", "pixel data is 0 bytes, want 3" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,AAA", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,AAAAA", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,AA*A", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,AA A", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,AA-_", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,A===", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,====", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,=AAA", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,A=AA", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,AA=A", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,AAAA=", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,AB==", "bad base64" },	/* pad bits */
	{ "VYOMA_DRAW:pixels:0,0,1,1,AAB=", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,AAAA,", "bad base64" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,AAAAAA==", "pixel data is 4 bytes, want 3" },
	{ "VYOMA_DRAW:pixels:0,0,1,1,AA==", "pixel data is 1 bytes, want 3" },
	{ "VYOMA_DRAW:pixels:0,0,2,1,AAAA", "pixel data is 3 bytes, want 6" },
	{ "VYOMA_DRAW:pixels:0,0,32767,32767,AAAA",
	  "pixel data is 3 bytes, want 3221028867" },
	{ "VYOMA_DRAW:pixels:0,0,99999999999999999999,1,AAAA",
	  "number out of range" },
	{ "VYOMA_DRAW:pixels:0,0,4294967297,4294967297,AAAA",
	  "number out of range" },
	{ "VYOMA_DRAW:pixels:0,0,-1,1,AAAA", "negative size" },
	{ "VYOMA_DRAW:pixels:0,0,1,-1,AAAA", "negative size" },
	{ "VYOMA_DRAW:pixels:0,0,0,1,", "pixel block must be at least 1x1" },
	{ "VYOMA_DRAW:pixels:0,0,1,0,AAAA", "pixel block must be at least 1x1" },
	{ "VYOMA_DRAW:pixels:0,0,1,1", "expected ','" },
	{ "VYOMA_DRAW:pixels:0,0,1", "expected ','" },
	{ "VYOMA_DRAW:pixels", "unknown draw command" },
	{ "VYOMA_DRAW:pixels:", "expected a number" },
	{ "vyoma_draw:flush", "not a VYOMA_DRAW line" },
	{ "VYOMA_DRA", "not a VYOMA_DRAW line" },
};

static void test_malformed(void)
{
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct draw_cmd c;
		const char *e = parse(bad[i].line, &c);

		CHECK_STR(e, bad[i].error);
	}
}

static void test_embedded_nul_and_length(void)
{
	static const char line[] = "VYOMA_DRAW:flush\0garbage";
	struct draw_cmd c;

	/* The length given is what counts, not a NUL inside the line. */
	CHECK(draw_parse(line, 16, &c) == NULL);
	CHECK(draw_parse(line, sizeof(line) - 1, &c) != NULL);
	/* Cut anywhere short of its end, a line is rejected (ASan, in make
	 * test-asan, sees any read past len). */
	static const char full[] = "VYOMA_DRAW:fill_rect:1,2,3,4,FFFFFFFF";
	int accepted = 0;

	for (size_t n = 0; n < sizeof(full) - 1; n++)
		accepted += draw_parse(full, n, &c) == NULL;
	CHECK_INT(accepted, 0);
	CHECK(draw_parse(full, sizeof(full) - 1, &c) == NULL);
}

static void test_pixels(void)
{
	/* Red, green / blue, white: 12 bytes, 16 base64 digits. */
	static const char line[] =
		"VYOMA_DRAW:pixels:-3,4,2,2,/wAAAP8AAAD/////";
	static const uint8_t want[12] = { 255, 0, 0, 0, 255, 0,
					  0, 0, 255, 255, 255, 255 };
	uint8_t rgb[DRAW_PIXELS_MAX];
	struct draw_cmd c;

	CHECK(parse(line, &c) == NULL);
	CHECK_INT(c.op, DRAW_PIXELS);
	CHECK_INT(c.x, -3);
	CHECK_INT(c.y, 4);
	CHECK_INT(c.w, 2);
	CHECK_INT(c.h, 2);
	CHECK_INT(draw_pixels_decode(&c, rgb), 12);
	CHECK(memcmp(rgb, want, 12) == 0);

	/* Whole pixels are a multiple of 3 bytes: never padded. */
	CHECK(parse("VYOMA_DRAW:pixels:0,0,1,1,AQID", &c) == NULL);
	CHECK(parse("VYOMA_DRAW:pixels:0,0,2,2,AQIDBAUGBwgJCgsM", &c) == NULL);
	CHECK(parse("VYOMA_DRAW:pixels:0,0,4,1,AQIDBAUGBwgJCgsM", &c) == NULL);
	CHECK(parse("VYOMA_DRAW:pixels:0,0,1,3,+/+/+/+/+/+/", &c) == NULL);
	CHECK_INT(draw_pixels_decode(&c, rgb), 9);
	CHECK_INT(rgb[0], 0xFB);
	CHECK_INT(rgb[1], 0xFF);
	CHECK_INT(rgb[2], 0xBF);
	/* 5 pixels = 15 bytes: no padding; 1 byte short needs "=". */
	CHECK(parse("VYOMA_DRAW:pixels:0,0,5,1,AAAAAAAAAAAAAAAAAAAA", &c)
	      == NULL);
	CHECK_STR(parse("VYOMA_DRAW:pixels:0,0,5,1,AAAAAAAAAAAAAAAAAAA=", &c),
		  "pixel data is 14 bytes, want 15");

	/* The largest block a 4096-byte line carries: 1016 pixels. */
	static char big[4097];
	size_t n = (size_t)snprintf(big, sizeof(big),
				    "VYOMA_DRAW:pixels:0,0,1016,1,");
	memset(big + n, 'A', 1016 * 4);
	n += 1016 * 4;
	CHECK(n <= 4096);
	CHECK(draw_parse(big, n, &c) == NULL);
	CHECK_INT(draw_pixels_decode(&c, rgb), 3048);

	/* A buffer past the limit (never a protocol line) is refused. */
	static char huge[8192];
	n = (size_t)snprintf(huge, sizeof(huge),
			     "VYOMA_DRAW:pixels:0,0,1025,1,");
	memset(huge + n, 'A', 1025 * 4);
	CHECK_STR(draw_parse(huge, n + 1025 * 4, &c),
		  "pixel data longer than 3072 bytes");

	/* Cut anywhere, the line is refused (ASan sees reads past len). */
	int accepted = 0;

	for (n = 0; n < sizeof(line) - 1; n++)
		accepted += draw_parse(line, n, &c) == NULL;
	CHECK_INT(accepted, 0);
}

/* The decoded block lands opaque, clipped like fill_rect. */
static void test_pixels_on_canvas(void)
{
	static const uint8_t rgb[12] = { 255, 0, 0, 0, 255, 0,
					 0, 0, 255, 255, 255, 255 };
	struct canvas c;

	CHECK(canvas_init(&c, 4, 3) == 0);
	canvas_fill_rect(&c, (struct rect){ 0, 0, 4, 3 }, 0x123456FF);
	canvas_draw_rgb(&c, (struct rect){ 1, 1, 2, 2 }, rgb);
	CHECK_INT(c.pixels[0], 0x123456);
	CHECK_INT(c.pixels[5], 0xFF0000);
	CHECK_INT(c.pixels[6], 0x00FF00);
	CHECK_INT(c.pixels[9], 0x0000FF);
	CHECK_INT(c.pixels[10], 0xFFFFFF);
	CHECK_INT(c.pixels[11], 0x123456);
	/* Hanging off the top-left: only the bottom-right pixel shows. */
	canvas_draw_rgb(&c, (struct rect){ -1, -1, 2, 2 }, rgb);
	CHECK_INT(c.pixels[0], 0xFFFFFF);
	CHECK_INT(c.pixels[1], 0x123456);
	/* Off the bottom-right, and far away: nothing outside is touched
	 * (ASan would see it). */
	canvas_draw_rgb(&c, (struct rect){ 3, 2, 2, 2 }, rgb);
	CHECK_INT(c.pixels[11], 0xFF0000);
	canvas_draw_rgb(&c, (struct rect){ 32767, -32767, 2, 2 }, rgb);
	canvas_draw_rgb(&c, (struct rect){ -32767, 32767, 2, 2 }, rgb);
	canvas_free(&c);
}

int main(void)
{
	test_valid();
	test_pixels();
	test_pixels_on_canvas();
	test_malformed();
	test_embedded_nul_and_length();
	return check_summary("draw");
}
