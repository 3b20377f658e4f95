/*
 * quota.h - how much of the disk an app's /data may hold, enforced by the
 * kernel: on the image's data disk (ext4 made with project quotas and
 * mounted with prjquota) each app's /data is one project, with a block
 * and an inode limit from its manifest ([resources] disk). A write past
 * the limit fails in the app with EDQUOT; nobody else's writes do.
 *
 * Hosted, on a developer's file system, nothing is enforced (the host's
 * own quotas apply); the supervisor says so once.
 */
#ifndef VYOMA_QUOTA_H
#define VYOMA_QUOTA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * device is the block device holding data_root, mounted with project
 * quota enforcement, or NULL when there is none. Logs what applies.
 */
void quota_open(const char *device);

bool quota_enabled(void);

/* The project an app's files are counted in: from its name, never 0. */
uint32_t quota_project_id(const char *name);

/*
 * Puts dir (an app's /data, and everything already in it) in the app's
 * project and limits the project to bytes and inodes. Returns 0, or -1
 * with a reason in err.
 */
int quota_apply(const char *dir, const char *name, uint64_t bytes,
		uint64_t inodes, char *err, size_t errlen);

/*
 * Would writing bytes more take the app's project past its limit?
 * Wasmtime 48 reports the kernel's EDQUOT as EIO; the shim asks this to
 * tell the app EDQUOT instead.
 */
bool quota_refuses(const char *name, uint64_t bytes);

#endif
