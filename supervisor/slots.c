/*
 * slots.c - the A/B slots on the boot disk (slots.h).
 *
 * The state partition is a small ext2 holding GRUB's block as the file
 * grubenv, which GRUB's save_env rewrites in place; its first bytes (the
 * boot block ext2 leaves alone) say where that file's block is:
 * "vyoma-bootenv <byte offset>\n". PID 1 writes only there, a whole
 * block whose variables fit its first sector, then syncs, so a power cut
 * leaves the block as it was or as it is meant to be; no filesystem is
 * mounted, so none is changed. A slot is written
 * through its raw partition (no filesystem is mounted on either slot),
 * synced, read back from the disk and compared before the boot loader is
 * told to try it.
 */
#include "slots.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bootenv.h"
#include "log.h"

#define CHUNK (1u << 20)

void (*slots_step_hook)(int step);

/* The main loop, the watchdog and one update thread share the state. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static struct {
	char state[32], a[32], b[32], data[32];
	char booted;
	off_t env_at;		/* where the block is on the state partition */
	atomic_bool trial;
	/* What this boot found, for `update status`. */
	char outcome[320];
	bool news;		/* outcome is an update's, not yet shown */
} slots;

static void step(int n)
{
	if (slots_step_hook)
		slots_step_hook(n);
}

/* /sys/class/block/<dev>/uevent: "PARTNAME=<name>" means /dev/<dev>. */
static void find_partitions(void)
{
	struct {
		const char *name;
		char *dev;
	} want[] = {
		{ "vyoma-state", slots.state }, { "vyoma-a", slots.a },
		{ "vyoma-b", slots.b }, { "vyoma-data", slots.data },
	};
	DIR *d = opendir("/sys/class/block");
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char path[300], line[128];
		FILE *f;

		if (e->d_name[0] == '.' || strlen(e->d_name) > 16)
			continue;
		snprintf(path, sizeof(path), "/sys/class/block/%s/uevent",
			 e->d_name);
		f = fopen(path, "re");
		while (f && fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			if (strncmp(line, "PARTNAME=", 9))
				continue;
			for (size_t i = 0; i < sizeof(want) / sizeof(want[0]);
			     i++)
				if (!strcmp(line + 9, want[i].name) &&
				    !want[i].dev[0])
					snprintf(want[i].dev, 32, "/dev/%.16s",
						 e->d_name);
		}
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
}

/* "vyoma.slot=a" on the kernel's command line (GRUB's script puts it). */
static char booted_slot(void)
{
	char cmdline[4096], *p;
	FILE *f = fopen("/proc/cmdline", "re");
	size_t n = f ? fread(cmdline, 1, sizeof(cmdline) - 1, f) : 0;

	if (f)
		fclose(f);
	cmdline[n] = '\0';
	for (p = cmdline; (p = strstr(p, "vyoma.slot=")); p++)
		if ((p == cmdline || p[-1] == ' ') &&
		    bootenv_slot_valid(p[11]) &&
		    (p[12] == ' ' || p[12] == '\n' || !p[12]))
			return p[11];
	return 0;
}

/* "vyoma-bootenv <offset>\n" at the state partition's start. */
static off_t env_offset(void)
{
	char head[64] = "";
	int fd = open(slots.state, O_RDONLY | O_CLOEXEC);
	off_t size = fd < 0 ? -1 : lseek(fd, 0, SEEK_END);
	ssize_t n = fd < 0 ? -1 : pread(fd, head, sizeof(head) - 1, 0);
	unsigned long long at = 0;
	int used = 0;

	if (fd >= 0)
		close(fd);
	if (n <= 0 || sscanf(head, "vyoma-bootenv %llu\n%n", &at, &used) != 1 ||
	    !used || at < BOOTENV_SIZE || at % BOOTENV_SIZE ||
	    (off_t)(at + BOOTENV_SIZE) > size)
		return -1;
	return (off_t)at;
}

void slots_probe(void)
{
	find_partitions();
	slots.booted = booted_slot();
	if (slots.state[0] && (slots.env_at = env_offset()) < 0) {
		log_error("slots: %s does not say where the boot state is "
			  "(\"vyoma-bootenv <offset>\"): updates are off",
			  slots.state);
		slots.state[0] = '\0';
	}
	if (slots_available())
		log_info("slots: booted slot %c (%s); slot %c is %s; state "
			 "on %s", slots.booted, slots.booted == 'a' ? slots.a :
			 slots.b, slots.booted == 'a' ? 'b' : 'a',
			 slots.booted == 'a' ? slots.b : slots.a, slots.state);
	else if (slots.booted || slots.state[0])
		log_warn("slots: an incomplete A/B disk (booted %c, state %s, "
			 "a %s, b %s): updates are off", slots.booted ?
			 slots.booted : '-', slots.state[0] ? slots.state :
			 "missing", slots.a[0] ? slots.a : "missing",
			 slots.b[0] ? slots.b : "missing");
}

const char *slots_data_device(void)
{
	return slots.data[0] ? slots.data : NULL;
}

bool slots_available(void)
{
	return slots.booted && slots.state[0] && slots.a[0] && slots.b[0];
}

char slots_booted(void)
{
	return slots.booted;
}

static const char *slot_device(char slot)
{
	return slot == 'a' ? slots.a : slots.b;
}

static int read_env(struct bootenv *env, char *err, size_t errlen)
{
	char block[BOOTENV_SIZE], why[160];
	int fd = open(slots.state, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : pread(fd, block, sizeof(block),
					slots.env_at);

	if (fd >= 0)
		close(fd);
	if (n != (ssize_t)sizeof(block))
		return snprintf(err, errlen, "cannot read the boot state on "
				"%s: %s", slots.state, n < 0 ? strerror(errno) :
				"short read"), -1;
	if (bootenv_parse(block, sizeof(block), env, why, sizeof(why)))
		return snprintf(err, errlen, "the boot state on %s is "
				"damaged: %s", slots.state, why), -1;
	return 0;
}

static int write_env(const struct bootenv *env, char *err, size_t errlen)
{
	char block[BOOTENV_SIZE];
	int fd, rc = -1;

	if (bootenv_format(env, block))
		return snprintf(err, errlen, "the boot state does not fit its "
				"block"), -1;
	fd = open(slots.state, O_WRONLY | O_CLOEXEC);
	if (fd >= 0 && pwrite(fd, block, sizeof(block), slots.env_at) ==
	    (ssize_t)sizeof(block) && fsync(fd) == 0)
		rc = 0;
	else
		snprintf(err, errlen, "cannot write the boot state on %s: %s",
			 slots.state, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

void slots_boot_report(const char *version)
{
	struct bootenv env;
	char err[256], other;
	bool changed = false;

	if (!slots_available())
		return;
	if (read_env(&env, err, sizeof(err))) {
		/* Say what is true now, so the next boot does not guess.
		 * GRUB falls back to slot a when it cannot read the block;
		 * a boot of b with a block we refuse may be an untried b, so
		 * it is tried once, with a as the slot to go back to. */
		log_error("slots: %s; writing it again", err);
		memset(&env, 0, sizeof(env));
		env.tries = -1;
		env.slot_good = slots.booted;
		if (slots.booted == 'b') {
			env.slot_good = 'a';
			env.slot_try = 'b';
			env.tries = 0;
		}
		changed = true;
	}
	other = slots.booted == 'a' ? 'b' : 'a';
	if (env.slot_try == slots.booted) {
		slots.trial = true;
		snprintf(slots.outcome, sizeof(slots.outcome), "trying %s in "
			 "slot %c (%d more tries after this one)", version,
			 slots.booted, env.tries < 0 ? 0 : env.tries);
	} else if (env.rolled_back == other) {
		snprintf(slots.outcome, sizeof(slots.outcome), "rolled back: "
			 "the update to %s in slot %c did not come up healthy "
			 "in %d tries (%s); running %s from slot %c",
			 env.try_version[0] ? env.try_version : "?", other,
			 SLOTS_TRIES, env.why[0] ? env.why :
			 "it never reached its health check", version,
			 slots.booted);
		env.rolled_back = 0;
		env.why[0] = env.try_version[0] = '\0';
		changed = true;
		slots.news = true;
	} else if (env.slot_good != slots.booted) {
		snprintf(slots.outcome, sizeof(slots.outcome), "running %s "
			 "from slot %c, which the boot state did not name",
			 version, slots.booted);
	} else {
		snprintf(slots.outcome, sizeof(slots.outcome), "running %s "
			 "from slot %c", version, slots.booted);
	}
	if (changed && write_env(&env, err, sizeof(err)))
		log_error("slots: %s", err);
	log_info("update: %s", slots.outcome);
	printf("vyoma: %s\n", slots.outcome);
	fflush(stdout);
}

bool slots_on_trial(void)
{
	return slots.trial;
}

static void mark_good(void)
{
	struct bootenv env;
	char err[256] = "the boot state no longer tries this slot";

	if (!slots.trial)
		return;
	if (read_env(&env, err, sizeof(err)) == 0 &&
	    env.slot_try == slots.booted) {
		env.slot_good = slots.booted;
		env.slot_try = env.rolled_back = 0;
		env.tries = -1;
		env.why[0] = '\0';
		if (write_env(&env, err, sizeof(err)) == 0) {
			slots.trial = false;
			slots.news = true;
			snprintf(slots.outcome, sizeof(slots.outcome),
				 "updated to %s: slot %c passed its health "
				 "check and is the good slot now",
				 env.try_version, slots.booted);
			log_info("update: %s", slots.outcome);
			printf("vyoma: %s\n", slots.outcome);
			fflush(stdout);
			return;
		}
	}
	log_error("slots: cannot mark slot %c good: %s", slots.booted, err);
	if (read_env(&env, err, sizeof(err)) == 0 &&
	    env.slot_try != slots.booted)
		slots.trial = false;	/* not a try any more: stop asking */
}

static bool trial_failed(const char *why)
{
	struct bootenv env;
	char err[256];
	size_t i;

	if (!slots.trial)
		return false;
	if (read_env(&env, err, sizeof(err))) {
		log_error("slots: %s", err);
		return true;
	}
	snprintf(env.why, sizeof(env.why), "%s", why);
	/* Only characters the block may hold: the rest become spaces. */
	for (i = 0; env.why[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
			    "WXYZ0123456789 ._:,=/+-", env.why[i]))
			env.why[i] = ' ';
	if (write_env(&env, err, sizeof(err)))
		log_error("slots: %s", err);
	log_error("update: slot %c failed its health check: %s; restarting "
		  "(%d tries left)", slots.booted, why, env.tries);
	return true;
}

static size_t status(char *out, size_t cap)
{
	struct bootenv env;
	char err[256];
	int n;

	if (!slots_available())
		n = snprintf(out, cap, "error updates need the A/B disk image "
			     "(this system was not booted from a slot)");
	else if (read_env(&env, err, sizeof(err)))
		n = snprintf(out, cap, "error %s", err);
	else
		n = snprintf(out, cap, "update slot %c good=%c try=%c tries=%d "
		     "pending=%s: %s", slots.booted, env.slot_good ?
		     env.slot_good : '-', env.slot_try ? env.slot_try : '-',
		     env.tries, env.slot_try && env.slot_try != slots.booted ?
		     env.try_version : "-", slots.outcome);
	return n < 0 ? 0 : (size_t)n >= cap ? cap - 1 : (size_t)n;
}

/* Reads the slot back from the disk, not the page cache, and compares. */
static int verify_slot(const char *dev, const unsigned char *image,
		       size_t len)
{
	unsigned char want[crypto_hash_sha256_BYTES];
	unsigned char got[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	unsigned char *buf = malloc(CHUNK);
	int fd = open(dev, O_RDONLY | O_CLOEXEC);
	size_t done = 0;
	int rc = -1;

	if (fd >= 0)
		posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	crypto_hash_sha256_init(&st);
	while (buf && fd >= 0 && done < len) {
		size_t want_n = len - done < CHUNK ? len - done : CHUNK;
		ssize_t n = pread(fd, buf, want_n, (off_t)done);

		if (n <= 0)
			break;
		crypto_hash_sha256_update(&st, buf, (size_t)n);
		done += (size_t)n;
	}
	crypto_hash_sha256_final(&st, got);
	crypto_hash_sha256(want, image, len);
	if (done == len && !memcmp(want, got, sizeof(got)))
		rc = 0;
	free(buf);
	if (fd >= 0)
		close(fd);
	return rc;
}

static int write_slot(const char *dev, const unsigned char *image,
		      size_t len, char *err, size_t errlen)
{
	int fd = open(dev, O_WRONLY | O_CLOEXEC);
	size_t done = 0;
	bool halfway = false;

	if (fd < 0)
		return snprintf(err, errlen, "cannot open %s: %s", dev,
				strerror(errno)), -1;
	while (done < len) {
		size_t n = len - done < CHUNK ? len - done : CHUNK;
		ssize_t w = pwrite(fd, image + done, n, (off_t)done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(err, errlen, "cannot write %s: %s", dev,
				 w < 0 ? strerror(errno) : "no space");
			close(fd);
			return -1;
		}
		done += (size_t)w;
		if (!halfway && done >= len / 2) {
			halfway = true;
			step(2);
		}
	}
	if (fsync(fd)) {
		snprintf(err, errlen, "cannot sync %s: %s", dev,
			 strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int install(const unsigned char *image, size_t len,
		  const char *version, char *err, size_t errlen)
{
	struct bootenv env;
	char target;

	if (!slots_available())
		return snprintf(err, errlen, "updates need the A/B disk image "
				"(this system was not booted from a slot)"), -1;
	if (slots.trial)
		return snprintf(err, errlen, "this boot is a try of slot %c, "
				"not yet proven: update once it is good",
				slots.booted), -1;
	if (read_env(&env, err, errlen))
		return -1;
	target = slots.booted == 'a' ? 'b' : 'a';
	/* The slot written is never the one running (checked again, as
	 * the rule the whole design rests on). */
	if (target == slots.booted || env.slot_good == target)
		return snprintf(err, errlen, "slot %c is the good slot, not "
				"the spare one", target), -1;
	if (env.slot_try || env.rolled_back) {
		env.slot_try = env.rolled_back = 0;
		env.tries = -1;
		env.why[0] = env.try_version[0] = '\0';
		if (write_env(&env, err, errlen))
			return -1;
	}
	step(1);
	if (write_slot(slot_device(target), image, len, err, errlen))
		return -1;
	if (verify_slot(slot_device(target), image, len))
		return snprintf(err, errlen, "slot %c did not read back as "
				"written", target), -1;
	step(3);
	env.slot_try = target;
	env.tries = SLOTS_TRIES;
	snprintf(env.try_version, sizeof(env.try_version), "%s", version);
	if (write_env(&env, err, errlen))
		return -1;
	step(4);
	log_info("update: %s written to slot %c (%zu bytes); it is tried "
		 "at the next boot", version, target, len);
	return 0;
}

/* ---- the public calls, one at a time ------------------------------------- */

bool slots_take_news(char *buf, size_t cap)
{
	bool news;

	pthread_mutex_lock(&lock);
	news = slots.news;
	if (news)
		snprintf(buf, cap, "%s", slots.outcome);
	slots.news = false;
	pthread_mutex_unlock(&lock);
	return news;
}

void slots_mark_good(void)
{
	pthread_mutex_lock(&lock);
	mark_good();
	pthread_mutex_unlock(&lock);
}

bool slots_trial_failed(const char *why)
{
	bool failed;

	pthread_mutex_lock(&lock);
	failed = trial_failed(why);
	pthread_mutex_unlock(&lock);
	return failed;
}

size_t slots_status(char *out, size_t cap)
{
	size_t n;

	pthread_mutex_lock(&lock);
	n = status(out, cap);
	pthread_mutex_unlock(&lock);
	return n;
}

int slots_install(const unsigned char *image, size_t len,
		  const char *version, char *err, size_t errlen)
{
	int rc;

	pthread_mutex_lock(&lock);
	rc = install(image, len, version, err, errlen);
	pthread_mutex_unlock(&lock);
	return rc;
}
