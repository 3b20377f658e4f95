/*
 * whisper - findings 2 and 8, without the shell capability: asks the
 * terminal (which has it) to run a command by sending it text that looks
 * like a command, sends it terminal control sequences, and prints a
 * console line dressed up as one of the supervisor's own. None of it may
 * work: the terminal shows the text as a message, the control sequences
 * are refused, and the log escapes them.
 */
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	int replies = 0;

	vy_send("terminal", "@supervisor: stop clock");
	vy_send("terminal", "clear \x1b[2J\x1b[H the screen");
	vy_print("\r\x1b[1Avyoma: error: forged by whisper");
	while (replies < 1 && vy_next_event(&ev, 5000) == VY_EV_MESSAGE) {
		vy_log("reply: ");
		vy_print(ev.text);
		replies++;
	}
	vy_print("whisper done");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
