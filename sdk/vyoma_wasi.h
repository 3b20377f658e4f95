/*
 * vyoma_wasi.h - WASI preview 1's calls, imported directly. wasi-libc's
 * __wasi_* functions are wrappers around the imports (a call and a
 * 16-bit cut of the result, 14-30 bytes each) that stay out of line in
 * every module calling them: 24 KB over the catalogue. Every SDK header
 * includes this one after <wasi/api.h>, so an app's calls, written with
 * <wasi/api.h>'s names and arguments, reach the imports themselves.
 *
 * The calls that take a path take it NUL-terminated, as wasi-libc's do,
 * and pass its length on (the import wants both). Each declaration is
 * the import's own signature (WASI preview 1's witx): a wrong one fails
 * at instantiation, in every app's test.
 */
#ifndef VYOMA_WASI_H
#define VYOMA_WASI_H

#include <stdint.h>
#include <string.h>
#include <wasi/api.h>

#define VY__WASI(name) __attribute__((import_module("wasi_snapshot_preview1"), \
					import_name(#name)))

VY__WASI(args_get) int32_t vy__args_get(uint8_t **argv, uint8_t *buf);
VY__WASI(args_sizes_get) int32_t vy__args_sizes_get(__wasi_size_t *argc,
						    __wasi_size_t *size);
VY__WASI(environ_get) int32_t vy__environ_get(uint8_t **env, uint8_t *buf);
VY__WASI(environ_sizes_get) int32_t vy__environ_sizes_get(
	__wasi_size_t *count, __wasi_size_t *size);
VY__WASI(clock_time_get) int32_t vy__clock_time_get(
	__wasi_clockid_t id, __wasi_timestamp_t precision,
	__wasi_timestamp_t *time);
VY__WASI(fd_close) int32_t vy__fd_close(__wasi_fd_t fd);
VY__WASI(fd_fdstat_get) int32_t vy__fd_fdstat_get(__wasi_fd_t fd,
						  __wasi_fdstat_t *stat);
VY__WASI(fd_fdstat_set_flags) int32_t vy__fd_fdstat_set_flags(
	__wasi_fd_t fd, __wasi_fdflags_t flags);
VY__WASI(fd_filestat_get) int32_t vy__fd_filestat_get(
	__wasi_fd_t fd, __wasi_filestat_t *stat);
VY__WASI(fd_filestat_set_size) int32_t vy__fd_filestat_set_size(
	__wasi_fd_t fd, __wasi_filesize_t size);
VY__WASI(fd_prestat_get) int32_t vy__fd_prestat_get(__wasi_fd_t fd,
						    __wasi_prestat_t *stat);
VY__WASI(fd_prestat_dir_name) int32_t vy__fd_prestat_dir_name(
	__wasi_fd_t fd, uint8_t *path, __wasi_size_t len);
VY__WASI(fd_read) int32_t vy__fd_read(__wasi_fd_t fd,
				      const __wasi_iovec_t *iovs,
				      size_t iovs_len, __wasi_size_t *nread);
VY__WASI(fd_readdir) int32_t vy__fd_readdir(__wasi_fd_t fd, uint8_t *buf,
					    __wasi_size_t len,
					    __wasi_dircookie_t cookie,
					    __wasi_size_t *used);
VY__WASI(fd_seek) int32_t vy__fd_seek(__wasi_fd_t fd,
				      __wasi_filedelta_t offset,
				      __wasi_whence_t whence,
				      __wasi_filesize_t *pos);
VY__WASI(fd_sync) int32_t vy__fd_sync(__wasi_fd_t fd);
VY__WASI(fd_write) int32_t vy__fd_write(__wasi_fd_t fd,
					const __wasi_ciovec_t *iovs,
					size_t iovs_len,
					__wasi_size_t *nwritten);
VY__WASI(poll_oneoff) int32_t vy__poll_oneoff(
	const __wasi_subscription_t *in, __wasi_event_t *out,
	__wasi_size_t nsubscriptions, __wasi_size_t *nevents);
VY__WASI(proc_exit) _Noreturn void vy__proc_exit(__wasi_exitcode_t rval);
VY__WASI(random_get) int32_t vy__random_get(uint8_t *buf, __wasi_size_t len);
VY__WASI(sock_accept) int32_t vy__sock_accept(__wasi_fd_t fd,
					      __wasi_fdflags_t flags,
					      __wasi_fd_t *conn);
VY__WASI(sock_shutdown) int32_t vy__sock_shutdown(__wasi_fd_t fd,
						  __wasi_sdflags_t how);

#define __wasi_args_get vy__args_get
#define __wasi_args_sizes_get vy__args_sizes_get
#define __wasi_environ_get vy__environ_get
#define __wasi_environ_sizes_get vy__environ_sizes_get
#define __wasi_clock_time_get vy__clock_time_get
#define __wasi_fd_close vy__fd_close
#define __wasi_fd_fdstat_get vy__fd_fdstat_get
#define __wasi_fd_fdstat_set_flags vy__fd_fdstat_set_flags
#define __wasi_fd_filestat_get vy__fd_filestat_get
#define __wasi_fd_filestat_set_size vy__fd_filestat_set_size
#define __wasi_fd_prestat_get vy__fd_prestat_get
#define __wasi_fd_prestat_dir_name vy__fd_prestat_dir_name
#define __wasi_fd_read vy__fd_read
#define __wasi_fd_readdir vy__fd_readdir
#define __wasi_fd_seek vy__fd_seek
#define __wasi_fd_sync vy__fd_sync
#define __wasi_fd_write vy__fd_write
#define __wasi_poll_oneoff vy__poll_oneoff
#define __wasi_proc_exit vy__proc_exit
#define __wasi_random_get vy__random_get
#define __wasi_sock_accept vy__sock_accept
#define __wasi_sock_shutdown vy__sock_shutdown

/* ---- the calls that take paths ---------------------------------------- */

VY__WASI(path_create_directory) int32_t vy__path_create_directory_n(
	__wasi_fd_t fd, const char *path, size_t len);
VY__WASI(path_filestat_get) int32_t vy__path_filestat_get_n(
	__wasi_fd_t fd, __wasi_lookupflags_t flags, const char *path,
	size_t len, __wasi_filestat_t *stat);
VY__WASI(path_filestat_set_times) int32_t vy__path_filestat_set_times_n(
	__wasi_fd_t fd, __wasi_lookupflags_t flags, const char *path,
	size_t len, __wasi_timestamp_t atim, __wasi_timestamp_t mtim,
	__wasi_fstflags_t fst_flags);
VY__WASI(path_link) int32_t vy__path_link_n(
	__wasi_fd_t old_fd, __wasi_lookupflags_t old_flags,
	const char *old_path, size_t old_len, __wasi_fd_t new_fd,
	const char *new_path, size_t new_len);
VY__WASI(path_open) int32_t vy__path_open_n(
	__wasi_fd_t fd, __wasi_lookupflags_t dirflags, const char *path,
	size_t len, __wasi_oflags_t oflags, __wasi_rights_t base,
	__wasi_rights_t inheriting, __wasi_fdflags_t fdflags,
	__wasi_fd_t *opened);
VY__WASI(path_readlink) int32_t vy__path_readlink_n(
	__wasi_fd_t fd, const char *path, size_t len, uint8_t *buf,
	__wasi_size_t buf_len, __wasi_size_t *used);
VY__WASI(path_remove_directory) int32_t vy__path_remove_directory_n(
	__wasi_fd_t fd, const char *path, size_t len);
VY__WASI(path_rename) int32_t vy__path_rename_n(
	__wasi_fd_t fd, const char *old_path, size_t old_len,
	__wasi_fd_t new_fd, const char *new_path, size_t new_len);
VY__WASI(path_symlink) int32_t vy__path_symlink_n(
	const char *old_path, size_t old_len, __wasi_fd_t fd,
	const char *new_path, size_t new_len);
VY__WASI(path_unlink_file) int32_t vy__path_unlink_file_n(
	__wasi_fd_t fd, const char *path, size_t len);

#define __wasi_path_create_directory(fd, path) \
	vy__path_create_directory_n(fd, path, strlen(path))
#define __wasi_path_filestat_get(fd, flags, path, stat) \
	vy__path_filestat_get_n(fd, flags, path, strlen(path), stat)
#define __wasi_path_filestat_set_times(fd, flags, path, atim, mtim, fst) \
	vy__path_filestat_set_times_n(fd, flags, path, strlen(path), atim, \
				      mtim, fst)
#define __wasi_path_link(ofd, oflags, opath, nfd, npath) \
	vy__path_link_n(ofd, oflags, opath, strlen(opath), nfd, npath, \
			strlen(npath))
#define __wasi_path_open(fd, df, path, of, base, inh, ff, opened) \
	vy__path_open_n(fd, df, path, strlen(path), of, base, inh, ff, opened)
#define __wasi_path_readlink(fd, path, buf, len, used) \
	vy__path_readlink_n(fd, path, strlen(path), buf, len, used)
#define __wasi_path_remove_directory(fd, path) \
	vy__path_remove_directory_n(fd, path, strlen(path))
#define __wasi_path_rename(fd, opath, nfd, npath) \
	vy__path_rename_n(fd, opath, strlen(opath), nfd, npath, strlen(npath))
#define __wasi_path_symlink(opath, fd, npath) \
	vy__path_symlink_n(opath, strlen(opath), fd, npath, strlen(npath))
#define __wasi_path_unlink_file(fd, path) \
	vy__path_unlink_file_n(fd, path, strlen(path))

#endif
