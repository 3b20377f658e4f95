/*
 * bootenv.h - GRUB's environment block as the boot loader and PID 1
 * share it (bootenv.c): the A/B slot state of docs/updates.md. The block
 * is exactly BOOTENV_SIZE bytes: "# GRUB Environment Block\n", then
 * "name=value\n" lines, then '#' to the end. Pure code: no I/O, so the
 * parser is unit-tested and fuzzed on its own.
 *
 * Only the variables below are read; a block with anything else in it,
 * a value with a character GRUB would escape, or content past the first
 * sector is refused, since whoever wrote it was not GRUB's script or us.
 */
#ifndef VYOMA_BOOTENV_H
#define VYOMA_BOOTENV_H

#include <stdbool.h>
#include <stddef.h>

#define BOOTENV_SIZE		1024
/* Everything we write fits the first sector: one sector write is atomic. */
#define BOOTENV_USED_MAX	512
#define BOOTENV_VALUE_MAX	160

struct bootenv {
	char slot_good;			/* 'a' or 'b'; 0 if unset */
	char slot_try;			/* 'a', 'b' or 0 */
	int tries;			/* -1 if unset */
	char rolled_back;		/* 'a', 'b' or 0 */
	char try_version[33];		/* the version written to slot_try */
	char why[BOOTENV_VALUE_MAX + 1];	/* why the last try failed */
	char cmdline_extra[BOOTENV_VALUE_MAX + 1];	/* tests' hooks */
};

/*
 * Parses a block of BOOTENV_SIZE bytes. 0, or -1 with the reason in err
 * ("line 3: unknown variable \"x\"").
 */
int bootenv_parse(const char *block, size_t len, struct bootenv *out,
		  char *err, size_t errlen);

/*
 * Writes env as a block of BOOTENV_SIZE bytes into out. -1 if a value
 * has a character outside [A-Za-z0-9 ._:,=/+-] or the variables would
 * not fit the first sector.
 */
int bootenv_format(const struct bootenv *env, char out[BOOTENV_SIZE]);

/* Is c a slot's name? */
bool bootenv_slot_valid(char c);

#endif
