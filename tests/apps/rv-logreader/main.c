/*
 * rv-logreader - asks the supervisor for rv-logsrc's console lines (`log`)
 * and grants (`caps`), and checks what arrives on its stdin against the
 * protocol's promise: no control characters, only valid UTF-8.
 */
#include "vyoma.h"

static int has_control(const unsigned char *s)
{
	for (; *s; s++)
		if ((*s < 0x20 && *s != '\t') || *s == 0x7f)
			return 1;
	return 0;
}

/* Just enough UTF-8 checking: every lead byte has its continuations. */
static int utf8_ok(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 :
			(*s & 0xF0) == 0xE0 ? 2 : (*s & 0xF8) == 0xF0 ? 3 : -1;

		if (n < 0)
			return 0;
		s++;
		while (n--)
			if ((*s++ & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

int main(void)
{
	struct vy_event ev;
	int rows = 0;

	/* Until rv-logsrc has printed its lines. */
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		if (ev.type == VY_EV_MESSAGE && strcmp(ev.from, "rv-logsrc") == 0)
			break;
	vy_send("supervisor", "log rv-logsrc");
	vy_send("supervisor", "caps rv-logsrc");
	while (rows < 4) {
		enum vy_event_type t = vy_next_event(&ev, 3000);

		if (t == VY_EV_TIMEOUT || t == VY_EV_QUIT)
			break;
		if (t != VY_EV_MESSAGE)
			continue;
		if (strncmp(ev.text, "log end", 7) == 0)
			continue;
		rows++;
		vy_log(strncmp(ev.text, "caps", 4) == 0 ? "caps row: " :
		       "log row: ");
		vy_log(has_control((const unsigned char *)ev.text) ?
		       "HAS CONTROL CHARACTERS " : "clean ");
		vy_print(utf8_ok((const unsigned char *)ev.text) ?
			 "valid UTF-8" : "INVALID UTF-8");
	}
	vy_print("done");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
