/*
 * ipc.c - message routing between apps:
 *
 *   @<app>: msg        to one app, delivered as "@<sender>: msg"
 *   @broadcast: msg    to every running app but the sender
 *   @reply: msg        to the last app that messaged the sender
 *   @supervisor: cmd   supervisor commands (shell.c)
 *
 * Errors go back to the sender as "@supervisor: error <reason>". Delivery
 * never blocks: see proc_deliver().
 */
#include "ipc.h"
#include "log.h"
#include "proc.h"
#include "shell.h"

#include <stdio.h>
#include <string.h>

static void reply_error(struct app *to, const char *reason)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "@supervisor: error %s", reason);

	proc_deliver(to, line, (size_t)n < sizeof(line) ? (size_t)n :
		     sizeof(line) - 1);
}

static void deliver_from(struct app *sender, struct app *to, const char *msg,
			 size_t len)
{
	char line[APP_LINE_MAX + 1];
	const char *from = sender->manifest.name;
	size_t flen = strlen(from);

	if (to->state != APP_LOADED && to->state != APP_RUNNING) {
		reply_error(sender, "receiver is not running");
		return;
	}
	if (flen + 3 + len > APP_LINE_MAX) {
		reply_error(sender, "message too long");
		return;
	}
	line[0] = '@';
	memcpy(line + 1, from, flen);
	memcpy(line + 1 + flen, ": ", 2);
	memcpy(line + 3 + flen, msg, len);
	pthread_mutex_lock(&to->reply_lock);
	snprintf(to->last_sender, sizeof(to->last_sender), "%s", from);
	pthread_mutex_unlock(&to->reply_lock);
	if (proc_deliver(to, line, flen + 3 + len) != 0)
		reply_error(sender, "receiver's queue is full");
}

static void broadcast(struct app *sender, const char *msg, size_t len)
{
	size_t i, n = proc_count();

	for (i = 0; i < n; i++) {
		struct app *to = proc_at(i);

		if (to != sender && to->state == APP_RUNNING)
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


/* Targets with a meaning of their own; any other name is an app. */
static const struct {
	const char *name;
	void (*route)(struct app *sender, const char *msg, size_t len);
} special_targets[] = {
	{ "broadcast", broadcast },
	{ "reply", reply },
	{ "supervisor", shell_run },
};

void ipc_route(struct app *sender, const char *line, size_t len)
{
	const char *colon = memchr(line, ':', len);
	const char *target = line + 1, *msg;
	size_t tlen, mlen, i;
	struct app *to;

	if (!colon || colon + 1 >= line + len || colon[1] != ' ' ||
	    colon == target) {
		log_warn("%s: malformed message dropped (want \"@app: text\")",
			 sender->manifest.name);
		reply_error(sender, "malformed message, want \"@app: text\"");
		return;
	}
	tlen = (size_t)(colon - target);
	msg = colon + 2;
	mlen = len - tlen - 3;
	for (i = 0; i < sizeof(special_targets) / sizeof(special_targets[0]);
	     i++) {
		if (strlen(special_targets[i].name) == tlen &&
		    memcmp(special_targets[i].name, target, tlen) == 0) {
			special_targets[i].route(sender, msg, mlen);
			return;
		}
	}
	to = proc_find(target, tlen);
	if (!to || to == sender) {
		char reason[96];

		snprintf(reason, sizeof(reason), "unknown app '%.*s'",
			 (int)(tlen < 40 ? tlen : 40), target);
		reply_error(sender, to ? "cannot message yourself" : reason);
		return;
	}
	deliver_from(sender, to, msg, mlen);
}
