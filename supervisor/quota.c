/*
 * quota.c - per-app disk limits through ext4 project quotas (quota.h).
 *
 * A project id comes from the app's name (an unkeyed BLAKE2b digest,
 * libsodium), so it is the same on every boot without a table to keep;
 * two names that collide (one in 2^31) are caught and the second app is
 * not started rather than share the first one's limit. The same app is
 * applied again each time it starts for a user (each user's copy of its
 * /data is in its project), from any thread: a longer digest of the
 * name tells it from a colliding one.
 */
#include "quota.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/fs.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/quota.h>
#include <unistd.h>

#ifndef PRJQUOTA
#define PRJQUOTA 2
#endif
#define MAX_PROJECTS 4096

static char device[64];
static bool enabled;
static uint32_t given[MAX_PROJECTS];
static uint64_t given_tag[MAX_PROJECTS];	/* the name's, for each id */
static size_t given_count;
static pthread_mutex_t apply_lock = PTHREAD_MUTEX_INITIALIZER;

void quota_open(const char *dev)
{
	enabled = dev != NULL;
	if (!enabled) {
		log_info("disk quotas ([resources] disk) are not enforced here: "
			 "/data is not an ext4 disk with project quotas");
		return;
	}
	snprintf(device, sizeof(device), "%s", dev);
	log_info("disk quotas: each app's /data is held to its [resources] "
		 "disk limit (ext4 project quotas on %s)", device);
}

bool quota_enabled(void)
{
	return enabled;
}

uint32_t quota_project_id(const char *name)
{
	unsigned char h[4];
	uint32_t id;

	crypto_generichash(h, sizeof(h), (const unsigned char *)name,
			   strlen(name), NULL, 0);
	memcpy(&id, h, sizeof(id));
	id &= 0x7fffffffu;
	return id ? id : 1;
}

/* A second digest of the name: equal for the same name, unlike the
 * ids of two names that collide. */
static uint64_t name_tag(const char *name)
{
	uint64_t tag;

	crypto_generichash((unsigned char *)&tag, sizeof(tag),
			   (const unsigned char *)name, strlen(name), NULL, 0);
	return tag;
}

static uint32_t walking_id;	/* under apply_lock */

/* Sets the project of one file or directory, never through a link. */
static int set_project_fd(int fd, uint32_t id, bool inherit)
{
	struct fsxattr fsx;

	if (ioctl(fd, FS_IOC_FSGETXATTR, &fsx) != 0)
		return -1;
	fsx.fsx_projid = id;
	if (inherit)
		fsx.fsx_xflags |= FS_XFLAG_PROJINHERIT;
	return ioctl(fd, FS_IOC_FSSETXATTR, &fsx);
}

static int set_project(const char *path, const struct stat *st, int flag,
		       struct FTW *ftw)
{
	int fd;

	(void)ftw;
	if (flag == FTW_SL || !(S_ISREG(st->st_mode) || S_ISDIR(st->st_mode)))
		return 0;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	set_project_fd(fd, walking_id, S_ISDIR(st->st_mode));
	close(fd);
	return 0;
}

bool quota_refuses(const char *name, uint64_t bytes)
{
	struct dqblk dq;

	if (!enabled || quotactl(QCMD(Q_GETQUOTA, PRJQUOTA), device,
				 (int)quota_project_id(name),
				 (caddr_t)&dq) != 0)
		return false;
	return (dq.dqb_bhardlimit &&
		dq.dqb_curspace + bytes > dq.dqb_bhardlimit * 1024) ||
	       (dq.dqb_ihardlimit && dq.dqb_curinodes >= dq.dqb_ihardlimit);
}

/* Is id free for name, or name's already? Records it. */
static bool claim(uint32_t id, uint64_t tag)
{
	size_t i;

	for (i = 0; i < given_count; i++)
		if (given[i] == id)
			return given_tag[i] == tag;
	if (given_count < MAX_PROJECTS) {
		given[given_count] = id;
		given_tag[given_count++] = tag;
	}
	return true;
}

int quota_apply(const char *dir, const char *name, uint64_t bytes,
		uint64_t inodes, char *err, size_t errlen)
{
	uint32_t id = quota_project_id(name);
	struct dqblk dq;
	int rc;

	if (!enabled)
		return 0;
	pthread_mutex_lock(&apply_lock);
	if (!claim(id, name_tag(name))) {
		pthread_mutex_unlock(&apply_lock);
		snprintf(err, errlen, "its quota project %u is taken by "
			 "another app's name", id);
		return -1;
	}
	/* What is already there (from before quotas) is counted too. */
	walking_id = id;
	rc = nftw(dir, set_project, 16, FTW_PHYS) != 0 ? errno : 0;
	pthread_mutex_unlock(&apply_lock);
	if (rc) {
		snprintf(err, errlen, "cannot put %s in project %u: %s", dir,
			 id, strerror(rc));
		return -1;
	}
	memset(&dq, 0, sizeof(dq));
	dq.dqb_bhardlimit = dq.dqb_bsoftlimit = (bytes + 1023) / 1024;
	dq.dqb_ihardlimit = dq.dqb_isoftlimit = inodes;
	dq.dqb_valid = QIF_BLIMITS | QIF_ILIMITS;
	if (quotactl(QCMD(Q_SETQUOTA, PRJQUOTA), device, (int)id,
		     (caddr_t)&dq) != 0) {
		snprintf(err, errlen, "cannot set the quota of project %u: %s",
			 id, strerror(errno));
		return -1;
	}
	return 0;
}
