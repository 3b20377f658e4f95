/*
 * vyoma_ui.h - the VyomaOS look (docs/ui.md): one palette, one spacing
 * grid and the common widgets (header bar, button, text field, list row,
 * scroll bar) drawn with vyoma.h's commands, so every app looks alike and
 * none carries its own copy; also the keys of a one-line text field, so
 * every field edits alike. Widgets are drawn, not kept: an app holds its
 * own state (text, selection, scroll) and redraws on every change.
 *
 * Text is the 'm' font, 8x16 pixels a character; every widget is a
 * multiple of VY_UI_UNIT high so rows line up across apps.
 */
#ifndef VYOMA_UI_H
#define VYOMA_UI_H

#include "vyoma.h"

/* The palette (RRGGBBAA). Apps take colours from here, never their own. */
#define VY_UI_BG	 0x161B26FFu	/* window background */
#define VY_UI_SURFACE	 0x202736FFu	/* header bars, fields, panels */
#define VY_UI_RAISED	 0x2B3345FFu	/* buttons, hovered rows */
#define VY_UI_BORDER	 0x3A4457FFu
#define VY_UI_TEXT	 0xE6E9EFFFu
#define VY_UI_DIM	 0x98A2B3FFu	/* secondary text, hints */
#define VY_UI_ACCENT	 0x3B82F6FFu	/* focus, primary button, selection */
#define VY_UI_ACCENT_TEXT 0xFFFFFFFFu
#define VY_UI_SELECT	 0x2D4F8AFFu	/* selected row, selected text */
#define VY_UI_DANGER	 0xE5484DFFu	/* delete, errors */
#define VY_UI_OK	 0x30A46CFFu

#define VY_UI_UNIT	 8	/* spacing grid */
#define VY_UI_ROW	 24	/* a list row, a button, a field */
#define VY_UI_HEADER	 32	/* an app's header bar */
#define VY_UI_CHAR_W	 8	/* 'm' text */
#define VY_UI_CHAR_H	 16
#define VY_UI_SCROLL_W	 8

enum vy_ui_look { VY_UI_NORMAL, VY_UI_HOT, VY_UI_PRIMARY, VY_UI_DANGEROUS };

static inline int vy_ui_in(int x, int y, int w, int h, int px, int py)
{
	return px >= x && py >= y && px < x + w && py < y + h;
}

/* Width in pixels of text in the 'm' font. */
static inline int vy_ui_text_w(const char *s)
{
	return (int)strlen(s) * VY_UI_CHAR_W;
}

/* Text centred vertically in a row of height h, starting at x. */
static inline void vy_ui_label(int x, int y, int h, uint32_t rgba,
			       const char *text)
{
	vy_draw_text(x, y + (h - VY_UI_CHAR_H) / 2, rgba, 'm', text);
}

/* The bar at the top of an app: its title, then its own buttons. */
static inline void vy_ui_header(int w, const char *title)
{
	vy_fill_rect(0, 0, w, VY_UI_HEADER, VY_UI_SURFACE);
	vy_fill_rect(0, VY_UI_HEADER - 1, w, 1, VY_UI_BORDER);
	vy_ui_label(VY_UI_UNIT, 0, VY_UI_HEADER, VY_UI_TEXT, title);
}

static inline void vy_ui_button(int x, int y, int w, int h,
				const char *label, enum vy_ui_look look)
{
	uint32_t bg = look == VY_UI_PRIMARY ? VY_UI_ACCENT :
		      look == VY_UI_DANGEROUS ? VY_UI_DANGER :
		      look == VY_UI_HOT ? VY_UI_BORDER : VY_UI_RAISED;
	int tw = vy_ui_text_w(label);

	vy_fill_rect(x, y, w, h, bg);
	vy_fill_rect(x, y + h - 1, w, 1, VY_UI_BORDER);
	vy_ui_label(x + (w - tw) / 2, y, h,
		    look == VY_UI_NORMAL || look == VY_UI_HOT ? VY_UI_TEXT :
		    VY_UI_ACCENT_TEXT, label);
}

/*
 * A one-line text field showing text from its start; cursor is a byte
 * offset (< 0: no cursor). Focused fields get the accent underline.
 */
static inline void vy_ui_field(int x, int y, int w, const char *text,
			       int cursor, int focused)
{
	vy_fill_rect(x, y, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_fill_rect(x, y + VY_UI_ROW - 2, w, 2,
		     focused ? VY_UI_ACCENT : VY_UI_BORDER);
	vy_ui_label(x + 4, y, VY_UI_ROW - 2, VY_UI_TEXT, text);
	if (cursor >= 0 && focused)
		vy_fill_rect(x + 4 + cursor * VY_UI_CHAR_W, y + 3, 2,
			     VY_UI_CHAR_H + 1, VY_UI_ACCENT);
}

/*
 * A key press for a one-line field whose text holds *len bytes and a
 * NUL, room for max + 1: Backspace deletes the last character, Escape
 * clears, a printable ASCII character is added while there is room.
 * Returns 1 when the key was the field's (redraw), 0 when it was not, so
 * the app can give it its own meaning.
 */
static inline int vy_ui_edit_key(char *text, int *len, int max,
				 const struct vy_event *ev)
{
	int n = *len;

	if (ev->keycode == VY_KEY_BACKSPACE && n)
		n--;
	else if (ev->keycode == VY_KEY_ESC)
		n = 0;
	else if (ev->codepoint >= ' ' && ev->codepoint < 127 && n < max)
		text[n++] = (char)ev->codepoint;
	else
		return 0;
	text[*len = n] = 0;
	return 1;
}

/* One row of a list; selected rows take the selection colour. */
static inline void vy_ui_row(int x, int y, int w, const char *text,
			     int selected)
{
	vy_fill_rect(x, y, w, VY_UI_ROW, selected ? VY_UI_SELECT : VY_UI_BG);
	vy_ui_label(x + VY_UI_UNIT, y, VY_UI_ROW, VY_UI_TEXT, text);
}

/*
 * A vertical scroll bar at x from y, h high, for a view of `visible'
 * items starting at `first' out of `total'. Nothing when all fit.
 */
static inline void vy_ui_scrollbar(int x, int y, int h, int first,
				   int visible, int total)
{
	int th, ty;

	if (total <= visible || total <= 0)
		return;
	vy_fill_rect(x, y, VY_UI_SCROLL_W, h, VY_UI_SURFACE);
	th = (int)((long long)h * visible / total);
	if (th < VY_UI_UNIT * 2)
		th = VY_UI_UNIT * 2;
	ty = y + (int)((long long)(h - th) * first / (total - visible));
	vy_fill_rect(x + 2, ty, VY_UI_SCROLL_W - 4, th, VY_UI_BORDER);
}

/* The first item a scroll-bar click at py (relative to its top) shows. */
static inline int vy_ui_scroll_to(int py, int h, int visible, int total)
{
	long long first;

	if (total <= visible || h <= 0)
		return 0;
	first = (long long)py * (total - visible) / h;
	return first < 0 ? 0 : first > total - visible ? total - visible :
	       (int)first;
}

/*
 * The loop of an app that answers keys alone: on a resize *w and *h are
 * set and draw called, on a key press key, until the supervisor says
 * quit. The app draws its first frame before.
 */
static inline void vy_ui_run(int *w, int *h, void (*draw)(void),
			     void (*key)(const struct vy_event *ev))
{
	struct vy_event ev;

	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			*w = ev.w;
			*h = ev.h;
			draw();
		} else if (ev.type == VY_EV_KEY && ev.down) {
			key(&ev);
		}
	}
}

#endif
