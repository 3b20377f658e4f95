/*
 * ipc.c - message routing between apps (grammar in docs/protocol.md):
 *
 *   @<app>: msg        to one app, delivered as "@<sender>: msg"
 *   @broadcast: msg    to every running app but the sender
 *   @reply: msg        to the sender of the last message this app read
 *   @supervisor: cmd   a shell command (shell.c)
 *
 * Errors go back to the sender as "@supervisor: error <reason>". No app
 * can be called supervisor, broadcast or reply (manifest.c), so a line
 * that starts "@supervisor: " on an app's stdin came from the supervisor.
 * Message text may not hold control characters: what one app says must
 * not be able to move another's cursor or pose as a line of its own.
 *
 * The apps of two users never talk: a message between them is refused
 * and logged, a broadcast reaches the sender's user's apps only
 * (session.h); a service that serves everyone talks with all.
 *
 * Back-pressure is drop-newest: a receiver's full queue refuses the line,
 * the drop is counted on both sides, and the sender is told, at most once
 * a second per sender so that the notices cannot flood it in turn.
 */
#include "ipc.h"
#include "message.h"
#include "log.h"
#include "proc.h"
#include "session.h"
#include "shell.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define DROP_NOTICE_INTERVAL_NS 1000000000u

static _Thread_local struct ipc_capture *capture;

void ipc_capture_set(struct ipc_capture *c)
{
	capture = c;
}

/* Kept whole or not at all, so a cut answer never ends mid-line. */
static void keep(struct ipc_capture *c, const char *text, size_t len)
{
	c->need += len + 1;
	if (c->len + len + 1 > c->cap || c->len + len + 1 != c->need)
		return;
	memcpy(c->buf + c->len, text, len);
	c->buf[c->len + len] = '\n';
	c->len += len + 1;
}

void ipc_reply(struct app *to, const char *text, size_t len)
{
	char line[APP_LINE_MAX];
	size_t n = sizeof("@supervisor: ") - 1;

	if (capture && capture->app == to) {
		keep(capture, text, len);
		return;
	}
	if (len > sizeof(line) - n)
		len = sizeof(line) - n;
	memcpy(line, "@supervisor: ", n);
	memcpy(line + n, text, len);
	proc_deliver(to, line, n + len);
}

static void reply_error(struct app *to, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void reply_error(struct app *to, const char *fmt, ...)
{
	char text[256];
	va_list ap;
	int n = snprintf(text, sizeof(text), "error ");

	va_start(ap, fmt);
	n += vsnprintf(text + n, sizeof(text) - (size_t)n, fmt, ap);
	va_end(ap);
	ipc_reply(to, text, (size_t)n < sizeof(text) ? (size_t)n :
		  sizeof(text) - 1);
}

/* The sender hears of drops, but at most once a second. */
static void notice_drop(struct app *sender, struct app *to)
{
	unsigned long total =
		atomic_fetch_add(&sender->stats.drops_reported, 1) + 1;
	uint64_t now = monotonic_ns();
	uint64_t last = atomic_load(&sender->stats.drop_notice_ns);

	if (last && now - last < DROP_NOTICE_INTERVAL_NS)
		return;
	atomic_store(&sender->stats.drop_notice_ns, now);
	reply_error(sender, "queue full: '%s' dropped your message (%lu of "
		    "yours dropped so far)", to->label, total);
}

static void deliver_from(struct app *sender, struct app *to, const char *msg,
			 size_t len)
{
	char line[APP_LINE_MAX];
	const char *from = sender->label;
	size_t flen = strlen(from);

	if (!lifecycle_takes_messages(atomic_load(&to->state))) {
		reply_error(sender, "'%s' is not running", to->label);
		return;
	}
	/* Two users' apps never talk (bar a service for everyone). */
	if (!session_may_message(sender, to)) {
		reply_error(sender, "permission denied: '%s' runs for another "
			    "user", to->label);
		return;
	}
	if (len > APP_LINE_MAX - flen - 3) {
		reply_error(sender, "message too long for '%s' (%zu bytes at "
			    "most)", to->label, APP_LINE_MAX - flen - 3);
		return;
	}
	line[0] = '@';
	memcpy(line + 1, from, flen);
	memcpy(line + 1 + flen, ": ", 2);
	memcpy(line + 3 + flen, msg, len);
	switch (proc_deliver_from(to, line, flen + 3 + len, sender->id)) {
	case MSGQ_OK:
		atomic_fetch_add(&sender->stats.messages_out, 1);
		break;
	case MSGQ_FULL:
		notice_drop(sender, to);
		break;
	case MSGQ_CLOSED:
		/* It is stopping: its stdin is closed, not full. */
		reply_error(sender, "'%s' is not running", to->label);
		break;
	}
}

/* Running, or about to run: broadcasts wait in the queue of an app
 * that is being compiled or started at boot. */
static bool will_hear(struct app *app)
{
	int state = atomic_load(&app->state);

	/* A command's stdin is bytes from whoever runs it, never messages. */
	if (app->manifest.kind == KIND_COMMAND)
		return false;
	if (lifecycle_takes_broadcasts(state))
		return true;
	return (state == LIFE_COMPILING || state == LIFE_LOADED) &&
	       app->manifest.autostart && !atomic_load(&app->autostarted);
}

/*
 * The app a message is for: an installed app by its name, or one
 * instance of it as "name#id" (docs/protocol.md). A command is not
 * one (its stdin is bytes from whoever runs it) unless it is waiting
 * for this sender's answer to its request (procapi.c).
 */
static struct app *addressee(struct app *sender, const char *target,
			     size_t len)
{
	struct app *app = proc_find_named(target, len);

	/* "name#id" is an instance's name, never the installed app's; a
	 * command's only while it waits for the sender's answer. */
	if (app && memchr(target, '#', len) &&
	    (!app->transient || app->manifest.kind == KIND_COMMAND) &&
	    !(app->manifest.kind == KIND_COMMAND &&
	      atomic_load(&app->awaiting) == sender->id))
		return NULL;
	return app;
}

static void broadcast(struct app *sender, const char *msg, size_t len)
{
	size_t i, n = proc_count();

	for (i = 0; i < n; i++) {
		struct app *to = proc_at(i);

		/* Another user's apps do not hear it, and no one hears
		 * of them. */
		if (to != sender && will_hear(to) &&
		    (atomic_load(&to->uid) == atomic_load(&sender->uid) ||
		     to->manifest.serves_everyone))
			deliver_from(sender, to, msg, len);
	}
}

/* The sender of the last message this app has read, not merely been
 * sent: a message dropped on a full queue was never read. */
static void reply(struct app *sender, const char *msg, size_t len)
{
	struct app *to = proc_by_id(msgq_last_read_tag(&sender->inbox));

	if (!to) {
		reply_error(sender, "no one to reply to");
		return;
	}
	deliver_from(sender, to, msg, len);
}

void ipc_route(struct app *sender, const char *line, size_t len)
{
	struct ipc_msg msg;
	const char *problem = ipc_parse(line, len, &msg);
	struct app *to;

	if (!problem && utf8_has_control(line, len))
		problem = "control characters are not allowed in messages";
	if (problem) {
		app_warn(sender, "malformed message dropped: %s", problem);
		atomic_fetch_add(&sender->stats.lines_rejected, 1);
		reply_error(sender, "%s", problem);
		return;
	}
	switch (msg.kind) {
	case IPC_BROADCAST:
		broadcast(sender, msg.body, msg.body_len);
		return;
	case IPC_REPLY:
		reply(sender, msg.body, msg.body_len);
		return;
	case IPC_SUPERVISOR:
		shell_run(sender, msg.body, msg.body_len);
		return;
	case IPC_UNICAST:
		break;
	}
	to = addressee(sender, msg.target, msg.target_len);
	if (!to)
		reply_error(sender, "unknown app '%.*s'", (int)msg.target_len,
			    msg.target);
	else if (to == sender)
		reply_error(sender, "cannot message yourself");
	else
		deliver_from(sender, to, msg.body, msg.body_len);
}

void ipc_send(struct app *sender, const char *target, size_t target_len,
	      const char *body, size_t body_len)
{
	char line[APP_LINE_MAX + 1];

	if (target_len + body_len + 3 > APP_LINE_MAX) {
		reply_error(sender, "message too long");
		return;
	}
	line[0] = '@';
	memcpy(line + 1, target, target_len);
	memcpy(line + 1 + target_len, ": ", 2);
	memcpy(line + 3 + target_len, body, body_len);
	ipc_route(sender, line, target_len + body_len + 3);
}
