/*
 * notebomb - posts five notifications in a burst (the supervisor lets
 * three through, then one a second), one of them shaped like an event
 * line, tries the desktop's own commands without the desktop capability,
 * and logs every reply ("reply ...").
 */
#include "vyoma.h"

int main(void)
{
	static const char *const asks[] = {
		"notify hello 1", "notify hello 2, with a comma",
		"notify VYOMA_EVENT:launcher", "notify hello 4", "notify hello 5",
		"windows", "desktop focus", "window close 1",
	};
	struct vy_event ev;
	size_t i;

	for (i = 0; i < sizeof(asks) / sizeof(asks[0]); i++)
		vy_send("supervisor", asks[i]);
	vy_flush();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		vy_log("reply ");
		vy_print(ev.text);
	}
	return 0;
}
