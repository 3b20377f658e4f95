/*
 * fdhog - finding 6: opens files in its /data until it is refused,
 * says how many it got and why it stopped, then tells late-writer to go.
 */
#include <stdio.h>
#include "vyoma.h"

int main(void)
{
	struct vy_event ev;
	char name[32];
	int i, opened = 0, err = 0;

	for (i = 0; i < 100000; i++) {
		__wasi_fd_t fd;

		snprintf(name, sizeof(name), "f%d", i);
		err = __wasi_path_open((__wasi_fd_t)vy__data_dir(), 0, name,
				       __WASI_OFLAGS_CREAT,
				       __WASI_RIGHTS_FD_READ, 0, 0, &fd);
		if (err)
			break;
		opened++;
	}
	vy_log("opened ");
	vy_log_num((uint64_t)opened);
	vy_print(err == __WASI_ERRNO_MFILE ? " files, then EMFILE" :
		 " files, then another error");
	vy_send("late-writer", "go");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
	return 0;
}
