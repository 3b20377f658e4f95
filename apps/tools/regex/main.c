/*
 * regex - a regular expression tester: a POSIX extended pattern (as
 * grep -E reads it, sdk/vytool_regex.h) in the field at the top, sample
 * text below; every match in each line of the text is highlighted, as
 * grep -o would find them one after another (an empty match moves on a
 * character), and counted in the status row.
 *
 * Keys: Tab moves between the pattern and the text; typing adds at the
 * end of the focused one, Backspace takes the last character back,
 * Enter starts a new line of text, Escape empties the focused one.
 *
 * Logs after each change, once the frame shows it: "regex: N matches
 * (pattern P bytes, text T bytes)" or "regex: error MESSAGE (...)".
 */
#include "vytool_regex.h"
#include "vyoma_ui.h"

#define MAX_PAT 200
#define MAX_TEXT 4000
#define FIELD_Y (VY_UI_HEADER + VY_UI_UNIT + VY_UI_CHAR_H)
#define TEXT_Y (FIELD_Y + VY_UI_ROW + VY_UI_UNIT)

enum { K_TAB = 15 };

static char pat[MAX_PAT + 1], text[MAX_TEXT + 1];
static int plen, tlen, focus, w = 560, h = 360, matches;
static const char *err;
static struct vr_re re;

/*
 * Each match in the line s (n bytes): highlighted at row y when y >= 0;
 * returns how many there are.
 */
static int scan(const char *s, int n, int y)
{
	size_t m[2], from = 0;
	int count = 0;

	while (from <= (size_t)n &&
	       vr_exec(&re, s, (size_t)n, from, m, 2) > 0) {
		int len = (int)(m[1] - m[0]);

		count++;
		/* An empty match shows as a thin bar where it is. */
		if (y >= 0)
			vy_fill_rect(VY_UI_UNIT + (int)m[0] * VY_UI_CHAR_W, y,
				     len ? len * VY_UI_CHAR_W : 2,
				     VY_UI_CHAR_H, VY_UI_SELECT);
		from = m[1] > m[0] ? m[1] : m[1] + 1;
	}
	return count;
}

static void draw(void)
{
	int y = TEXT_Y, i = 0;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Regex tester");
	vy_draw_text(VY_UI_UNIT, VY_UI_HEADER + VY_UI_UNIT / 2, VY_UI_DIM,
		     'm', "Pattern (extended, as grep -E)");
	vy_ui_field(VY_UI_UNIT, FIELD_Y, w - 2 * VY_UI_UNIT, pat, plen,
		    !focus);
	if (focus)
		vy_fill_rect(0, TEXT_Y, 2, h - TEXT_Y - VY_UI_ROW,
			     VY_UI_ACCENT);
	matches = 0;
	/* Line by line: the highlights, then the text over them. */
	while (i <= tlen) {
		int n = 0;
		char line[256];

		while (i + n < tlen && text[i + n] != '\n')
			n++;
		if (!err)
			matches += scan(text + i, n, y + VY_UI_CHAR_H <
					h - VY_UI_ROW ? y : -1);
		if (y + VY_UI_CHAR_H < h - VY_UI_ROW) {
			int k = n < 255 ? n : 255;

			memcpy(line, text + i, (size_t)k);
			line[k] = 0;
			vy_draw_text(VY_UI_UNIT, y, VY_UI_TEXT, 'm', line);
			if (focus && i + n == tlen)
				vy_fill_rect(VY_UI_UNIT + k * VY_UI_CHAR_W, y,
					     2, VY_UI_CHAR_H, VY_UI_ACCENT);
		}
		y += VY_UI_CHAR_H;
		i += n + 1;
	}
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW,
		    err ? VY_UI_DANGER : VY_UI_DIM, err ? err : "matches");
	if (!err) {
		char s[24];

		vy_utoa(s, (uint64_t)matches);
		vy_ui_label(VY_UI_UNIT + 8 * VY_UI_CHAR_W, h - VY_UI_ROW,
			    VY_UI_ROW, VY_UI_TEXT, s);
	}
	vy_flush();
}

/*
 * Compiles the pattern again. The old program is given back first, so a
 * long session does not grow by every pattern typed; but only when
 * nothing was allocated after it: the matcher allocates its buffers
 * when it first runs, and those must stay. Both are lib_regex's, in its
 * own arena (vr_mark).
 */
static void compile(void)
{
	static struct vt_mark mark, now;
	static char *end;

	vr_mark(&now);
	if (now.top == end)
		vr_release(&mark);
	vr_mark(&mark);
	err = vr_comp(&re, pat, (size_t)plen, VR_ERE);
	vr_mark(&now);
	end = now.top;
}

static void changed(void)
{
	pat[plen] = text[tlen] = 0;
	compile();
	draw();
	vy_log("regex: ");
	if (err) {
		vy_log("error ");
		vy_log(err);
	} else {
		vy_log_num((uint64_t)matches);
		vy_log(" matches");
	}
	vy_log(" (pattern ");
	vy_log_num((uint64_t)plen);
	vy_log(" bytes, text ");
	vy_log_num((uint64_t)tlen);
	vy_print(" bytes)");
}

int main(void)
{
	struct vy_event ev;

	changed();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		int k = ev.keycode, *len = focus ? &tlen : &plen;
		char *s = focus ? text : pat;

		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
			continue;
		}
		if (ev.type != VY_EV_KEY || !ev.down ||
		    ev.mods & (VY_MOD_CTRL | VY_MOD_ALT))
			continue;
		if (k == K_TAB) {
			focus = !focus;
			draw();
			continue;
		}
		if (k == VY_KEY_ENTER && focus && tlen < MAX_TEXT)
			text[tlen++] = '\n';
		else if (!vy_ui_edit_key(s, len, focus ? MAX_TEXT : MAX_PAT,
					 &ev))
			continue;
		changed();
	}
	return 0;
}

#include "vyoma_tiny.h"
