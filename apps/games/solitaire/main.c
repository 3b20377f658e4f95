/*
 * solitaire - Klondike patience: build the four foundations up by suit
 * from ace to king. Tableau columns build down in alternating colours;
 * only a king (with what lies on it) fills an empty column. The stock
 * deals one card at a time to the waste, and turns the waste over again
 * when it runs out.
 *
 * Keys: Left/Right move the cursor (VY_UI_ACCENT) along a row of piles,
 * Up/Down between the top row (stock, waste, foundations) and the
 * tableau. Enter picks up the pile under the cursor (VY_UI_SELECT) and
 * drops it on the next pile chosen: the deepest face-up card that may go
 * there goes, with every card on it. D (or Enter on the stock) draws,
 * Escape puts back what was picked, N deals the next game. Deal n is
 * shuffled by a generator seeded with n.
 *
 * On its console, once the frame shows it: "solitaire: deal <n> <52
 * cards>" (rank A23456789TJQK, suit SHDC; columns 1-7 get the first 1,
 * 2, ... 7 cards, the stock the rest, its top last), then for each action
 * "solitaire: draw <stock> <waste top or ->", "solitaire: move <from>
 * <to> <cards>" or "solitaire: refused <from> <to>" (piles 0 stock,
 * 1 waste, 2-5 foundations, 6-12 columns), and "solitaire: won" - what
 * its test (test.py) waits for.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define CW 48
#define CH 64
#define LEFT 8
#define TOP (VY_UI_HEADER + 8)
#define TOP2 (TOP + CH + 16)

enum { KEY_ESC = 1, KEY_ENTER = 28, KEY_UP = 103, KEY_LEFT = 105,
       KEY_RIGHT = 106, KEY_DOWN = 108 };

static uint8_t pile[13][52], n[13], down[13];
static int cur, pick, deal_no, w = LEFT + 7 * (CW + 8), h = 500;
static uint32_t seed;

static int top(int p)
{
	return pile[p][n[p] - 1];
}

static int red(int c)
{
	return c / 13 == 1 || c / 13 == 2;
}

static void name(char *s, int c)
{
	s[0] = "A23456789TJQK"[c % 13];
	s[1] = "SHDC"[c / 13];
	s[2] = 0;
}

static int x_of(int p)
{
	return LEFT + (p < 2 ? p : p < 6 ? p + 1 : p - 6) * (CW + 8);
}

static void frame(int x, int y, uint32_t rgba)
{
	vy_fill_rect(x - 3, y - 3, CW + 6, CH + 6, rgba);
}

static void card(int x, int y, int c, int up)
{
	char s[4];

	vy_fill_rect(x, y, CW, CH, up ? VY_UI_TEXT : VY_UI_BORDER);
	if (!up) {
		vy_fill_rect(x + 3, y + 3, CW - 6, CH - 6, VY_UI_RAISED);
		return;
	}
	name(s, c);
	if (s[0] == 'T') {
		s[0] = '1';
		s[2] = s[1];
		s[1] = '0';
		s[3] = 0;
	}
	vy_draw_text(x + 4, y + 2, red(c) ? VY_UI_DANGER : VY_UI_BG, 'm', s);
}

static void draw(void)
{
	char s[32] = "Deal ";
	int home = n[2] + n[3] + n[4] + n[5];

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Solitaire");
	for (int p = 0; p < 13; p++) {
		int x = x_of(p), y = p < 6 ? TOP : TOP2;
		uint32_t mark = p == cur ? VY_UI_ACCENT : VY_UI_SELECT;

		if (!n[p]) {
			if (p == cur || p == pick)
				frame(x, y, mark);
			vy_fill_rect(x, y, CW, CH, VY_UI_BORDER);
			vy_fill_rect(x + 1, y + 1, CW - 2, CH - 2, VY_UI_BG);
		}
		for (int j = p < 6 ? n[p] - 1 : 0; j >= 0 && j < n[p]; j++) {
			if (j == n[p] - 1 && (p == cur || p == pick))
				frame(x, y, mark);
			card(x, y, pile[p][j], p && j >= down[p]);
			y += j < down[p] ? 6 : 20;
		}
	}
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_utoa(s + 5, (uint64_t)deal_no);
	vy_ui_label(LEFT, h - VY_UI_ROW, VY_UI_ROW,
		    home == 52 ? VY_UI_OK : VY_UI_DIM, home == 52 ?
		    "You won! N: next deal" : s);
	if (home < 52)
		vy_ui_label(LEFT + 10 * VY_UI_CHAR_W, h - VY_UI_ROW, VY_UI_ROW,
			    VY_UI_DIM, "D: draw  Enter: pick, drop");
	vy_flush();
}

static void deal(void)
{
	uint8_t deck[52];
	char s[108];
	int k = 0;

	seed = (uint32_t)++deal_no;
	for (int i = 0; i < 52; i++)
		deck[i] = (uint8_t)i;
	for (int i = 51; i > 0; i--) {
		int j, t = deck[i];

		seed = seed * 1103515245u + 12345u;
		j = (int)((seed >> 16) % (unsigned)(i + 1));
		deck[i] = deck[j];
		deck[j] = (uint8_t)t;
	}
	memset(n, 0, sizeof(n));
	for (int p = 0; p < 7; p++) {
		for (int j = 0; j <= p; j++)
			pile[6 + p][n[6 + p]++] = deck[k++];
		down[6 + p] = (uint8_t)p;
	}
	while (k < 52)
		pile[0][n[0]++] = deck[k++];
	for (int i = 0; i < 52; i++)
		name(s + 2 * i, deck[i]);
	cur = 6;
	pick = -1;
	draw();
	vy_log("solitaire: deal ");
	vy_log_num((uint64_t)deal_no);
	vy_log(" ");
	vy_print(s);
}

static void deal_one(void)
{
	char s[3] = "-";

	if (n[0]) {
		pile[1][n[1]++] = pile[0][--n[0]];
	} else {
		/* The waste turned over: its first card is the stock's top. */
		while (n[1])
			pile[0][n[0]++] = pile[1][--n[1]];
	}
	if (n[1])
		name(s, top(1));
	pick = -1;
	draw();
	vy_log("solitaire: draw ");
	vy_log_num(n[0]);
	vy_log(" ");
	vy_print(s);
}

/* Whether card c may go on pile p. */
static int fits(int c, int p)
{
	if (p < 6)
		return n[p] ? top(p) / 13 == c / 13 && top(p) % 13 + 1 ==
			      c % 13 : c % 13 == 0;
	return n[p] ? red(top(p)) != red(c) && top(p) % 13 == c % 13 + 1 :
		      c % 13 == 12;
}

static void move(int f, int t)
{
	int i = f < 6 ? n[f] - 1 : down[f], k;

	pick = -1;
	/* Only a top card goes to a foundation; nothing to stock or waste. */
	while (i < n[f] && (t < 2 || (t < 6 && i < n[f] - 1) ||
			    !fits(pile[f][i], t)))
		i++;
	k = n[f] - i;
	if (k) {
		memcpy(pile[t] + n[t], pile[f] + i, (size_t)k);
		n[t] = (uint8_t)(n[t] + k);
		n[f] = (uint8_t)i;
		/* The card under what went turns face up. */
		if (down[f] && down[f] >= n[f])
			down[f] = (uint8_t)(n[f] - 1);
	}
	draw();
	vy_log(k ? "solitaire: move " : "solitaire: refused ");
	vy_log_num((uint64_t)f);
	vy_log(" ");
	vy_log_num((uint64_t)t);
	if (k) {
		vy_log(" ");
		vy_log_num((uint64_t)k);
	}
	vy_print("");
	if (n[2] + n[3] + n[4] + n[5] == 52)
		vy_print("solitaire: won");
}

static void key(const struct vy_event *ev)
{
	int k = ev->keycode, c = (int)(ev->codepoint | 0x20);
	int first = cur < 6 ? 0 : 6, len = cur < 6 ? 6 : 7;

	if (c == 'n') {
		deal();
		return;
	}
	if (c == 'd' || (k == KEY_ENTER && !cur)) {
		deal_one();
		return;
	}
	if (k == KEY_LEFT || k == KEY_RIGHT) {
		cur = first + (cur - first + (k == KEY_LEFT ? len - 1 : 1)) %
		      len;
	} else if (k == KEY_UP || k == KEY_DOWN) {
		/* To the pile above or below; the gap above column 3 is the
		 * waste's. */
		cur = cur < 2 ? cur + 6 : cur < 6 ? cur + 7 :
		      cur < 8 ? cur - 6 : cur == 8 ? 1 : cur - 7;
	} else if (k == KEY_ESC) {
		pick = -1;
	} else if (k == KEY_ENTER) {
		if (pick >= 0 && pick != cur) {
			move(pick, cur);
			return;
		}
		pick = pick < 0 && n[cur] ? cur : -1;
	} else {
		return;
	}
	draw();
}

int main(void)
{
	deal();
	vy_ui_run(&w, &h, draw, key);
	return 0;
}
