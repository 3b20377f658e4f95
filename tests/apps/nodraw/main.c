/* nodraw - draws without the display capability: must be rejected. */
#include "vyoma.h"

int main(void)
{
	vy_fill_rect(0, 0, 4000, 4000, 0xFF00FFFF);
	vy_flush();
	vy_print("tried to draw");
	return 0;
}
