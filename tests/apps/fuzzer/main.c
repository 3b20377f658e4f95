/*
 * fuzzer - prints 20000 pseudo-random lines built to look almost like
 * protocol lines (message and draw prefixes, real and bogus targets,
 * invalid UTF-8, NUL, over-long lines), then, once probe has had time to
 * catch up, one good message to it, and waits for probe's answer.
 * Deterministic: the same seed every run.
 */
#include "vyoma.h"

static uint32_t state = 2463534242u;

static uint32_t next(void)
{
	state ^= state << 13;
	state ^= state >> 17;
	state ^= state << 5;
	return state;
}

static const char *const prefixes[] = {
	"@probe: ", "@probe:", "@prob", "@", "@@probe: ", "@broadcast: ",
	"@reply: ", "@supervisor: ", "@PROBE: ", "VYOMA_DRAW:",
	"VYOMA_DRAW:fill_rect:", "VYOMA_DRAW:draw_text:", "VYOMA_EVENT:",
	"@nobody: ", "",
};

int main(void)
{
	static char line[6000];
	int i;

	for (i = 0; i < 20000; i++) {
		const char *p = prefixes[next() % (sizeof(prefixes) /
						   sizeof(prefixes[0]))];
		size_t n = strlen(p), len = n + next() % (next() % 8 ? 40 : 5000);
		size_t k;

		memcpy(line, p, n);
		for (k = n; k < len; k++) {
			uint32_t r = next() % 100;

			/* Mostly printable, some high bytes, a few NULs. */
			line[k] = (char)(r < 80 ? 32 + next() % 95 :
					 r < 98 ? 128 + next() % 128 : 0);
		}
		line[len] = '\n';
		vy__write_all(line, len + 1);
	}
	/* probe's queue may be full of fuzz that was well-formed: let it
	 * drain. Then one good message, until probe answers it (it answers
	 * once the colour is drawn): sent again now and then, as a full
	 * queue drops it. */
	{
		struct vy_event ev;
		int tries, answered = 0;

		while (vy_next_event(&ev, 1500) != VY_EV_TIMEOUT &&
		       ev.type != VY_EV_QUIT)
			;
		for (tries = 0; tries < 60 && !answered; tries++) {
			vy_send("probe", "00C000FF");
			while (!answered && vy_next_event(&ev, 1000) != VY_EV_TIMEOUT) {
				if (ev.type == VY_EV_QUIT)
					return 0;
				answered = ev.type == VY_EV_MESSAGE &&
					   !strcmp(ev.from, "probe") &&
					   !strcmp(ev.text, "pong 00C000FF");
			}
		}
		if (!answered)
			vy_print("the good message was never answered");
	}
	vy_print("fuzz done");
	return 0;
}
