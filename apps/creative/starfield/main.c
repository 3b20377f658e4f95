/*
 * starfield - the classic screensaver: stars fly out of the middle of
 * the window toward the viewer, 30 frames a second.
 *
 * Keys: Space pauses and resumes; + and - make it faster or slower.
 * Stars are points in 3-D (x, y, depth) seen in perspective; the nearer
 * one is, the bigger and brighter it is drawn. One that passes the
 * viewer or leaves the window starts again far away.
 *
 * Logged (its test waits for these): "starfield: frame <n>" every 10th
 * frame, "starfield: paused at frame <n>" and "starfield: resumed at
 * frame <n>".
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define STARS 160
#define FAR 1024
#define TICK 33

static int w = 320, h = 240, paused, speed = 8;
static unsigned frame;
static int sx[STARS], sy[STARS], sz[STARS];

static void spawn(int i)
{
	sx[i] = (int)(vy_random() % 2048) - 1024;
	sy[i] = (int)(vy_random() % 2048) - 1024;
	sz[i] = FAR - (int)(vy_random() % 64);
}

static void draw(void)
{
	int top = VY_UI_HEADER, vh = h - top;

	vy_fill_rect(0, top, w, vh, 0x000000FFu);
	for (int i = 0; i < STARS; i++) {
		int x = w / 2 + sx[i] * 128 / sz[i];
		int y = top + vh / 2 + sy[i] * 128 / sz[i];
		int near = FAR - sz[i];		/* 0 far away .. FAR close */
		uint32_t g = (uint32_t)(64 + near * 191 / FAR);
		int s = 1 + near * 3 / FAR;

		if (x < 0 || x + s > w || y < top || y + s > h) {
			spawn(i);
			continue;
		}
		vy_fill_rect(x, y, s, s, g << 24 | g << 16 | g << 8 | 0xFF);
	}
	vy_ui_header(w, paused ? "Starfield (paused)" : "Starfield");
	vy_flush();
}

static void say(const char *what)
{
	vy_log("starfield: ");
	vy_log(what);
	vy_log_num(frame);
	vy_print("");
}

int main(void)
{
	struct vy_event ev;
	uint64_t next = vy_ms() + TICK;

	for (int i = 0; i < STARS; i++) {
		spawn(i);
		/* the sky starts full */
		sz[i] = 1 + (int)(vy_random() % FAR);
	}
	draw();
	for (;;) {
		uint64_t now = vy_ms();
		int wait = paused ? -1 : now >= next ? 0 : (int)(next - now);

		if (vy_next_event(&ev, wait) == VY_EV_QUIT)
			break;
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();		/* paused or not, fill the new size */
		} else if (ev.type == VY_EV_KEY && ev.down) {
			if (ev.codepoint == ' ') {
				paused = !paused;
				next = vy_ms() + TICK;
				draw();
				say(paused ? "paused at frame " :
				    "resumed at frame ");
				continue;
			}
			if (ev.codepoint == '+' || ev.codepoint == '=')
				speed += speed < 64;
			else if (ev.codepoint == '-')
				speed -= speed > 1;
		} else if (ev.type == VY_EV_TIMEOUT && !paused) {
			next += TICK;
			if (next < vy_ms())
				next = vy_ms() + TICK;	/* fell behind: skip */
			for (int i = 0; i < STARS; i++) {
				sz[i] -= speed;
				if (sz[i] < 1)
					spawn(i);
			}
			frame++;
			draw();
			if (frame % 10 == 0)
				say("frame ");
		}
	}
	return 0;
}
