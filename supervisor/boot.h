/*
 * boot.h - the supervisor's duties as PID 1 in the image: mounting the
 * system's filesystems and the persistent /data disk, reaping orphans,
 * and powering off (cleanly, or after a fatal error) instead of ever
 * returning to the kernel, which would panic.
 */
#ifndef VYOMA_BOOT_H
#define VYOMA_BOOT_H

#include <stdbool.h>
#include <stddef.h>

#define BOOT_DATA_DEVICE "/dev/vda"
#define BOOT_DATA_DIR "/data"
/* The packages' root public key, built into the image (docs/packages.md). */
#define BOOT_TRUST_ROOT "/etc/vyoma/root.pub"

bool boot_is_init(void);

/* Seconds since the kernel started (CLOCK_BOOTTIME). */
double boot_uptime_s(void);

/*
 * Mounts /proc, /sys, /dev, /run and /tmp and makes fds 0-2 the console.
 * Returns 0, or -1 with the reason in err.
 */
int boot_mount_system(char *err, size_t errlen);

/*
 * Mounts device's ext4 (BOOT_DATA_DEVICE if NULL) on /data. Without a disk, or with one
 * that is not ext4, /data is a tmpfs and a warning says nothing will
 * persist. Returns a description of what /data is, for the log.
 */
const char *boot_mount_data(const char *device);

/* The device mounted on /data (quotas are set on it). */
const char *boot_data_device(void);

/* /data is the disk (not the tmpfs of a machine without one). */
bool boot_data_on_disk(void);

/* Collects every exited child; orphans are re-parented to PID 1. */
void boot_reap_children(void);

/* /data is the disk, mounted with project quotas enforced. */
bool boot_data_has_quotas(void);

/* Syncs and unmounts /data, then powers the machine off. */
_Noreturn void boot_power_off(void);
/* Syncs and unmounts /data, then powers off or restarts the machine. */
_Noreturn void boot_halt(bool restart);

/*
 * Prints "vyoma: fatal: ..." on the console and powers off, or restarts
 * if boot_fatal_hook (given the message) says so: a tried slot's failure
 * goes back to the boot loader (trial.h).
 */
extern bool (*boot_fatal_hook)(const char *msg);
_Noreturn void boot_fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#endif
