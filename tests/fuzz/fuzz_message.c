/*
 * fuzz_message.c - libFuzzer target for what every protocol line goes
 * through: the "@target: body" grammar (ipc_parse) and the UTF-8 checks
 * and log escaping (utf8_line_valid, utf8_has_control, utf8_escape).
 * The first byte picks the escape buffer's size, so short buffers, where
 * an escape must stop whole, are tried as often as long ones; the rest is
 * the line.
 */
#include "message.h"
#include "utf8.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_message(const char *line, size_t len)
{
	struct ipc_msg msg;
	const char *err = ipc_parse(line, len, &msg);
	size_t i;

	if (err) {
		assert(*err);
		return;
	}
	assert(msg.target == line + 1);
	assert(msg.body == msg.target + msg.target_len + 2);
	assert(msg.body + msg.body_len == line + len);
	/* A name of 1 to 32 characters, then maybe "#" and an instance id:
	 * 1 to 10 digits, the first not 0. */
	for (i = 0; i < msg.target_len && msg.target[i] != '#'; i++)
		assert((msg.target[i] >= 'a' && msg.target[i] <= 'z') ||
		       (msg.target[i] >= '0' && msg.target[i] <= '9') ||
		       msg.target[i] == '-');
	assert(i >= 1 && i <= MESSAGE_TARGET_MAX);
	if (i < msg.target_len) {
		size_t digits = msg.target_len - i - 1;

		assert(digits >= 1 && digits <= 10 && msg.target[i + 1] != '0');
		for (i++; i < msg.target_len; i++)
			assert(msg.target[i] >= '0' && msg.target[i] <= '9');
		assert(msg.kind == IPC_UNICAST);
	}
	assert((msg.kind != IPC_UNICAST) ==
	       ipc_name_reserved(msg.target, msg.target_len));
}

/* Escapes into a buffer of exactly cap bytes. */
static void check_escape(const char *s, size_t len, size_t cap, bool valid,
			 bool control)
{
	char *out = malloc(cap ? cap : 1);
	size_t n, i;

	assert(out);
	n = utf8_escape(s, len, out, cap);
	if (cap == 0) {
		assert(n == 0);
		free(out);
		return;
	}
	assert(n < cap && out[n] == '\0' && strlen(out) == n);
	/* What comes out is safe for a terminal: valid, no controls. */
	assert(utf8_line_valid(out, n));
	assert(!utf8_has_control(out, n));
	for (i = 0; i < n; i++)
		assert(out[i] != '\x1b');
	/* Clean text, given room, comes out unchanged. */
	if (valid && !control && cap > len)
		assert(n == len && memcmp(out, s, len) == 0);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line;
	size_t len, cap, i;
	bool valid, control;
	uint32_t cp;

	if (size == 0)
		return 0;
	cap = data[0];
	line = (const char *)data + 1;
	len = size - 1;
	check_message(line, len);
	valid = utf8_line_valid(line, len);
	control = utf8_has_control(line, len);
	check_escape(line, len, cap, valid, control);
	check_escape(line, len, 4 * len + 1, valid, control);
	/* utf8_decode always moves forward and never past the end. */
	for (i = 0; i < len;) {
		size_t n = utf8_decode(line + i, len - i, &cp);

		assert(n >= 1 && n <= len - i && n <= 4);
		assert(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
		i += n;
	}
	return 0;
}
