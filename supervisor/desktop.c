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
#include "desktop_cmd.h"
#include "ipc.h"
#include "log.h"
#include "proc.h"
#include "queue.h"
#include "wm.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define WAIT_SLICE_MS 50	/* how often a waiting caller checks its stop */
_Static_assert(DESKTOP_RAISED_MAX <= WM_MAX_RAISED, "raise fits the wm");

#define NOTE_BURST 3		/* notifications at once, then one a second */
#define RATE_SLOTS 32

enum request_state { QUEUED, RUNNING, DONE };

/* A parsed command on its way to the main loop, and its answer. */
struct request {
	struct desktop_cmd cmd;
	struct request *next;		/* in the queue */
	enum request_state state;	/* under lock */
	struct app *caller;
	char *reply;			/* the answer goes here */
	size_t reply_cap, reply_len;
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

size_t desktop_command(struct app *caller, const char *cmd, size_t cmd_len,
		       const char *args, size_t len, char *reply, size_t cap)
{
	struct request req = { 0 };
	size_t n;

	n = desktop_cmd_parse(&req.cmd, cmd, cmd_len, args, len, reply, cap);
	if (n)
		return n;
	req.caller = caller;
	req.reply = reply;
	req.reply_cap = cap;
	pthread_mutex_lock(&lock);
	if (closed) {
		pthread_mutex_unlock(&lock);
		return desktop_say(reply, cap, "error the supervisor is stopping");
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
		struct timespec ts = monotonic_timespec(
			monotonic_ns() + WAIT_SLICE_MS * 1000000ull);

		/* Running: the main loop is at it and finishes at once. */
		if (req.state == QUEUED &&
		    (closed || atomic_load(&caller->killing))) {
			unqueue(&req);
			pthread_mutex_unlock(&lock);
			return desktop_say(reply, cap, "error stopping");
		}
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
	pthread_condattr_t attr;

	wm = w;
	wake = wake_loop;
	/* Waits are timed on the monotonic clock (monotonic_timespec). */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&answered, &attr);
	pthread_condattr_destroy(&attr);
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

		if (win == wm->desktop || win == wm->lock || win->closed ||
		    !owner)
			continue;
		answer(to, reply, desktop_say(
			       reply, cap, "windows %u app=%s state=%s "
			       "focused=%d x=%d y=%d w=%d h=%d title=%s",
			       owner->id, owner->label, window_state(win),
			       win == wm->focused, f.x, f.y, f.w, f.h,
			       win->title));
		rows++;
	}
	windows_dirty = false;
	windows_told = false;
	return desktop_say(reply, cap, "windows end %zu", rows);
}

static size_t window_verb(const struct request *req, char *reply,
			  size_t cap)
{
	struct app *target = proc_by_id(req->cmd.target);
	struct window *win = target ? target->window : NULL;

	if (!win || win->closed || win == wm->desktop || win == wm->lock)
		return desktop_say(reply, cap, "error no window %u",
				   req->cmd.target);
	switch (req->cmd.window_verb) {
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
	return desktop_say(reply, cap, "window %s %u",
			   desktop_window_verbs[req->cmd.window_verb],
			   req->cmd.target);
}

/* A token bucket per sender: NOTE_BURST at once, then one a second. */
static bool note_allowed(uint32_t id)
{
	uint64_t now = monotonic_ns() / 1000000u;
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
	char line[64 + DESKTOP_NOTE_MAX + sizeof(from->label)];

	if (!desk)
		return desktop_say(reply, cap, "error no desktop is running");
	if (!note_allowed(from->id))
		return desktop_say(reply, cap, "error too many notifications: "
				   "one a second");
	proc_deliver(desk, line, desktop_say(line, sizeof(line),
				     "VYOMA_EVENT:notify:%s,%s", from->label,
				     req->cmd.text));
	return desktop_say(reply, cap, "notify sent");
}

bool desktop_notify(const char *from, const char *text)
{
	struct app *desk = desktop_app();
	char line[64 + DESKTOP_NOTE_MAX];
	char note[DESKTOP_NOTE_MAX + 1];

	if (!desk)
		return false;
	snprintf(note, sizeof(note), "%s", text);
	proc_deliver(desk, line, desktop_say(line, sizeof(line),
				     "VYOMA_EVENT:notify:%s,%s", from, note));
	return true;
}

/* The desktop's own verbs: only the app whose window is the desktop. */
static size_t desktop_verb(struct app *caller, const struct request *req,
			   char *reply, size_t cap)
{
	if (desktop_app() != caller)
		return desktop_say(reply, cap, wm->desktop ?
			   "error another app is the desktop" :
			   "error the desktop has no window yet");
	switch (req->cmd.verb) {
	case V_WINDOWS:
		return list_windows(caller, reply, cap);
	case V_WINDOW:
		return window_verb(req, reply, cap);
	case V_RESERVE:
		if (!wm_set_reserve(wm, req->cmd.top, req->cmd.bottom))
			return desktop_say(reply, cap, "error the reserve may "
					   "take at most half the screen");
		return desktop_say(reply, cap, "desktop reserve %d %d",
				   req->cmd.top, req->cmd.bottom);
	case V_RAISE:
		wm_set_raised(wm, req->cmd.rects, req->cmd.rect_count);
		return desktop_say(reply, cap, "desktop raise %zu",
				   wm->raised_count);
	case V_FOCUS:
		wm_focus(wm, wm->desktop);
		return desktop_say(reply, cap, "desktop focus");
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

	switch (req->cmd.verb) {
	case V_NOTIFY:
		req->reply_len = notify(caller, req, reply, cap);
		break;
	case V_POWEROFF:
	case V_REBOOT:
		log_info("%s asked to %s", caller->label,
			 req->cmd.verb == V_REBOOT ? "reboot" : "power off");
		req->reply_len = desktop_say(reply, cap, "%s requested",
				     req->cmd.verb == V_REBOOT ? "reboot" :
				     "poweroff");
		if (desktop_power_hook)
			desktop_power_hook(req->cmd.verb == V_REBOOT);
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
