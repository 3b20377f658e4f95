/*
 * input.h - input events as the Input Router sees them, whatever their
 * source, and the hosted source: an input script (--input FILE) of timed
 * events, replayed as if a person typed and clicked. The image's source
 * is evdev (input_evdev.h); router.h says where events go; the lines
 * apps receive are in docs/protocol.md.
 */
#ifndef VYOMA_INPUT_H
#define VYOMA_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"

enum input_kind { INPUT_KEY, INPUT_FOCUS, INPUT_POINTER, INPUT_POWER };

enum input_buttons { BUTTON_LEFT = 1, BUTTON_RIGHT = 2, BUTTON_MIDDLE = 4 };

struct user_input {
	uint32_t at_ms;		/* after the supervisor is ready */
	enum input_kind kind;
	bool down;
	uint16_t keycode;	/* Linux KEY_* code */
	uint32_t codepoint;	/* the character under a US layout, or 0 */
	uint8_t mods;
	int x, y;		/* INPUT_POINTER: screen position */
	uint8_t buttons;	/* INPUT_POINTER: held after this event */
	uint8_t changed;	/* INPUT_POINTER: the button that changed */
	char target[33];	/* INPUT_FOCUS: the app to focus */
};

/* Where a source hands its events (the router, in the supervisor). */
typedef void (*input_sink)(const struct user_input *ev);

struct input_script {
	struct user_input *events;
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
size_t input_format_key(const struct user_input *ev, char *buf, size_t len);

/* "VYOMA_EVENT:resize:<w>,<h>" */
size_t input_format_resize(int w, int h, char *buf, size_t len);

/*
 * "VYOMA_EVENT:pointer:<move|down|up>,<x>,<y>,<buttons>", with x and y
 * relative to the window's content.
 */
size_t input_format_pointer(const struct user_input *ev, int x, int y,
			    char *buf, size_t len);

#endif
