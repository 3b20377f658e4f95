/*
 * monitor - the system monitor: every second it asks the supervisor for
 * `ps` and `memory` (docs/protocol.md) and shows the total CPU of all
 * apps over the last minute, the machine's memory, and a table of the
 * live instances sorted by CPU then name. A person picks one (Up/Down or
 * a click, or the first letter of its name) and ends it (Delete or the
 * End button, then confirms with Enter, y or a click): `stop`
 * first and, if it is still alive a second and a half later, `kill`.
 *
 * Only lines from the supervisor itself are read as replies; any field
 * may be missing or odd, and parsing never trusts a length.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define MAX_ROWS 128
#define LABEL_MAX 48
#define HISTORY 60
#define GRAPH_Y (VY_UI_HEADER + 32)
#define GRAPH_H 64
#define TABLE_Y (GRAPH_Y + GRAPH_H + 8)
#define ROWS_Y (TABLE_Y + VY_UI_ROW)
#define CONFIRM_H 40
#define BTN_W 80

#define KEY_ESC 1
#define KEY_ENTER 28
#define KEY_UP 103
#define KEY_DOWN 108
#define KEY_DELETE 111

struct row {
	char label[LABEL_MAX];
	char state[12];
	char kind[8];
	uint32_t id;
	uint64_t cpu_ms;	/* CPU time over all its runs */
	uint32_t pct10;		/* over the last sample, in tenths of % */
	uint32_t mem_kib;
};

static struct row rows[MAX_ROWS], next[MAX_ROWS];
static int nrows, nnext, shown_count = -1;
static uint64_t last_sample_ms;
static uint32_t history[HISTORY];	/* all apps' CPU, tenths of % */
static uint64_t mem_total, mem_used;	/* KiB */
static int width = 560, height = 400, first, confirming;
static uint32_t selected;		/* an instance id; 0: none */
static uint32_t ending_id;		/* asked to stop, maybe to kill */
static char ending_label[LABEL_MAX];
static uint64_t ending_ms;

/* The value of " key=" in line, copied into out (cap bytes), or 0. */
static const char *field(const char *line, const char *key, char *out,
			 size_t cap)
{
	size_t k = strlen(key), n = 0;
	const char *p = line;

	while ((p = strchr(p, ' '))) {
		p++;
		if (strncmp(p, key, k) == 0 && p[k] == '=') {
			p += k + 1;
			while (p[n] && p[n] != ' ' && n + 1 < cap) {
				out[n] = p[n];
				n++;
			}
			out[n] = '\0';
			return out;
		}
	}
	return 0;
}

/* A decimal number, with up to 3 places kept: "1.25" -> 1250 (scale 1000). */
static uint64_t number(const char *line, const char *key, int milli)
{
	char buf[24];
	const char *p = field(line, key, buf, sizeof(buf));
	uint64_t v = 0;
	int places = -1;

	for (; p && *p; p++) {
		if (*p == '.' && places < 0) {
			places = 0;
		} else if (*p >= '0' && *p <= '9' && places < 3 &&
			   v < 1000000000000000ull) {
			v = v * 10 + (uint64_t)(*p - '0');
			places += places >= 0;
		} else if (*p < '0' || *p > '9') {
			break;
		}
	}
	if (!milli)
		return places < 0 ? v : 0;
	for (places = places < 0 ? 0 : places; places < 3; places++)
		v *= 10;
	return v;
}

static int live(const char *state)
{
	static const char *const dead[] = { "loaded", "exited", "failed",
					    "stopped", "compiling" };
	unsigned i;

	for (i = 0; i < sizeof(dead) / sizeof(dead[0]); i++)
		if (strcmp(state, dead[i]) == 0)
			return 0;
	return 1;
}

/* "ps <label> state=... cpu=... memory=... id=... kind=..." */
static void take_row(const char *line)
{
	struct row *r = &next[nnext];
	const char *sp = strchr(line, ' ');
	size_t n = sp ? (size_t)(sp - line) : 0;

	if (nnext >= MAX_ROWS || !n || n >= LABEL_MAX ||
	    !field(line, "state", r->state, sizeof(r->state)) ||
	    !live(r->state))
		return;
	memcpy(r->label, line, n);
	r->label[n] = '\0';
	if (!field(line, "kind", r->kind, sizeof(r->kind)))
		strcpy(r->kind, "?");
	r->id = (uint32_t)number(line, "id", 0);
	r->cpu_ms = number(line, "cpu", 1);
	r->mem_kib = (uint32_t)(number(line, "memory", 0) / 1024);
	r->pct10 = 0;
	nnext++;
}

static int before(const struct row *a, const struct row *b)
{
	if (a->pct10 != b->pct10)
		return a->pct10 > b->pct10;
	return strcmp(a->label, b->label) < 0;
}

static int find(uint32_t id)
{
	int i;

	for (i = 0; i < nrows; i++)
		if (rows[i].id == id)
			return i;
	return -1;
}

static void ask(const char *verb, const char *label)
{
	char line[8 + LABEL_MAX];

	strcpy(line, verb);
	strcat(line, label);
	vy_send("supervisor", line);
}

/* "ps end": the new rows replace the old; CPU from the deltas. */
static void take_sample(void)
{
	uint64_t now = vy_ms(), wall = now - last_sample_ms, total = 0;
	int i, j;

	for (i = 0; i < nnext; i++) {
		int k = find(next[i].id);

		if (k >= 0 && last_sample_ms && wall &&
		    next[i].cpu_ms >= rows[k].cpu_ms) {
			uint64_t d = next[i].cpu_ms - rows[k].cpu_ms;

			total += d;
			next[i].pct10 = (uint32_t)(d * 1000 / wall);
		}
		/* Insertion sort: at most MAX_ROWS rows. */
		for (j = i; j > 0 && before(&next[j], &next[j - 1]); j--) {
			struct row t = next[j];

			next[j] = next[j - 1];
			next[j - 1] = t;
		}
	}
	if (last_sample_ms && wall) {
		memmove(history, history + 1,
			sizeof(history) - sizeof(history[0]));
		history[HISTORY - 1] = (uint32_t)(total * 1000 / wall);
	}
	last_sample_ms = now;
	memcpy(rows, next, sizeof(rows[0]) * (size_t)nnext);
	nrows = nnext;
	nnext = 0;
	if (nrows != shown_count) {
		vy_log("monitor: ");
		vy_log_num((uint64_t)nrows);
		vy_print(" instances");
		shown_count = nrows;
	}
	if (find(selected) < 0) {
		selected = 0;
		confirming = 0;
	}
	if (ending_id && (i = find(ending_id)) >= 0 &&
	    now - ending_ms >= 1500) {
		ask("kill ", ending_label);
		ending_id = 0;
	} else if (ending_id && i < 0) {
		ending_id = 0;
	}
}

static void on_reply(const char *msg)
{
	if (strncmp(msg, "ps ", 3) == 0) {
		msg += 3;
		if (strncmp(msg, "end ", 4) == 0 && msg[4] >= '0' &&
		    msg[4] <= '9')
			take_sample();
		else
			take_row(msg);
	} else if (strncmp(msg, "memory ", 7) == 0) {
		mem_total = number(msg, "total_kib", 0);
		mem_used = mem_total - number(msg, "available_kib", 0);
		if (mem_used > mem_total)
			mem_used = 0;
	}
}

/* Tenths as "12.3"; out needs 16 bytes. */
static char *tenths(char *out, uint32_t v)
{
	int n = vy_utoa(out, v / 10);

	out[n] = '.';
	out[n + 1] = (char)('0' + v % 10);
	out[n + 2] = '\0';
	return out;
}

static int visible_rows(void)
{
	int n = (height - ROWS_Y - (confirming ? CONFIRM_H : 0)) / VY_UI_ROW;

	return n > 0 ? n : 1;
}

static void keep_selection_visible(void)
{
	int i = find(selected), vis = visible_rows();

	if (i >= 0 && i < first)
		first = i;
	if (i >= first + vis)
		first = i - vis + 1;
	if (first > nrows - vis)
		first = nrows - vis;
	if (first < 0)
		first = 0;
}

static void draw_graph(void)
{
	uint32_t peak = 1000;	/* 100 %: one core */
	int i, gw = width - 2 * VY_UI_UNIT, slot = gw / HISTORY;

	for (i = 0; i < HISTORY; i++)
		if (history[i] > peak)
			peak = history[i];
	vy_fill_rect(VY_UI_UNIT, GRAPH_Y, gw, GRAPH_H, VY_UI_SURFACE);
	for (i = 0; i < HISTORY && slot > 0; i++) {
		int bh = (int)((uint64_t)history[i] * GRAPH_H / peak);

		/* Any load at all shows, however small. */
		if (history[i] && !bh)
			bh = 1;

		vy_fill_rect(VY_UI_UNIT + i * slot, GRAPH_Y + GRAPH_H - bh,
			     slot > 1 ? slot - 1 : 1, bh, VY_UI_ACCENT);
	}
}

static void draw_summary(void)
{
	char line[80], num[24];

	strcpy(line, "CPU ");
	strcat(line, tenths(num, history[HISTORY - 1]));
	strcat(line, "% of one core");
	vy_ui_label(VY_UI_UNIT, VY_UI_HEADER, 32, VY_UI_TEXT, line);
	strcpy(line, "Memory ");
	vy_utoa(num, mem_used / 1024);
	strcat(line, num);
	strcat(line, " / ");
	vy_utoa(num, mem_total / 1024);
	strcat(line, num);
	strcat(line, " MiB");
	vy_ui_label(width - VY_UI_UNIT - vy_ui_text_w(line), VY_UI_HEADER, 32,
		    VY_UI_DIM, line);
}

/* Where each column starts, in hundredths of the width. */
static const unsigned char col_at[] = { 0, 38, 56, 70, 84 };

static void draw_cells(int y, uint32_t colour, const char *const cell[5])
{
	int i;

	for (i = 0; i < 5; i++)
		vy_ui_label(VY_UI_UNIT + width * col_at[i] / 100, y, VY_UI_ROW,
			    colour, cell[i]);
}

static void draw_table(void)
{
	static const char *const head[5] = { "Name", "State", "CPU %",
					     "KiB", "Kind" };
	int i, vis = visible_rows();

	vy_fill_rect(0, TABLE_Y, width, VY_UI_ROW, VY_UI_SURFACE);
	draw_cells(TABLE_Y, VY_UI_DIM, head);
	for (i = first; i < nrows && i < first + vis; i++) {
		struct row *r = &rows[i];
		char pct[16], kib[12];
		const char *cell[5] = { r->label, r->state, pct, kib, r->kind };
		int y = ROWS_Y + (i - first) * VY_UI_ROW;

		tenths(pct, r->pct10);
		vy_utoa(kib, r->mem_kib);
		vy_ui_row(0, y, width, "", r->id == selected);
		draw_cells(y, VY_UI_TEXT, cell);
	}
	vy_ui_scrollbar(width - VY_UI_SCROLL_W, ROWS_Y, vis * VY_UI_ROW, first,
			vis, nrows);
}

static void draw_confirm(void)
{
	int y = height - CONFIRM_H, i = find(selected);
	char line[16 + LABEL_MAX];

	if (!confirming || i < 0)
		return;
	vy_fill_rect(0, y, width, CONFIRM_H, VY_UI_SURFACE);
	vy_fill_rect(0, y, width, 1, VY_UI_BORDER);
	strcpy(line, "End ");
	strcat(line, rows[i].label);
	strcat(line, "?");
	vy_ui_label(VY_UI_UNIT, y, CONFIRM_H, VY_UI_TEXT, line);
	vy_ui_button(width - 2 * (BTN_W + VY_UI_UNIT), y + 8, BTN_W, VY_UI_ROW,
		     "Cancel", VY_UI_NORMAL);
	vy_ui_button(width - BTN_W - VY_UI_UNIT, y + 8, BTN_W, VY_UI_ROW,
		     "End", VY_UI_DANGEROUS);
}

static void draw(void)
{
	keep_selection_visible();
	vy_fill_rect(0, 0, width, height, VY_UI_BG);
	vy_ui_header(width, "System Monitor");
	vy_ui_button(width - BTN_W - VY_UI_UNIT, 4, BTN_W, VY_UI_ROW, "End",
		     selected ? VY_UI_DANGEROUS : VY_UI_NORMAL);
	draw_summary();
	draw_graph();
	draw_table();
	draw_confirm();
	vy_flush();
}

static void end_selected(void)
{
	int i = find(selected);

	confirming = 0;
	if (i < 0)
		return;
	ask("stop ", rows[i].label);
	ending_id = selected;
	strcpy(ending_label, rows[i].label);
	ending_ms = vy_ms();
}

static void move_selection(int by)
{
	int i = find(selected) + by;

	if (!nrows)
		return;
	if (find(selected) < 0)
		i = 0;
	if (i < 0)
		i = 0;
	if (i >= nrows)
		i = nrows - 1;
	selected = rows[i].id;
}

/* The next row after the selection whose name starts with c. */
static void select_by_letter(uint32_t c)
{
	int i, at = find(selected), k;

	if (!nrows)
		return;
	for (k = 1; k <= nrows; k++) {
		i = (at + k + nrows) % nrows;
		if ((uint32_t)(unsigned char)rows[i].label[0] == c) {
			selected = rows[i].id;
			return;
		}
	}
}

static void on_key(const struct vy_event *ev)
{
	if (!ev->down)
		return;
	if (confirming) {
		if (ev->keycode == KEY_ENTER || (ev->codepoint | 0x20) == 'y')
			end_selected();
		else if (ev->keycode == KEY_ESC ||
			 (ev->codepoint | 0x20) == 'n')
			confirming = 0;
		return;
	}
	if (ev->keycode == KEY_UP)
		move_selection(-1);
	else if (ev->keycode == KEY_DOWN)
		move_selection(1);
	else if (ev->keycode == KEY_DELETE && find(selected) >= 0)
		confirming = 1;
	else if (ev->codepoint > ' ' && ev->codepoint < 127)
		select_by_letter(ev->codepoint);
}

static void on_click(int x, int y)
{
	int vis = visible_rows(), cy = height - CONFIRM_H + 8;

	if (confirming) {
		if (vy_ui_in(width - BTN_W - VY_UI_UNIT, cy, BTN_W, VY_UI_ROW,
			     x, y))
			end_selected();
		else if (vy_ui_in(width - 2 * (BTN_W + VY_UI_UNIT), cy, BTN_W,
				  VY_UI_ROW, x, y))
			confirming = 0;
		return;
	}
	if (vy_ui_in(width - BTN_W - VY_UI_UNIT, 4, BTN_W, VY_UI_ROW, x, y)) {
		confirming = find(selected) >= 0;
	} else if (x >= width - VY_UI_SCROLL_W && y >= ROWS_Y) {
		first = vy_ui_scroll_to(y - ROWS_Y, vis * VY_UI_ROW, vis,
					nrows);
	} else if (y >= ROWS_Y && y < ROWS_Y + vis * VY_UI_ROW) {
		int i = first + (y - ROWS_Y) / VY_UI_ROW;

		if (i < nrows)
			selected = rows[i].id;
	}
}

/* main's result is constant, so wasm-opt drops libc's exit path. */
__attribute__((noinline)) static void run(void)
{
	struct vy_event ev;
	uint64_t next_tick = 0;

	for (;;) {
		uint64_t now = vy_ms();

		if (now >= next_tick) {
			vy_send("supervisor", "ps");
			vy_send("supervisor", "memory");
			next_tick = now + 1000;
		}
		switch (vy_next_event(&ev, (int)(next_tick - now))) {
		case VY_EV_QUIT:
			return;
		case VY_EV_RESIZE:
			width = ev.w;
			height = ev.h;
			break;
		case VY_EV_MESSAGE:
			if (strcmp(ev.from, "supervisor") != 0)
				continue;
			on_reply(ev.text);
			/* Redraw once a listing is whole, not per row. */
			if (nnext)
				continue;
			break;
		case VY_EV_KEY:
			on_key(&ev);
			break;
		case VY_EV_POINTER:
			if (ev.action != VY_PTR_DOWN)
				continue;
			on_click(ev.x, ev.y);
			break;
		default:
			continue;
		}
		draw();
	}
}

int main(void)
{
	run();
	return 0;
}
