/*
 * desktop.c - the desktop role (docs/desktop.md): the desktop shell's
 * commands (windows, window, desktop), notifications on their way to it,
 * the events it is sent, and the power requests.
 *
 * A command is parsed and checked on the caller's thread, into a request
 * that holds only copies (numbers, at most 200 bytes of text) and lives
 * on that thread's stack; the main loop, which owns the window manager,
 * carries it out and writes the answer into it while the caller waits.
 * So replies keep the order of the caller's commands, each app has at
 * most one request waiting (a flood is paced by the main loop, not
 * queued), and a caller being stopped or a supervisor shutting down
 * takes its request back unanswered instead of waiting for ever.
 */
#include "desktop.h"
#include "ipc.h"
#include "log.h"
#include "proc.h"
#include "wm.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define WAIT_SLICE_MS 50	/* how often a waiting caller checks its stop */
#define NOTE_MAX 200
#define NOTE_BURST 3		/* notifications at once, then one a second */
#define RATE_SLOTS 32

enum verb {
	V_WINDOWS, V_WINDOW, V_RESERVE, V_RAISE, V_FOCUS, V_NOTIFY,
	V_POWEROFF, V_REBOOT,
};

enum window_verb { W_FOCUS, W_MINIMISE, W_RESTORE, W_MAXIMISE, W_CLOSE };

static const char *const window_verbs[] = {
	[W_FOCUS] = "focus", [W_MINIMISE] = "minimise",
	[W_RESTORE] = "restore", [W_MAXIMISE] = "maximise",
	[W_CLOSE] = "close",
};

enum request_state { QUEUED, RUNNING, DONE };

struct request {
	struct request *next;		/* in the queue */
	enum request_state state;	/* under lock */
	struct app *caller;
	char *reply;			/* the answer goes here */
	size_t reply_cap, reply_len;
	enum verb verb;
	enum window_verb window_verb;
	uint32_t target;
	int top, bottom;
	struct rect rects[WM_MAX_RAISED];
	size_t rect_count;
	char text[NOTE_MAX + 1];
};

void (*desktop_power_hook)(bool reboot);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t answered = PTHREAD_COND_INITIALIZER;
static struct request *queue_head, *queue_tail;
static bool closed;		/* the main loop has ended: nothing is run */
static void (*wake)(void);
static struct wm *wm;

/* Main thread only. */
static bool windows_dirty;	/* the list changed since the desktop asked */
static bool windows_told;	/* an event went out and is not answered */

static struct rate {
	uint32_t id;
	uint64_t last_ms;
	unsigned tokens;
} rates[RATE_SLOTS];

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static size_t say(char *out, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static size_t say(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

/*
 * The next word of args at *p: sets *w to its start, returns its length
 * (0 at the end) and moves *p past it.
 */
static size_t word(const char **p, const char *end, const char **w)
{
	while (*p < end && **p == ' ')
		(*p)++;
	*w = *p;
	while (*p < end && **p != ' ')
		(*p)++;
	return (size_t)(*p - *w);
}

static bool is(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

/* A decimal number of at most 9 digits, or -1. */
static long number(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	if (!n || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "x,y,w,h": four numbers in -32767..32767, w and h not negative. */
static bool parse_rect(const char *s, size_t n, struct rect *r)
{
	int v[4];
	size_t i = 0, k;

	for (k = 0; k < 4; k++) {
		bool neg = i < n && s[i] == '-';
		size_t start;
		long x;

		i += neg;
		start = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		x = number(s + start, i - start);
		if (x < 0 || x > 32767 || (neg && k >= 2))
			return false;
		v[k] = neg ? -(int)x : (int)x;
		if (k < 3 && (i >= n || s[i++] != ','))
			return false;
	}
	if (i != n)
		return false;
	*r = (struct rect){ v[0], v[1], v[2], v[3] };
	return true;
}

/* Parses the command into req; an error reply's length, or 0. */
static size_t parse(struct request *req, const char *cmd, size_t cmd_len,
		    const char *args, size_t len, char *reply, size_t cap)
{
	const char *p = args, *end = args + len, *w;
	size_t n;
	long v;

	if (is(cmd, cmd_len, "notify")) {
		if (!len || len > NOTE_MAX)
			return say(reply, cap, "error a notification is 1 to "
				   "%d bytes", NOTE_MAX);
		req->verb = V_NOTIFY;
		memcpy(req->text, args, len);
		req->text[len] = '\0';
		return 0;
	}
	if (is(cmd, cmd_len, "windows") || is(cmd, cmd_len, "poweroff") ||
	    is(cmd, cmd_len, "reboot")) {
		if (len)
			return say(reply, cap, "error %.*s takes no arguments",
				   (int)cmd_len, cmd);
		req->verb = cmd[0] == 'w' ? V_WINDOWS : cmd[0] == 'p' ?
			    V_POWEROFF : V_REBOOT;
		return 0;
	}
	if (is(cmd, cmd_len, "window")) {
		n = word(&p, end, &w);
		for (req->window_verb = 0; req->window_verb <= W_CLOSE;
		     req->window_verb++)
			if (is(w, n, window_verbs[req->window_verb]))
				break;
		if (req->window_verb > W_CLOSE)
			return say(reply, cap, "error want window <focus|"
				   "minimise|restore|maximise|close> <id>");
		n = word(&p, end, &w);
		v = number(w, n);
		if (v <= 0 || p != end)
			return say(reply, cap, "error want window %s <id>",
				   window_verbs[req->window_verb]);
		req->verb = V_WINDOW;
		req->target = (uint32_t)v;
		return 0;
	}
	if (!is(cmd, cmd_len, "desktop"))
		return say(reply, cap, "error unknown command");
	n = word(&p, end, &w);
	if (is(w, n, "focus") && p == end) {
		req->verb = V_FOCUS;
		return 0;
	}
	if (is(w, n, "reserve")) {
		long top, bottom;

		n = word(&p, end, &w);
		top = number(w, n);
		n = word(&p, end, &w);
		bottom = number(w, n);
		if (top < 0 || bottom < 0 || top > 4096 || bottom > 4096 ||
		    p != end)
			return say(reply, cap, "error want desktop reserve "
				   "<top> <bottom>");
		req->verb = V_RESERVE;
		req->top = (int)top;
		req->bottom = (int)bottom;
		return 0;
	}
	if (is(w, n, "raise")) {
		req->verb = V_RAISE;
		while ((n = word(&p, end, &w))) {
			if (req->rect_count == WM_MAX_RAISED)
				return say(reply, cap, "error at most %d "
					   "rectangles", WM_MAX_RAISED);
			if (!parse_rect(w, n, &req->rects[req->rect_count++]))
				return say(reply, cap, "error want desktop "
					   "raise <x>,<y>,<w>,<h> ...");
		}
		return 0;
	}
	return say(reply, cap, "error want desktop <reserve|raise|focus> ...");
}

/* Under lock: takes a request still waiting out of the queue. */
static void unqueue(struct request *req)
{
	struct request **p = &queue_head, *prev = NULL;

	while (*p && *p != req) {
		prev = *p;
		p = &(*p)->next;
	}
	if (!*p)
		return;
	*p = req->next;
	if (queue_tail == req)
		queue_tail = prev;
}

static void deadline_in(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_nsec += ms * 1000000L;
	ts->tv_sec += ts->tv_nsec / 1000000000L;
	ts->tv_nsec %= 1000000000L;
}

size_t desktop_command(struct app *caller, const char *cmd, size_t cmd_len,
		       const char *args, size_t len, char *reply, size_t cap)
{
	struct request req = { 0 };
	size_t n;

	n = parse(&req, cmd, cmd_len, args, len, reply, cap);
	if (n)
		return n;
	req.caller = caller;
	req.reply = reply;
	req.reply_cap = cap;
	pthread_mutex_lock(&lock);
	if (closed) {
		pthread_mutex_unlock(&lock);
		return say(reply, cap, "error the supervisor is stopping");
	}
	if (queue_tail)
		queue_tail->next = &req;
	else
		queue_head = &req;
	queue_tail = &req;
	pthread_mutex_unlock(&lock);
	if (wake)
		wake();
	pthread_mutex_lock(&lock);
	while (req.state != DONE) {
		struct timespec ts;

		/* Running: the main loop is at it and finishes at once. */
		if (req.state == QUEUED &&
		    (closed || atomic_load(&caller->killing))) {
			unqueue(&req);
			pthread_mutex_unlock(&lock);
			return say(reply, cap, "error stopping");
		}
		deadline_in(&ts, WAIT_SLICE_MS);
		pthread_cond_timedwait(&answered, &lock, &ts);
	}
	pthread_mutex_unlock(&lock);
	return req.reply_len;
}

void desktop_close(void)
{
	pthread_mutex_lock(&lock);
	closed = true;
	pthread_cond_broadcast(&answered);
	pthread_mutex_unlock(&lock);
}

void desktop_init(struct wm *w, void (*wake_loop)(void))
{
	wm = w;
	wake = wake_loop;
}

struct app *desktop_app(void)
{
	return wm && wm->desktop && !wm->desktop->closed ?
	       wm->desktop->owner : NULL;
}

bool desktop_owns(const struct window *win)
{
	return wm && win && win == wm->desktop;
}

void desktop_windows_changed(void)
{
	windows_dirty = true;
	if (wake)
		wake();
}

void desktop_launcher(void)
{
	struct app *desk = desktop_app();
	static const char line[] = "VYOMA_EVENT:launcher";

	if (!desk || !wm_visible(wm->desktop)) {
		log_info("launcher shortcut: no desktop is running");
		return;
	}
	wm_focus(wm, wm->desktop);
	proc_deliver(desk, line, sizeof(line) - 1);
}

static void answer(struct app *to, const char *text, size_t len)
{
	if (len)
		ipc_reply(to, text, len);
}

static const char *window_state(const struct window *win)
{
	return win->minimised ? "minimised" : win->maximised ? "maximised" :
	       "normal";
}

static size_t list_windows(struct app *to, char *reply, size_t cap)
{
	size_t i, rows = 0;

	for (i = 0; i < wm->count; i++) {
		struct window *win = wm->stack[i];
		struct app *owner = win->owner;
		struct rect f = win->frame;

		if (win == wm->desktop || win->closed || !owner)
			continue;
		answer(to, reply, say(reply, cap, "windows %u app=%s state=%s "
				      "focused=%d x=%d y=%d w=%d h=%d "
				      "title=%s", owner->id, owner->label,
				      window_state(win), win == wm->focused,
				      f.x, f.y, f.w, f.h, win->title));
		rows++;
	}
	windows_dirty = false;
	windows_told = false;
	return say(reply, cap, "windows end %zu", rows);
}

static size_t window_verb(const struct request *req, char *reply,
			  size_t cap)
{
	struct app *target = proc_by_id(req->target);
	struct window *win = target ? target->window : NULL;

	if (!win || win->closed || win == wm->desktop)
		return say(reply, cap, "error no window %u", req->target);
	switch (req->window_verb) {
	case W_FOCUS:
	case W_RESTORE:
		wm_focus(wm, win);
		break;
	case W_MINIMISE:
		wm_minimise(wm, win);
		break;
	case W_MAXIMISE:
		wm_toggle_maximise(wm, win);
		break;
	case W_CLOSE:
		wm_close(wm, win);
		break;
	}
	return say(reply, cap, "window %s %u", window_verbs[req->window_verb],
		   req->target);
}

/* A token bucket per sender: NOTE_BURST at once, then one a second. */
static bool note_allowed(uint32_t id)
{
	uint64_t now = now_ms();
	struct rate *slot = &rates[0];
	size_t i;

	for (i = 0; i < RATE_SLOTS; i++) {
		if (rates[i].id == id) {
			slot = &rates[i];
			break;
		}
		if (rates[i].last_ms < slot->last_ms)
			slot = &rates[i];	/* the least recently used */
	}
	if (slot->id != id)
		*slot = (struct rate){ id, now, NOTE_BURST };
	slot->tokens += (unsigned)((now - slot->last_ms) / 1000);
	if (slot->tokens > NOTE_BURST)
		slot->tokens = NOTE_BURST;
	if (now - slot->last_ms >= 1000)
		slot->last_ms = now;
	if (!slot->tokens)
		return false;
	slot->tokens--;
	return true;
}

static size_t notify(struct app *from, const struct request *req,
		     char *reply, size_t cap)
{
	struct app *desk = desktop_app();
	char line[64 + NOTE_MAX + sizeof(from->label)];

	if (!desk)
		return say(reply, cap, "error no desktop is running");
	if (!note_allowed(from->id))
		return say(reply, cap, "error too many notifications: one a "
			   "second");
	proc_deliver(desk, line, say(line, sizeof(line),
				     "VYOMA_EVENT:notify:%s,%s", from->label,
				     req->text));
	return say(reply, cap, "notify sent");
}

/* The desktop's own verbs: only the app whose window is the desktop. */
static size_t desktop_verb(struct app *caller, const struct request *req,
			   char *reply, size_t cap)
{
	if (desktop_app() != caller)
		return say(reply, cap, wm->desktop ?
			   "error another app is the desktop" :
			   "error the desktop has no window yet");
	switch (req->verb) {
	case V_WINDOWS:
		return list_windows(caller, reply, cap);
	case V_WINDOW:
		return window_verb(req, reply, cap);
	case V_RESERVE:
		wm_set_reserve(wm, req->top, req->bottom);
		if (wm->work.y != req->top)
			return say(reply, cap, "error the reserve may take "
				   "at most half the screen");
		return say(reply, cap, "desktop reserve %d %d", req->top,
			   req->bottom);
	case V_RAISE:
		wm_set_raised(wm, req->rects, req->rect_count);
		return say(reply, cap, "desktop raise %zu", wm->raised_count);
	case V_FOCUS:
		wm_focus(wm, wm->desktop);
		return say(reply, cap, "desktop focus");
	default:
		return 0;
	}
}

/* Carries out one request; its answer is written into it. */
static void run(struct request *req)
{
	struct app *caller = req->caller;
	char *reply = req->reply;
	size_t cap = req->reply_cap;

	switch (req->verb) {
	case V_NOTIFY:
		req->reply_len = notify(caller, req, reply, cap);
		break;
	case V_POWEROFF:
	case V_REBOOT:
		log_info("%s asked to %s", caller->label,
			 req->verb == V_REBOOT ? "reboot" : "power off");
		req->reply_len = say(reply, cap, "%s requested",
				     req->verb == V_REBOOT ? "reboot" :
				     "poweroff");
		if (desktop_power_hook)
			desktop_power_hook(req->verb == V_REBOOT);
		break;
	default:
		req->reply_len = desktop_verb(caller, req, reply, cap);
		break;
	}
}

bool desktop_run_queued(void)
{
	struct app *desk = desktop_app();
	bool any = false;

	for (;;) {
		struct request *req;

		pthread_mutex_lock(&lock);
		req = queue_head;
		if (req) {
			queue_head = req->next;
			if (!queue_head)
				queue_tail = NULL;
			req->state = RUNNING;
		}
		pthread_mutex_unlock(&lock);
		if (!req)
			break;
		/* The caller waits for this, so it and req stay alive. */
		run(req);
		pthread_mutex_lock(&lock);
		req->state = DONE;
		pthread_cond_broadcast(&answered);
		pthread_mutex_unlock(&lock);
		any = true;
	}
	desk = desktop_app();
	if (desk && windows_dirty && !windows_told) {
		static const char line[] = "VYOMA_EVENT:windows";

		proc_deliver(desk, line, sizeof(line) - 1);
		windows_told = true;
	}
	return any;
}

size_t desktop_raised(struct rect *out, size_t cap)
{
	size_t i;

	if (!wm || !wm->desktop || !wm_visible(wm->desktop))
		return 0;
	for (i = 0; i < wm->raised_count && i < cap; i++)
		out[i] = wm->raised[i];
	return i;
}
