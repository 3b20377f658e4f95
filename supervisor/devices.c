/*
 * devices.c - who owns which device, and opening a device for its owner
 * (devices.h). The app names a row of devtable.h, never a path: the node
 * is the table's, opened here without following a symlink at its last
 * step, and checked to be what the row says (a character device of that
 * major:minor, an input device of that name, a sysfs attribute) before
 * the app gets a descriptor. A claim is the owner's id and the start of
 * its run, so a claim of a run that has ended is free even before
 * devices_release has run.
 */
#include "devices.h"
#include "guest.h"
#include "log.h"
#include "manifest.h"
#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <linux/magic.h>
#include <linux/rtc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

struct device_row {
	const char *name;
	enum device_type type;
	const char *where;
	unsigned major, minor;
	unsigned may;
};

#define DEVICE_ROW(id, n, t, w, ma, mi, m, about) \
	[id] = { .name = n, .type = t, .where = w, .major = ma, .minor = mi, \
		 .may = m },
static const struct device_row rows[DEVICE_COUNT] = {
	DEVICE_TABLE(DEVICE_ROW)
};
#undef DEVICE_ROW

struct claim {
	uint32_t owner;		/* app id, 0: free */
	uint64_t run;		/* its run's started_ns */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct claim claims[DEVICE_COUNT];
static char *overrides[DEVICE_COUNT];
static bool may_set_clock;

int devices_override(const char *spec)
{
	const char *eq = strchr(spec, '=');
	int d = eq ? manifest_device_index(spec, (size_t)(eq - spec)) : -1;

	if (d < 0 || eq[1] != '/')
		return -1;
	free(overrides[d]);
	overrides[d] = strdup(eq + 1);
	return overrides[d] ? 0 : -1;
}

void devices_allow_clock(bool allow)
{
	may_set_clock = allow;
}

/* Held by a run that is still going? (lock held) */
static bool claim_live(const struct claim *c)
{
	struct app *owner = c->owner ? proc_by_id(c->owner) : NULL;

	/* started_ns tells runs apart; the end of a run releases its
	 * claims (devices_release). */
	return owner && atomic_load(&owner->started_ns) == c->run;
}

/* The input device of that name, as /dev/input/eventN, or -1. */
static int find_evdev(const char *name, char *path, size_t len)
{
	DIR *dir = opendir("/sys/class/input");
	struct dirent *e;
	int found = -1;

	if (!dir)
		return -1;
	while (found < 0 && (e = readdir(dir))) {
		char file[300], got[128] = "";
		FILE *f;

		if (strncmp(e->d_name, "event", 5) != 0)
			continue;
		snprintf(file, sizeof(file), "/sys/class/input/%s/device/name",
			 e->d_name);
		f = fopen(file, "re");
		if (!f)
			continue;
		if (fgets(got, sizeof(got), f))
			got[strcspn(got, "\n")] = '\0';
		fclose(f);
		if (strcmp(got, name) == 0) {
			snprintf(path, len, "/dev/input/%s", e->d_name);
			found = 0;
		}
	}
	closedir(dir);
	return found;
}

/* A serial port as a driver wants it: bytes in, bytes out, no echo, no
 * line editing, 115200 baud. */
static void make_raw(int fd)
{
	struct termios t;

	if (tcgetattr(fd, &t) != 0)
		return;
	cfmakeraw(&t);
	t.c_cflag |= CLOCAL | CREAD;
	cfsetispeed(&t, B115200);
	cfsetospeed(&t, B115200);
	tcsetattr(fd, TCSANOW, &t);
}

/* Is what fd holds the row's device? */
static bool is_the_device(const struct device_row *row, int fd,
			  bool overridden)
{
	struct statfs fs;
	struct stat st;
	char name[128] = "";

	if (fstat(fd, &st) != 0)
		return false;
	if (overridden)
		return S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) ||
		       S_ISREG(st.st_mode);
	switch (row->type) {
	case DEVICE_CHAR:
		return S_ISCHR(st.st_mode) &&
		       (!row->major ||
			(major(st.st_rdev) == row->major &&
			 minor(st.st_rdev) == row->minor));
	case DEVICE_EVDEV:
		return S_ISCHR(st.st_mode) &&
		       ioctl(fd, EVIOCGNAME(sizeof(name) - 1), name) >= 0 &&
		       strcmp(name, row->where) == 0;
	case DEVICE_SYSFS:
		return S_ISREG(st.st_mode) && fstatfs(fd, &fs) == 0 &&
		       fs.f_type == SYSFS_MAGIC;
	}
	return false;
}

/* Opens the row's node as it says; a host fd or a negative WASI errno. */
static int open_node(unsigned device, unsigned how)
{
	const struct device_row *row = &rows[device];
	const char *path = overrides[device] ? overrides[device] : row->where;
	char evdev[300];
	int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, fd;

	flags |= how == DEVICES_OPEN_WRITE ? O_WRONLY : O_RDONLY;
	/* hwrng's poll always says ready (a non-blocking read would
	 * spin) and random's never says writable once the kernel's pool is
	 * ready: both are read and written blocking, and stream.c writes
	 * them without asking poll. Others are polled. */
	if (device != DEV_HWRNG && device != DEV_RANDOM)
		flags |= O_NONBLOCK;
	if (row->type == DEVICE_EVDEV && !overrides[device]) {
		if (find_evdev(row->where, evdev, sizeof(evdev)) != 0)
			return -GUEST_ERRNO_NOENT;
		path = evdev;
	}
	if (device == DEV_TTYS2 && !overrides[device])
		flags = (flags & ~O_WRONLY & ~O_RDONLY) | O_RDWR;
	fd = open(path, flags);
	if (fd < 0)
		return errno == ENOENT || errno == ENXIO || errno == ENODEV ?
		       -GUEST_ERRNO_NOENT : errno == EBUSY ?
		       -GUEST_ERRNO_BUSY : -GUEST_ERRNO_ACCES;
	if (!is_the_device(row, fd, overrides[device] != NULL)) {
		close(fd);
		return -GUEST_ERRNO_NODEV;
	}
	if (device == DEV_TTYS2)
		make_raw(fd);
	/* Its owner alone sees the button: the supervisor's own reader
	 * gets nothing until this descriptor closes (then the button
	 * works as before, should the driver die). */
	if (row->type == DEVICE_EVDEV && !overrides[device] &&
	    ioctl(fd, EVIOCGRAB, 1) != 0) {
		close(fd);
		return -GUEST_ERRNO_BUSY;
	}
	return fd;
}

int devices_open(struct app *app, unsigned device, unsigned how)
{
	const char *name;
	struct claim *c;
	int fd;

	if (device >= DEVICE_COUNT)
		return -GUEST_ERRNO_NOTCAPABLE;
	name = rows[device].name;
	if (!app->manifest.caps[CAP_DEVICES] ||
	    !(app->manifest.devices & (1u << device))) {
		app_warn(app, "device %s refused: it is not in its devices "
			 "grant", name);
		return -GUEST_ERRNO_NOTCAPABLE;
	}
	if ((how != DEVICES_OPEN_READ && how != DEVICES_OPEN_WRITE) ||
	    !(rows[device].may & (how == DEVICES_OPEN_READ ? DEVICE_READ :
				  DEVICE_WRITE))) {
		/* The RTC is opened to be controlled; reading it is fine. */
		if (!(rows[device].may & DEVICE_CONTROL_RTC) ||
		    how != DEVICES_OPEN_READ)
			return -GUEST_ERRNO_ACCES;
	}
	pthread_mutex_lock(&lock);
	c = &claims[device];
	if (claim_live(c) && c->owner != app->id) {
		struct app *owner = proc_by_id(c->owner);

		pthread_mutex_unlock(&lock);
		app_warn(app, "device %s refused: %s owns it", name,
			 owner ? owner->label : "another app");
		return -GUEST_ERRNO_BUSY;
	}
	fd = open_node(device, how);
	if (fd >= 0 && !(claim_live(c) && c->owner == app->id)) {
		*c = (struct claim){ .owner = app->id,
				     .run = atomic_load(&app->started_ns) };
		log_info("device %s: owned by %s", name, app->label);
	}
	pthread_mutex_unlock(&lock);
	if (fd == -GUEST_ERRNO_NODEV)
		app_warn(app, "device %s refused: %s is not %s", name,
			 overrides[device] ? overrides[device] :
			 rows[device].where, "the device the table names");
	return fd;
}

void devices_release(struct app *app)
{
	unsigned d;

	pthread_mutex_lock(&lock);
	for (d = 0; d < DEVICE_COUNT; d++)
		if (claims[d].owner == app->id) {
			claims[d] = (struct claim){ 0 };
			log_info("device %s: released by %s", rows[d].name,
				 app->label);
		}
	pthread_mutex_unlock(&lock);
}

bool devices_rtc_valid(const struct rtc_fields *t)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };
	int leap, last;

	if (t->year < 1970 || t->year > 2099 || t->month < 1 ||
	    t->month > 12)
		return false;
	leap = t->year % 4 == 0 && (t->year % 100 != 0 || t->year % 400 == 0);
	last = days[t->month - 1] + (t->month == 2 && leap);
	return t->day >= 1 && t->day <= last && t->hour >= 0 &&
	       t->hour <= 23 && t->minute >= 0 && t->minute <= 59 &&
	       t->second >= 0 && t->second <= 59;
}

static int rtc_errno(void)
{
	return errno == ENOTTY || errno == EINVAL ? GUEST_ERRNO_NOTSUP :
	       errno == EACCES || errno == EPERM ? GUEST_ERRNO_PERM :
	       GUEST_ERRNO_IO;
}

int devices_rtc(int host_fd, enum rtc_op op, struct rtc_fields *t)
{
	struct rtc_time rt = { 0 };
	struct tm tm = { 0 };
	struct timespec ts = { 0 };

	if (op == RTC_OP_SET) {
		if (!devices_rtc_valid(t))
			return GUEST_ERRNO_INVAL;
		rt = (struct rtc_time){ .tm_year = t->year - 1900,
					.tm_mon = t->month - 1,
					.tm_mday = t->day, .tm_hour = t->hour,
					.tm_min = t->minute,
					.tm_sec = t->second, .tm_isdst = -1 };
		return ioctl(host_fd, RTC_SET_TIME, &rt) == 0 ? 0 :
		       rtc_errno();
	}
	if (op >= RTC_OP_COUNT)
		return GUEST_ERRNO_INVAL;
	if (ioctl(host_fd, RTC_RD_TIME, &rt) != 0)
		return rtc_errno();
	*t = (struct rtc_fields){ rt.tm_year + 1900, rt.tm_mon + 1,
				  rt.tm_mday, rt.tm_hour, rt.tm_min,
				  rt.tm_sec };
	if (op == RTC_OP_READ)
		return devices_rtc_valid(t) ? 0 : GUEST_ERRNO_IO;
	/* The machine's clock is the supervisor's to set, and only as
	 * PID 1: a developer's clock is never an app's business. */
	if (!may_set_clock)
		return GUEST_ERRNO_PERM;
	if (!devices_rtc_valid(t))
		return GUEST_ERRNO_IO;
	tm = (struct tm){ .tm_year = t->year - 1900, .tm_mon = t->month - 1,
			  .tm_mday = t->day, .tm_hour = t->hour,
			  .tm_min = t->minute, .tm_sec = t->second };
	ts.tv_sec = timegm(&tm);
	if (clock_settime(CLOCK_REALTIME, &ts) != 0)
		return rtc_errno();
	log_info("clock: set from the RTC to %04d-%02d-%02d %02d:%02d:%02d "
		 "UTC", t->year, t->month, t->day, t->hour, t->minute,
		 t->second);
	return 0;
}
