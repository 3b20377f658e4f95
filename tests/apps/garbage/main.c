/*
 * garbage - prints every kind of malformed protocol line, then draws a
 * blue frame: the supervisor must reject each line and keep going.
 */
#include <unistd.h>
#include "vyoma.h"

static const char *const bad[] = {
	"VYOMA_DRAW:fill_rect:1,2,3",
	"VYOMA_DRAW:fill_rect:0,0,10,10,GGGGGGGG",
	"VYOMA_DRAW:fill_rect:0,0,-5,10,FF0000FF",
	"VYOMA_DRAW:fill_rect:0,0,99999999999,10,FF0000FF",
	"VYOMA_DRAW:draw_text:0,0,FFFFFFFF,x,bad size",
	"VYOMA_DRAW:flush:now",
	"VYOMA_DRAW:explode",
	"VYOMA_DRAW:",
	"@",
	"@: nobody",
	"@nobody: hello?",
	"\xff\xfe\xc3 invalid utf-8",
};

int main(void)
{
	static char huge[10000];
	size_t i;

	/* On stdout, where protocol is parsed. */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		vy__write_all(bad[i], strlen(bad[i]));
		vy__write_all("\n", 1);
	}
	/* stderr is held to the same rules. */
	(void)!write(2, "\xfe stderr junk\n", 14);
	memset(huge, 'A', sizeof(huge));
	vy__write_all(huge, sizeof(huge));
	vy__write_all("\n", 1);	/* ends the huge stdout line */
	/* Far outside the window: clipped, never a crash. */
	vy_fill_rect(-30000, -30000, 32000, 32000, 0x0000C0FF);
	vy_draw_text(30000, 30000, 0xFFFFFFFF, 'l', "off screen");
	vy_flush();
	vy_print("garbage done");
	return 0;
}
