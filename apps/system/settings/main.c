/*
 * settings - the person's choices for the desktop and what this system
 * is. Sections on the left (Appearance, Date & time, About), the chosen
 * one on the right:
 *
 *  - Appearance: wallpapers and accent colours; a choice is sent to the
 *    desktop app ("@desktop: set wallpaper=ocean", "set accent=RRGGBBAA"),
 *    which answers "ok";
 *  - Date & time: the time now (UTC) and the clock's 24/12-hour form
 *    ("set clock=24");
 *  - About: the supervisor's version, uptime, apps and memory, asked
 *    with the shell commands the manifest grants, nothing else.
 *
 * The choices are kept in /data/settings.txt, so the next run shows
 * them. Keys: Tab moves between the sections and the choices, arrows
 * move, Enter or Space chooses, Escape goes back to the sections.
 */
#include "vyoma_ui.h"
#include "vyoma_date.h"
#include "vyoma_tiny.h"

#define KEY_TAB 15
#define KEY_ESC 1
#define KEY_UP 103
#define KEY_LEFT 105
#define KEY_RIGHT 106
#define KEY_DOWN 108

#define LIST_W 136
#define PX (LIST_W + 2 * VY_UI_UNIT)	/* the section's left edge */
#define SWATCH_W 80
#define SWATCH_H 48
#define ACCENT_SZ 32
#define CLOCK_W 88
#define ABOUT_EVERY 5		/* seconds between About's updates */

enum { APPEARANCE, DATETIME, ABOUT, SECTIONS };

static const char *const sections[SECTIONS] = {
	"Appearance", "Date & time", "About",
};

/* The desktop's wallpapers, by name, and two colours of each to show. */
#define WALLPAPERS 4
static const char *const wallpapers[WALLPAPERS] = {
	"dusk", "ocean", "slate", "forest",
};
static const uint32_t wallpaper_look[WALLPAPERS][2] = {
	{ 0x2E1F47FFu, 0xC2607AFFu }, { 0x0B3B5CFFu, 0x1D8FB0FFu },
	{ 0x1E2530FFu, 0x4A5568FFu }, { 0x12301FFFu, 0x3F7D4EFFu },
};

/* Accent colours; the first three are the palette's own. */
#define ACCENTS 6
static const uint32_t accents[ACCENTS] = {
	VY_UI_ACCENT, VY_UI_OK, VY_UI_DANGER,
	0x8B5CF6FFu, 0xF59E0BFFu, 0x14B8A6FFu,
};

static int width = 520, height = 380;
static int section, in_list = 1, cursor;
static int wallpaper, accent, clock12;
static const char *status;	/* after a choice: what came of it */
static uint32_t status_ink;
static char version[41];
static uint64_t uptime, apps, running, rss_kib, mem_total, mem_free;
static int have_uptime, have_stats, have_memory;
static int waiting;		/* choices the desktop has not answered */
static int say_status, say_version;	/* on the console, once drawn */
static uint64_t asked;		/* when About last asked the supervisor */

/* ---- text ----------------------------------------------------------- */

static char *put(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	*p = '\0';
	return p;
}

static char *num(char *p, uint64_t v)
{
	return p + vy_utoa(p, v);
}

static char *two(char *p, unsigned v)
{
	*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	*p = '\0';
	return p;
}

static char *hex8(char *p, uint32_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		*p++ = "0123456789ABCDEF"[(v >> (28 - 4 * i)) & 15];
	*p = '\0';
	return p;
}

/* "512 MiB", or "15.6 GiB" from a gibibyte up. */
static char *size_kib(char *p, uint64_t kib)
{
	if (kib < 1024 * 1024)
		return put(num(p, kib / 1024), " MiB");
	kib = kib * 10 / (1024 * 1024);
	p = num(p, kib / 10);
	*p++ = '.';
	return put(num(p, kib % 10), " GiB");
}

/* "42 s", "23 min", "1 h 23 min", "3 d 4 h". */
static char *duration(char *p, uint64_t s)
{
	if (s < 60)
		return put(num(p, s), " s");
	if (s >= 86400) {
		p = put(num(p, s / 86400), " d ");
		return put(num(p, s / 3600 % 24), " h");
	}
	if (s >= 3600)
		p = put(num(p, s / 3600), " h ");
	return put(num(p, s / 60 % 60), " min");
}

/* ---- dates ---------------------------------------------------------- */

/* "Tuesday, 1 December 2026" and "14:03:22" (or "2:03:22 PM"). */
static void now_text(char *date, char *time)
{
	static const char *const days[7] = {
		"Thursday", "Friday", "Saturday", "Sunday", "Monday",
		"Tuesday", "Wednesday",
	};
	static const char *const months[12] = {
		"January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November",
		"December",
	};
	uint64_t now = vy_time();
	unsigned secs = (unsigned)(now % 86400), hour = secs / 3600;
	int y, m, d;

	vy_civil_from_days((long)(now / 86400), &y, &m, &d);
	date = put(put(date, days[now / 86400 % 7]), ", ");
	date = put(num(date, (uint64_t)d), " ");
	put(num(put(put(date, months[m - 1]), " "), (uint64_t)y), " UTC");
	if (clock12)
		time = num(time, hour % 12 ? hour % 12 : 12);
	else
		time = two(time, hour);
	time = two(put(time, ":"), secs / 60 % 60);
	time = two(put(time, ":"), secs % 60);
	if (clock12)
		put(time, hour < 12 ? " AM" : " PM");
}

/* ---- choices, kept in /data ---------------------------------------- */

static void save(void)
{
	char buf[96], *p = put(buf, "wallpaper=");

	p = put(p, wallpapers[wallpaper]);
	p = hex8(put(p, "\naccent="), accents[accent]);
	p = put(put(p, "\nclock="), clock12 ? "12\n" : "24\n");
	vy_data_write("settings.txt", buf, (size_t)(p - buf));
}

/* The value after "key=" on a line of its own in text, or NULL. */
static const char *setting(const char *text, const char *key)
{
	size_t n = strlen(key);
	const char *p = text;

	for (; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "") {
		if (strncmp(p, key, n) == 0 && p[n] == '=')
			return p + n + 1;
	}
	return NULL;
}

static int starts_line(const char *value, const char *word)
{
	size_t n = strlen(word);

	return value && strncmp(value, word, n) == 0 &&
	       (value[n] == '\n' || value[n] == '\0');
}

static void load(void)
{
	char buf[256], hex[9];
	long n = vy_data_read("settings.txt", buf, sizeof(buf) - 1);
	const char *v;
	int i;

	if (n <= 0)
		return;
	buf[n] = '\0';
	v = setting(buf, "wallpaper");
	for (i = 0; i < WALLPAPERS; i++)
		if (starts_line(v, wallpapers[i]))
			wallpaper = i;
	v = setting(buf, "accent");
	for (i = 0; i < ACCENTS; i++)
		if (starts_line(v, (hex8(hex, accents[i]), hex)))
			accent = i;
	clock12 = starts_line(setting(buf, "clock"), "12");
}

/* ---- what the desktop and the supervisor say ----------------------- */

static void set_status(const char *text, uint32_t ink)
{
	status = text;
	status_ink = ink;
	say_status = 1;
}

static void send_choice(const char *key, const char *value)
{
	char msg[64];

	put(put(put(put(msg, "set "), key), "="), value);
	vy_send("desktop", msg);
	set_status("Applying...", VY_UI_DIM);
	waiting++;
}

static void choose(int item)
{
	char hex[9];

	if (section == APPEARANCE && item < WALLPAPERS) {
		wallpaper = item;
		send_choice("wallpaper", wallpapers[item]);
	} else if (section == APPEARANCE) {
		accent = item - WALLPAPERS;
		send_choice("accent", (hex8(hex, accents[accent]), hex));
	} else {
		clock12 = item;
		send_choice("clock", clock12 ? "12" : "24");
	}
	save();
}

/* Where word is in text, or NULL (replies are short: no need for more). */
static const char *find(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (; *text; text++)
		if (strncmp(text, word, n) == 0)
			return text;
	return NULL;
}

/* The number after " key=" in a reply; 0 if it is not there. */
static uint64_t field(const char *text, const char *key)
{
	uint64_t v = 0;
	const char *p = find(text, key);

	if (!p)
		return 0;
	for (p += strlen(key); *p >= '0' && *p <= '9' && v < 1ull << 56; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	return v;
}

static int starts(const char *text, const char *word)
{
	return strncmp(text, word, strlen(word)) == 0;
}

static void from_supervisor(const char *t)
{
	size_t i;

	if (starts(t, "version ")) {
		for (i = 0; i < sizeof(version) - 1 && t[8 + i] >= ' ' &&
		     t[8 + i] < 127; i++)
			version[i] = t[8 + i];
		version[i] = '\0';
		say_version = 1;
	} else if (starts(t, "uptime ")) {
		uptime = field(t, " ");
		have_uptime = 1;
	} else if (starts(t, "stats ")) {
		apps = field(t, " apps=");
		running = field(t, " running=");
		rss_kib = field(t, " rss_kib=");
		have_stats = 1;
	} else if (starts(t, "memory ")) {
		mem_total = field(t, " total_kib=");
		mem_free = field(t, " available_kib=");
		have_memory = 1;
	} else if (waiting && starts(t, "error ") && find(t, "'desktop'") &&
		   (find(t, "is not running") || find(t, "unknown app"))) {
		set_status("The desktop is not running", VY_UI_DANGER);
		waiting--;
	}
}

static void on_message(const char *from, const char *text)
{
	if (strcmp(from, "supervisor") == 0)
		from_supervisor(text);
	else if (waiting && strcmp(from, "desktop") == 0 &&
		 strcmp(text, "ok") == 0 && waiting--)
		set_status("Applied", VY_UI_OK);
}

static void ask_about(void)
{
	if (!version[0])
		vy_send("supervisor", "version");
	vy_send("supervisor", "uptime");
	vy_send("supervisor", "stats");
	vy_send("supervisor", "memory");
}

/* ---- layout: where each choice of a section is --------------------- */

static int items(void)
{
	return section == APPEARANCE ? WALLPAPERS + ACCENTS :
	       section == DATETIME ? 2 : 0;
}

static void item_box(int i, int *x, int *y, int *w, int *h)
{
	if (section == DATETIME) {
		*x = PX + i * (CLOCK_W + VY_UI_UNIT);
		*y = VY_UI_HEADER + 120;
		*w = CLOCK_W;
		*h = VY_UI_ROW;
	} else if (i < WALLPAPERS) {
		*x = PX + i * (SWATCH_W + VY_UI_UNIT);
		*y = VY_UI_HEADER + 40;
		*w = SWATCH_W;
		*h = SWATCH_H;
	} else {
		*x = PX + (i - WALLPAPERS) * (ACCENT_SZ + VY_UI_UNIT * 2);
		*y = VY_UI_HEADER + 164;
		*w = *h = ACCENT_SZ;
	}
}

static int item_at(int px, int py)
{
	int i, x, y, w, h;

	for (i = 0; i < items(); i++) {
		item_box(i, &x, &y, &w, &h);
		if (vy_ui_in(x, y, w, h, px, py))
			return i;
	}
	return -1;
}

/* ---- drawing -------------------------------------------------------- */

/* A frame of thickness t around a box, gap pixels out. */
static void frame(int x, int y, int w, int h, int gap, int t, uint32_t ink)
{
	x -= gap + t;
	y -= gap + t;
	w += 2 * (gap + t);
	h += 2 * (gap + t);
	vy_fill_rect(x, y, w, t, ink);
	vy_fill_rect(x, y + h - t, w, t, ink);
	vy_fill_rect(x, y, t, h, ink);
	vy_fill_rect(x + w - t, y, t, h, ink);
}

static void heading(int y, const char *text)
{
	vy_ui_label(PX, VY_UI_HEADER + y, VY_UI_ROW, VY_UI_DIM, text);
}

static void draw_appearance(void)
{
	int i, x, y, w, h;

	heading(8, "Wallpaper");
	for (i = 0; i < WALLPAPERS; i++) {
		item_box(i, &x, &y, &w, &h);
		vy_fill_rect(x, y, w, h, wallpaper_look[i][0]);
		vy_fill_rect(x, y + h * 2 / 3, w, h - h * 2 / 3,
			     wallpaper_look[i][1]);
		vy_draw_text(x, y + h + 6, i == wallpaper ? VY_UI_TEXT :
			     VY_UI_DIM, 'm', wallpapers[i]);
		if (i == wallpaper)
			frame(x, y, w, h, 1, 2, VY_UI_ACCENT);
	}
	heading(132, "Accent colour");
	for (i = 0; i < ACCENTS; i++) {
		item_box(WALLPAPERS + i, &x, &y, &w, &h);
		vy_fill_rect(x, y, w, h, accents[i]);
		if (i == accent)
			frame(x, y, w, h, 1, 2, VY_UI_TEXT);
	}
}

static void draw_datetime(void)
{
	char date[48], time[16];
	int i, x, y, w, h;

	now_text(date, time);
	vy_draw_text(PX, VY_UI_HEADER + 12, VY_UI_TEXT, 'l', time);
	vy_draw_text(PX, VY_UI_HEADER + 48, VY_UI_TEXT, 'm', date);
	heading(92, "Clock");
	for (i = 0; i < 2; i++) {
		item_box(i, &x, &y, &w, &h);
		vy_ui_button(x, y, w, h, i ? "12-hour" : "24-hour",
			     i == clock12 ? VY_UI_PRIMARY : VY_UI_NORMAL);
	}
	heading(160, "The system clock keeps UTC, from the hardware clock");
}

static void about_row(int row, const char *label, const char *value)
{
	int y = VY_UI_HEADER + 56 + row * VY_UI_ROW;

	vy_ui_label(PX, y, VY_UI_ROW, VY_UI_DIM, label);
	vy_ui_label(PX + 13 * VY_UI_CHAR_W, y, VY_UI_ROW, VY_UI_TEXT, value);
}

static void draw_about(void)
{
	char v[64], *p;

	vy_draw_text(PX, VY_UI_HEADER + 12, VY_UI_TEXT, 'l', "VyomaOS");
	about_row(0, "Version", version[0] ? version : "-");
	about_row(1, "Uptime", have_uptime ? (duration(v, uptime), v) : "-");
	if (have_stats)
		put(put(num(put(num(v, apps), " installed, "), running),
			" running"), "");
	about_row(2, "Apps", have_stats ? v : "-");
	about_row(3, "Supervisor", have_stats ? (size_kib(v, rss_kib), v) :
		  "-");
	if (have_memory) {
		p = put(size_kib(v, mem_total), ", ");
		put(size_kib(p, mem_free), " free");
	}
	about_row(4, "Memory", have_memory ? v : "-");
}

static void draw(void)
{
	int i, x, y, w, h;

	vy_fill_rect(0, 0, width, height, VY_UI_BG);
	vy_ui_header(width, "Settings");
	vy_fill_rect(0, VY_UI_HEADER, LIST_W, height - VY_UI_HEADER,
		     VY_UI_SURFACE);
	for (i = 0; i < SECTIONS; i++) {
		y = VY_UI_HEADER + VY_UI_UNIT + i * VY_UI_ROW;
		vy_fill_rect(0, y, LIST_W, VY_UI_ROW, i == section ?
			     VY_UI_SELECT : VY_UI_SURFACE);
		vy_ui_label(VY_UI_UNIT * 2, y, VY_UI_ROW, VY_UI_TEXT,
			    sections[i]);
		if (i == section && in_list)
			vy_fill_rect(0, y, 3, VY_UI_ROW, VY_UI_ACCENT);
	}
	if (section == APPEARANCE)
		draw_appearance();
	else if (section == DATETIME)
		draw_datetime();
	else
		draw_about();
	if (!in_list && items()) {
		item_box(cursor, &x, &y, &w, &h);
		frame(x, y, w, h, 4, 1, VY_UI_ACCENT);
	}
	if (status && section != ABOUT)
		vy_ui_label(PX, height - VY_UI_UNIT - VY_UI_ROW, VY_UI_ROW,
			    status_ink, status);
	vy_ui_label(VY_UI_UNIT, height - VY_UI_UNIT - VY_UI_ROW, VY_UI_ROW,
		    VY_UI_DIM, "Tab, arrows");
	vy_flush();
	/* What the tests (and a person reading the log) know is shown. */
	if (say_version) {
		vy_log("settings: version ");
		vy_print(version);
	}
	if (say_status && status) {
		vy_log("settings: ");
		vy_print(status);
	}
	say_version = say_status = 0;
}

/* ---- input ---------------------------------------------------------- */

static void show_section(int s)
{
	if (s < 0 || s >= SECTIONS || s == section)
		return;
	section = s;
	cursor = 0;
	status = NULL;
	asked = 0;	/* About asks at once */
}

static void on_key(int key, uint32_t c)
{
	int n = items();

	if (key == KEY_TAB) {
		in_list = !in_list || !n;
		if (section == APPEARANCE && !in_list)
			cursor = wallpaper;
		else if (!in_list)
			cursor = clock12;
	} else if (in_list) {
		if (key == KEY_UP || key == KEY_DOWN)
			show_section(section + (key == KEY_UP ? -1 : 1));
		else if ((key == KEY_RIGHT || c == '\n') && n)
			on_key(KEY_TAB, 0);
	} else if (key == KEY_ESC) {
		in_list = 1;
	} else if (key == KEY_LEFT || key == KEY_UP) {
		cursor = cursor ? cursor - 1 : 0;
	} else if (key == KEY_RIGHT || key == KEY_DOWN) {
		cursor = cursor + 1 < n ? cursor + 1 : cursor;
	} else if (c == '\n' || c == ' ') {
		choose(cursor);
	}
}

static void on_click(int x, int y)
{
	int i = (y - VY_UI_HEADER - VY_UI_UNIT) / VY_UI_ROW;

	if (x < LIST_W) {
		if (y >= VY_UI_HEADER + VY_UI_UNIT)
			show_section(i);
		in_list = 1;
		return;
	}
	i = item_at(x, y);
	if (i < 0)
		return;
	in_list = 0;
	cursor = i;
	choose(i);
}

/* main's result is constant, so wasm-opt drops libc's exit path. */
__attribute__((noinline)) static void run(void)
{
	struct vy_event ev;
	uint64_t shown = 0;

	load();
	draw();
	for (;;) {
		uint64_t now = vy_time();

		if (section == ABOUT && now - asked >= ABOUT_EVERY) {
			ask_about();
			asked = now;
		}
		if (now != shown && section != APPEARANCE)
			draw();	/* the clock and the uptime move on */
		shown = now;
		switch (vy_next_event(&ev, 1000)) {
		case VY_EV_QUIT:
			return;
		case VY_EV_RESIZE:
			width = ev.w;
			height = ev.h;
			break;
		case VY_EV_KEY:
			if (!ev.down)
				continue;
			on_key(ev.keycode, ev.codepoint);
			break;
		case VY_EV_POINTER:
			if (ev.action != VY_PTR_DOWN)
				continue;
			on_click(ev.x, ev.y);
			break;
		case VY_EV_MESSAGE:
			on_message(ev.from, ev.text);
			break;
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
