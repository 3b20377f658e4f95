/*
 * fuzz_guest.c - libFuzzer target for the guest-memory decoders
 * (guest_iovecs, guest_subscriptions, guest_events, guest_clock_deadline,
 * guest_strings): everything an app controls when it calls
 * fd_read/fd_write, poll_oneoff or spawn.
 *
 * The input is a header of offsets, counts and clock readings, then the
 * app's linear memory. That memory ends right at a PROT_NONE page, as a
 * real one ends at Wasmtime's guard pages, and the bytes before it are
 * poisoned for ASan, so a decoder that reads or writes one byte outside
 * it crashes here. Offsets are mostly brought into range (else almost
 * every call would stop at the first bounds check); one bit in each
 * keeps the raw 32-bit value, to try the wrap-arounds.
 */
#include "guest.h"
#include "bytes.h"

#include <assert.h>
#include <sanitizer/asan_interface.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MEM_MAX (64 * 1024)

static uint8_t *region;		/* MEM_MAX bytes, then a PROT_NONE page */
static uint8_t before[MEM_MAX];	/* the memory as it was, to compare */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	(void)argc;
	(void)argv;
	region = mmap(NULL, MEM_MAX + page, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED ||
	    mprotect(region + MEM_MAX, page, PROT_NONE) != 0)
		abort();
	return 0;
}

/* An offset: in (or just past) memory, or, one time in two, raw. */
static uint32_t offset(struct bytes *in, size_t size)
{
	uint32_t v = bytes_u32(in);

	return v & 1 ? v : (uint32_t)((v >> 1) % (size + 64));
}

/* A count: small mostly, so it fits; raw one time in eight. */
static uint32_t count(struct bytes *in)
{
	uint32_t v = bytes_u32(in);

	return (v & 7) == 7 ? v : (v >> 3) % 64;
}

static void iovecs(const struct guest_mem *m, uint32_t off, uint32_t n)
{
	struct guest_iov *out;
	uint32_t i;

	/* Room for exactly n (guest.h), or none when n is too many. */
	out = malloc((n <= GUEST_IOV_MAX && n ? n : 1) * sizeof(*out));
	assert(out);
	if (guest_iovecs(m, off, n, out) == 0) {
		assert(n <= GUEST_IOV_MAX);
		for (i = 0; i < n; i++)
			assert(guest_range_ok(m, out[i].off, out[i].len));
	}
	free(out);
}

static void subscriptions(const struct guest_mem *m, uint32_t off,
			  uint32_t n, const uint64_t clocks[3])
{
	struct guest_sub *out;
	uint64_t deadline;
	uint32_t i;

	out = malloc((n <= GUEST_SUBS_MAX && n ? n : 1) * sizeof(*out));
	assert(out);
	if (guest_subscriptions(m, off, n, out) == 0) {
		assert(n >= 1 && n <= GUEST_SUBS_MAX);
		for (i = 0; i < n; i++) {
			const struct guest_sub *s = &out[i];

			assert(s->kind == GUEST_SUB_CLOCK ||
			       s->kind == GUEST_SUB_FD_READ ||
			       s->kind == GUEST_SUB_FD_WRITE);
			if (s->kind != GUEST_SUB_CLOCK)
				continue;
			if (!guest_clock_deadline(s, clocks[0], clocks[1],
						  clocks[2], &deadline))
				continue;
			/* Never in the past of the clock it is measured on. */
			if (s->absolute && s->clock_id == 1)
				assert(deadline >= clocks[2]);
			else
				assert(deadline >= clocks[0]);
		}
	}
	free(out);
}

static void events(const struct guest_mem *m, uint32_t off, uint32_t n,
		   struct bytes *in)
{
	/* Events beyond what memory could hold are never read. */
	uint32_t have = n <= m->size / GUEST_EVENT_SIZE ? n : 0, i;
	struct guest_event *ev = calloc(have ? have : 1, sizeof(*ev));
	uint8_t raw[GUEST_EVENT_SIZE];

	assert(ev);
	for (i = 0; i < have; i++) {
		ev[i].userdata = bytes_u64(in);
		ev[i].error = bytes_u16(in);
		ev[i].type = bytes_u8(in);
		ev[i].nbytes = bytes_u64(in);
		ev[i].hangup = bytes_u8(in) & 1;
	}
	memcpy(before, m->base, m->size);
	if (guest_events(m, off, ev, n) != 0) {
		assert(memcmp(before, m->base, m->size) == 0);
		free(ev);
		return;
	}
	assert(n == have);
	/* Each event where WASI puts it, and nothing else touched. */
	for (i = 0; i < n; i++) {
		memcpy(raw, m->base + off + i * GUEST_EVENT_SIZE, sizeof(raw));
		assert(memcmp(raw, &ev[i].userdata, 8) == 0);
		assert(memcmp(raw + 8, &ev[i].error, 2) == 0);
		assert(raw[10] == ev[i].type);
		assert(memcmp(raw + 16, &ev[i].nbytes, 8) == 0);
		assert(raw[24] == ev[i].hangup && raw[25] == 0);
	}
	assert(memcmp(before, m->base, off) == 0);
	assert(memcmp(before + off + (size_t)n * GUEST_EVENT_SIZE,
		      m->base + off + (size_t)n * GUEST_EVENT_SIZE,
		      m->size - off - (size_t)n * GUEST_EVENT_SIZE) == 0);
	free(ev);
}

/* spawn's blocks: what is accepted is exactly what was asked for. */
static void strings(const struct guest_mem *m, bool variables)
{
	const char *out[16];
	char *copy = malloc(m->size + 1);
	size_t i, at = 0;
	int n;

	assert(copy);
	memcpy(copy, m->base, m->size);
	n = guest_strings(copy, m->size, out, 16, variables);
	if (n >= 0) {
		assert(m->size == 0 || copy[m->size - 1] == '\0');
		for (i = 0; i < (size_t)n; i++) {
			assert(out[i] == copy + at);
			assert(!variables || (out[i][0] != '=' &&
					      strchr(out[i], '=')));
			at += strlen(out[i]) + 1;
		}
		assert(at == m->size);
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes in = { data, size };
	uint32_t iov_off, iov_n, sub_off, sub_n, ev_off, ev_n, rw_off, rw_len;
	uint64_t clocks[3];
	uint8_t scratch[64];
	struct guest_mem m;
	size_t mem_size;

	/* The header: the memory's size (u16), 8 x u32, 3 x u64. */
	uint8_t header[8 * 4 + 3 * 8 + 2];
	struct bytes h = { header, sizeof(header) };

	bytes_take(&in, header, sizeof(header));
	mem_size = bytes_u16(&h);
	if (mem_size > in.left)
		mem_size = in.left;
	m.size = mem_size;
	m.base = region + MEM_MAX - mem_size;
	memcpy(m.base, in.p, mem_size);
	in.p += mem_size;
	in.left -= mem_size;
	ASAN_POISON_MEMORY_REGION(region, MEM_MAX - mem_size);

	iov_off = offset(&h, m.size);
	iov_n = count(&h);
	sub_off = offset(&h, m.size);
	sub_n = count(&h);
	ev_off = offset(&h, m.size);
	ev_n = count(&h);
	rw_off = offset(&h, m.size);
	rw_len = bytes_u32(&h) % (sizeof(scratch) + 1);
	clocks[0] = bytes_u64(&h);
	clocks[1] = bytes_u64(&h);
	clocks[2] = bytes_u64(&h);

	if (guest_read(&m, rw_off, scratch, rw_len) == 0)
		assert(guest_write(&m, rw_off, scratch, rw_len) == 0);
	iovecs(&m, iov_off, iov_n);
	subscriptions(&m, sub_off, sub_n, clocks);
	events(&m, ev_off, ev_n, &in);
	strings(&m, rw_len & 1);

	ASAN_UNPOISON_MEMORY_REGION(region, MEM_MAX - mem_size);
	return 0;
}
