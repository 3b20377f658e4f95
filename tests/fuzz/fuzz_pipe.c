/*
 * fuzz_pipe.c - libFuzzer target for the supervisor's byte pipe
 * (pipe_read, pipe_write, holding and releasing ends), run against a
 * plain model of what it promises: never more than PIPE_CAPACITY held,
 * nothing dropped or reordered, a write of up to PIPE_ATOMIC bytes whole
 * or not at all, end of file only after the last writer and the last
 * byte, EPIPE exactly when no reader is left.
 *
 * The input is operations, one byte each plus their operands.
 */
#include "pipe.h"
#include "bytes.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint8_t model[PIPE_CAPACITY];	/* the bytes held, in order */
static char buf[3 * PIPE_CAPACITY];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes in = { data, size };
	struct pipe *p = pipe_new();
	unsigned readers = 1, writers = 1;
	size_t held = 0, n;
	uint8_t seq = 0;
	ssize_t got;
	bool eof, broken;

	assert(p);
	while (in.left && (readers || writers)) {
		uint8_t op = bytes_u8(&in);

		switch (op % 6) {
		case 0:		/* write n bytes, numbered */
			n = bytes_u32(&in) % sizeof(buf);
			for (size_t i = 0; i < n; i++)
				buf[i] = (char)(seq + i);
			got = pipe_write(p, buf, n);
			if (!readers) {
				assert(got == -EPIPE);
			} else if (got == -EAGAIN) {
				assert(n > 0 && (held == PIPE_CAPACITY ||
				       (n <= PIPE_ATOMIC &&
					held + n > PIPE_CAPACITY)));
			} else {
				assert(got >= 0 && (size_t)got <= n);
				assert((size_t)got == (n < PIPE_CAPACITY - held ?
						       n : PIPE_CAPACITY - held));
				memcpy(model + held, buf, (size_t)got);
				held += (size_t)got;
				seq = (uint8_t)(seq + got);
			}
			break;
		case 1:		/* read up to n bytes */
			n = bytes_u32(&in) % sizeof(buf);
			got = pipe_read(p, buf, n);
			if (!held && writers) {
				assert(got == -EAGAIN || (n == 0 && got == 0) ||
				       got == -EAGAIN);
			} else if (!held) {
				assert(got == 0);
			} else {
				assert(got == (ssize_t)(n < held ? n : held));
				assert(memcmp(buf, model, (size_t)got) == 0);
				memmove(model, model + got, held - (size_t)got);
				held -= (size_t)got;
			}
			break;
		case 2:
			pipe_hold(p, op & 8 ? PIPE_READ : PIPE_WRITE);
			if (op & 8)
				readers++;
			else
				writers++;
			break;
		case 3:
			if (op & 8 && readers > (writers ? 0u : 1u)) {
				pipe_release(p, PIPE_READ);
				readers--;
			} else if (!(op & 8) && writers > (readers ? 0u : 1u)) {
				pipe_release(p, PIPE_WRITE);
				writers--;
			}
			break;
		case 4:
			assert(pipe_readable(p, &eof) == held);
			assert(eof == (!writers && !held));
			break;
		default:
			assert(pipe_writable(p, &broken) ==
			       PIPE_CAPACITY - held);
			assert(broken == !readers);
			break;
		}
	}
	while (readers--)
		pipe_release(p, PIPE_READ);
	while (writers--)
		pipe_release(p, PIPE_WRITE);
	return 0;
}
