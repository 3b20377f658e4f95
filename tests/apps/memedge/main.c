/*
 * memedge - finding 1b: malformed protocol lines whose newline is the
 * very last byte of linear memory (a draw line, a message line, a
 * console line), written straight from there. A supervisor that reads a
 * line in place past its length runs into the guard pages. Then it draws
 * a frame and says so.
 */
#include "vyoma.h"

static void write_at_end(int fd, const char *line)
{
	uint32_t top = (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
	size_t n = strlen(line);
	char *at = (char *)(top - n);
	__wasi_ciovec_t iov;
	__wasi_size_t done;

	memcpy(at, line, n);
	iov.buf = (const uint8_t *)at;
	iov.buf_len = n;
	(void)!__wasi_fd_write((__wasi_fd_t)fd, &iov, 1, &done);
}

int main(void)
{
	write_at_end(1, "VYOMA_DRAW:x\n");
	write_at_end(1, "VYOMA_DRAW:fill_rect:1,2\n");
	write_at_end(1, "@\n");
	write_at_end(1, "@nobody\n");
	write_at_end(2, "\xff\n");
	vy_fill_rect(0, 0, 50, 50, 0x00C000FF);
	vy_flush();
	vy_print("edge lines written");
	struct vy_event ev;
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
