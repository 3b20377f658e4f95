/*
 * shimprobe - calls every WASI function the supervisor answers itself
 * with hostile arguments: iovec arrays and buffers out of bounds or
 * wrapping around 4 GiB, an iovec whose buffer overlaps the iovec array
 * (so the line read into it rewrites the next iovec), subscriptions and
 * events out of bounds, timeouts near UINT64_MAX, descriptors it does not
 * hold, aliased iovecs asking to write terabytes. Prints "ok <what>" or
 * "FAIL <what>" for each, then blocks in a poll with 100 subscriptions
 * (which the supervisor must still be able to interrupt).
 */
#include "vyoma.h"

#define ERR_BADF 8
#define ERR_FAULT 21
#define ERR_INVAL 28
#define ERR_NOTSUP 58

static uint32_t mem_size(void)
{
	return (uint32_t)__builtin_wasm_memory_size(0) * 65536u;
}

static void result(const char *what, int ok)
{
	vy_log(ok ? "ok " : "FAIL ");
	vy_print(what);
}

/* Raw calls: pointers as plain numbers, as a hostile app would pass. */
static int raw_read(uint32_t iovs, uint32_t n, uint32_t out)
{
	return __wasi_fd_read(0, (const __wasi_iovec_t *)iovs, n,
			      (__wasi_size_t *)out);
}

static int raw_write(int fd, uint32_t iovs, uint32_t n, uint32_t out)
{
	return __wasi_fd_write((__wasi_fd_t)fd,
			       (const __wasi_ciovec_t *)iovs, n,
			       (__wasi_size_t *)out);
}

static int raw_poll(uint32_t in, uint32_t out, uint32_t n, uint32_t nout)
{
	return __wasi_poll_oneoff((const __wasi_subscription_t *)in,
				  (__wasi_event_t *)out, n,
				  (__wasi_size_t *)nout);
}

static void clock_sub(__wasi_subscription_t *s, uint64_t id, uint32_t clock,
		      uint64_t timeout)
{
	memset(s, 0, sizeof(*s));
	s->userdata = id;
	s->u.tag = __WASI_EVENTTYPE_CLOCK;
	s->u.u.clock.id = clock;
	s->u.u.clock.timeout = timeout;
}

static uint32_t overlap_iov[4] __attribute__((aligned(16)));
static char tail_buf[128];

/*
 * Finding 1a: iov[0]'s buffer is the iovec array itself. The reply read
 * into it rewrites iov[1] with text; a supervisor that looks at iov[1]
 * again writes wherever that text points.
 */
static void overlapping_iovecs(void)
{
	static const char want[] = "or permission denied";
	__wasi_size_t n = 0;
	struct vy_event ev;
	int err;

	vy_send("supervisor", "zzzzzzzz");	/* no shell: an error reply */
	vy__wait_stdin(-1);
	overlap_iov[0] = (uint32_t)overlap_iov;
	overlap_iov[1] = 16;
	overlap_iov[2] = (uint32_t)tail_buf;
	overlap_iov[3] = 20;
	err = raw_read((uint32_t)overlap_iov, 2, (uint32_t)&n);
	/* "@supervisor: err" went over the array; the next 20 bytes went
	 * where iov[1] said before the read. */
	result("overlapping iovecs read into the buffers given at the call",
	       err == 0 && n == 36 && memcmp(tail_buf, want, 20) == 0 &&
	       memcmp(overlap_iov, "@supervisor: err", 16) == 0);
	/* Drain the rest of that reply line. */
	vy__in_len = 0;
	while (vy_next_event(&ev, 0) != VY_EV_TIMEOUT)
		;
}

static void bad_iovecs(void)
{
	uint32_t top = mem_size();
	static uint32_t iov[2];
	static __wasi_size_t n;

	iov[0] = top - 8;
	iov[1] = 16;
	result("fd_read: buffer past the end is EFAULT",
	       raw_read((uint32_t)iov, 1, (uint32_t)&n) == ERR_FAULT);
	iov[0] = 0xFFFFFFF0u;
	iov[1] = 0x20;
	result("fd_read: buffer wrapping 4 GiB is EFAULT",
	       raw_read((uint32_t)iov, 1, (uint32_t)&n) == ERR_FAULT);
	result("fd_read: iovec array past the end is EFAULT",
	       raw_read(top - 4, 1, (uint32_t)&n) == ERR_FAULT);
	result("fd_read: iovec array wrapping is EFAULT",
	       raw_read(0xFFFFFFF8u, 2, (uint32_t)&n) == ERR_FAULT);
	result("fd_read: too many iovecs is EINVAL",
	       raw_read((uint32_t)iov, 0x20000001u, (uint32_t)&n) == ERR_INVAL);
	iov[0] = (uint32_t)tail_buf;
	iov[1] = 4;
	result("fd_read: result pointer past the end is EFAULT",
	       raw_read((uint32_t)iov, 1, top - 2) == ERR_FAULT);
	iov[0] = top - 4;
	iov[1] = 8;
	result("fd_write: buffer past the end is EFAULT",
	       raw_write(2, (uint32_t)iov, 1, (uint32_t)&n) == ERR_FAULT);
	result("fd_write: iovec array wrapping is EFAULT",
	       raw_write(1, 0xFFFFFFFCu, 1, (uint32_t)&n) == ERR_FAULT);
}

static void bad_polls(void)
{
	static __wasi_subscription_t subs[20];
	static __wasi_event_t events[20];
	static __wasi_size_t n;
	uint32_t top = mem_size();
	__wasi_timestamp_t t;

	clock_sub(&subs[0], 1, __WASI_CLOCKID_MONOTONIC, 1000);
	result("poll: no subscriptions is EINVAL",
	       raw_poll((uint32_t)subs, (uint32_t)events, 0,
			(uint32_t)&n) == ERR_INVAL);
	result("poll: 5000 subscriptions is EINVAL",
	       raw_poll((uint32_t)subs, (uint32_t)events, 5000,
			(uint32_t)&n) == ERR_INVAL);
	result("poll: subscriptions past the end are EFAULT",
	       raw_poll(top - 40, (uint32_t)events, 1,
			(uint32_t)&n) == ERR_FAULT);
	result("poll: events past the end are EFAULT",
	       raw_poll((uint32_t)subs, top - 16, 1,
			(uint32_t)&n) == ERR_FAULT);
	result("poll: count pointer past the end is EFAULT",
	       raw_poll((uint32_t)subs, (uint32_t)events, 1, top - 1) ==
	       ERR_FAULT);
	subs[0].u.tag = 9;
	result("poll: an unknown subscription type is EINVAL",
	       raw_poll((uint32_t)subs, (uint32_t)events, 1,
			(uint32_t)&n) == ERR_INVAL);

	/* A descriptor it does not hold: answered at once, EBADF. */
	memset(&subs[0], 0, sizeof(subs[0]));
	subs[0].userdata = 5;
	subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
	subs[0].u.u.fd_read.file_descriptor = 77;
	result("poll: a descriptor it does not hold is EBADF",
	       raw_poll((uint32_t)subs, (uint32_t)events, 1,
			(uint32_t)&n) == 0 && n == 1 &&
	       events[0].error == ERR_BADF && events[0].userdata == 5);
	/* A CPU-time clock cannot be waited on. */
	clock_sub(&subs[0], 6, __WASI_CLOCKID_PROCESS_CPUTIME_ID, 1000);
	result("poll: a CPU-time clock is NOTSUP",
	       raw_poll((uint32_t)subs, (uint32_t)events, 1,
			(uint32_t)&n) == 0 && n == 1 &&
	       events[0].error == ERR_NOTSUP);

	/* Finding 1c: a timeout near UINT64_MAX must not wrap into the
	 * past. Only the 50 ms one may fire. */
	clock_sub(&subs[0], 1, __WASI_CLOCKID_MONOTONIC, UINT64_MAX - 5);
	clock_sub(&subs[1], 2, __WASI_CLOCKID_MONOTONIC, 50000000);
	t = vy_ms();
	result("poll: a timeout near UINT64_MAX does not expire at once",
	       raw_poll((uint32_t)subs, (uint32_t)events, 2,
			(uint32_t)&n) == 0 && n == 1 &&
	       events[0].userdata == 2 && vy_ms() - t >= 49);

	/* More than 16 subscriptions are the supervisor's too. */
	for (int i = 0; i < 20; i++)
		clock_sub(&subs[i], (uint64_t)i, __WASI_CLOCKID_MONOTONIC,
			  i == 7 ? 10000000 : 3600000000000ull);
	result("poll: 20 subscriptions, the short one fires",
	       raw_poll((uint32_t)subs, (uint32_t)events, 20,
			(uint32_t)&n) == 0 && n == 1 &&
	       events[0].userdata == 7);
	result("clock_time_get: result past the end is EFAULT",
	       __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1,
				     (__wasi_timestamp_t *)(top - 4)) ==
	       ERR_FAULT);
}

/* Finding 6: 1024 iovecs, each the whole of memory: terabytes asked. */
static void aliased_write(void)
{
	static uint32_t iov[2 * 1024];
	static __wasi_size_t n;
	int err;

	/* About 60 MiB of memory: 1024 x 60 MiB is 60 GiB asked. */
	__builtin_wasm_memory_grow(0, 900);
	for (int i = 0; i < 1024; i++) {
		iov[2 * i] = 0;
		iov[2 * i + 1] = mem_size();
	}
	err = raw_write(2, (uint32_t)iov, 1024, (uint32_t)&n);
	vy_print("");	/* end whatever line that left open */
	result("fd_write: aliased iovecs make a short write of 1 MiB at most",
	       err == 0 && n > 0 && n <= (1u << 20));
}

int main(void)
{
	static __wasi_subscription_t subs[100];
	static __wasi_event_t events[100];
	static __wasi_size_t n;

	overlapping_iovecs();
	bad_iovecs();
	bad_polls();
	aliased_write();
	for (int i = 0; i < 100; i++)
		clock_sub(&subs[i], (uint64_t)i, __WASI_CLOCKID_MONOTONIC,
			  3600000000000ull);
	vy_print("blocking in a 100-subscription poll");
	raw_poll((uint32_t)subs, (uint32_t)events, 100, (uint32_t)&n);
	vy_print("the poll returned");
	return 0;
}
