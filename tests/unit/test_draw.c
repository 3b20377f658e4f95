/*
 * test_draw.c - the VYOMA_DRAW grammar: every command, its edge values,
 * and a corpus of malformed lines that must each be rejected whole.
 */
#include "check.h"
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

int main(void)
{
	test_valid();
	test_malformed();
	test_embedded_nul_and_length();
	return check_summary("draw");
}
