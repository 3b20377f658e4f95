/*
 * test_guest.c - the guest-memory layer every shimmed WASI call goes
 * through: bounds that cannot wrap, iovec and subscription arrays copied
 * once (so an app cannot change them mid-call), events written only
 * inside memory, and clock deadlines that saturate instead of wrapping
 * into the past.
 *
 * The fake guest memory sits right before an inaccessible page, as an
 * app's memory sits before Wasmtime's guard pages: any read or write past
 * its end kills this test with SIGSEGV instead of passing quietly.
 */
#include "check.h"
#include "guest.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define MEM_SIZE (64 * 1024)

static struct guest_mem mem;

static void setup(void)
{
	long page = sysconf(_SC_PAGESIZE);
	uint8_t *p = mmap(NULL, MEM_SIZE + (size_t)page,
			  PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		abort();
	mprotect(p + MEM_SIZE, (size_t)page, PROT_NONE);
	mem.base = p;
	mem.size = MEM_SIZE;
}

static void put32(uint32_t off, uint32_t v)
{
	memcpy(mem.base + off, &v, 4);
}

static void put64(uint32_t off, uint64_t v)
{
	memcpy(mem.base + off, &v, 8);
}

static void test_ranges(void)
{
	CHECK(guest_range_ok(&mem, 0, MEM_SIZE));
	CHECK(guest_range_ok(&mem, MEM_SIZE, 0));
	CHECK(guest_range_ok(&mem, MEM_SIZE - 1, 1));
	CHECK(!guest_range_ok(&mem, MEM_SIZE - 1, 2));
	CHECK(!guest_range_ok(&mem, MEM_SIZE + 1, 0));
	/* Sums that would wrap in 32 or 64 bits. */
	CHECK(!guest_range_ok(&mem, 0xFFFFFFF8u, 16));
	CHECK(!guest_range_ok(&mem, 8, 0xFFFFFFFFu));
	CHECK(!guest_range_ok(&mem, UINT64_MAX, 2));
	CHECK(!guest_range_ok(&mem, 2, UINT64_MAX));
	CHECK(!guest_range_ok(&mem, UINT64_MAX - 1, UINT64_MAX - 1));
}

static void test_copies(void)
{
	uint8_t buf[16];

	CHECK_INT(guest_read(&mem, MEM_SIZE - 16, buf, 16), 0);
	CHECK_INT(guest_read(&mem, MEM_SIZE - 15, buf, 16), GUEST_ERRNO_FAULT);
	CHECK_INT(guest_write(&mem, MEM_SIZE - 4, "abcd", 4), 0);
	CHECK_INT(guest_write(&mem, MEM_SIZE - 3, "abcd", 4),
		  GUEST_ERRNO_FAULT);
	CHECK_INT(guest_write(&mem, 0xFFFFFFFFu, "a", 1), GUEST_ERRNO_FAULT);
}

static void test_iovecs(void)
{
	struct guest_iov iov[GUEST_IOV_MAX];
	uint32_t i;

	/* Two good iovecs. */
	put32(100, 1000);
	put32(104, 10);
	put32(108, 2000);
	put32(112, 20);
	CHECK_INT(guest_iovecs(&mem, 100, 2, iov), 0);
	CHECK_INT(iov[0].off, 1000);
	CHECK_INT(iov[1].len, 20);
	/* The array itself out of bounds, or wrapping. */
	CHECK_INT(guest_iovecs(&mem, MEM_SIZE - 8, 2, iov), GUEST_ERRNO_FAULT);
	CHECK_INT(guest_iovecs(&mem, 0xFFFFFFF8u, 2, iov), GUEST_ERRNO_FAULT);
	/* A count whose byte size wraps 32 bits. */
	CHECK_INT(guest_iovecs(&mem, 0, 0x20000001u, iov), GUEST_ERRNO_INVAL);
	/* A buffer past the end, and one whose end wraps. */
	put32(112, MEM_SIZE);
	CHECK_INT(guest_iovecs(&mem, 100, 2, iov), GUEST_ERRNO_FAULT);
	put32(108, 0xFFFFFFF0u);
	put32(112, 0x20);
	CHECK_INT(guest_iovecs(&mem, 100, 2, iov), GUEST_ERRNO_FAULT);
	/* Too many is EINVAL, as IOV_MAX is. */
	CHECK_INT(guest_iovecs(&mem, 0, GUEST_IOV_MAX + 1, iov),
		  GUEST_ERRNO_INVAL);
	/* Zero iovecs at any address in memory: nothing to check. */
	CHECK_INT(guest_iovecs(&mem, MEM_SIZE, 0, iov), 0);
	/* A buffer overlapping its own array is allowed; what we use is
	 * the copy, so a write through iov[0] cannot move iov[1]. */
	put32(200, 200);
	put32(204, 16);
	put32(208, 4000);
	put32(212, 4);
	CHECK_INT(guest_iovecs(&mem, 200, 2, iov), 0);
	memset(mem.base + 200, 0x7a, 16);	/* the app's "message" */
	CHECK_INT(iov[1].off, 4000);
	CHECK_INT(iov[1].len, 4);
	/* A full array at the very end of memory. */
	for (i = 0; i < GUEST_IOV_MAX; i++) {
		put32(MEM_SIZE - GUEST_IOV_MAX * 8 + i * 8, i);
		put32(MEM_SIZE - GUEST_IOV_MAX * 8 + i * 8 + 4, 1);
	}
	CHECK_INT(guest_iovecs(&mem, MEM_SIZE - GUEST_IOV_MAX * 8,
			       GUEST_IOV_MAX, iov), 0);
	CHECK_INT(iov[GUEST_IOV_MAX - 1].off, GUEST_IOV_MAX - 1);
}

static void put_sub(uint32_t off, uint64_t userdata, uint8_t tag,
		    uint32_t id_or_fd, uint64_t timeout, uint16_t flags)
{
	memset(mem.base + off, 0, GUEST_SUB_SIZE);
	put64(off, userdata);
	mem.base[off + 8] = tag;
	put32(off + 16, id_or_fd);
	put64(off + 24, timeout);
	memcpy(mem.base + off + 40, &flags, 2);
}

static void test_subscriptions(void)
{
	struct guest_sub subs[4];
	uint32_t base = 4096;

	put_sub(base, 7, 0, 1, 5000, 0);
	put_sub(base + 48, 8, 1, 0, 0, 0);
	put_sub(base + 96, 9, 2, 1, 0, 0);
	put_sub(base + 144, 10, 0, 0, 123, 1);
	CHECK_INT(guest_subscriptions(&mem, base, 4, subs), 0);
	CHECK_INT(subs[0].kind, GUEST_SUB_CLOCK);
	CHECK_INT(subs[0].userdata, 7);
	CHECK_INT(subs[0].clock_id, 1);
	CHECK_INT(subs[0].timeout, 5000);
	CHECK(!subs[0].absolute);
	CHECK_INT(subs[1].kind, GUEST_SUB_FD_READ);
	CHECK_INT(subs[1].fd, 0);
	CHECK_INT(subs[2].kind, GUEST_SUB_FD_WRITE);
	CHECK_INT(subs[2].fd, 1);
	CHECK(subs[3].absolute);
	/* n = 0, too many, an unknown tag, out of bounds, wrapping. */
	CHECK_INT(guest_subscriptions(&mem, base, 0, subs), GUEST_ERRNO_INVAL);
	CHECK_INT(guest_subscriptions(&mem, base, GUEST_SUBS_MAX + 1, subs),
		  GUEST_ERRNO_INVAL);
	put_sub(base + 48, 8, 9, 0, 0, 0);
	CHECK_INT(guest_subscriptions(&mem, base, 2, subs), GUEST_ERRNO_INVAL);
	CHECK_INT(guest_subscriptions(&mem, MEM_SIZE - 47, 1, subs),
		  GUEST_ERRNO_FAULT);
	CHECK_INT(guest_subscriptions(&mem, 0xFFFFFFF0u, 1, subs),
		  GUEST_ERRNO_FAULT);
	/* Exactly at the end of memory. */
	put_sub(MEM_SIZE - 48, 1, 0, 0, 1, 0);
	CHECK_INT(guest_subscriptions(&mem, MEM_SIZE - 48, 1, subs), 0);
}

static void test_events(void)
{
	struct guest_event ev[2] = {
		{ 11, 0, GUEST_SUB_FD_READ, 42, true },
		{ 12, GUEST_ERRNO_BADF, GUEST_SUB_FD_READ, 0, false },
	};
	uint64_t u;
	uint16_t v;

	CHECK_INT(guest_events(&mem, 8192, ev, 2), 0);
	memcpy(&u, mem.base + 8192, 8);
	CHECK_INT(u, 11);
	CHECK_INT(mem.base[8192 + 10], GUEST_SUB_FD_READ);
	memcpy(&u, mem.base + 8192 + 16, 8);
	CHECK_INT(u, 42);
	memcpy(&v, mem.base + 8192 + 24, 2);
	CHECK_INT(v, 1);			/* hangup */
	memcpy(&v, mem.base + 8192 + 32 + 8, 2);
	CHECK_INT(v, GUEST_ERRNO_BADF);
	CHECK_INT(guest_events(&mem, MEM_SIZE - 63, ev, 2), GUEST_ERRNO_FAULT);
	CHECK_INT(guest_events(&mem, MEM_SIZE - 64, ev, 2), 0);
	CHECK_INT(guest_events(&mem, 0xFFFFFFE0u, ev, 2), GUEST_ERRNO_FAULT);
}

static void test_deadlines(void)
{
	struct guest_sub s = { 0 };
	uint64_t d;

	s.kind = GUEST_SUB_CLOCK;
	s.clock_id = 1;
	s.timeout = 500;
	CHECK(guest_clock_deadline(&s, 1000, 0, 100, &d));
	CHECK_INT(d, 1500);
	/* A relative timeout near UINT64_MAX is "never", not the past. */
	s.timeout = UINT64_MAX - 10;
	CHECK(guest_clock_deadline(&s, 1000, 0, 100, &d));
	CHECK(d == UINT64_MAX);
	/* Absolute monotonic: from the apps' epoch, also saturating. */
	s.absolute = true;
	s.timeout = 50;
	CHECK(guest_clock_deadline(&s, 1000, 0, 100, &d));
	CHECK_INT(d, 150);
	s.timeout = UINT64_MAX;
	CHECK(guest_clock_deadline(&s, 1000, 0, 100, &d));
	CHECK(d == UINT64_MAX);
	/* Absolute realtime: the distance from now on the wall clock. */
	s.clock_id = 0;
	s.timeout = 9000;
	CHECK(guest_clock_deadline(&s, 1000, 8000, 100, &d));
	CHECK_INT(d, 2000);
	s.timeout = 10;			/* already past */
	CHECK(guest_clock_deadline(&s, 1000, 8000, 100, &d));
	CHECK_INT(d, 1000);
	s.timeout = UINT64_MAX;		/* far away, not wrapped */
	CHECK(guest_clock_deadline(&s, 1000, 8000, 100, &d));
	CHECK(d > UINT64_MAX - 8000);
	CHECK(guest_clock_deadline(&s, UINT64_MAX - 5, 0, 100, &d));
	CHECK(d == UINT64_MAX);
	/* CPU-time clocks cannot be waited on. */
	s.clock_id = 2;
	CHECK(!guest_clock_deadline(&s, 1000, 8000, 100, &d));
	s.clock_id = 0xFFFFFFFFu;
	CHECK(!guest_clock_deadline(&s, 1000, 8000, 100, &d));
}

/* spawn's argument and environment blocks, copied out of the app. */
static void test_strings(void)
{
	static const struct {
		const char *block;
		size_t len;
		bool variables;
		int want;
	} cases[] = {
		{ "", 0, false, 0 },
		{ "a\0bc\0\0", 6, false, 3 },	/* an empty argument is one */
		{ "abc", 3, false, -1 },		/* not terminated */
		{ "a\0bc", 4, false, -1 },		/* the last one not */
		{ "A=1\0B=\0", 7, true, 2 },	/* an empty value is fine */
		{ "A=1\0=x\0", 7, true, -1 },	/* no name */
		{ "A=1\0B\0", 6, true, -1 },	/* no '=' */
		{ "\0", 1, true, -1 },		/* empty */
		{ "A=b=c\0", 6, true, 1 },	/* '=' in the value */
	};
	const char *out[4];
	char block[16];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(block, cases[i].block, cases[i].len);
		CHECK_INT(guest_strings(block, cases[i].len, out, 4,
					cases[i].variables), cases[i].want);
	}
	memcpy(block, "x\0y\0z\0", 6);
	CHECK_INT(guest_strings(block, 6, out, 2, false), -1);	/* over max */
	CHECK_INT(guest_strings(block, 6, out, 3, false), 3);
	CHECK_STR(out[2], "z");
}

int main(void)
{
	setup();
	test_strings();
	test_ranges();
	test_copies();
	test_iovecs();
	test_subscriptions();
	test_events();
	test_deadlines();
	return check_summary("guest");
}
