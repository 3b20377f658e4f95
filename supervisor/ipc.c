/*
 * ipc.c - message routing between apps (grammar in docs/protocol.md):
 *
 *   @<app>: msg        to one app, delivered as "@<sender>: msg"
 *   @broadcast: msg    to every running app but the sender
 *   @reply: msg        to the last app that messaged the sender
 *   @supervisor: cmd   a shell command (shell.c)
 *
 * Errors go back to the sender as "@supervisor: error <reason>".
 * Back-pressure is drop-newest: a receiver's full queue refuses the line,
 * the drop is counted on both sides, and the sender is told, at most once
 * a second per sender so that the notices cannot flood it in turn.
 */
#include "ipc.h"
#include "message.h"
#include "log.h"
#include "proc.h"
#include "shell.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define DROP_NOTICE_INTERVAL_NS 1000000000u


void ipc_reply(struct app *to, const char *text, size_t len)
{
	char line[APP_LINE_MAX];
	size_t n = sizeof("@supervisor: ") - 1;

	if (n + len > sizeof(line))
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
	unsigned long total = atomic_fetch_add(&sender->drops_reported, 1) + 1;
	uint64_t now = monotonic_ns();

	if (now - sender->drop_notice_ns < DROP_NOTICE_INTERVAL_NS &&
	    sender->drop_notice_ns)
		return;
	sender->drop_notice_ns = now;
	reply_error(sender, "queue full: '%s' dropped your message (%lu of "
		    "yours dropped so far)", to->manifest.name, total);
}

static void deliver_from(struct app *sender, struct app *to, const char *msg,
			 size_t len)
{
	char line[APP_LINE_MAX];
	const char *from = sender->manifest.name;
	size_t flen = strlen(from);
	int state = to->state;

	if (state != APP_LOADED && state != APP_STARTING &&
	    state != APP_RUNNING) {
		reply_error(sender, "'%s' is not running", to->manifest.name);
		return;
	}
	if (flen + 3 + len > APP_LINE_MAX) {
		reply_error(sender, "message too long for '%s' (%zu bytes at "
			    "most)", to->manifest.name, APP_LINE_MAX - flen - 3);
		return;
	}
	line[0] = '@';
	memcpy(line + 1, from, flen);
	memcpy(line + 1 + flen, ": ", 2);
	memcpy(line + 3 + flen, msg, len);
	/* Before the push: the receiver may @reply the moment it reads. */
	pthread_mutex_lock(&to->reply_lock);
	memcpy(to->last_sender, from, flen + 1);
	pthread_mutex_unlock(&to->reply_lock);
	if (proc_deliver(to, line, flen + 3 + len) != 0) {
		notice_drop(sender, to);
		return;
	}
	atomic_fetch_add(&sender->messages_out, 1);
}

static void broadcast(struct app *sender, const char *msg, size_t len)
{
	size_t i, n = proc_count();

	for (i = 0; i < n; i++) {
		struct app *to = proc_at(i);

		int state = to->state;

		/* Apps being started get it too: it waits in their queue. */
		if (to != sender &&
		    (state == APP_RUNNING || state == APP_STARTING))
			deliver_from(sender, to, msg, len);
	}
}

static void reply(struct app *sender, const char *msg, size_t len)
{
	char name[MANIFEST_NAME_MAX + 1];
	struct app *to;

	pthread_mutex_lock(&sender->reply_lock);
	memcpy(name, sender->last_sender, sizeof(name));
	pthread_mutex_unlock(&sender->reply_lock);
	to = name[0] ? proc_find(name, strlen(name)) : NULL;
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

	if (problem) {
		app_warn(sender, "malformed message dropped: %s", problem);
		atomic_fetch_add(&sender->lines_rejected, 1);
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
	to = proc_find(msg.target, msg.target_len);
	if (!to)
		reply_error(sender, "unknown app '%.*s'", (int)msg.target_len,
			    msg.target);
	else if (to == sender)
		reply_error(sender, "cannot message yourself");
	else
		deliver_from(sender, to, msg.body, msg.body_len);
}
