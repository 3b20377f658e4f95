/*
 * late-writer - writes its /data once a hog (fdhog, diskhog) says it has
 * taken all it can: another app's limit must not have become its own.
 */
#include "vyoma.h"

int main(void)
{
	static const char text[] = "written after the hog\n";
	struct vy_event ev;

	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE || (strcmp(ev.from, "fdhog") != 0 &&
						  strcmp(ev.from, "diskhog") != 0))
			continue;
		vy_print(vy_data_write("late.txt", text, sizeof(text) - 1) == 0 ?
			 "write ok" : "write failed");
	}
	return 0;
}
