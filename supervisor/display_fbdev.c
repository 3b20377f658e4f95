/*
 * display_fbdev.c - the display back end for the image: the Linux
 * framebuffer device (/dev/fb0; in the image vesafb, on the VBE mode set
 * before the kernel started). The screen's size and line length come
 * from the device, not from --size. Frames
 * are composed off screen in the display's canvas and only the damaged
 * rows are copied to the device, so a half-drawn frame is never shown.
 */
#include "display.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define FBDEV_PATH "/dev/fb0"

struct fbdev {
	int fd;
	uint8_t *mem;
	size_t mem_len;
	uint32_t stride;	/* bytes per line on the device */
};

static int fbdev_open(struct display *d, int *width, int *height)
{
	struct fb_var_screeninfo var;
	struct fb_fix_screeninfo fix;
	struct fbdev *fb = calloc(1, sizeof(*fb));

	if (!fb)
		return -1;
	fb->fd = open(FBDEV_PATH, O_RDWR | O_CLOEXEC);
	if (fb->fd < 0) {
		log_error("display: cannot open %s: %s", FBDEV_PATH,
			  strerror(errno));
		goto fail;
	}
	if (ioctl(fb->fd, FBIOGET_VSCREENINFO, &var) ||
	    ioctl(fb->fd, FBIOGET_FSCREENINFO, &fix)) {
		log_error("display: %s: %s", FBDEV_PATH, strerror(errno));
		goto fail;
	}
	/* The canvas is 0x00RRGGBB: exactly XRGB8888 in memory. */
	if (var.bits_per_pixel != 32 || var.red.offset != 16 ||
	    var.green.offset != 8 || var.blue.offset != 0) {
		log_error("display: %s is %u bpp (red at bit %u); only "
			  "XRGB8888 is supported", FBDEV_PATH,
			  var.bits_per_pixel, var.red.offset);
		goto fail;
	}
	/*
	 * Some drivers (DRM's fbdev emulation) set the mode only when asked
	 * to (fbcon would ask; the image has none), so ask: otherwise the
	 * screen stays in VGA text mode while we draw into memory. vesafb
	 * cannot change the mode the boot set and takes this as it is.
	 */
	var.activate = FB_ACTIVATE_NOW | FB_ACTIVATE_FORCE;
	if (ioctl(fb->fd, FBIOPUT_VSCREENINFO, &var))
		log_warn("display: %s: cannot set the mode: %s", FBDEV_PATH,
			 strerror(errno));
	fb->stride = fix.line_length;
	fb->mem_len = (size_t)fix.line_length * var.yres;
	fb->mem = mmap(NULL, fb->mem_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		       fb->fd, 0);
	if (fb->mem == MAP_FAILED) {
		log_error("display: cannot map %s: %s", FBDEV_PATH,
			  strerror(errno));
		goto fail;
	}
	*width = (int)var.xres;
	*height = (int)var.yres;
	d->priv = fb;
	return 0;
fail:
	if (fb->fd >= 0)
		close(fb->fd);
	free(fb);
	return -1;
}

static void fbdev_present(struct display *d, struct rect damage)
{
	struct fbdev *fb = d->priv;
	size_t row_bytes = (size_t)damage.w * sizeof(uint32_t);

	for (int y = damage.y; y < damage.y + damage.h; y++)
		memcpy(fb->mem + (size_t)y * fb->stride +
		       (size_t)damage.x * sizeof(uint32_t),
		       d->fb.pixels + (size_t)y * (size_t)d->fb.width + damage.x,
		       row_bytes);
}

static void fbdev_close(struct display *d)
{
	struct fbdev *fb = d->priv;

	munmap(fb->mem, fb->mem_len);
	close(fb->fd);
	free(fb);
}

const struct display_backend display_fbdev = {
	.name = "fbdev",
	.open = fbdev_open,
	.present = fbdev_present,
	.close = fbdev_close,
};
