/*
 * ipc.h - the IPC Broker: routes the "@..." lines apps print. Every
 * message goes through here, and the receiver always learns who spoke.
 */
#ifndef VYOMA_IPC_H
#define VYOMA_IPC_H

#include <stddef.h>

struct app;

/* Routes one "@..." line printed by sender; errors go back to it. */
void ipc_route(struct app *sender, const char *line, size_t len);

/* A one-line reply from the supervisor: "@supervisor: <text>". */
void ipc_reply(struct app *to, const char *text, size_t len);

/*
 * While a capture is set on this thread, replies to its app are kept in
 * it, one line each, instead of going to the app's queue: a command app
 * asking the shell (procapi's supervise) reads them as the answer.
 */
struct ipc_capture {
	struct app *app;
	char *buf;
	size_t len, cap;
	size_t need;		/* what every line would take */
};

void ipc_capture_set(struct ipc_capture *c);

/* Routes "@<target>: <body>" from sender, as if it had printed it. */
void ipc_send(struct app *sender, const char *target, size_t target_len,
	      const char *body, size_t body_len);

#endif
