/*
 * net-probe - looks for any socket it could use: a socket among its
 * descriptors, or one it can accept on. Prints "sockets N" and the
 * accept verdict.
 */
#include "vyoma.h"

int main(void)
{
	int sockets = 0, accepted = 0;
	char buf[12];
	__wasi_fd_t fd;

	for (fd = 0; fd < 64; fd++) {
		__wasi_fdstat_t st;
		__wasi_fd_t conn;

		if (__wasi_fd_fdstat_get(fd, &st) == 0 &&
		    (st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM ||
		     st.fs_filetype == __WASI_FILETYPE_SOCKET_DGRAM))
			sockets++;
		if (__wasi_sock_accept(fd, 0, &conn) == 0)
			accepted++;
	}
	vy_utoa(buf, (uint32_t)sockets);
	vy_log("sockets ");
	vy_print(buf);
	vy_print(accepted ? "accept ok" : "accept denied");
	return 0;
}
