/*
 * files - the file manager: browses the user's files (/home/user and
 * /tmp), creates folders and files, renames, copies, moves and deletes
 * them, and opens a file with the app that opens its type (the
 * supervisor's `open`). Everything goes straight to WASI (no libc file
 * layer, no malloc) to stay within an app's 10 KB.
 *
 * Every operation is relative to a directory descriptor: the current
 * directory's (cur), or a preopened root's for the marked file. Nothing
 * is ever overwritten: a rename, move or copy onto a name that exists
 * is refused, and a delete is asked about first (twice for a folder
 * with things in it). Names are drawn through clean(), since a file's
 * name is anyone's bytes and a draw line that is not UTF-8 is dropped.
 */
#include "vyoma_ui.h"
#include "vyoma_tiny.h"	/* wasi-libc's string functions are larger */

#define MAX_ENTS 1024
#define POOL 32768
#define BUF 65536		/* a copy's chunk, a directory's batch */
#define PATH 1024
#define TOP (VY_UI_HEADER * 2)	/* header and tool bar */
#define DEPTH 32		/* folders deep a recursive delete goes */
#define DIR_T __WASI_FILETYPE_DIRECTORY

/* mode: 0 browsing, or the action being asked about (act's letters) */
#define CONFIRM 'D'
#define CONFIRM_ALL 'A'
#define QUESTION " in it? Enter = yes, Escape = no"

struct ent {
	uint64_t size;
	uint32_t off;		/* of its name in pool */
	int dir;
};

static struct ent ents[MAX_ENTS];
static int nents, sel, top;
static char pool[POOL];
static uint8_t buf[BUF];
static int w = 560, h = 400, mode;
static int roots[2] = { -1, -1 };
static const char *const root_names[2] = { "/home/user", "/tmp" };
static char cwd[PATH] = "/home/user";
static int cur = -1;		/* cwd's descriptor */
static char clip[PATH];		/* the marked file's path */
static int clip_cut;
static char field[256];
static char status[300];
static int status_err, last_row = -1;
static int said, listed;	/* to print once drawn (for whoever reads) */
static uint64_t last_ms;

#define NAME(i) (pool + ents[i].off)
#define FD(x) ((__wasi_fd_t)(x))

/* ---- text ---------------------------------------------------------- */

/* Appends s to d, never past end (where a NUL goes); returns the end. */
static char *add(char *d, char *end, const char *s)
{
	while (*s && d < end)
		*d++ = *s++;
	*d = '\0';
	return d;
}

/*
 * s made safe to draw, at most max characters: ASCII and Latin-1 as
 * they are (the fonts have nothing more), any other character, control
 * or byte that is not UTF-8 as one '?'. A draw line that is not UTF-8
 * would be dropped whole, and a file's name is anyone's bytes.
 */
static const char *clean(const char *s, int max)
{
	static char out[600];
	const unsigned char *p = (const unsigned char *)s;
	char *o = out;

	for (; *p && max-- > 0 && o < out + sizeof(out) - 3; p++) {
		if ((*p == 0xC2 && p[1] >= 0xA0 && p[1] < 0xC0) ||
		    (*p == 0xC3 && p[1] >= 0x80 && p[1] < 0xC0)) {
			*o++ = (char)*p++;
		} else if (*p < 0x20 || *p >= 0x7F) {
			*o++ = '?';
			if (*p >= 0xC0)
				while ((p[1] & 0xC0) == 0x80)
					p++;
			continue;
		}
		*o++ = (char)*p;
	}
	*o = '\0';
	return out;
}

/* The status row's text, also kept in the log for whoever reads it. */
static void say(int err, const char *a, const char *b, const char *c)
{
	char *end = status + sizeof(status) - 1;

	add(add(add(status, end, a), end, b), end, c);
	status_err = err;
	said = 1;
}

static int fail(const char *what, const char *name, int e)
{
	static char num[24] = ": error ";
	const char *why = num;

	if (e == __WASI_ERRNO_EXIST)
		why = ": already exists";
	else if (e == __WASI_ERRNO_NOTEMPTY)
		why = ": not empty";
	else if (e == __WASI_ERRNO_ACCES || e == __WASI_ERRNO_NOTCAPABLE)
		why = ": permission denied";
	else if (e == __WASI_ERRNO_ISDIR)
		why = ": a folder";
	else
		vy_utoa(num + 8, (uint64_t)e);
	say(1, what, name, why);
	return e;
}

static void reload(const char *keep);

/*
 * An operation's end: why it failed, or what it did, and the folder
 * read again with name selected.
 */
static int finish(int e, const char *failed, const char *done,
		  const char *name)
{
	if (e)
		return fail(failed, name, e);
	say(0, done, name, "");
	reload(name);
	return 0;
}

/* ---- the file system ------------------------------------------------ */

/*
 * The preopened /home/user and /tmp (the `user` files capability),
 * told apart by their names' lengths: the manifest grants no other
 * directory but /data.
 */
static void find_roots(void)
{
	__wasi_fd_t fd;
	__wasi_prestat_t ps;

	for (fd = 3; !__wasi_fd_prestat_get(fd, &ps); fd++)
		if (ps.u.dir.pr_name_len == 10 || ps.u.dir.pr_name_len == 4)
			roots[ps.u.dir.pr_name_len == 4] = (int)fd;
}

/*
 * The descriptor of the root path is under (every path here starts
 * with one: we make them); *rel is the rest, "." for the root itself.
 */
static int root_of(const char *path, const char **rel)
{
	int t = path[1] == 't';
	size_t n = t ? 4 : 10;

	*rel = path[n] ? path + n + 1 : ".";
	return roots[t];
}

/* look: 1 follows a link the name ends in, 0 does not. */
static int open_at(int dir, int look, const char *name, int oflags,
		   uint64_t rights, int *fd)
{
	__wasi_fd_t f;
	int e = __wasi_path_open(FD(dir), (__wasi_lookupflags_t)look, name,
				 (__wasi_oflags_t)oflags, rights, rights, 0,
				 &f);

	*fd = e ? -1 : (int)f;
	return e;
}

static int open_dir(int dir, int look, const char *name, int *fd)
{
	return open_at(dir, look, name, __WASI_OFLAGS_DIRECTORY,
		       __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_READ, fd);
}

/* 0: no name in dir (a dangling link counts as one); 1 a file, 2 a folder. */
static int exists(int dir, const char *name)
{
	__wasi_filestat_t st;

	if (__wasi_path_filestat_get(FD(dir), 0, name, &st))
		return 0;
	return 1 + (st.filetype == DIR_T);
}

static void close_fd(int fd)
{
	if (fd >= 0)
		(void)!__wasi_fd_close(FD(fd));
}

/* One batch of dir's entries from cookie into buf; how much came. */
static int read_err;		/* the last batch's errno */
static int cut;		/* the listing stopped at MAX_ENTS or POOL */

static size_t batch(int dir, uint64_t cookie)
{
	__wasi_size_t used = 0;

	read_err = __wasi_fd_readdir(FD(dir), buf, BUF, cookie, &used);
	return read_err ? 0 : used;
}

static int dots(const char *n)
{
	return n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2]));
}

/*
 * The entry at *pos of a batch of used bytes, its name NUL-terminated
 * in *name (a copy: the batch stays as it came); NULL at the end or at
 * an entry the batch cut off. "." and ".." come with a NULL *name.
 */
static __wasi_dirent_t *next_in_batch(size_t *pos, size_t used,
				      const char **name)
{
	static __wasi_dirent_t d;
	static char copy[256];
	size_t p = *pos, n;

	if (p > used || used - p < sizeof(d))
		return NULL;
	memcpy(&d, buf + p, sizeof(d));
	n = d.d_namlen;
	if (n > 255 || used - p - sizeof(d) < n)
		return NULL;
	memcpy(copy, buf + p + sizeof(d), n);
	copy[n] = '\0';
	*pos = p + sizeof(d) + n;
	*name = dots(copy) ? NULL : copy;
	return &d;
}

/*
 * Counts the entries below dir (down to DEPTH folders), removing them
 * too when rm. Counting reads on from the cookie after each folder (its
 * walk reuses buf); removing starts each pass over, since removals move
 * the cookies, and stops when a pass removes nothing: what is left makes
 * the caller's remove_directory fail with its reason.
 */
static long walk(int dir, int depth, int rm)
{
	uint64_t cookie = 0;
	long n = 0, gone;
	size_t used;

	do {
		char sub[256];
		size_t pos = 0;
		const char *name;
		__wasi_dirent_t *d;
		int fd;

		sub[0] = '\0';
		used = batch(dir, cookie);
		gone = 0;
		while ((d = next_in_batch(&pos, used, &name))) {
			cookie = rm ? 0 : d->d_next;
			if (!name)
				continue;
			n++;
			if (d->d_type == DIR_T) {
				add(sub, sub + 255, name);
				if (!rm)
					break;
			} else if (rm) {
				gone += !__wasi_path_unlink_file(FD(dir), name);
			}
		}
		if (*sub && depth < DEPTH && !open_dir(dir, 0, sub, &fd)) {
			n += walk(fd, depth + 1, rm);
			close_fd(fd);
			if (rm)
				gone += !__wasi_path_remove_directory(FD(dir),
								      sub);
		}
		if (*sub)
			used = BUF;
	} while (used == BUF && (!rm || gone));
	return n;
}

/*
 * Copies src (in sdir) to dst (in ddir) in chunks, through a temporary
 * name renamed at the end: a failed copy leaves no half file behind.
 */
static int copy_file(int sdir, const char *src, int ddir, const char *dst)
{
	/*
	 * Made new (a file of that name, even one a copy cut short left,
	 * makes the paste fail rather than be overwritten).
	 */
	static const char tmp[] = ".files-copy.part";
	int in, out, e;

	if ((e = open_at(sdir, 1, src, 0, __WASI_RIGHTS_FD_READ, &in)))
		return e;
	e = open_at(ddir, 0, tmp, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL,
		    __WASI_RIGHTS_FD_WRITE, &out);
	while (!e) {
		__wasi_iovec_t iv = { buf, BUF };
		__wasi_size_t n = 0, off = 0, wrote;

		e = __wasi_fd_read(FD(in), &iv, 1, &n);
		if (e || !n)
			break;
		while (!e && off < n) {
			__wasi_ciovec_t ov = { buf + off, n - off };

			wrote = 0;
			e = __wasi_fd_write(FD(out), &ov, 1, &wrote);
			if (!wrote)
				e = e ? e : __WASI_ERRNO_IO;
			off += wrote;
		}
	}
	close_fd(in);
	if (out >= 0) {
		close_fd(out);
		if (!e)
			e = __wasi_path_rename(FD(ddir), tmp, FD(ddir), dst);
		if (e)
			(void)!__wasi_path_unlink_file(FD(ddir), tmp);
	}
	return e;
}

/* ---- the listing ---------------------------------------------------- */

static int before(const struct ent *a, const struct ent *b)
{
	if (a->dir != b->dir)
		return a->dir > b->dir;
	return strcmp(pool + a->off, pool + b->off) < 0;
}

/* cwd less its last part (0: it is a root, and stays). */
static int strip(char *gone)
{
	const char *rel;
	char *slash = strrchr(cwd, '/');

	root_of(cwd, &rel);
	if (*rel == '.')
		return 0;
	add(gone, gone + 255, slash + 1);
	*slash = '\0';
	return 1;
}

/*
 * Reads cwd again, sorted: folders first, then by name (insertion as
 * each entry comes). Selects keep if it is there.
 */
static void reload(const char *keep)
{
	char want[256];
	uint64_t cookie = 0;
	size_t used, pos, at = 0;
	const char *rel, *name;
	__wasi_dirent_t *d;
	int i;

	add(want, want + 255, keep ? keep : "");
	close_fd(cur);
	cur = -1;
	nents = 0;
	cut = 0;
	/* A folder gone meanwhile is said; Up or Home go on from there. */
	read_err = open_dir(root_of(cwd, &rel), 1, rel, &cur);
	while (!read_err) {
		used = batch(cur, cookie);
		pos = 0;
		while ((d = next_in_batch(&pos, used, &name))) {
			__wasi_filestat_t st;
			size_t n = strlen(name ? name : "") + 1;
			struct ent e = { 0, (uint32_t)at, d->d_type == DIR_T };

			cookie = d->d_next;
			if (!name)
				continue;
			if (nents == MAX_ENTS || at + n > POOL) {
				cut = 1;
				used = 0;
				break;
			}
			/* Links show what they point to. */
			if (!__wasi_path_filestat_get(FD(cur), 1, name, &st)) {
				e.dir = st.filetype == DIR_T;
				e.size = st.size;
			}
			memcpy(pool + at, name, n);
			at += n;
			for (i = nents++; i > 0 && before(&e, &ents[i - 1]); i--)
				ents[i] = ents[i - 1];
			ents[i] = e;
		}
		if (used < BUF)
			break;
	}
	/* Wasmtime refuses a whole folder with a name that is not UTF-8. */
	if (read_err)
		fail("Cannot read ", cwd, read_err);
	else if (cut)
		say(1, "Only the first entries are shown: ", cwd,
		    " holds more than this window lists");
	sel = 0;
	for (i = 0; i < nents; i++)
		if (!strcmp(NAME(i), want))
			sel = i;
	listed = 1;
}

/*
 * cwd/name into out (PATH bytes); 0 if there would be no room left for
 * a name below it (then it is no place to go into).
 */
static int join(char *out, const char *name)
{
	char *end = out + PATH - 1;

	return add(add(add(out, end, cwd), end, "/"), end, name) - out <
	       PATH - 257;
}

/* ---- operations ----------------------------------------------------- */

/* What the field names, done; 0 when the field may close. */
static int commit_name(void)
{
	const char *old = NAME(sel);
	int e = 0, fd;

	if (!field[0] || dots(field) || strchr(field, '/')) {
		say(1, "Refused: a name with /, empty, . or ..",
		    "", "");
		return 1;
	}
	if (mode == 'd')
		e = __wasi_path_create_directory(FD(cur), field);
	else if (mode == 'f' && !(e = open_at(cur, 0, field,
			__WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL,
			__WASI_RIGHTS_FD_WRITE, &fd)))
		close_fd(fd);
	else if (mode == 'r' && strcmp(old, field))
		e = exists(cur, field) ? __WASI_ERRNO_EXIST :
		    __wasi_path_rename(FD(cur), old, FD(cur), field);
	return finish(e, "Cannot make ", mode == 'd' ? "Created folder " :
		      mode == 'f' ? "Created file " : "Renamed to ", field);
}

/* "name (copy).ext" into out (256 bytes). */
static void copy_name(const char *name, char *out)
{
	const char *dot = strrchr(name, '.');
	char *end = out + 255;

	if (!dot || dot == name)
		dot = name + strlen(name);
	add(add(add(out, out + (dot - name), name), end, " (copy)"), end,
	    dot);
}

static void paste(void)
{
	const char *rel, *name = strrchr(clip, '/');
	char dst[256];
	int r = root_of(clip, &rel), src, e = __WASI_ERRNO_NOENT;

	if (!name) {
		say(1, "Nothing to paste", "", "");
		return;
	}
	add(dst, dst + 255, ++name);
	if (!clip_cut && exists(cur, dst))
		copy_name(name, dst);
	if ((src = exists(r, rel)))
		e = exists(cur, dst) ? __WASI_ERRNO_EXIST :
		    clip_cut ? __wasi_path_rename(FD(r), rel, FD(cur), dst) :
		    src > 1 ? __WASI_ERRNO_ISDIR : copy_file(r, rel, cur, dst);
	if (!finish(e, "Cannot paste ", clip_cut ? "Moved " : "Copied to ",
		    dst) && clip_cut)
		clip[0] = '\0';
}

static void remove_selected(void)
{
	const char *name = NAME(sel);
	int e, fd, keep = sel;

	/* A link to a folder goes as a file does; nothing is followed. */
	e = ents[sel].dir ? __wasi_path_remove_directory(FD(cur), name) :
	    __WASI_ERRNO_NOTDIR;
	if (e == __WASI_ERRNO_NOTDIR)
		e = __wasi_path_unlink_file(FD(cur), name);
	else if (e == __WASI_ERRNO_NOTEMPTY && !open_dir(cur, 0, name, &fd)) {
		long n = walk(fd, 0, mode == CONFIRM_ALL);
		char num[24];

		close_fd(fd);
		if (mode == CONFIRM) {
			/* The second question, saying how much goes. */
			add(num + vy_utoa(num, (uint64_t)n), num + 23,
			    " entries");
			mode = CONFIRM_ALL;
			say(1, "Delete all ", num, QUESTION);
			return;
		}
		e = __wasi_path_remove_directory(FD(cur), name);
	}
	mode = 0;
	/* The next entry takes the deleted one's place. */
	e = finish(e, "Cannot delete ", "Deleted ", name);
	sel = e ? sel : keep;
}

/* ---- drawing -------------------------------------------------------- */

static const struct {
	const char *label;
	char act, bar;	/* bar 0: the header, right to left; 1: tools */
} buttons[] = {
	{ "Tmp", 't', 0 }, { "Home", 'h', 0 }, { "Up", 'u', 0 },
	{ "New folder", 'd', 1 }, { "New file", 'f', 1 },
	{ "Rename", 'r', 1 }, { "Copy", 'c', 1 }, { "Cut", 'x', 1 },
	{ "Paste", 'v', 1 }, { "Delete", 'D', 1 },
};

/* Draws the buttons (px < 0), or returns the action of the one at px. */
static int button_at(int px, int py)
{
	int i, hx = w - 4, tx = VY_UI_UNIT;

	for (i = 0; i < (int)(sizeof(buttons) / sizeof(buttons[0])); i++) {
		int bw = vy_ui_text_w(buttons[i].label) + 2 * VY_UI_UNIT;
		int x = buttons[i].bar ? tx : (hx -= bw + 4);
		int y = buttons[i].bar * VY_UI_HEADER + 4;

		tx += buttons[i].bar * (bw + 4);
		if (px < 0)
			vy_ui_button(x, y, bw, VY_UI_ROW, buttons[i].label,
				     buttons[i].act == 'D' ? VY_UI_DANGEROUS :
				     VY_UI_NORMAL);
		else if (vy_ui_in(x, y, bw, VY_UI_ROW, px, py))
			return buttons[i].act;
	}
	return 0;
}

static int visible(void)
{
	int v = (h - TOP - VY_UI_HEADER) / VY_UI_ROW;

	return v > 0 ? v : 1;
}

static int clamp(int v, int lo, int hi)
{
	v = v > hi ? hi : v;
	return v < lo ? lo : v;	/* lo wins: nothing to show is row 0 */
}

static void draw_row(int i, int y, int rw)
{
	static const char *const unit[] = { " B", " KB", " MB", " GB" };
	char text[300], size[32];
	uint64_t v = ents[i].size;
	int u = 0;

	text[0] = text[1] = ' ';
	size[0] = '\0';
	while (v >= 10240 && u < 3) {
		v /= 1024;
		u++;
	}
	if (!ents[i].dir)
		add(size + vy_utoa(size, v), size + 31, unit[u]);
	add(text + 2, text + 299, clean(NAME(i), clamp(rw / VY_UI_CHAR_W -
			5 - (int)strlen(size), 1, 255)));
	vy_ui_row(0, y, rw, text, i == sel);
	vy_fill_rect(VY_UI_UNIT + 2, y + 8, 8, 8,
		     ents[i].dir ? VY_UI_ACCENT : VY_UI_BORDER);
	vy_ui_label(rw - VY_UI_UNIT - vy_ui_text_w(size), y, VY_UI_ROW,
		    VY_UI_DIM, size);
}

static void draw(void)
{
	int i, y = h - VY_UI_HEADER, v = visible(), rw = w;
	int room = (w - 160) / VY_UI_CHAR_W, len = (int)strlen(cwd);

	sel = clamp(sel, 0, nents - 1);
	top = clamp(clamp(top, sel - v + 1, sel), 0, nents - v);
	if (nents > v)
		rw -= VY_UI_SCROLL_W;
	vy_fill_rect(0, 0, w, h, VY_UI_BG);
	/* A long path shows its end. */
	vy_ui_header(w, clean(cwd + (len > room && room > 0 ? len - room :
				     0), room));
	vy_fill_rect(0, VY_UI_HEADER, w, VY_UI_HEADER, VY_UI_SURFACE);
	vy_fill_rect(0, TOP - 1, w, 1, VY_UI_BORDER);
	button_at(-1, 0);
	for (i = top; i < nents && i < top + v; i++)
		draw_row(i, TOP + (i - top) * VY_UI_ROW, rw);
	if (!nents)
		vy_ui_label(VY_UI_UNIT * 2, TOP, VY_UI_ROW * 2, VY_UI_DIM,
			    "This folder is empty");
	vy_ui_scrollbar(rw, TOP, v * VY_UI_ROW, top, v, nents);
	vy_fill_rect(0, y, w, VY_UI_HEADER, VY_UI_SURFACE);
	vy_fill_rect(0, y, w, 1, VY_UI_BORDER);
	if (mode >= 'a') {
		const char *p, *shown = clean(field, 255);

		/* The cursor after the last character, not the last byte. */
		for (p = shown, i = 0; *p; p++)
			i += (*p & 0xC0) != 0x80;
		vy_ui_label(VY_UI_UNIT, y, VY_UI_HEADER, VY_UI_DIM, "Name:");
		vy_ui_field(56, y + 4, w - 64, shown, i, 1);
	} else {
		vy_ui_label(VY_UI_UNIT, y, VY_UI_HEADER,
			    status_err ? VY_UI_DANGER : VY_UI_DIM,
			    clean(status, (w - 16) / VY_UI_CHAR_W));
	}
	vy_flush();
	/* The log says what the window shows, once it shows it. */
	if (listed) {
		vy_log("files: ");
		vy_log(cwd);
		vy_log(" ");
		vy_log_num((uint64_t)nents);
		vy_print(" entries");
	}
	if (said) {
		vy_log("files: ");
		vy_print(status);
	}
	said = listed = 0;
}

/* ---- input ---------------------------------------------------------- */

/* One action, from a key or a button (letters as in keys[] below). */
static void act(int a)
{
	char path[PATH], line[PATH + 8];
	const char *name = NAME(sel);

	switch (a) {
	case 'r':
		if (!nents)
			break;
		/* fall through */
	case 'd':
	case 'f':
		mode = a;
		add(field, field + 255, a == 'r' ? name : "");
		status[0] = '\0';
		break;
	case 'h':
	case 't':
		add(cwd, cwd + PATH - 1, root_names[a == 't']);
		reload(0);
		break;
	case 'u':
		if (strip(path))
			reload(path);
		break;
	case 'R':
		reload(name);
		break;
	case 'v':
		paste();
		break;
	case 'k':
	case 'j':
		sel += a == 'j' ? 1 : -1;
		break;
	case 'K':
	case 'J':
		sel += a == 'J' ? visible() : -visible();
		break;
	case '<':
	case '>':
		sel = a == '>' ? nents : 0;
		break;
	case 'c':
	case 'x':
		if (nents) {
			join(clip, name);
			clip_cut = a == 'x';
			say(0, a == 'x' ? "Cut " : "Copied ", name, "");
		}
		break;
	case 'D':
		if (nents) {
			mode = CONFIRM;
			say(1, "Delete ", name, &QUESTION[6]);
		}
		break;
	case '\n':
		if (!nents)
			break;
		/* A folder too deep for names below it is not entered. */
		if (join(path, name) && ents[sel].dir) {
			add(cwd, cwd + PATH - 1, path);
			reload(0);
		} else if (strchr(name, '\n')) {
			/* It would reach the supervisor cut at the break. */
			say(1, "Cannot open: a line break in ", name, "");
		} else if (!ents[sel].dir) {
			/* The supervisor's answer comes to reply() below. */
			add(add(line, line + PATH + 7, "open "), line + PATH + 7,
			    path);
			vy_send("supervisor", line);
			say(0, "Opening ", name, "");
		}
	}
}

/* A key while a name is typed into the field (always at its end). */
static void edit_key(const struct vy_event *ev)
{
	size_t len = strlen(field);
	uint32_t c = ev->codepoint;

	if (ev->keycode == 28 && !commit_name())
		mode = 0;
	if (ev->keycode == 14 && len)
		field[len - 1] = '\0';
	if (c >= 32 && c < 127 && !(ev->mods & (VY_MOD_CTRL | VY_MOD_ALT)) &&
	    len < 255) {
		field[len] = (char)c;
		field[len + 1] = '\0';
	}
}

/* Key code (Linux KEY_*), Ctrl, Shift and Alt, the action: Alt+Home
 * home, as other file managers have it, and Alt+T /tmp. */
static const unsigned char keys[][3] = {
	{ 102, 4, 'h' }, { 20, 4, 't' },
	{ 103, 0, 'k' }, { 108, 0, 'j' }, { 104, 0, 'K' }, { 109, 0, 'J' },
	{ 102, 0, '<' }, { 107, 0, '>' }, { 14, 0, 'u' }, { 63, 0, 'R' },
	{ 28, 0, '\n' }, { 65, 0, 'd' }, { 60, 0, 'r' }, { 111, 0, 'D' },
	{ 49, 2, 'f' }, { 49, 3, 'd' }, { 46, 2, 'c' }, { 45, 2, 'x' },
	{ 47, 2, 'v' },
};

static void key(const struct vy_event *ev)
{
	size_t i;

	if (ev->keycode == 1)		/* Escape: no name, no */
		mode = 0;
	else if (mode >= 'a')
		edit_key(ev);
	else if (mode && ev->keycode == 28)
		remove_selected();
	else if (!mode)
		for (i = 0; i < sizeof(keys) / 3; i++)
			if (keys[i][0] == ev->keycode && keys[i][1] ==
			    (ev->mods & (VY_MOD_CTRL | VY_MOD_SHIFT |
					 VY_MOD_ALT)))
				act(keys[i][2]);
}

static int pointer(const struct vy_event *ev)
{
	int v = visible(), row = (ev->y - TOP) / VY_UI_ROW + top;
	uint64_t now = vy_ms();

	if (ev->action != VY_PTR_DOWN || mode)
		return 0;
	if (ev->y < TOP) {
		act(button_at(ev->x, ev->y));
	} else if (nents > v && ev->x >= w - VY_UI_SCROLL_W) {
		top = vy_ui_scroll_to(ev->y - TOP, v * VY_UI_ROW, v, nents);
		sel = top;
	} else if (row < top + v && row < nents) {
		/* Two clicks on one row within 400 ms open it. */
		if (row == last_row && now - last_ms < 400) {
			act('\n');
			row = -1;
		}
		sel = row < 0 ? sel : row;
		last_row = row;
		last_ms = now;
	}
	return 1;
}

/*
 * The supervisor's answer to `open`, said for a person: "Opened <path>
 * <app>#<id>", or the reason it could not be.
 */
static void reply(const struct vy_event *ev)
{
	int err = !strncmp(ev->text, "error ", 6);

	if (!strcmp(ev->from, "supervisor") &&
	    (err || !strncmp(ev->text, "open ", 5)))
		say(err, err ? "" : "Opened ", ev->text + (err ? 6 : 5), "");
}

/* main's result is constant, so wasm-opt drops libc's exit path. */
__attribute__((noinline)) static void run(void)
{
	struct vy_event ev;

	find_roots();
	reload(0);
	draw();
	while (vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type == VY_EV_RESIZE) {
			w = ev.w;
			h = ev.h;
		} else if (ev.type == VY_EV_KEY && ev.down) {
			key(&ev);
		} else if (ev.type == VY_EV_POINTER) {
			if (!pointer(&ev))
				continue;
		} else if (ev.type == VY_EV_FOCUS && ev.down && !mode) {
			/* Others may have changed the files meanwhile. */
			act('R');
		} else if (ev.type == VY_EV_MESSAGE) {
			reply(&ev);
		} else {
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
