/*
 * compose.c - the compositor's cost per frame at 1280x800, with 1, 10 and
 * 50 windows, tiled (the window manager's own placement) and cascaded
 * (400x300 windows overlapping, the worst case for overdraw). A full
 * frame redraws everything; a one-window frame is what an app's flush
 * costs. Baseline, in the same run: one memcpy of a whole frame, the
 * floor for touching every pixel once. Prints medians and p99.
 */
#include "display.h"
#include "wm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WIDTH 1280
#define HEIGHT 800
#define FRAMES 300

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *what, double *t, int n, double base)
{
	qsort(t, (size_t)n, sizeof(t[0]), by_value);
	printf("  %-34s p50 %7.3f ms  p99 %7.3f ms  (%.1fx the memcpy)\n",
	       what, t[n / 2] / 1e3, t[n * 99 / 100] / 1e3, t[n / 2] / base);
}

static double memcpy_baseline(void)
{
	static double t[FRAMES];
	size_t bytes = (size_t)WIDTH * HEIGHT * 4;
	char *a = malloc(bytes), *b = malloc(bytes);

	memset(a, 1, bytes);
	memset(b, 2, bytes);
	for (int i = 0; i < FRAMES; i++) {
		double t0 = now_us();

		memcpy(i % 2 ? a : b, i % 2 ? b : a, bytes);
		t[i] = now_us() - t0;
	}
	free(a);
	free(b);
	qsort(t, FRAMES, sizeof(t[0]), by_value);
	printf("  %-34s p50 %7.3f ms\n", "baseline: memcpy of one frame",
	       t[FRAMES / 2] / 1e3);
	return t[FRAMES / 2];
}

static void run(struct display *d, int count, int cascade, double base)
{
	static struct wm wm;
	static double full[FRAMES], one[FRAMES];
	struct window **wins = calloc((size_t)count, sizeof(*wins));
	char what[64];

	wm_init(&wm, WIDTH, HEIGHT);
	for (int i = 0; i < count; i++) {
		struct rect r = wm_place(&wm, (size_t)i, (size_t)count);

		if (cascade)
			r = (struct rect){ 20 + (i * 17) % 840,
					   50 + (i * 23) % 460, 400, 300 };
		wins[i] = window_new("window", r, 0x2563EBFF);
		canvas_fill_rect(&wins[i]->back, (struct rect){ 0, 0, r.w, r.h },
				 0x112233FF);
		canvas_draw_text(&wins[i]->back, 4, 4, 0xFFFFFFFF, 'm',
				 "VyomaOS", 7, (struct rect){ 0, 0, r.w, r.h });
		window_flush(wins[i]);
		wins[i]->owner = wins[i];
		wm_add(&wm, wins[i]);
	}
	wm_focus(&wm, wins[count - 1]);
	for (int i = 0; i < FRAMES; i++) {
		double t0;

		wm_damage(&wm, (struct rect){ 0, 0, WIDTH, HEIGHT });
		t0 = now_us();
		wm_collect_damage(&wm);
		display_compose(d, &wm);
		full[i] = now_us() - t0;

		window_flush(wins[i % count]);
		t0 = now_us();
		wm_collect_damage(&wm);
		display_compose(d, &wm);
		one[i] = now_us() - t0;
	}
	snprintf(what, sizeof(what), "%2d windows %s, full frame", count,
		 cascade ? "cascaded" : "tiled");
	report(what, full, FRAMES, base);
	snprintf(what, sizeof(what), "%2d windows %s, one flush", count,
		 cascade ? "cascaded" : "tiled");
	report(what, one, FRAMES, base);
	for (int i = 0; i < count; i++)
		window_free(wins[i]);
	free(wins);
}

int main(void)
{
	static const int counts[] = { 1, 10, 50 };
	char err[128];
	struct display *d = display_open("headless", WIDTH, HEIGHT, err,
					 sizeof(err));
	double base;

	if (!d) {
		fprintf(stderr, "compose: %s\n", err);
		return 1;
	}
	printf("compositing at %dx%d, %d frames each (target: a full "
	       "50-window frame < 4 ms):\n", WIDTH, HEIGHT, FRAMES);
	base = memcpy_baseline();
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		run(d, counts[i], 0, base);
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		run(d, counts[i], 1, base);
	display_close(d);
	return 0;
}
