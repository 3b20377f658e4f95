/*
 * guest.h - the only way the supervisor touches an app's linear memory.
 *
 * An app's memory is hostile input: any pointer or length in it may be
 * out of bounds, may wrap around 2^32, and may point into the very array
 * being read. So every read copies guest bytes out once, after an
 * overflow-safe bounds check, and the supervisor acts only on the copy;
 * every write is checked the same way. Nothing here keeps a pointer into
 * guest memory past the call.
 *
 * The WASI preview 1 layouts on wasm32 (little-endian, like x86-64):
 *   iovec         8 bytes: buf u32 @0, len u32 @4
 *   subscription 48 bytes: userdata u64 @0, tag u8 @8, then for a clock
 *                          id u32 @16, timeout u64 @24, precision u64 @32,
 *                          flags u16 @40; for fd_read/fd_write fd u32 @16
 *   event        32 bytes: userdata u64 @0, error u16 @8, type u8 @10,
 *                          nbytes u64 @16, flags u16 @24
 */
#ifndef VYOMA_GUEST_H
#define VYOMA_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUEST_IOVEC_SIZE 8
#define GUEST_SUB_SIZE 48
#define GUEST_EVENT_SIZE 32
/* More iovecs than this in one call is EINVAL, as IOV_MAX is on Linux. */
#define GUEST_IOV_MAX 1024
/* More subscriptions than this in one poll_oneoff is EINVAL. */
#define GUEST_SUBS_MAX 4096

/* WASI errno values the supervisor answers with. */
#define GUEST_ERRNO_2BIG 1
#define GUEST_ERRNO_ACCES 2
#define GUEST_ERRNO_AGAIN 6
#define GUEST_ERRNO_BADF 8
#define GUEST_ERRNO_BUSY 10
#define GUEST_ERRNO_CHILD 12
#define GUEST_ERRNO_CONNREFUSED 14
#define GUEST_ERRNO_CONNRESET 15
#define GUEST_ERRNO_DQUOT 19
#define GUEST_ERRNO_FAULT 21
#define GUEST_ERRNO_INPROGRESS 26
#define GUEST_ERRNO_INTR 27
#define GUEST_ERRNO_INVAL 28
#define GUEST_ERRNO_IO 29
#define GUEST_ERRNO_ISDIR 31
#define GUEST_ERRNO_MFILE 33
#define GUEST_ERRNO_NAMETOOLONG 37
#define GUEST_ERRNO_NFILE 41
#define GUEST_ERRNO_NODEV 43
#define GUEST_ERRNO_NOENT 44
#define GUEST_ERRNO_NOEXEC 45
#define GUEST_ERRNO_NOMEM 48
#define GUEST_ERRNO_NOSPC 51
#define GUEST_ERRNO_NOTDIR 54
#define GUEST_ERRNO_NOTSOCK 57
#define GUEST_ERRNO_NOTSUP 58
#define GUEST_ERRNO_PERM 63
#define GUEST_ERRNO_PIPE 64
#define GUEST_ERRNO_ROFS 69
#define GUEST_ERRNO_TIMEDOUT 73
#define GUEST_ERRNO_NOTCAPABLE 76

enum guest_sub_kind { GUEST_SUB_CLOCK, GUEST_SUB_FD_READ, GUEST_SUB_FD_WRITE };

/* An app's memory as seen at one moment: base and size in bytes. */
struct guest_mem {
	uint8_t *base;
	size_t size;
};

/* One iovec, copied out and checked: [off, off + len) lies in memory. */
struct guest_iov {
	uint32_t off, len;
};

/* One subscription, copied out and decoded. */
struct guest_sub {
	uint64_t userdata;
	enum guest_sub_kind kind;
	uint32_t fd;		/* fd_read / fd_write */
	uint32_t clock_id;	/* clock */
	uint64_t timeout;
	bool absolute;		/* clock: timeout is a time, not a duration */
};

/* One event to write back. */
struct guest_event {
	uint64_t userdata;
	uint16_t error;
	uint8_t type;		/* enum guest_sub_kind */
	uint64_t nbytes;
	bool hangup;
};

/* Is [off, off + len) inside memory? Never overflows. */
bool guest_range_ok(const struct guest_mem *m, uint64_t off, uint64_t len);

/* Copies len bytes in or out; returns 0 or GUEST_ERRNO_FAULT. */
int guest_read(const struct guest_mem *m, uint32_t off, void *dst,
	       size_t len);
int guest_write(const struct guest_mem *m, uint32_t off, const void *src,
		size_t len);

/*
 * Copies count iovecs at off into out (room for count) and checks
 * that each buffer lies in memory. Returns 0, GUEST_ERRNO_INVAL (too
 * many) or GUEST_ERRNO_FAULT (the array or a buffer out of bounds).
 */
int guest_iovecs(const struct guest_mem *m, uint32_t off, uint32_t count,
		 struct guest_iov *out);

/*
 * Copies n subscriptions at off into out (room for n) and decodes them.
 * Returns 0, GUEST_ERRNO_INVAL (n is 0, more than GUEST_SUBS_MAX, or an
 * unknown tag) or GUEST_ERRNO_FAULT.
 */
int guest_subscriptions(const struct guest_mem *m, uint32_t off, uint32_t n,
			struct guest_sub *out);

/*
 * Splits a block of NUL-terminated strings, already copied out of the
 * app, into out (room for max): every string must end inside the block,
 * and with variables each must be "NAME=value" (a name, then '='; "=x"
 * and "NAME" are refused). Returns the count, or -1.
 */
int guest_strings(char *block, size_t len, const char **out, size_t max,
		  bool variables);

/* Writes events[0..n) as WASI events at off; 0 or GUEST_ERRNO_FAULT. */
int guest_events(const struct guest_mem *m, uint32_t off,
		 const struct guest_event *events, uint32_t n);

/*
 * A deadline on one monotonic clock (ns) for a clock subscription, given
 * the readings now of the monotonic clock (mono), the realtime clock
 * (real) and the apps' monotonic epoch. A timeout too far away to
 * represent is UINT64_MAX (never), not a wrap into the past. Returns
 * false for a clock that cannot be waited on.
 */
bool guest_clock_deadline(const struct guest_sub *s, uint64_t mono,
			  uint64_t real, uint64_t epoch, uint64_t *deadline);

#endif
