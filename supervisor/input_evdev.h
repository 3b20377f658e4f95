/*
 * input_evdev.h - the Input Router's source in the image: the Linux
 * evdev devices under /dev/input (keyboard, tablet or mouse, the ACPI
 * power button), turned into struct user_input.
 */
#ifndef VYOMA_INPUT_EVDEV_H
#define VYOMA_INPUT_EVDEV_H

#include <linux/input.h>
#include <poll.h>
#include <stddef.h>

#include "input.h"

#define EVDEV_MAX 16	/* devices read at once */

/*
 * Opens every /dev/input/event* device; the pointer is kept inside a
 * width x height screen. Returns how many devices were opened.
 */
size_t evdev_open(int width, int height);

/* Fills fds (up to max) with the devices' descriptors; returns how many. */
size_t evdev_pollfds(struct pollfd *fds, size_t max);

/* Reads what fd has ready and passes each complete event to sink. */
void evdev_dispatch(int fd, input_sink sink);

void evdev_close(void);

/*
 * The translation itself, for evdev_dispatch() and the unit tests:
 * records from one device (absolute axes scaled from abs_x, abs_y) to
 * events for sink. evdev_reset() forgets the pointer and modifiers.
 */
void evdev_reset(int width, int height);
void evdev_feed(const struct input_event *records, size_t count,
		const struct input_absinfo *abs_x,
		const struct input_absinfo *abs_y, input_sink sink);

#endif
