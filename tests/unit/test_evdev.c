/*
 * test_evdev.c - evdev records to input events: keys with the US
 * character and modifiers, autorepeat, a tablet's absolute axes scaled
 * to the screen, button presses in the order they happened (a press is
 * a press), a relative mouse kept on screen, and the power button.
 */
#include "check.h"
#include "input_evdev.h"

static struct user_input got[16];
static size_t n_got;

static void sink(const struct user_input *ev)
{
	if (n_got < 16)
		got[n_got++] = *ev;
}

static const struct input_absinfo range = { .minimum = 0, .maximum = 32767 };

static void feed(const struct input_event *records, size_t count)
{
	n_got = 0;
	evdev_feed(records, count, &range, &range, sink);
}

#define REC(t, c, v) { .type = (t), .code = (c), .value = (v) }
#define SYN REC(EV_SYN, SYN_REPORT, 0)

static void test_keys(void)
{
	const struct input_event shifted_a[] = {
		REC(EV_KEY, KEY_LEFTSHIFT, 1), SYN, REC(EV_KEY, KEY_A, 1), SYN,
		REC(EV_KEY, KEY_A, 2), SYN, REC(EV_KEY, KEY_A, 0), SYN,
		REC(EV_KEY, KEY_LEFTSHIFT, 0), SYN, REC(EV_KEY, KEY_2, 1), SYN,
	};
	const struct input_event power[] = { REC(EV_KEY, KEY_POWER, 1), SYN,
					     REC(EV_KEY, KEY_POWER, 0), SYN };

	evdev_reset(1280, 800);
	feed(shifted_a, sizeof(shifted_a) / sizeof(shifted_a[0]));
	CHECK_INT(n_got, 6);
	CHECK(got[0].keycode == KEY_LEFTSHIFT && got[0].mods == MOD_SHIFT);
	CHECK(got[1].keycode == KEY_A && got[1].down && got[1].codepoint == 'A');
	CHECK(got[2].down && got[2].codepoint == 'A');	/* autorepeat */
	CHECK(!got[3].down && got[3].mods == MOD_SHIFT);
	CHECK(!got[4].down && got[4].mods == 0);
	CHECK(got[5].codepoint == '2' && got[5].mods == 0);
	feed(power, 4);
	CHECK_INT(n_got, 1);
	CHECK_INT(got[0].kind, INPUT_POWER);
}

static void test_tablet(void)
{
	const struct input_event move[] = {
		REC(EV_ABS, ABS_X, 16384), REC(EV_ABS, ABS_Y, 32767), SYN };
	const struct input_event press[] = { REC(EV_KEY, BTN_LEFT, 1), SYN };
	const struct input_event move_and_release[] = {
		REC(EV_ABS, ABS_X, 0), REC(EV_KEY, BTN_LEFT, 0), SYN };

	evdev_reset(1280, 800);
	feed(move, 3);
	CHECK_INT(n_got, 1);
	CHECK(got[0].kind == INPUT_POINTER && !got[0].changed);
	CHECK(got[0].x == 639 && got[0].y == 799);
	/* A press alone is a press, at the position the pointer has. */
	feed(press, 2);
	CHECK_INT(n_got, 1);
	CHECK(got[0].changed == BUTTON_LEFT && got[0].down);
	CHECK(got[0].buttons == BUTTON_LEFT && got[0].x == 639);
	/* Motion and a release in one report: motion (button held) first. */
	feed(move_and_release, 3);
	CHECK_INT(n_got, 2);
	CHECK(!got[0].changed && got[0].x == 0 && got[0].buttons == BUTTON_LEFT);
	CHECK(got[1].changed == BUTTON_LEFT && !got[1].down &&
	      got[1].buttons == 0);
}

static void test_mouse(void)
{
	const struct input_event far[] = {
		REC(EV_REL, REL_X, -5000), REC(EV_REL, REL_Y, 30), SYN };

	evdev_reset(640, 480);
	feed(far, 3);
	CHECK_INT(n_got, 1);
	CHECK(got[0].x == 0 && got[0].y == 270);
}

/*
 * Found by fuzz_evdev: a device may report past the range it declares
 * (the kernel does not clamp), and a relative motion may be as large as
 * an int holds. The pointer stays on the screen, and no sum overflows.
 */
static void test_out_of_range(void)
{
	const struct input_absinfo narrow = { .minimum = -65792,
					      .maximum = -1 };
	const struct input_event past[] = {
		REC(EV_ABS, ABS_X, 14336), REC(EV_ABS, ABS_Y, -2147483647 - 1),
		SYN };
	const struct input_event huge[] = {
		REC(EV_REL, REL_X, 2147483647), REC(EV_REL, REL_Y, -2147483647),
		SYN };

	evdev_reset(640, 480);
	n_got = 0;
	evdev_feed(past, 3, &narrow, &narrow, sink);
	CHECK_INT(n_got, 1);
	CHECK(got[0].x == 639 && got[0].y == 0);
	evdev_reset(640, 480);
	feed(huge, 3);
	CHECK_INT(n_got, 1);
	CHECK(got[0].x == 639 && got[0].y == 0);
}

int main(void)
{
	test_keys();
	test_tablet();
	test_mouse();
	test_out_of_range();
	return check_summary("evdev");
}
