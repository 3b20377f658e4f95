/*
 * terminal - type supervisor commands and messages, see the replies.
 *
 *   ps                      a supervisor command (@supervisor: ps)
 *   @notes: hello           a message to an app; @broadcast:, @reply: too
 *
 * Everything shown is also printed as console output, so the session can
 * be read back from the log.
 */
#include "vyoma.h"

#define ROWS 64
#define COLS 120
#define ROW_H 18
#define BG 0x0B1020FF
#define FG 0xD1D5DBFF
#define ACCENT 0x60A5FAFF

static char rows[ROWS][COLS + 1];
static int count;
static char input[COLS + 1];
static int input_len;
static int w = 480, h = 320;

/* Appends a row made of up to three parts (NULL for none). */
static void add_row(const char *a, const char *b, const char *c)
{
	const char *parts[3] = { a, b, c };
	char *row;
	int n = 0, i;

	if (count == ROWS) {
		memmove(rows[0], rows[1], sizeof(rows[0]) * (ROWS - 1));
		count--;
	}
	row = rows[count++];
	for (i = 0; i < 3; i++)
		for (const char *p = parts[i]; p && *p && n < COLS; p++)
			row[n++] = *p;
	row[n] = '\0';
	vy_print(row);
}

static void draw(void)
{
	int visible = (h - 28) / ROW_H, first = count - visible, y = 4, i;
	char prompt[COLS + 3] = "> ";

	if (first < 0)
		first = 0;
	vy_fill_rect(0, 0, w, h, BG);
	for (i = first; i < count; i++, y += ROW_H)
		vy_draw_text(6, y, rows[i][0] == '>' ? ACCENT : FG, 'm', rows[i]);
	memcpy(prompt + 2, input, (size_t)input_len + 1);
	vy_fill_rect(0, h - 22, w, 22, 0x1F2937FF);
	vy_draw_text(6, h - 19, ACCENT, 'm', prompt);
	vy_fill_rect(6 + 8 * (input_len + 2), h - 19, 8, 16, ACCENT); /* cursor */
	vy_flush();
}

static void submit(void)
{
	if (!input_len)
		return;
	add_row("> ", input, 0);
	if (input[0] == '@') {
		/* A message: "@target: text", sent as typed. */
		vy__puts(input);
		vy__put("\n", 1);
		vy__drain();
	} else {
		vy_send("supervisor", input);
	}
	input_len = 0;
	input[0] = '\0';
}

static void key(const struct vy_event *ev)
{
	if (!ev->down)
		return;
	if (ev->codepoint == '\n')
		submit();
	else if (ev->codepoint == 8 && input_len)
		input[--input_len] = '\0';
	else if (ev->codepoint >= 32 && ev->codepoint < 127 &&
		 input_len < COLS - 2 && !(ev->mods & (VY_MOD_CTRL | VY_MOD_ALT))) {
		input[input_len++] = (char)ev->codepoint;
		input[input_len] = '\0';
	}
}

int main(void)
{
	struct vy_event ev;

	add_row("VyomaOS terminal. Type 'help', or '@app: message'.", 0, 0);
	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
		} else if (ev.type == VY_EV_KEY) {
			key(&ev);
		} else if (ev.type == VY_EV_MESSAGE) {
			if (strcmp(ev.from, "supervisor") == 0)
				add_row(ev.text, 0, 0);
			else
				add_row(ev.from, ": ", ev.text);
		} else {
			continue;
		}
		draw();
	}
	return 0;
}
