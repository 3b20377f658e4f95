/*
 * input_evdev.c - evdev devices to input events. A device is read as a
 * stream of EV_KEY/EV_ABS/EV_REL records closed by SYN_REPORT: keys are
 * passed on at once, pointer motion and buttons at the report, so a click
 * carries the position that came with it. (struct input_event is the
 * kernel's record; struct user_input is ours.) Absolute axes (QEMU's tablet)
 * are scaled from the device's range to the screen.
 */
#include "input_evdev.h"
#include "log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define BITS_LONG (8 * sizeof(long))
#define TEST_BIT(bits, n) (((bits)[(n) / BITS_LONG] >> ((n) % BITS_LONG)) & 1)

struct evdev {
	int fd;
	struct input_absinfo abs_x, abs_y;
	char name[64];
};

static struct evdev devices[EVDEV_MAX];
static size_t device_count;
static int screen_w, screen_h;

/* Shared by every device: there is one pointer and one set of modifiers. */
static struct {
	int x, y;
	bool moved;
	uint8_t buttons;
	uint8_t changed[3];	/* buttons that changed in this report */
	size_t changes;
	uint8_t mods;
} state;

static void open_device(const char *path)
{
	unsigned long types[EV_MAX / BITS_LONG + 1] = { 0 };
	struct evdev *dev = &devices[device_count];
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		log_warn("input: cannot open %s: %s", path, strerror(errno));
		return;
	}
	memset(dev, 0, sizeof(*dev));
	dev->fd = fd;
	if (ioctl(fd, EVIOCGNAME(sizeof(dev->name) - 1), dev->name) < 0)
		snprintf(dev->name, sizeof(dev->name), "%.63s", path);
	ioctl(fd, EVIOCGBIT(0, sizeof(types)), types);
	if (TEST_BIT(types, EV_ABS)) {
		ioctl(fd, EVIOCGABS(ABS_X), &dev->abs_x);
		ioctl(fd, EVIOCGABS(ABS_Y), &dev->abs_y);
	}
	log_info("input: %s: %s%s", path, dev->name,
		 TEST_BIT(types, EV_ABS) ? " (absolute pointer)" :
		 TEST_BIT(types, EV_REL) ? " (relative pointer)" : "");
	device_count++;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

void evdev_reset(int width, int height)
{
	screen_w = width;
	screen_h = height;
	memset(&state, 0, sizeof(state));
	state.x = width / 2;
	state.y = height / 2;
}

size_t evdev_open(int width, int height)
{
	struct dirent **entries;
	int n, i;

	evdev_reset(width, height);
	n = scandir("/dev/input", &entries, NULL, by_name);
	if (n < 0) {
		log_warn("input: no /dev/input: %s", strerror(errno));
		return 0;
	}
	for (i = 0; i < n; i++) {
		char path[300];

		if (strncmp(entries[i]->d_name, "event", 5) == 0 &&
		    device_count < EVDEV_MAX) {
			snprintf(path, sizeof(path), "/dev/input/%s",
				 entries[i]->d_name);
			open_device(path);
		}
		free(entries[i]);
	}
	free(entries);
	return device_count;
}

size_t evdev_pollfds(struct pollfd *fds, size_t max)
{
	size_t i;

	for (i = 0; i < device_count && i < max; i++)
		fds[i] = (struct pollfd){ devices[i].fd, POLLIN, 0 };
	return i;
}

static long clamp(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int scale(int value, const struct input_absinfo *abs, int size)
{
	long range = (long)abs->maximum - abs->minimum;

	if (range <= 0)
		return 0;
	/* The kernel passes on values outside the range a device declares;
	 * the pointer stays on the screen all the same. */
	return (int)(clamp((long)value - abs->minimum, 0, range) * (size - 1) /
		     range);
}

static uint8_t button_of(uint16_t code)
{
	switch (code) {
	case BTN_LEFT:
		return BUTTON_LEFT;
	case BTN_RIGHT:
		return BUTTON_RIGHT;
	case BTN_MIDDLE:
		return BUTTON_MIDDLE;
	}
	return 0;
}

static void key(uint16_t code, int value, input_sink sink)
{
	struct user_input ev = { .kind = INPUT_KEY, .keycode = code };
	uint8_t mod = keymap_modifier_of(code), button = button_of(code);

	if (button) {
		if (state.changes < sizeof(state.changed)) {
			state.changed[state.changes++] = button;
			if (value)
				state.buttons |= button;
			else
				state.buttons &= (uint8_t)~button;
		}
		return;
	}
	if (code == KEY_POWER) {
		if (value == 1) {
			ev.kind = INPUT_POWER;
			sink(&ev);
		}
		return;
	}
	if (code >= BTN_MISC && code < KEY_OK)
		return;		/* other buttons: joysticks, touch */
	if (mod)
		state.mods = value ? state.mods | mod : state.mods & ~mod;
	/* 2 is autorepeat: one more press for the app. */
	ev.down = value != 0;
	ev.mods = state.mods;
	ev.codepoint = keymap_codepoint(code, state.mods);
	sink(&ev);
}

static void report(input_sink sink)
{
	struct user_input ev = { .kind = INPUT_POINTER, .x = state.x,
				  .y = state.y, .buttons = state.buttons };
	uint8_t held = state.buttons;
	size_t i;

	/* The buttons as they were before this report's changes. */
	for (i = 0; i < state.changes; i++)
		held ^= state.changed[i];
	if (state.moved) {
		/* Motion first, then the buttons, each with what it held. */
		ev.buttons = held;
		sink(&ev);
		state.moved = false;
	}
	for (i = 0; i < state.changes; i++) {
		held ^= state.changed[i];
		ev.changed = state.changed[i];
		ev.down = held & ev.changed;
		ev.buttons = held;
		sink(&ev);
	}
	state.changes = 0;
}

void evdev_feed(const struct input_event *records, size_t count,
		const struct input_absinfo *abs_x,
		const struct input_absinfo *abs_y, input_sink sink)
{
	size_t i;

	for (i = 0; i < count; i++) {
		const struct input_event *e = &records[i];

		switch (e->type) {
		case EV_KEY:
			key(e->code, e->value, sink);
			break;
		case EV_ABS:
			if (e->code == ABS_X)
				state.x = scale(e->value, abs_x, screen_w);
			else if (e->code == ABS_Y)
				state.y = scale(e->value, abs_y, screen_h);
			state.moved = true;
			break;
		case EV_REL:
			/* In long: a motion of any size must not overflow. */
			if (e->code == REL_X)
				state.x = (int)clamp((long)state.x + e->value,
						     0, screen_w - 1);
			else if (e->code == REL_Y)
				state.y = (int)clamp((long)state.y + e->value,
						     0, screen_h - 1);
			state.moved = true;
			break;
		case EV_SYN:
			if (e->code == SYN_REPORT)
				report(sink);
			else if (e->code == SYN_DROPPED)
				log_warn("input: the kernel dropped events "
					 "(we read too slowly)");
			break;
		}
	}
}

void evdev_dispatch(int fd, input_sink sink)
{
	struct input_event batch[64];
	struct evdev *dev = NULL;
	ssize_t n;
	size_t i;

	for (i = 0; i < device_count; i++)
		if (devices[i].fd == fd)
			dev = &devices[i];
	if (!dev)
		return;
	while ((n = read(fd, batch, sizeof(batch))) > 0)
		evdev_feed(batch, (size_t)n / sizeof(batch[0]), &dev->abs_x,
			   &dev->abs_y, sink);
	if (n < 0 && errno != EAGAIN && errno != EINTR) {
		log_warn("input: %s: %s; no longer read", dev->name,
			 strerror(errno));
		close(dev->fd);
		*dev = devices[--device_count];
	}
}

void evdev_close(void)
{
	while (device_count)
		close(devices[--device_count].fd);
}
