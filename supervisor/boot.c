/*
 * boot.c - PID 1 duties: the mounts an init must make, the /data disk,
 * reaping, and power-off. Only called when the supervisor is /init; on a
 * developer's machine none of this runs.
 */
#include "boot.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bool data_on_disk, data_quota;
static const char *data_device = BOOT_DATA_DEVICE;

bool boot_is_init(void)
{
	return getpid() == 1;
}

double boot_uptime_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const struct {
	const char *source, *target, *type;
	unsigned long flags;
	const char *options;
} system_mounts[] = {
	{ "devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755" },
	{ "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
	{ "sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL },
	{ "tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755" },
	{ "tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777" },
};

/* The kernel gives init the console only if /dev/console existed. */
static void open_console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		if (fcntl(i, F_GETFD) < 0)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

int boot_mount_system(char *err, size_t errlen)
{
	size_t i;

	umask(022);
	for (i = 0; i < sizeof(system_mounts) / sizeof(system_mounts[0]); i++) {
		const char *t = system_mounts[i].target;

		mkdir(t, 0755);
		if (mount(system_mounts[i].source, t, system_mounts[i].type,
			  system_mounts[i].flags, system_mounts[i].options) &&
		    errno != EBUSY) {
			snprintf(err, errlen, "cannot mount %s on %s: %s",
				 system_mounts[i].type, t, strerror(errno));
			return -1;
		}
	}
	open_console();
	return 0;
}

bool (*boot_fatal_hook)(const char *msg);

const char *boot_mount_data(const char *device)
{
	static char what[160];

	mkdir(BOOT_DATA_DIR, 0755);
	if (!device)
		device = BOOT_DATA_DEVICE;
	data_device = device;
	if (access(device, F_OK) != 0) {
		log_warn("no data disk (%s): /data is a tmpfs and nothing "
			 "written there survives a reboot", device);
	} else if (mount(device, BOOT_DATA_DIR, "ext4", MS_NOATIME |
			 MS_NOSUID | MS_NODEV, "prjquota") == 0) {
		/* Made with project quotas: each app's /data has a limit. */
		data_on_disk = data_quota = true;
		snprintf(what, sizeof(what), "ext4 on %s, with project quotas",
			 device);
		return what;
	} else if (mount(device, BOOT_DATA_DIR, "ext4", MS_NOATIME |
			 MS_NOSUID | MS_NODEV, "") == 0) {
		data_on_disk = true;
		snprintf(what, sizeof(what), "ext4 on %s, without project "
			 "quotas (made before they existed)", device);
		return what;
	} else {
		log_warn("cannot mount %s as ext4 on /data (%s); is it "
			 "formatted? (make run creates one with mkfs.ext4). "
			 "/data is a tmpfs and nothing written there survives "
			 "a reboot", device, strerror(errno));
	}
	if (mount("tmpfs", BOOT_DATA_DIR, "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=0755"))
		log_error("cannot mount a tmpfs on /data: %s", strerror(errno));
	return "tmpfs (not persistent)";
}

const char *boot_data_device(void)
{
	return data_device;
}

bool boot_data_on_disk(void)
{
	return data_on_disk;
}

bool boot_data_has_quotas(void)
{
	return data_quota;
}

void boot_reap_children(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

_Noreturn void boot_power_off(void)
{
	boot_halt(false);
}

_Noreturn void boot_halt(bool restart)
{
	sync();
	if (data_on_disk && umount(BOOT_DATA_DIR))
		/* Busy: remount read-only so the journal is clean. */
		mount(NULL, BOOT_DATA_DIR, NULL, MS_REMOUNT | MS_RDONLY, NULL);
	sync();
	fputs(restart ? "vyoma: restarting\n" : "vyoma: powering off\n",
	      stdout);
	fflush(stdout);
	reboot(restart ? RB_AUTOBOOT : RB_POWER_OFF);
	/* Only reached if the kernel cannot power off: halt forever. */
	for (;;)
		pause();
}

_Noreturn void boot_fatal(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("vyoma: fatal: %s\n", msg);
	boot_halt(boot_fatal_hook && boot_fatal_hook(msg));
}
