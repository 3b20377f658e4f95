/*
 * message.c - parses "@<target>: <body>". The target is an app name
 * ([a-z0-9-], at most 32), optionally with "#<id>" (one instance of it,
 * 1 to 10 digits), or one of the special targets; exactly one space
 * follows the colon; the body is the rest of the line.
 */
#include "message.h"

#include <stdbool.h>
#include <string.h>

static const struct {
	const char *name;
	enum ipc_kind kind;
} special_targets[] = {
	{ "broadcast", IPC_BROADCAST },
	{ "reply", IPC_REPLY },
	{ "supervisor", IPC_SUPERVISOR },
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* The special target called name, or NULL. */
static const char *special(const char *name, size_t len, enum ipc_kind *kind)
{
	size_t i;

	for (i = 0; i < sizeof(special_targets) / sizeof(special_targets[0]);
	     i++)
		if (strlen(special_targets[i].name) == len &&
		    memcmp(special_targets[i].name, name, len) == 0) {
			*kind = special_targets[i].kind;
			return special_targets[i].name;
		}
	return NULL;
}

bool ipc_name_reserved(const char *name, size_t len)
{
	enum ipc_kind kind;

	return special(name, len, &kind) != NULL;
}

const char *ipc_parse(const char *line, size_t len, struct ipc_msg *msg)
{
	size_t t = 1, name_end, digits;

	if (len == 0 || line[0] != '@')
		return "not a message";
	while (t < len && name_char(line[t]))
		t++;
	name_end = t;
	if (t > 1 && t < len && line[t] == '#') {
		for (t++, digits = 0; t < len && line[t] >= '0' &&
		     line[t] <= '9'; t++)
			digits++;
		if (digits == 0 || digits > 10 || line[name_end + 1] == '0')
			return "malformed message, want \"@app#id: text\" "
			       "(an instance's id, 1 to 10 digits)";
	}
	if (t == 1 || t >= len || line[t] != ':')
		return "malformed message, want \"@app: text\"";
	if (name_end - 1 > MESSAGE_TARGET_MAX)
		return "target name longer than 32 characters";
	if (t + 1 >= len || line[t + 1] != ' ')
		return "malformed message, want \"@app: text\" (space after ':')";
	msg->kind = IPC_UNICAST;
	msg->target = line + 1;
	msg->target_len = t - 1;
	msg->body = line + t + 2;
	msg->body_len = len - t - 2;
	special(msg->target, msg->target_len, &msg->kind);
	return NULL;
}
