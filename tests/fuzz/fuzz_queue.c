/*
 * fuzz_queue.c - libFuzzer target for an app's inbound message queue
 * (msgq_push, msgq_pop, msgq_last_read_tag, close and reopen), run
 * against a plain model of what it promises: a push is taken whole or
 * not at all, exactly when it fits both bounds; the reader gets the
 * accepted lines' bytes, each followed by '\n', in order, however it
 * splits its reads; @reply's tag is that of the last line read whole.
 *
 * The input is the queue's two bounds, then operations, one byte each
 * plus their operands; line bytes are taken from the input too.
 */
#include "queue.h"
#include "bytes.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The model: the bytes not yet read and, per line, its end and tag. */
#define MODEL_LINES 4096
#define MODEL_BYTES (1 << 20)

static struct {
	char bytes[MODEL_BYTES];
	size_t head, len;		/* unread bytes: bytes[head, head+len) */
	size_t end[MODEL_LINES];	/* offset in bytes[] past each line */
	uint32_t tag[MODEL_LINES];
	size_t first, count;		/* lines not yet read whole */
	uint32_t last_tag;
	bool closed;
	size_t pushed_bytes, popped_bytes;
} model;

static char line[70000];
static char out[70000];

static void model_reset(void)
{
	model.head = model.len = 0;
	model.first = model.count = 0;
	model.last_tag = 0;
}

/* Moves what is unread to the front of the model's arrays. */
static void model_compact(void)
{
	size_t i;

	memmove(model.bytes, model.bytes + model.head, model.len);
	for (i = 0; i < model.count; i++) {
		model.end[i] = model.end[model.first + i] - model.head;
		model.tag[i] = model.tag[model.first + i];
	}
	model.head = 0;
	model.first = 0;
}

static void push(struct msgq *q, struct bytes *in)
{
	size_t len = bytes_u16(in) % 6000;
	uint32_t tag = bytes_u8(in);	/* small, so 0 (none) comes up */
	bool fits;
	enum msgq_result rc;

	/* The line's bytes come from the input; short inputs pad with 'x'. */
	memset(line, 'x', len);
	bytes_take(in, line, len < in->left ? len : in->left);
	fits = !model.closed && model.count < q->max_count &&
	       len + 1 <= q->max_bytes - model.len;
	rc = msgq_push(q, line, len, tag);
	if (model.closed) {
		assert(rc == MSGQ_CLOSED);
		return;
	}
	assert(rc == (fits ? MSGQ_OK : MSGQ_FULL));
	if (!fits)
		return;
	if (model.head + model.len + len + 1 > MODEL_BYTES ||
	    model.first + model.count == MODEL_LINES)
		model_compact();
	memcpy(model.bytes + model.head + model.len, line, len);
	model.bytes[model.head + model.len + len] = '\n';
	model.len += len + 1;
	model.end[model.first + model.count] = model.head + model.len;
	model.tag[model.first + model.count] = tag;
	model.count++;
	model.pushed_bytes += len + 1;
}

static void pop(struct msgq *q, size_t n)
{
	size_t got = msgq_pop(q, out, n);

	assert(got == (n < model.len ? n : model.len));
	assert(memcmp(out, model.bytes + model.head, got) == 0);
	model.head += got;
	model.len -= got;
	model.popped_bytes += got;
	while (model.count && model.end[model.first] <= model.head) {
		if (model.tag[model.first])
			model.last_tag = model.tag[model.first];
		model.first++;
		model.count--;
	}
	if (model.len == 0) {
		/* Empty: start the model's arrays over. */
		assert(model.count == 0);
		model.head = 0;
		model.first = 0;
	}
}

static void check(struct msgq *q)
{
	bool closed;

	assert(msgq_pending(q, &closed) == model.len);
	assert(closed == model.closed);
	assert(msgq_count(q) == model.count);
	assert(msgq_readable(q) == (model.len > 0 || model.closed));
	assert(msgq_last_read_tag(q) == model.last_tag);
	assert(atomic_load(&q->pushed) >= atomic_load(&q->popped));
	assert(q->len <= q->max_bytes && q->count <= q->max_count);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes in = { data, size };
	struct msgq q;
	size_t max_bytes = bytes_u16(&in);
	unsigned max_count = bytes_u8(&in);

	model_reset();
	model.closed = false;
	model.pushed_bytes = model.popped_bytes = 0;
	msgq_init(&q, max_bytes, max_count);
	while (in.left) {
		uint8_t op = bytes_u8(&in);

		switch (op % 8) {
		case 0: case 1: case 2:
			push(&q, &in);
			break;
		case 3: case 4:
			pop(&q, bytes_u16(&in) % 8192);
			break;
		case 5:
			pop(&q, 1 + op / 8);	/* a line a byte at a time */
			break;
		case 6:
			msgq_close(&q);
			model.closed = true;
			break;
		case 7:
			msgq_reopen(&q);
			if (model.closed) {
				/* Unread lines are gone; so is @reply's tag. */
				model.pushed_bytes -= model.len;
				model_reset();
				model.closed = false;
			}
			break;
		}
		check(&q);
	}
	/* Drained, the reader got every byte of every accepted line. */
	pop(&q, sizeof(out));
	check(&q);
	assert(model.popped_bytes == model.pushed_bytes);
	msgq_destroy(&q);
	return 0;
}
