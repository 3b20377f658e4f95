/*
 * hexedit - a hex editor: the bytes of a file (opened from Files or
 * `open FILE`: the VYOMA_EVENT:open event) in rows of 16, as offset, hex
 * and ASCII, overwritten in place (the length never changes).
 *
 * Keys: arrows, PageUp/PageDown, Home/End move the cursor; Tab switches
 * between the hex and the ASCII column; in the hex column 0-9 and a-f
 * overwrite the byte a nibble at a time, in the ASCII column a printable
 * character overwrites it; Ctrl+S or F2 saves (atomically: a new file
 * renamed over the old).
 *
 * Logs, after the frame shows it: "hexedit: opened N bytes",
 * "hexedit: cursor N byte 0xXX[ modified]" after each move or edit,
 * "hexedit: saved N bytes" (or "hexedit: error ...").
 * Files up to 64 KiB, read whole into .bss (no allocator).
 */
#include "vyoma_ui.h"
#include "vyoma_services.h"
#include "vyoma_file.h"

#define MAX_FILE 65536
#define LINE_H VY_UI_CHAR_H
#define TOP (VY_UI_HEADER + VY_UI_UNIT)
#define HEX_X (VY_UI_UNIT + 10 * VY_UI_CHAR_W)	/* after "00000000  " */
#define ASC_X (HEX_X + 49 * VY_UI_CHAR_W)

enum {
	K_TAB = 15, K_S = 31, K_F2 = 60, K_HOME = 102, K_UP = 103,
	K_PGUP = 104, K_LEFT = 105, K_RIGHT = 106, K_END = 107, K_DOWN = 108,
	K_PGDN = 109,
};

static unsigned char data[MAX_FILE];
static char path[1100], status[80] = "Open a file from Files";
static int w = 624, h = 400, len, cur, top, ascii, nib, dirty;

static void hex2(char *s, unsigned v)
{
	s[0] = "0123456789abcdef"[v >> 4 & 15];
	s[1] = "0123456789abcdef"[v & 15];
}

static int rows(void)
{
	int n = (h - TOP - VY_UI_ROW) / LINE_H;

	return n < 1 ? 1 : n;
}

static void draw(void)
{
	int r, i, y;

	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	vy_ui_header(w, *path ? path : "Hex editor");
	if (cur / 16 < top)
		top = cur / 16;
	if (cur / 16 >= top + rows())
		top = cur / 16 - rows() + 1;
	for (r = 0; r < rows() && (top + r) * 16 < len; r++) {
		char line[80];
		int off = (top + r) * 16;

		y = TOP + r * LINE_H;
		for (i = 0; i < 4; i++)
			hex2(line + i * 2, (unsigned)off >> (24 - i * 8));
		line[8] = 0;
		vy_draw_text(VY_UI_UNIT, y, VY_UI_DIM, 'm', line);
		memset(line, ' ', sizeof(line));
		for (i = 0; i < 16 && off + i < len; i++) {
			unsigned char b = data[off + i];

			if (off + i == cur) {
				vy_fill_rect(HEX_X + i * 24 - 2, y, 20, LINE_H,
					     VY_UI_SELECT);
				vy_fill_rect(ASC_X + i * 8, y, 8, LINE_H,
					     VY_UI_SELECT);
				vy_fill_rect(ascii ? ASC_X + i * 8 :
					     HEX_X + i * 24 + nib * 8,
					     y + LINE_H - 2, 8, 2,
					     VY_UI_ACCENT);
			}
			hex2(line + i * 3, b);
			line[49 + i] = b >= 32 && b < 127 ? (char)b : '.';
		}
		line[49 + i] = 0;
		vy_draw_text(HEX_X, y, VY_UI_TEXT, 'm', line);
	}
	vy_fill_rect(0, h - VY_UI_ROW, w, VY_UI_ROW, VY_UI_SURFACE);
	vy_ui_label(VY_UI_UNIT, h - VY_UI_ROW, VY_UI_ROW,
		    *status == '!' ? VY_UI_DANGER : VY_UI_DIM,
		    status + (*status == '!'));
	vy_flush();
}

/* Copies s to d with its NUL; returns the end of d. */
static char *cpy(char *d, const char *s)
{
	while ((*d = *s++))
		d++;
	return d;
}

/* The status row (a leading '!' marks an error) and the same log line. */
static void say(const char *a, uint64_t n, const char *b)
{
	char *s = status;

	s = cpy(s, a);
	if (n != (uint64_t)-1)
		s += vy_utoa(s, n);
	cpy(s, b);
	draw();
	vy_log(*status == '!' ? "hexedit: error: " : "hexedit: ");
	vy_print(status + (*status == '!'));
}

static void open_file(const char *p)
{
	const char *rel;
	int dir = strlen(p) < sizeof(path) - 8 ? vy_file_dir(p, &rel) : -1;
	__wasi_fd_t fd = 0;
	__wasi_iovec_t iov = { data, MAX_FILE };
	__wasi_size_t n = MAX_FILE;
	int bad = dir < 0 || __wasi_path_open(dir, 1, rel, 0,
					      __WASI_RIGHTS_FD_READ, 0, 0,
					      &fd);

	if (!bad) {
		if (__wasi_fd_read(fd, &iov, 1, &n))
			n = MAX_FILE;
		(void)!__wasi_fd_close(fd);
	}
	/* A file that fills the buffer may be longer: not half-edited. */
	if (bad || n == MAX_FILE) {
		len = 0;
		say(bad ? "!cannot open the file" :
		    "!the file is over 64 KiB", (uint64_t)-1, "");
		return;
	}
	memcpy(path, p, strlen(p) + 1);
	len = (int)n;
	cur = top = nib = dirty = 0;
	say("opened ", (uint64_t)len, " bytes");
}

/*
 * Writes the bytes to "<name>.new" beside the file, syncs them and
 * renames that over the name: a crash or a full disk leaves the old
 * file or the new one, never half of one.
 */
static void save(void)
{
	const char *rel;
	int dir = vy_file_dir(path, &rel), ok = 0;
	char tmp[sizeof(path)];
	__wasi_fd_t fd;
	__wasi_ciovec_t iov = { data, (size_t)len };
	__wasi_size_t n = 0;

	cpy(cpy(tmp, rel), ".new");
	if (dir >= 0 && !__wasi_path_open(dir, 0, tmp,
					  __WASI_OFLAGS_CREAT |
					  __WASI_OFLAGS_TRUNC,
					  __WASI_RIGHTS_FD_WRITE |
					  __WASI_RIGHTS_FD_SYNC, 0, 0, &fd)) {
		ok = !__wasi_fd_write(fd, &iov, 1, &n) && n == (size_t)len &&
		     !__wasi_fd_sync(fd);
		(void)!__wasi_fd_close(fd);
		ok = ok && !__wasi_path_rename(dir, tmp, dir, rel);
		if (!ok)
			(void)!__wasi_path_unlink_file(dir, tmp);
	}
	if (ok) {
		dirty = 0;
		say("saved ", (uint64_t)len, " bytes");
	} else {
		say("!cannot save the file", (uint64_t)-1, "");
	}
}

static int hexdigit(uint32_t c)
{
	return c >= '0' && c <= '9' ? (int)c - '0' :
	       (c | 32) >= 'a' && (c | 32) <= 'f' ? (int)(c | 32) - 'a' + 10 :
	       -1;
}

static void key(const struct vy_event *ev)
{
	int k = ev->keycode, was = cur, d = hexdigit(ev->codepoint);
	char s[24] = " byte 0x";

	if ((k == K_S && ev->mods & VY_MOD_CTRL) || k == K_F2) {
		if (len)
			save();
		return;
	}
	if (!len)
		return;
	if (k == K_TAB) {
		ascii = !ascii;
		nib = 0;
	} else if (k == K_LEFT || k == K_RIGHT || k == K_UP ||
		   k == K_DOWN || k == K_PGUP || k == K_PGDN ||
		   k == K_HOME || k == K_END) {
		cur += k == K_LEFT ? -1 : k == K_RIGHT ? 1 : k == K_UP ? -16 :
		       k == K_DOWN ? 16 : k == K_PGUP ? -16 * rows() :
		       k == K_PGDN ? 16 * rows() : k == K_HOME ? -cur :
		       len;
		cur = cur < 0 ? (k == K_LEFT ? 0 : was) :
		      cur >= len ? (k == K_RIGHT || k == K_END ? len - 1 :
				    was) : cur;
		if (k == K_PGUP && cur == was)
			cur = 0;
		nib = 0;
	} else if (ev->mods & (VY_MOD_CTRL | VY_MOD_ALT)) {
		return;
	} else if (!ascii && d >= 0) {
		data[cur] = (unsigned char)(nib ? (data[cur] & 0xf0) | d :
					    (data[cur] & 0x0f) | d << 4);
		if ((nib = !nib) == 0 && cur < len - 1)
			cur++;
		dirty = 1;
	} else if (ascii && ev->codepoint >= 32 && ev->codepoint < 127) {
		data[cur] = (unsigned char)ev->codepoint;
		if (cur < len - 1)
			cur++;
		dirty = 1;
	} else {
		return;
	}
	hex2(s + 8, data[cur]);
	s[10] = 0;
	if (dirty)
		cpy(s + 10, " modified");
	say("cursor ", (uint64_t)cur, s);
}

int main(void)
{
	struct vy_event ev;
	const char *p;

	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
			draw();
		} else if (ev.type == VY_EV_KEY && ev.down) {
			key(&ev);
		} else if (ev.type == VY_EV_OTHER &&
			   (p = vy_open_event(ev.text))) {
			open_file(p);
		}
	}
	return 0;
}

#include "vyoma_tiny.h"
