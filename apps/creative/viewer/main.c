/*
 * viewer - the image viewer: opens the file of its `open` event
 * (docs/desktop.md) and shows it scaled to fit the window (nearest
 * neighbour, aspect kept, never more than 4x), centred on the palette's
 * background, with its name and size in the header bar. The decoders are
 * in image.h; a file they refuse shows "Cannot show NAME: <reason>".
 *
 * Memory: the file (at most 16 MiB) and the decoded image live in memory
 * grown past the program's own with memory.grow, reused for each file,
 * so no malloc is linked in. The manifest allows 96 MiB: a 16 MiB file
 * and a 4096x4096 RGBA PNG's raw rows (64 MiB) at once.
 */
#include "vyoma_ui.h"
#include "vyoma_services.h"
#include "image.h"
#include "vyoma_tiny.h"

#define FILE_MAX (16u << 20)
#define PAGE 65536u
#define BATCH (48 * 1024)	/* pixel bytes sent per vy_pixels call */

static uintptr_t arena;		/* the first byte past the program's memory */
static size_t arena_used;
static struct image img;
static char name[256], problem[128];
static int width = 480, height = 400;

/* n bytes past arena_used, growing memory as needed; 0 if it cannot. */
static uint8_t *take(size_t n)
{
	size_t have = __builtin_wasm_memory_size(0) * PAGE - arena;
	uint8_t *p = (uint8_t *)(arena + arena_used);

	if (n > SIZE_MAX - arena - arena_used - PAGE)
		return 0;
	if (arena_used + n > have &&
	    __builtin_wasm_memory_grow(0, (arena_used + n - have + PAGE - 1) /
					   PAGE) == (size_t)-1)
		return 0;
	arena_used += (n + 15) & ~(size_t)15;
	return p;
}

static uint8_t *image_buffer(size_t n)
{
	return take(n);
}

/* The preopened directory holding path, and path relative to it. */
static int find_dir(const char *path, const char **rel)
{
	size_t best = 0;
	int fd, found = -1;

	for (fd = 3; fd < 64; fd++) {
		__wasi_prestat_t ps;
		char dir[256];
		size_t n;

		if (__wasi_fd_prestat_get((__wasi_fd_t)fd, &ps) != 0)
			break;
		n = ps.u.dir.pr_name_len;
		if (ps.tag != __WASI_PREOPENTYPE_DIR || n >= sizeof(dir) ||
		    __wasi_fd_prestat_dir_name((__wasi_fd_t)fd, (uint8_t *)dir,
					       n) != 0)
			continue;
		while (n > 1 && dir[n - 1] == '/')
			n--;
		if (n > best && strncmp(path, dir, n) == 0 &&
		    (path[n] == '/' || n == 1)) {
			best = n;
			found = fd;
		}
	}
	*rel = path + best;
	while (**rel == '/')
		(*rel)++;
	return found;
}

/* Reads the file into the arena; the reason on failure. */
static const char *load(const char *path, uint8_t **data, size_t *len)
{
	const char *rel, *e = 0;
	int dir = find_dir(path, &rel);
	__wasi_filestat_t st;
	__wasi_fd_t fd;
	size_t got = 0;

	if (dir < 0 || !*rel ||
	    __wasi_path_open((__wasi_fd_t)dir, 1, rel, 0,
			     __WASI_RIGHTS_FD_READ |
			     __WASI_RIGHTS_FD_FILESTAT_GET, 0, 0, &fd) != 0)
		return "cannot open the file";
	if (__wasi_fd_filestat_get(fd, &st) != 0 ||
	    st.filetype != __WASI_FILETYPE_REGULAR_FILE)
		e = "not a file";
	else if (st.size > FILE_MAX)
		e = "file larger than 16 MiB";
	else if (!(*data = take((size_t)st.size)))
		e = "out of memory";
	/* What the size said, at most: the file may grow as we read. */
	while (!e && got < st.size) {
		__wasi_iovec_t iov = { *data + got, (size_t)st.size - got };
		__wasi_size_t n = 0;

		if (__wasi_fd_read(fd, &iov, 1, &n) != 0 || !n)
			break;
		got += n;
	}
	(void)!__wasi_fd_close(fd);
	*len = got;
	return e;
}

/* Copies s (at most max bytes) to d with a NUL; returns the NUL's place. */
static char *put(char *d, const char *s, size_t max)
{
	while (*s && max--)
		*d++ = *s++;
	*d = '\0';
	return d;
}

static void show(const char *path)
{
	const char *base = path, *p, *e;
	uint8_t *data = 0;
	size_t len = 0;

	for (p = path; *p; p++)
		if (*p == '/')
			base = p + 1;
	put(name, base, sizeof(name) - 1);
	arena_used = 0;
	img.rgb = 0;
	e = load(path, &data, &len);
	if (!e)
		e = image_decode(data, len, &img, VY_UI_BG);
	problem[0] = '\0';
	if (e) {
		img.rgb = 0;
		put(put(put(put(problem, "Cannot show ", 12), name, 40), ": ",
			2), e, 60);
	}
}

/* Said on the console once the file's frame is out (tests wait for it). */
static void announce(void)
{
	vy_log("viewer: ");
	if (problem[0]) {
		vy_print(problem);
		return;
	}
	vy_log("showing ");
	vy_log(name);
	vy_log(" ");
	vy_log_num(img.w);
	vy_log("x");
	vy_log_num(img.h);
	vy_print("");
}

/* The image scaled to fit below the header, centred. */
static void draw_image(void)
{
	static uint8_t buf[BATCH];
	int aw = width, ah = height - VY_UI_HEADER, dw, dh, x0, y0, y, x;

	if (aw <= 0 || ah <= 0)
		return;
	if ((uint64_t)aw * img.h <= (uint64_t)ah * img.w) {
		dw = aw;
		dh = (int)((uint64_t)img.h * aw / img.w);
	} else {
		dh = ah;
		dw = (int)((uint64_t)img.w * ah / img.h);
	}
	if ((uint32_t)dw > img.w * 4) {
		dw = (int)img.w * 4;
		dh = (int)img.h * 4;
	}
	dw = dw < 1 ? 1 : dw > BATCH / 3 ? BATCH / 3 : dw;
	dh = dh < 1 ? 1 : dh;
	x0 = (aw - dw) / 2;
	y0 = VY_UI_HEADER + (ah - dh) / 2;
	for (y = 0; y < dh;) {
		int rows = 0;

		/* As many whole rows as the batch holds. */
		for (; y < dh && (rows + 1) * dw * 3 <= BATCH; y++, rows++) {
			const uint8_t *src = img.rgb + (size_t)((uint64_t)y *
						 img.h / dh) * img.w * 3;
			uint8_t *d = buf + (size_t)rows * dw * 3;

			for (x = 0; x < dw; x++, d += 3)
				memcpy(d, src + (uint64_t)x * img.w / dw * 3,
				       3);
		}
		vy_pixels(x0, y0 + y - rows, dw, rows, buf);
	}
}

static void draw(void)
{
	char title[300], *p;

	vy_fill_rect(0, 0, width, height, VY_UI_BG);
	if (img.rgb) {
		p = put(put(title, name, 255), "  ", 2);
		p += vy_utoa(p, img.w);
		*p++ = 'x';
		vy_utoa(p, img.h);
		vy_ui_header(width, title);
		draw_image();
	} else {
		vy_ui_header(width, "Image Viewer");
		vy_ui_label(VY_UI_UNIT, VY_UI_HEADER + VY_UI_UNIT, VY_UI_ROW,
			    problem[0] ? VY_UI_DANGER : VY_UI_DIM,
			    problem[0] ? problem :
			    "Open an image to see it here");
	}
	vy_flush();
}

/* main's result is constant, so wasm-opt drops libc's exit path. */
__attribute__((noinline)) static void run(void)
{
	struct vy_event ev;

	arena = __builtin_wasm_memory_size(0) * PAGE;
	for (;;) {
		switch (vy_next_event(&ev, -1)) {
		case VY_EV_QUIT:
			return;
		case VY_EV_RESIZE:
			width = ev.w;
			height = ev.h;
			break;
		case VY_EV_OTHER:
			if (!vy_open_event(ev.text))
				continue;
			show(vy_open_event(ev.text));
			draw();
			announce();
			continue;
		default:
			continue;
		}
		draw();
	}
}

int main(void)
{
	run();
	return 0;
}
