/*
 * slots.h - the boot disk's two system slots (slots.c), as PID 1 sees
 * them: which slot booted, GRUB's environment block that says which to
 * boot next (bootenv.h), writing an update into the slot that is not
 * running, and marking a tried slot good once the system is healthy.
 * docs/updates.md describes the disk and every state.
 *
 * Partitions are found by their GPT names (vyoma-state, vyoma-a,
 * vyoma-b, vyoma-data), the booted slot by "vyoma.slot=" on the kernel's
 * command line, which only GRUB's script writes. Without them (a direct
 * kernel boot, a hosted supervisor) there are no slots and no updates.
 *
 * Called from the main loop, and from one update thread at a time
 * (update.c holds its lock): the state partition is not shared otherwise.
 */
#ifndef VYOMA_SLOTS_H
#define VYOMA_SLOTS_H

#include <stdbool.h>
#include <stddef.h>

#define SLOTS_TRIES 3		/* boots a new slot gets to become healthy */

/* Finds the partitions and the booted slot; logs what it found. */
void slots_probe(void);

/* The data partition's device ("/dev/vda5"), or NULL if there is none. */
const char *slots_data_device(void);

/* Booted from a slot, with the other slot and the state partition. */
bool slots_available(void);
char slots_booted(void);

/*
 * Once /data is mounted: reads the state, says on the console and in the
 * log what this boot is (a first try of a new slot, a roll back and why)
 * and clears what it reported. version is the running system's.
 */
void slots_boot_report(const char *version);

/* Is this boot a try of a newly written slot, not yet proven? */
bool slots_on_trial(void);

/* The system came up healthy: a tried slot becomes the good one. */
void slots_mark_good(void);

/*
 * A try that cannot become healthy: records why (the next boot reports
 * it if the slot is given up), for the caller to restart the machine.
 * False if this boot is not (or no longer) a try: nothing to restart.
 */
bool slots_trial_failed(const char *why);

/*
 * Once per boot, what a person should be told on the screen (updated,
 * or rolled back and why) into buf: true, or false if there is nothing.
 */
bool slots_take_news(char *buf, size_t cap);

/* What `update status` shows: the slots, this boot, the last outcome. */
size_t slots_status(char *out, size_t cap);

/*
 * Writes image to the slot that is not running and marks it to be tried
 * SLOTS_TRIES times from the next boot. A pending try of that slot is
 * cancelled first, so the boot loader never starts a half-written slot.
 * 0, or -1 with err (nothing marked).
 */
int slots_install(const unsigned char *image, size_t len,
		  const char *version, char *err, size_t errlen);

/* Tests' power cuts: called at each step of slots_install (1-4). */
extern void (*slots_step_hook)(int step);

#endif
