/*
 * message.h - the grammar of "@<target>: <body>" lines, on their own so
 * they can be tested without the broker around them.
 */
#ifndef VYOMA_MESSAGE_H
#define VYOMA_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>

#define MESSAGE_TARGET_MAX 32	/* an app name */

enum ipc_kind { IPC_UNICAST, IPC_BROADCAST, IPC_REPLY, IPC_SUPERVISOR };

struct ipc_msg {
	enum ipc_kind kind;
	const char *target;	/* the app name, for IPC_UNICAST */
	size_t target_len;
	const char *body;	/* everything after "@target: " */
	size_t body_len;
};

/*
 * Parses "@<target>: <body>" (the line without its newline). Returns NULL
 * and fills *msg, or a static message saying what is wrong.
 */
const char *ipc_parse(const char *line, size_t len, struct ipc_msg *msg);

/*
 * Is name one the protocol uses (broadcast, reply, supervisor)? No app
 * may be called that: a line from the supervisor is then one no app can
 * forge, since every app message arrives prefixed with its sender.
 */
bool ipc_name_reserved(const char *name, size_t len);

#endif
