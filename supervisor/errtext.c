/*
 * errtext.c - WASI errnos in glibc's words (errtext.h).
 *
 * WASI's errnos are POSIX's, numbered alphabetically by name; the table
 * gives each its Linux errno, and glibc says it (strerrordesc_np: the
 * untranslated text, whatever the locale). Data in WASI's order, so
 * the unit test can check every row's name against wasi-libc's header.
 */
#include "errtext.h"

#include <errno.h>
#include <string.h>

#define WASI_PERM 63
#define WASI_NOTCAPABLE 76

static const unsigned char linux_errno[] = {
	0, E2BIG, EACCES, EADDRINUSE, EADDRNOTAVAIL, EAFNOSUPPORT, EAGAIN,
	EALREADY, EBADF, EBADMSG, EBUSY, ECANCELED, ECHILD, ECONNABORTED,
	ECONNREFUSED, ECONNRESET, EDEADLK, EDESTADDRREQ, EDOM, EDQUOT,
	EEXIST, EFAULT, EFBIG, EHOSTUNREACH, EIDRM, EILSEQ, EINPROGRESS,
	EINTR, EINVAL, EIO, EISCONN, EISDIR, ELOOP, EMFILE, EMLINK,
	EMSGSIZE, EMULTIHOP, ENAMETOOLONG, ENETDOWN, ENETRESET, ENETUNREACH,
	ENFILE, ENOBUFS, ENODEV, ENOENT, ENOEXEC, ENOLCK, ENOLINK, ENOMEM,
	ENOMSG, ENOPROTOOPT, ENOSPC, ENOSYS, ENOTCONN, ENOTDIR, ENOTEMPTY,
	ENOTRECOVERABLE, ENOTSOCK, ENOTSUP, ENOTTY, ENXIO, EOVERFLOW,
	EOWNERDEAD, EPERM, EPIPE, EPROTO, EPROTONOSUPPORT, EPROTOTYPE,
	ERANGE, EROFS, ESPIPE, ESRCH, ESTALE, ETIMEDOUT, ETXTBSY, EXDEV,
	0,	/* NOTCAPABLE */
};

_Static_assert(sizeof(linux_errno) == WASI_NOTCAPABLE + 1,
	       "one row for each of WASI's errnos");
_Static_assert(ENOTRECOVERABLE < 256 && EHWPOISON < 256,
	       "Linux's errnos fit the table's bytes");

int errtext_linux_errno(uint32_t err)
{
	return err < sizeof(linux_errno) ? linux_errno[err] : 0;
}

const char *errtext(uint32_t err)
{
	const char *text;

	if (err == 0)
		return "Success";
	/* Wasmtime answers PERM where an app steps outside its grants
	 * ("..", a read-only grant), which Linux refuses with EACCES: the
	 * words the tools' own table, and GNU's tools, give there. */
	if (err == WASI_NOTCAPABLE || err == WASI_PERM)
		return "Permission denied";
	text = err < sizeof(linux_errno) ?
	       strerrordesc_np(linux_errno[err]) : NULL;
	if (!text || strlen(text) > ERRTEXT_MAX)
		return "Unknown error";
	return text;
}
