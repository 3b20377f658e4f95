/*
 * reply-game - finding 4, three roles by app name (argv[0]):
 *   asker    queues a question for replier (not started yet), tells thief
 *            to go, and once thief is done starts replier;
 *   thief    sends replier a message its full queue drops;
 *   replier  answers the one message it read with @reply.
 * The answer must reach asker, the sender of what replier read, not
 * thief, the last app that tried to send it something.
 */
#include "vyoma.h"

static void asker(void)
{
	struct vy_event ev;

	vy_send("replier", "what is the answer?");
	vy_send("thief", "go");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		if (strcmp(ev.from, "thief") == 0)
			vy_send("supervisor", "start replier");
		else if (strcmp(ev.from, "replier") == 0) {
			vy_log("got '");
			vy_log(ev.text);
			vy_print("' from replier");
		}
	}
}

static void thief(void)
{
	struct vy_event ev;

	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		if (strcmp(ev.from, "asker") == 0) {
			vy_send("replier", "me too");
		} else if (strcmp(ev.from, "supervisor") == 0 &&
			   strncmp(ev.text, "error queue full", 16) == 0) {
			vy_print("my message was dropped");
			vy_send("asker", "done");
		} else if (strcmp(ev.from, "replier") == 0) {
			vy_log("stole '");
			vy_log(ev.text);
			vy_print("'");
		}
	}
}

static void replier(void)
{
	struct vy_event ev;

	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE ||
		    strcmp(ev.from, "supervisor") == 0)
			continue;
		vy_send("reply", "42");
		vy_log("answered a message from ");
		vy_print(ev.from);
	}
}

int main(int argc, char **argv)
{
	const char *role = argc ? argv[0] : "";

	if (strcmp(role, "asker") == 0)
		asker();
	else if (strcmp(role, "thief") == 0)
		thief();
	else if (strcmp(role, "replier") == 0)
		replier();
	return 0;
}
