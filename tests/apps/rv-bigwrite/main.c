/*
 * rv-bigwrite - moves stdout off fd 1 (fd_renumber(1, 0): no capability
 * needed) and writes 2 MiB of draw lines in ONE fd_write on fd 0. Found
 * by the review: the shim answered fd_write only for fds 1 and 2, so
 * this write went to Wasmtime's own stdout: no 1 MiB cap per call, no
 * check for being stopped, however big the iovec. The shim now follows
 * the stream wherever it is moved, so the write is capped like any.
 */
#include <stdlib.h>
#include "vyoma.h"

#define TOTAL (2u << 20)

int main(void)
{
	static const char line[] = "VYOMA_DRAW:fill_rect:0,0,2,2,FFFFFF01\n";
	char *buf = malloc(TOTAL);
	__wasi_ciovec_t iov;
	__wasi_size_t done = 0;
	size_t n = 0;
	uint64_t t0;

	if (!buf)
		return 1;
	while (n + sizeof(line) - 1 <= TOTAL) {
		memcpy(buf + n, line, sizeof(line) - 1);
		n += sizeof(line) - 1;
	}
	if (__wasi_fd_renumber(1, 0) != 0) {
		vy_print("renumber refused");
		return 1;
	}
	iov.buf = (const uint8_t *)buf;
	iov.buf_len = n;
	vy_print("one big write on the renumbered stdout");
	t0 = vy_ms();
	(void)!__wasi_fd_write(0, &iov, 1, &done);
	vy_log("wrote ");
	vy_log_num(done);
	vy_log(" bytes in one call, ms: ");
	vy_log_num(vy_ms() - t0);
	vy_print("");
	return 0;
}
