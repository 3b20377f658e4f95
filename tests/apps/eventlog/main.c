/*
 * eventlog - prints every input event it gets, one line each, and paints
 * a dot where the pointer goes down: the routing tests read both.
 */
#include "vyoma.h"

static size_t put_int(char *dst, int v)
{
	size_t n = 0;

	if (v < 0) {
		dst[n++] = '-';
		v = -v;
	}
	return n + (size_t)vy_utoa(dst + n, (uint64_t)v);
}

/* "<what> a,b,c" */
static void say(const char *what, int a, int b, int c)
{
	char line[96];
	size_t n = strlen(what);

	memcpy(line, what, n);
	line[n++] = ' ';
	n += put_int(line + n, a);
	line[n++] = ',';
	n += put_int(line + n, b);
	line[n++] = ',';
	n += put_int(line + n, c);
	line[n] = '\0';
	vy_print(line);
}

int main(void)
{
	static const char *const actions[] = { "move", "down", "up" };
	struct vy_event ev;

	vy_fill_rect(0, 0, 2000, 2000, 0x000000FF);
	vy_flush();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_KEY) {
			say(ev.down ? "key down" : "key up", ev.keycode,
			    (int)ev.codepoint, ev.mods);
		} else if (ev.type == VY_EV_POINTER) {
			say(actions[ev.action], ev.x, ev.y, ev.buttons);
			if (ev.action == VY_PTR_DOWN) {
				vy_fill_rect(ev.x - 2, ev.y - 2, 5, 5, 0xFF00FFFF);
				vy_flush();
			}
		} else if (ev.type == VY_EV_FOCUS) {
			vy_print(ev.down ? "focus in" : "focus out");
		}
	}
	return 0;
}
