/*
 * input.h - the Input Router's hosted source: an input script
 * (--input FILE) of timed events, replayed as if a person typed them.
 * Key events go to the focused app as VYOMA_EVENT:key lines
 * (docs/protocol.md). Later sources (evdev in the image, SDL on a
 * desktop) produce the same events.
 */
#ifndef VYOMA_INPUT_H
#define VYOMA_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum input_kind { INPUT_KEY, INPUT_FOCUS };

enum input_mods {
	MOD_SHIFT = 1,
	MOD_CTRL = 2,
	MOD_ALT = 4,
	MOD_SUPER = 8,
};

struct input_event {
	uint32_t at_ms;		/* after the supervisor is ready */
	enum input_kind kind;
	bool down;
	uint16_t keycode;	/* Linux KEY_* code */
	uint32_t codepoint;	/* the character under a US layout, or 0 */
	uint8_t mods;
	char target[33];	/* INPUT_FOCUS: the app to focus */
};

struct input_script {
	struct input_event *events;
	size_t count, next;
};

/*
 * Parses a script; path is only used in messages. Returns 0, or -1 with
 * "path:line: message" in err.
 */
int input_script_parse(const char *src, size_t len, const char *path,
		       struct input_script *script, char *err, size_t errlen);
int input_script_load(const char *path, struct input_script *script,
		      char *err, size_t errlen);
void input_script_free(struct input_script *script);

/* "VYOMA_EVENT:key:<down|up>,<keycode>,<codepoint>,<mods>" */
size_t input_format_key(const struct input_event *ev, char *buf, size_t len);

#endif
