/*
 * diskhog - finding 6: fills its /data until the disk says no, then says
 * how much it wrote and what stopped it. Under a disk quota that is
 * EDQUOT at its limit ([resources] disk), and every other app can still
 * write (it tells late-writer to try); without one, it is the whole disk
 * (ENOSPC). Then it says what `df` answers for its /data: the quota's
 * size, and about what it wrote as used.
 */
#include "vyoma.h"
#include "vyoma_process.h"

static char chunk[256 * 1024];

int main(void)
{
	__wasi_fd_t fd;
	__wasi_ciovec_t iov = { (const uint8_t *)chunk, sizeof(chunk) };
	uint64_t total = 0;
	__wasi_size_t n;
	int err;

	memset(chunk, 'x', sizeof(chunk));
	err = __wasi_path_open((__wasi_fd_t)vy__data_dir(), 0, "fill.bin",
			       __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
			       __WASI_RIGHTS_FD_WRITE, 0, 0, &fd);
	while (!err) {
		err = __wasi_fd_write(fd, &iov, 1, &n);
		if (!err && n == 0)
			break;
		total += n;
	}
	vy_log("wrote ");
	vy_log_num(total >> 10);
	if (err == __WASI_ERRNO_DQUOT) {
		vy_print(" KiB, then EDQUOT");
	} else if (err == __WASI_ERRNO_NOSPC) {
		vy_print(" KiB, then ENOSPC");
	} else {
		vy_log(" KiB, then WASI error ");
		vy_log_num((uint64_t)err);
		vy_print("");
	}
	/* The answer's first row is /data, its only directory. */
	static char answer[512];
	size_t need = 0;

	if (!vy_supervise("df", answer, sizeof(answer) - 1, &need)) {
		answer[need < sizeof(answer) ? need : sizeof(answer) - 1] = '\0';
		answer[strcspn(answer, "\n")] = '\0';
		vy_print(answer);
	}
	vy_send("late-writer", "go");
	struct vy_event ev;
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
