/*
 * test_canvas.c - clipping, alpha blending, blits, bitmap text and the
 * UTF-8 decoder behind draw_text.
 */
#include "canvas.h"
#include "check.h"

#include <stdbool.h>
#include "font.h"
#include "utf8.h"

static uint32_t px(const struct canvas *c, int x, int y)
{
	return c->pixels[y * c->width + x];
}

/* Lit pixels outside the rectangle r. */
static int ink_outside(const struct canvas *c, struct rect r)
{
	int n = 0;

	for (int y = 0; y < c->height; y++)
		for (int x = 0; x < c->width; x++)
			n += px(c, x, y) && (x < r.x || x >= r.x + r.w ||
					     y < r.y || y >= r.y + r.h);
	return n;
}

static int count(const struct canvas *c, uint32_t rgb)
{
	int n = 0, i;

	for (i = 0; i < c->width * c->height; i++)
		n += c->pixels[i] == rgb;
	return n;
}

static void test_fill_and_clip(void)
{
	struct canvas c;

	CHECK_INT(canvas_init(&c, 10, 10), 0);
	canvas_fill_rect(&c, (struct rect){ 2, 3, 4, 5 }, 0xFF0000FF);
	CHECK_INT(count(&c, 0xFF0000), 20);
	CHECK_INT(px(&c, 2, 3), 0xFF0000);
	CHECK_INT(px(&c, 5, 7), 0xFF0000);
	CHECK_INT(px(&c, 6, 7), 0);
	/* Far outside, and huge: clipped to the canvas, nothing else. */
	canvas_fill_rect(&c, (struct rect){ -32767, -32767, 32767, 32767 },
			 0x00FF00FF);
	CHECK_INT(count(&c, 0x00FF00), 0);
	canvas_fill_rect(&c, (struct rect){ 8, 8, 32767, 32767 }, 0x00FF00FF);
	CHECK_INT(count(&c, 0x00FF00), 4);
	canvas_fill_rect(&c, (struct rect){ 0, 0, 10, 10 }, 0x0000FF00);
	CHECK_INT(count(&c, 0x0000FF), 0);	/* alpha 0 draws nothing */
	canvas_free(&c);
}

static void test_blend(void)
{
	struct canvas c;

	canvas_init(&c, 1, 1);
	canvas_fill_rect(&c, (struct rect){ 0, 0, 1, 1 }, 0xFFFFFFFF);
	canvas_fill_rect(&c, (struct rect){ 0, 0, 1, 1 }, 0x00000080);
	/* 255 * (1 - 128/255) = 127 */
	CHECK_INT(px(&c, 0, 0), 0x7F7F7F);
	canvas_fill_rect(&c, (struct rect){ 0, 0, 1, 1 }, 0xFF0000FF);
	CHECK_INT(px(&c, 0, 0), 0xFF0000);
	canvas_free(&c);
}

static void test_text(void)
{
	struct canvas c;
	struct rect all = { 0, 0, 64, 40 };
	struct rect left = { 0, 0, 8, 40 };
	int end, ink;

	canvas_init(&c, 64, 40);
	end = canvas_draw_text(&c, 0, 0, 0xFFFFFFFF, 'm', "Hi", 2, all);
	CHECK_INT(end, 16);
	ink = count(&c, 0xFFFFFF);
	CHECK(ink > 10 && ink < 8 * 16 * 2);
	/* Every lit pixel is inside the two 8x16 cells. */
	CHECK_INT(ink_outside(&c, (struct rect){ 0, 0, 16, 16 }), 0);
	memset(c.pixels, 0, 64 * 40 * 4);
	canvas_draw_text(&c, 0, 0, 0xFFFFFFFF, 'l', "W", 1, all);
	CHECK(count(&c, 0xFFFFFF) > count(&c, 0) / 100);
	memset(c.pixels, 0, 64 * 40 * 4);
	/* Clipped to the first glyph cell. */
	canvas_draw_text(&c, 0, 0, 0xFFFFFFFF, 'm', "MMMM", 4, left);
	CHECK_INT(ink_outside(&c, left), 0);
	CHECK(count(&c, 0xFFFFFF) > 0);
	/* Unknown size: nothing drawn. */
	memset(c.pixels, 0, 64 * 40 * 4);
	CHECK_INT(canvas_draw_text(&c, 3, 0, 0xFFFFFFFF, 'x', "A", 1, all), 3);
	CHECK_INT(count(&c, 0xFFFFFF), 0);
	/* Text starting far off screen must not wrap or crash. */
	canvas_draw_text(&c, -32767, -32767, 0xFFFFFFFF, 'l', "ABC", 3, all);
	canvas_draw_text(&c, 32767, 32767, 0xFFFFFFFF, 'l', "ABC", 3, all);
	CHECK_INT(count(&c, 0xFFFFFF), 0);
	canvas_free(&c);
}

static void test_fonts(void)
{
	CHECK_INT(font_s.width, 4);
	CHECK_INT(font_s.height, 8);
	CHECK_INT(font_m.width, 8);
	CHECK_INT(font_m.height, 16);
	CHECK_INT(font_l.width, 16);
	CHECK_INT(font_l.height, 32);
	CHECK(font_for_size('m') == &font_m);
	CHECK(font_for_size('q') == NULL);
	/* Printable ASCII and Latin-1 are there; others get U+FFFD. */
	CHECK(font_glyph(&font_m, 'A') != font_glyph(&font_m, 0xFFFD));
	CHECK(font_glyph(&font_m, 0xE9) != font_glyph(&font_m, 0xFFFD));
	CHECK(font_glyph(&font_m, 0x4E2D) == font_glyph(&font_m, 0xFFFD));
	CHECK(font_glyph(&font_s, 0x1F600) == font_glyph(&font_s, 0xFFFD));
	CHECK(font_glyph(&font_l, 'A') != NULL);
}

static void test_utf8(void)
{
	uint32_t cp;

	CHECK_INT(utf8_decode("A", 1, &cp), 1);
	CHECK_INT(cp, 'A');
	CHECK_INT(utf8_decode("\xc3\xa9", 2, &cp), 2);
	CHECK_INT(cp, 0xE9);
	CHECK_INT(utf8_decode("\xe2\x82\xac", 3, &cp), 3);
	CHECK_INT(cp, 0x20AC);
	CHECK_INT(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	CHECK_INT(cp, 0x1F600);
	/* Malformed: replacement character, and never stuck at 0 bytes. */
	CHECK_INT(utf8_decode("\xff", 1, &cp), 1);
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(utf8_decode("\xc3", 1, &cp), 1);
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(utf8_decode("\xc0\xaf", 2, &cp), 2);	/* overlong '/' */
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(utf8_decode("\xed\xa0\x80", 3, &cp), 3);	/* surrogate */
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(utf8_decode("\xe2\x28\xa1", 3, &cp), 1);	/* resync */
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(utf8_decode("", 0, &cp), 0);
}

static void test_blit(void)
{
	struct canvas dst, src;

	canvas_init(&dst, 8, 8);
	canvas_init(&src, 4, 4);
	canvas_fill_rect(&src, (struct rect){ 0, 0, 4, 4 }, 0x123456FF);
	canvas_blit(&dst, &src, 6, 6);
	CHECK_INT(count(&dst, 0x123456), 4);
	canvas_blit(&dst, &src, -3, -3);
	CHECK_INT(count(&dst, 0x123456), 5);
	CHECK_INT(px(&dst, 0, 0), 0x123456);
	canvas_free(&dst);
	canvas_free(&src);
}

/* The compositor's damage clip: every op stays inside it. */
static void test_damage_clip(void)
{
	struct canvas c, src;
	struct rect u;
	int inside = 0, outside = 0, x, y;

	canvas_init(&c, 40, 30);
	canvas_init(&src, 40, 30);
	canvas_fill_rect(&src, (struct rect){ 0, 0, 40, 30 }, 0x0000FFFF);
	canvas_clip(&c, (struct rect){ 10, 5, 10, 10 });
	canvas_fill_rect(&c, (struct rect){ 0, 0, 40, 30 }, 0xFF0000FF);
	canvas_draw_text(&c, 0, 0, 0x00FF00FF, 'l', "WWWW", 4,
			 (struct rect){ 0, 0, 40, 30 });
	canvas_blit(&c, &src, 12, 0);
	for (y = 0; y < 30; y++)
		for (x = 0; x < 40; x++) {
			bool in = x >= 10 && x < 20 && y >= 5 && y < 15;

			if (c.pixels[y * 40 + x])
				in ? inside++ : outside++;
		}
	CHECK_INT(outside, 0);
	CHECK_INT(inside, 100);
	canvas_unclip(&c);
	canvas_fill_rect(&c, (struct rect){ 0, 0, 1, 1 }, 0xFF0000FF);
	CHECK(c.pixels[0] == 0xFF0000);
	/* A clip past the edges is cut to the canvas. */
	canvas_clip(&c, (struct rect){ -5, -5, 100, 100 });
	CHECK(c.clip.x == 0 && c.clip.w == 40 && c.clip.h == 30);
	u = rect_union((struct rect){ 0, 0, 2, 2 }, (struct rect){ 5, 6, 1, 1 });
	CHECK(u.x == 0 && u.y == 0 && u.w == 6 && u.h == 7);
	u = rect_union((struct rect){ 0, 0, 0, 0 }, (struct rect){ 5, 6, 1, 1 });
	CHECK(u.x == 5 && u.w == 1);
	canvas_free(&c);
	canvas_free(&src);
}

int main(void)
{
	test_fill_and_clip();
	test_damage_clip();
	test_blend();
	test_text();
	test_fonts();
	test_utf8();
	test_blit();
	return check_summary("canvas");
}
