/*
 * devprobe - a hostile driver: tries every way it can think of to reach
 * a device it was not granted, and prints what each attempt got
 * ("devprobe: <attempt> -> <errno>"). Installed under several names:
 *
 *   devprobe    granted hwrng: the whole list, then reads twice
 *   devnone     no devices capability: hwrng, and /dev by path
 *   devclaim-a  granted hwrng, as is devclaim-b: both open it at once,
 *   devclaim-b  one of them must be refused (EBUSY)
 *   devask      no devices: asks the power driver for its status (again
 *               each second until it answers) and prints the answer
 *
 * Every one then waits for the end of its stdin, holding what it opened.
 */
#include "vyoma.h"
#include "vyoma_device.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static char me[40];

static void said(const char *what, int rc)
{
	char line[160];

	snprintf(line, sizeof(line), "%s: %s -> %d", me, what, rc);
	vy_print(line);
}

static int try_open(const char *label, const char *name, uint32_t len,
		    unsigned how)
{
	int32_t fd = -1;
	int rc = vy__device_open(name, len, how, &fd);

	said(label, rc);
	return rc ? -1 : fd;
}

static void by_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	char what[80];

	snprintf(what, sizeof(what), "path %s", path);
	said(what, fd < 0 ? errno : 0);
	if (fd >= 0)
		close(fd);
}

static void hostile(void)
{
	static const char nul[] = "hwrng\0rtc0";
	struct vy_rtc_time t = { 2030, 1, 1, 0, 0, 0 };
	char big[64];
	int32_t fd = -1;
	int rng, again;
	unsigned char a[32], b[32];

	try_open("rtc0", "rtc0", 4, VY_DEVICE_READ);
	try_open("../rtc0", "../rtc0", 7, VY_DEVICE_READ);
	try_open("hwrng/../rtc0", "hwrng/../rtc0", 13, VY_DEVICE_READ);
	try_open("/dev/rtc0", "/dev/rtc0", 9, VY_DEVICE_READ);
	try_open("nul inside", nul, sizeof(nul) - 1, VY_DEVICE_READ);
	try_open("upper case", "HWRNG", 5, VY_DEVICE_READ);
	try_open("empty", "", 0, VY_DEVICE_READ);
	memset(big, 'a', sizeof(big));
	try_open("too long", big, sizeof(big), VY_DEVICE_READ);
	said("bad name pointer",
	     vy__device_open((const char *)0xfffffff0u, 5, VY_DEVICE_READ,
			     &fd));
	said("bad fd pointer",
	     vy__device_open("hwrng", 5, VY_DEVICE_READ,
			     (int32_t *)0xfffffffcu));
	try_open("hwrng to write", "hwrng", 5, VY_DEVICE_WRITE);
	try_open("hwrng both ways", "hwrng", 5, 3);
	by_path("/dev/rtc0");
	by_path("/dev/hwrng");
	by_path("../../dev/rtc0");
	rng = try_open("hwrng", "hwrng", 5, VY_DEVICE_READ);
	said("rtc control on hwrng", vy_rtc(rng, VY_RTC_SET, &t));
	said("rtc control on stdin", vy_rtc(0, VY_RTC_READ, &t));
	again = try_open("hwrng again", "hwrng", 5, VY_DEVICE_READ);
	if (rng >= 0 && read(rng, a, sizeof(a)) == (ssize_t)sizeof(a) &&
	    read(again >= 0 ? again : rng, b, sizeof(b)) == (ssize_t)sizeof(b))
		said(memcmp(a, b, sizeof(a)) ? "two reads differ" :
		     "two reads are the same", 0);
}

int main(int argc, char **argv)
{
	struct vy_event ev;

	snprintf(me, sizeof(me), "%s", argc ? argv[0] : "devprobe");
	if (strcmp(me, "devprobe") == 0) {
		hostile();
	} else if (strcmp(me, "devnone") == 0) {
		try_open("hwrng", "hwrng", 5, VY_DEVICE_READ);
		by_path("/dev/hwrng");
	} else if (strcmp(me, "devask") == 0) {
		vy_send("power", "status");
		while (vy_next_event(&ev, 1000) != VY_EV_QUIT) {
			char line[VY_LINE_MAX + 40];

			if (ev.type != VY_EV_MESSAGE) {
				vy_send("power", "status");
				continue;
			}
			snprintf(line, sizeof(line), "%s: from %s: %s", me,
				 ev.from, ev.text);
			vy_print(line);
			if (strcmp(ev.from, "power") == 0)
				break;
		}
	} else {
		try_open("claim hwrng", "hwrng", 5, VY_DEVICE_READ);
	}
	said("done", 0);
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
