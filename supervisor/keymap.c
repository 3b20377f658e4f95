/*
 * keymap.c - the US layout tables and the lookups over them.
 */
#include "keymap.h"

#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Printable ASCII on a US keyboard: Linux key code, and whether shifted. */
static const struct {
	char ch;
	uint16_t code;
	bool shift;
} us_keys[] = {
	{ ' ', 57, false }, { '!', 2, true }, { '"', 40, true },
	{ '#', 4, true }, { '$', 5, true }, { '%', 6, true }, { '&', 8, true },
	{ '\'', 40, false }, { '(', 10, true }, { ')', 11, true },
	{ '*', 9, true }, { '+', 13, true }, { ',', 51, false },
	{ '-', 12, false }, { '.', 52, false }, { '/', 53, false },
	{ '0', 11, false }, { '1', 2, false }, { '2', 3, false },
	{ '3', 4, false }, { '4', 5, false }, { '5', 6, false },
	{ '6', 7, false }, { '7', 8, false }, { '8', 9, false },
	{ '9', 10, false }, { ':', 39, true }, { ';', 39, false },
	{ '<', 51, true }, { '=', 13, false }, { '>', 52, true },
	{ '?', 53, true }, { '@', 3, true }, { '[', 26, false },
	{ '\\', 43, false }, { ']', 27, false }, { '^', 7, true },
	{ '_', 12, true }, { '`', 41, false }, { '{', 26, true },
	{ '|', 43, true }, { '}', 27, true }, { '~', 41, true },
	{ 'a', 30, false }, { 'b', 48, false }, { 'c', 46, false },
	{ 'd', 32, false }, { 'e', 18, false }, { 'f', 33, false },
	{ 'g', 34, false }, { 'h', 35, false }, { 'i', 23, false },
	{ 'j', 36, false }, { 'k', 37, false }, { 'l', 38, false },
	{ 'm', 50, false }, { 'n', 49, false }, { 'o', 24, false },
	{ 'p', 25, false }, { 'q', 16, false }, { 'r', 19, false },
	{ 's', 31, false }, { 't', 20, false }, { 'u', 22, false },
	{ 'v', 47, false }, { 'w', 17, false }, { 'x', 45, false },
	{ 'y', 21, false }, { 'z', 44, false },
};

static const struct {
	const char *name;
	uint16_t code;
	uint32_t codepoint;
} named_keys[] = {
	{ "Enter", 28, '\n' }, { "Backspace", 14, 8 }, { "Tab", 15, '\t' },
	{ "Escape", 1, 27 }, { "Space", 57, ' ' }, { "Delete", 111, 127 },
	{ "Up", 103, 0 }, { "Down", 108, 0 }, { "Left", 105, 0 },
	{ "Right", 106, 0 }, { "Home", 102, 0 }, { "End", 107, 0 },
	{ "PageUp", 104, 0 }, { "PageDown", 109, 0 },
	{ "F1", 59, 0 }, { "F2", 60, 0 }, { "F3", 61, 0 }, { "F4", 62, 0 },
	{ "F5", 63, 0 }, { "F6", 64, 0 }, { "F7", 65, 0 }, { "F8", 66, 0 },
	{ "F9", 67, 0 }, { "F10", 68, 0 }, { "F11", 87, 0 }, { "F12", 88, 0 },
};

static const struct {
	const char *name;
	uint8_t mod;
} modifiers[] = {
	{ "Shift", MOD_SHIFT }, { "Ctrl", MOD_CTRL }, { "Alt", MOD_ALT },
	{ "Super", MOD_SUPER },
};

static const struct {
	uint16_t code;
	uint8_t mod;
} modifier_keys[] = {
	{ 42, MOD_SHIFT }, { 54, MOD_SHIFT }, { 29, MOD_CTRL },
	{ 97, MOD_CTRL }, { 56, MOD_ALT }, { 100, MOD_ALT },
	{ 125, MOD_SUPER }, { 126, MOD_SUPER },
};

/* USB HID keyboard usages (what SDL's scancodes are) to Linux codes. */
static const uint16_t hid_letters[26] = {
	30, 48, 46, 32, 18, 33, 34, 35, 23, 36, 37, 38, 50,
	49, 24, 25, 16, 19, 31, 20, 22, 47, 17, 45, 21, 44,
};

static const struct {
	uint16_t usage, code;
} hid_keys[] = {
	{ 40, 28 }, { 41, 1 }, { 42, 14 }, { 43, 15 }, { 44, 57 },
	{ 45, 12 }, { 46, 13 }, { 47, 26 }, { 48, 27 }, { 49, 43 },
	{ 51, 39 }, { 52, 40 }, { 53, 41 }, { 54, 51 }, { 55, 52 },
	{ 56, 53 }, { 58, 59 }, { 59, 60 }, { 60, 61 }, { 61, 62 },
	{ 62, 63 }, { 63, 64 }, { 64, 65 }, { 65, 66 }, { 66, 67 },
	{ 67, 68 }, { 68, 87 }, { 69, 88 }, { 73, 110 }, { 74, 102 },
	{ 75, 104 }, { 76, 111 }, { 77, 107 }, { 78, 109 }, { 79, 106 },
	{ 80, 105 }, { 81, 108 }, { 82, 103 }, { 224, 29 }, { 225, 42 },
	{ 226, 56 }, { 227, 125 }, { 228, 97 }, { 229, 54 }, { 230, 100 },
	{ 231, 126 },
};

uint16_t keymap_from_hid(uint16_t usage)
{
	size_t i;

	if (usage >= 4 && usage <= 29)
		return hid_letters[usage - 4];
	if (usage >= 30 && usage <= 38)		/* 1..9 */
		return (uint16_t)(usage - 30 + 2);
	if (usage == 39)			/* 0 */
		return 11;
	for (i = 0; i < ARRAY_LEN(hid_keys); i++)
		if (hid_keys[i].usage == usage)
			return hid_keys[i].code;
	return 0;
}

bool keymap_key_for_char(char ch, uint16_t *code, bool *shift)
{
	char lower = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
	size_t i;

	for (i = 0; i < ARRAY_LEN(us_keys); i++)
		if (us_keys[i].ch == lower) {
			*code = us_keys[i].code;
			*shift = us_keys[i].shift || lower != ch;
			return true;
		}
	return false;
}

bool keymap_named_key(const char *name, uint16_t *code, uint32_t *codepoint)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(named_keys); i++)
		if (strcmp(name, named_keys[i].name) == 0) {
			*code = named_keys[i].code;
			*codepoint = named_keys[i].codepoint;
			return true;
		}
	return false;
}

uint8_t keymap_modifier_named(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(modifiers); i++)
		if (strcmp(name, modifiers[i].name) == 0)
			return modifiers[i].mod;
	return 0;
}

uint8_t keymap_modifier_of(uint16_t code)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(modifier_keys); i++)
		if (modifier_keys[i].code == code)
			return modifier_keys[i].mod;
	return 0;
}

uint32_t keymap_codepoint(uint16_t code, uint8_t mods)
{
	bool shift = mods & MOD_SHIFT;
	size_t i;

	for (i = 0; i < ARRAY_LEN(named_keys); i++)
		if (named_keys[i].code == code)
			return named_keys[i].codepoint;
	for (i = 0; i < ARRAY_LEN(us_keys); i++) {
		char ch = us_keys[i].ch;

		if (us_keys[i].code != code)
			continue;
		if (ch >= 'a' && ch <= 'z')
			return (uint32_t)(shift ? ch - 'a' + 'A' : ch);
		if (us_keys[i].shift == shift)
			return (uint32_t)ch;
	}
	return 0;
}
