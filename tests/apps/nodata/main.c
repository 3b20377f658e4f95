/*
 * nodata - lacks the filesystem capability: both the SDK helper and plain
 * libc must find no /data, and no preopened directory at all.
 */
#include <stdio.h>
#include "vyoma.h"

int main(void)
{
	__wasi_prestat_t ps;
	FILE *f = fopen("/data/stolen.txt", "w");

	vy_print(vy_data_write("stolen.txt", "x", 1) == 0 ? "sdk write ok" :
		 "sdk write denied");
	vy_print(f ? "libc write ok" : "libc write denied");
	vy_print(__wasi_fd_prestat_get(3, &ps) == 0 ? "has a preopen" :
		 "no preopens");
	return 0;
}
