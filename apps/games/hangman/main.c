/*
 * hangman - guess the hidden word a letter at a time before the figure
 * on the gallows is complete: six wrong letters and it is lost. Type a
 * letter to guess it (one guessed before costs nothing); Enter gives up
 * the word, which shows it, and once a word is over starts a new one.
 *
 * On its console, once the frame shows it: "hangman: <word with _ for
 * each letter not found> misses <n>" at each new word and each new
 * guess, then "hangman: won <word>" or "hangman: lost <word>" (given
 * up, after "... misses 6", as six misses are) - what
 * its test (test.py) reads. The words use no j, k, q, v, x or z, so a
 * test can lose on purpose.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"

static const char words[] =
	"apple bridge candle dragon engine forest garden harbor island "
	"lemon mirror number orange planet rabbit turtle umbrella wonder "
	"yellow button camera dinner finger guitar hammer letter marble "
	"needle pencil spider window shadow pillow bottle ";

static char word[16], shown[16], missed[8];
static uint32_t guessed;
static int misses, w = 304, h = 248;

static int found(void)
{
	int n = 0;

	for (int i = 0; word[i]; i++) {
		shown[i] = guessed >> (word[i] - 'a') & 1 ? word[i] : '_';
		n += shown[i] == '_';
	}
	return !n;
}

static void pick(void)
{
	const char *p = words;
	int n = (int)(vy_random() % 34), i = 0;	/* 34 words */

	while (n--)
		p = strchr(p, ' ') + 1;
	while (*p != ' ')
		word[i++] = *p++;
	word[i] = shown[i] = 0;
	guessed = 0;
	misses = 0;
	missed[0] = 0;
}

static void draw(void)
{
	/* Gallows, then head, body, arms and legs as the misses come. */
	static const unsigned char part[][4] = {
		{ 16, 160, 72, 4 }, { 32, 40, 4, 120 }, { 32, 40, 56, 4 },
		{ 84, 40, 4, 16 }, { 76, 56, 20, 20 }, { 84, 76, 4, 36 },
		{ 68, 84, 16, 4 }, { 88, 84, 16, 4 }, { 76, 112, 8, 24 },
		{ 88, 112, 8, 24 },
	};
	int over = misses == 6 || found();
	char s[40];

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, "Hangman");
	for (int i = 0; i < 4 + misses; i++)
		vy_fill_rect(part[i][0], part[i][1], part[i][2], part[i][3],
			     i < 4 ? VY_UI_BORDER : VY_UI_TEXT);
	for (int i = 0; word[i]; i++) {
		s[0] = misses == 6 ? word[i] : shown[i];
		s[1] = 0;
		vy_draw_text(120 + i * 20, 80, shown[i] == '_' && misses == 6 ?
			     VY_UI_DANGER : VY_UI_TEXT, 'l', s);
	}
	vy_draw_text(120, 128, VY_UI_DANGER, 'm', missed);
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(8, h - VY_UI_ROW, VY_UI_ROW, over ? misses == 6 ?
		    VY_UI_DANGER : VY_UI_OK : VY_UI_DIM, over ? misses == 6 ?
		    "Lost. Enter: new word" : "Found! Enter: new word" :
		    "Type letters; Enter: give up");
	vy_flush();
}

static void say(void)
{
	int won = found();

	draw();
	vy_log("hangman: ");
	vy_log(shown);
	vy_log(" misses ");
	vy_log_num((uint64_t)misses);
	vy_print("");
	if (won || misses == 6) {
		vy_log(won ? "hangman: won " : "hangman: lost ");
		vy_print(word);
	}
}

static void key(const struct vy_event *ev)
{
	uint32_t c = ev->codepoint | 0x20;

	if (ev->keycode == VY_KEY_ENTER) {
		/* playing: it is lost, and the word shown; over: a new one */
		if (misses < 6 && !found())
			misses = 6;
		else
			pick();
		say();
	} else if (c >= 'a' && c <= 'z' && misses < 6 && !found() &&
		   !(guessed >> (c - 'a') & 1)) {
		guessed |= 1u << (c - 'a');
		if (!strchr(word, (int)c)) {
			missed[misses++] = (char)c;
			missed[misses] = 0;
		}
		say();
	}
}

int main(void)
{
	pick();
	say();
	vy_ui_run(&w, &h, draw, key);
	return 0;
}
