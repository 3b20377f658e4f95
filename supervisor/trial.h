/*
 * trial.h - the health check of a boot that tries a newly written slot
 * (trial.c; docs/updates.md). The slot becomes the good one only when
 * PID 1 is up, /data is the disk, the desktop has drawn its first frame
 * and every service that starts at boot is running. A watchdog restarts
 * the machine if that does not happen in time, and a fatal error
 * restarts it too (instead of powering off), so the boot loader counts
 * the failed try and, after the last one, goes back to the old slot.
 */
#ifndef VYOMA_TRIAL_H
#define VYOMA_TRIAL_H

#include <stdbool.h>

/* Seconds a tried slot has to pass the check (TCG boots are slow). */
#define TRIAL_DEADLINE_S 300

/* At boot, after slots_boot_report: arms the watchdog if on trial. */
void trial_start(void);

/*
 * From the main loop: marks the slot good once the check passes. Returns
 * the milliseconds until it wants to look again, -1 when not on trial.
 */
long trial_check(bool first_frame);

#endif
