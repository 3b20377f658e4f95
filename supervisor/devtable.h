/*
 * devtable.h - the one list of devices an app may be granted
 * (`[capabilities] devices = [...]`, docs/drivers.md): each row names a
 * device the kernel drives and says where its node is, what it must be,
 * and what its owner may do with it. The manifest parser reads the names
 * from here and devices.c the rest, so the two can never disagree. An
 * app never names a path: it names a row, and the supervisor opens that
 * row's node itself.
 *
 * Adding a device is adding a row (docs/drivers.md, "Adding a device").
 */
#ifndef VYOMA_DEVTABLE_H
#define VYOMA_DEVTABLE_H

/* What the node must be when it is opened. */
enum device_type {
	DEVICE_CHAR,	/* a character device; major:minor when not 0:0 */
	DEVICE_EVDEV,	/* an input device found by its name, grabbed */
	DEVICE_SYSFS,	/* an attribute file on sysfs */
};

/* What its owner may do: open it to read, to write, and controls. */
#define DEVICE_READ 1u
#define DEVICE_WRITE 2u
#define DEVICE_CONTROL_RTC 4u	/* read, set, and set the system clock */

/*
 * X(id, name, type, where, major, minor, may, about): where is the node's
 * path, or an input device's name for DEVICE_EVDEV.
 */
#define DEVICE_TABLE(X) \
	X(DEV_HWRNG, "hwrng", DEVICE_CHAR, "/dev/hwrng", 10, 183, \
	  DEVICE_READ, "the hardware random number generator (virtio-rng)") \
	X(DEV_RANDOM, "random", DEVICE_CHAR, "/dev/random", 1, 8, \
	  DEVICE_WRITE, "the kernel's entropy pool: bytes written are mixed in") \
	X(DEV_RTC0, "rtc0", DEVICE_CHAR, "/dev/rtc0", 0, 0, \
	  DEVICE_CONTROL_RTC, "the real-time clock (CMOS)") \
	X(DEV_TTYS2, "ttyS2", DEVICE_CHAR, "/dev/ttyS2", 4, 66, \
	  DEVICE_READ | DEVICE_WRITE, "the second free serial port, raw, 115200 baud") \
	X(DEV_POWER_BUTTON, "power-button", DEVICE_EVDEV, "Power Button", 0, 0, \
	  DEVICE_READ, "the ACPI power button's input events") \
	X(DEV_BATTERY, "battery", DEVICE_SYSFS, \
	  "/sys/class/power_supply/BAT0/capacity", 0, 0, \
	  DEVICE_READ, "the battery's charge, in per cent") \
	X(DEV_BATTERY_STATUS, "battery-status", DEVICE_SYSFS, \
	  "/sys/class/power_supply/BAT0/status", 0, 0, \
	  DEVICE_READ, "Charging, Discharging, Full or Not charging") \
	X(DEV_AC, "ac", DEVICE_SYSFS, "/sys/class/power_supply/AC/online", \
	  0, 0, DEVICE_READ, "1 when on mains power, else 0")

#define DEVICE_ID(id, ...) id,
enum device_id { DEVICE_TABLE(DEVICE_ID) DEVICE_COUNT };
/* manifest.devices is a bitmask of these. */
_Static_assert(DEVICE_COUNT <= 32, "manifest.devices holds 32 rows");
#undef DEVICE_ID

#endif
