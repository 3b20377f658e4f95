/*
 * blackjack - twenty-one against the dealer. H (or Space) takes a card,
 * S (or Enter) stands; N deals the next hand once this one is over. Aces
 * count 11 unless that would bust, then 1. The dealer draws to 17 and
 * stands on any 17; a first-two-card 21 is a blackjack, which ends the
 * hand at once, the player's or the dealer's (who peeks, as casinos'
 * do). One 52-card deck, shuffled again when it runs low.
 *
 * On its console, once the frame shows it, after each card: "blackjack:
 * you <ranks> = <total> dealer <ranks> = <total>" (the dealer's hidden
 * card shown as ?, not counted), then "blackjack: win", "lose", "push",
 * "bust" or "blackjack" - what its test (test.py) reads.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

#define CW 32
#define MAXC 12

static char deck[52], hand[2][MAXC];
static int left, n[2], hidden, w = 320, h = 240;
static const char *result;
static const char *const rank[] = {
	"", "A", "2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K"
};

static void shuffle(void)
{
	for (int i = 0; i < 52; i++)
		deck[i] = (char)(i % 13 + 1);
	for (int i = 51; i > 0; i--) {
		int j = (int)(vy_random() % (uint32_t)(i + 1));
		char t = deck[i];

		deck[i] = deck[j];
		deck[j] = t;
	}
	left = 52;
}

/* The best total of the cards shown: an ace is 11 if that fits. */
static int total(int who)
{
	int t = 0, ace = 0, c = n[who] - (who && hidden);

	for (int i = 0; i < c; i++) {
		int v = hand[who][i];

		t += v > 10 ? 10 : v;
		ace |= v == 1;
	}
	return ace && t <= 11 ? t + 10 : t;
}

static void deal(int who)
{
	if (n[who] < MAXC)
		hand[who][n[who]++] = deck[--left];
}

static void row(int who, int y)
{
	for (int i = 0; i < n[who]; i++) {
		int x = 8 + i * (CW + 4), back = who && hidden && i == 1;

		vy_fill_rect(x, y, CW, 44, back ? VY_UI_SELECT : VY_UI_TEXT);
		if (!back)
			vy_draw_text(x + 4, y + 4, VY_UI_BG, 'm',
				     rank[(int)hand[who][i]]);
	}
}

static void show(int who)
{
	vy_log(who ? " dealer" : "blackjack: you");
	for (int i = 0; i < n[who]; i++) {
		vy_log(" ");
		vy_log(who && hidden && i == 1 ? "?" : rank[(int)hand[who][i]]);
	}
	vy_log(" = ");
	vy_log_num((uint64_t)total(who));
}

static void draw(void)
{
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Blackjack");
	vy_draw_text(8, VY_UI_HEADER + 8, VY_UI_DIM, 'm', "Dealer");
	row(1, VY_UI_HEADER + 28);
	vy_draw_text(8, VY_UI_HEADER + 84, VY_UI_DIM, 'm', "You");
	row(0, VY_UI_HEADER + 104);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(8, h - VY_UI_ROW, VY_UI_ROW, !result ? VY_UI_DIM :
		    *result == 'w' || *result == 'b' ? VY_UI_OK :
		    *result == 'p' ? VY_UI_TEXT : VY_UI_DANGER,
		    result ? result : "H: hit  S: stand");
	vy_flush();
}

static void say(void)
{
	draw();
	show(0);
	show(1);
	vy_print("");
	if (result) {
		vy_log("blackjack: ");
		vy_print(result);
	}
}

/* The dealer turns the hidden card, draws to 17, and the hand is scored. */
static void stand(void)
{
	int me = total(0), d;

	hidden = 0;
	while (total(1) < 17 && me <= 21)
		deal(1);
	d = total(1);
	result = me > 21 ? "bust" : d > 21 || me > d ? "win" :
		 me == d ? "push" : "lose";
	say();
}

static void new_hand(void)
{
	if (left < 15)
		shuffle();
	n[0] = n[1] = 0;
	result = 0;
	hidden = 1;
	deal(0);
	deal(1);
	deal(0);
	deal(1);
	/* A blackjack on either side ends the hand at once (the dealer
	 * peeks): two of them push, the dealer's alone beats any 21. */
	hidden = 0;
	if (total(0) == 21 || total(1) == 21)
		result = total(0) == total(1) ? "push" :
			 total(0) == 21 ? "blackjack" : "lose";
	else
		hidden = 1;
	say();
}

static void key(const struct vy_event *ev)
{
	uint32_t k = ev->codepoint | 0x20;

	if (result) {
		if (k == 'n')
			new_hand();
	} else if (k == 'h' || ev->codepoint == ' ') {
		deal(0);
		if (total(0) >= 21)
			stand();
		else
			say();
	} else if (k == 's' || ev->keycode == VY_KEY_ENTER) {
		stand();
	}
}

int main(void)
{
	shuffle();
	new_hand();
	vy_ui_run(&w, &h, draw, key);
	return 0;
}
