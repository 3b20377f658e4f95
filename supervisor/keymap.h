/*
 * keymap.h - the US keyboard layout, as data: which Linux key code types
 * which character, the named keys, and the modifiers. Input scripts go
 * from characters to key codes; evdev goes from key codes to characters;
 * both read the same tables.
 */
#ifndef VYOMA_KEYMAP_H
#define VYOMA_KEYMAP_H

#include <stdbool.h>
#include <stdint.h>

enum input_mods {
	MOD_SHIFT = 1,
	MOD_CTRL = 2,
	MOD_ALT = 4,
	MOD_SUPER = 8,
};

/* The key that types ch (ASCII), and whether Shift is needed. */
bool keymap_key_for_char(char ch, uint16_t *code, bool *shift);

/* "Enter", "F1", ...: the key code and the character it types (or 0). */
bool keymap_named_key(const char *name, uint16_t *code, uint32_t *codepoint);

/* "Shift", "Ctrl", "Alt", "Super" -> MOD_*, or 0. */
uint8_t keymap_modifier_named(const char *name);

/* The MOD_* a modifier key code holds down, or 0 for other keys. */
uint8_t keymap_modifier_of(uint16_t code);

/* A USB HID keyboard usage (SDL's scancode) as a Linux key code, or 0. */
uint16_t keymap_from_hid(uint16_t usage);

/* The character a key types with these modifiers held, or 0. */
uint32_t keymap_codepoint(uint16_t code, uint8_t mods);

#endif
