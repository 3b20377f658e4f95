/*
 * rng - the driver of the hardware random number generator. It owns
 * /dev/hwrng (virtio-rng in the image) and the write side of
 * /dev/random, and is how apps get bytes from the hardware:
 *
 *   - at start, and every FEED_MS after, FEED bytes from hwrng are
 *     written to /dev/random, which mixes them into the kernel's pool
 *     (a write credits no entropy: that takes an ioctl no app has, but
 *     mixing never makes the pool worse);
 *   - any app, or a command through vy_request, may ask (one answer
 *     line per request, to the sender by name):
 *
 *	get N		bytes <2N lowercase hex digits>, N from 1 to 1024
 *	stats		stats served=<bytes served> fed=<bytes fed>
 *	(other)		error unknown request, want: get N, stats
 *
 *     A bad N is answered "error N must be 1 to 1024", a failed read
 *     "error hwrng: <why>".
 *
 * Without hwrng there is nothing to serve: it says why and exits 1, so
 * the restart policy tries again, with back-off. So does a read that
 * fails (after answering it): a fresh open is the one way to recover a
 * device that broke, and the restart is it. Without /dev/random it
 * serves all the same and only stops feeding the pool.
 */
#include "vyoma.h"
#include "vyoma_device.h"

#include <errno.h>
#include <stdlib.h>
#include "vyoma_tiny.h"

#define GET_MAX 1024		/* the answer stays well under a line */
#define FEED 64
#define FEED_MS 60000

static int hwrng = -1, pool = -1;
static uint64_t served, fed;
static int feed_failed;		/* said once until feeding works again */

/* n bytes from hwrng; 0 or an errno. Its reads may come back short. */
static int fill(uint8_t *buf, size_t n)
{
	while (n) {
		ssize_t got = read(hwrng, buf, n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return got < 0 ? errno : EIO;
		buf += got;
		n -= (size_t)got;
	}
	return 0;
}

/* hwrng broke: the restart policy opens it afresh, with back-off. */
static void hwrng_failed(int err)
{
	vy_device_say("rng: reading hwrng", err);
	exit(1);
}

static void feed(void)
{
	uint8_t buf[FEED];
	int err;

	if (pool < 0)
		return;
	err = fill(buf, sizeof(buf));
	if (err)
		hwrng_failed(err);
	if (write(pool, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
		err = errno ? errno : EIO;
	/* Not left lying in memory longer than it takes. */
	memset(buf, 0, sizeof(buf));
	__asm__ __volatile__("" : : "r"(buf) : "memory");
	if (err) {
		if (!feed_failed)
			vy_device_say("rng: cannot feed the kernel's pool", err);
		feed_failed = 1;
		return;
	}
	feed_failed = 0;
	fed += FEED;
}

/* "get N": N as 1 to GET_MAX digits' worth, else 0. */
static unsigned int parse_count(const char *p)
{
	unsigned int n = 0;
	int digits = 0;

	if (*p++ != ' ')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 4)
			return 0;
		n = n * 10 + (unsigned int)(*p - '0');
	}
	return *p || n > GET_MAX ? 0 : n;
}

static void request(const char *from, const char *text)
{
	static const char hex[] = "0123456789abcdef";
	static char answer[6 + 2 * GET_MAX + 1];
	static uint8_t bytes[GET_MAX];
	unsigned int n, i;
	char *p;
	int err;

	if (!strcmp(text, "stats")) {
		p = answer;
		memcpy(p, "stats served=", 13);
		p += 13;
		p += vy_utoa(p, served);
		memcpy(p, " fed=", 5);
		p += 5;
		vy_utoa(p, fed);
		vy_send(from, answer);
		return;
	}
	if (strncmp(text, "get", 3) || (text[3] && text[3] != ' ')) {
		vy_send(from, "error unknown request, want: get N, stats");
		return;
	}
	n = parse_count(text + 3);
	if (!n) {
		vy_send(from, "error N must be 1 to 1024");
		return;
	}
	err = fill(bytes, n);
	if (err) {
		memcpy(answer, "error hwrng: ", 13);
		strcpy(answer + 13, vy_device_strerror(err));
		vy_send(from, answer);
		hwrng_failed(err);
	}
	memcpy(answer, "bytes ", 6);
	for (p = answer + 6, i = 0; i < n; i++) {
		*p++ = hex[bytes[i] >> 4];
		*p++ = hex[bytes[i] & 15];
	}
	*p = '\0';
	vy_send(from, answer);
	served += n;
}

int main(void)
{
	struct vy_event ev;
	uint64_t next;
	int err;

	err = vy_device_open("hwrng", VY_DEVICE_READ, &hwrng);
	if (err) {
		vy_device_say("rng: cannot open hwrng", err);
		return 1;
	}
	err = vy_device_open("random", VY_DEVICE_WRITE, &pool);
	if (err) {
		vy_device_say("rng: cannot open random, not feeding the kernel's pool",
		    err);
		pool = -1;
	}
	vy_print("rng: serving /dev/hwrng");
	feed();
	next = vy_ms() + FEED_MS;
	for (;;) {
		uint64_t now = vy_ms();
		enum vy_event_type type;

		type = vy_next_event(&ev, next > now ? (int)(next - now) : 0);
		if (type == VY_EV_QUIT)
			break;
		/*
		 * The supervisor's lines are no requests (an answer to a
		 * command that gave up comes back as an error), and
		 * neither is another app's error: answering either could
		 * start a loop of errors.
		 */
		if (type == VY_EV_MESSAGE && strcmp(ev.from, "supervisor") &&
		    strncmp(ev.text, "error ", 6))
			request(ev.from, ev.text);
		/* Checked after every event, so a busy queue still feeds. */
		if (vy_ms() >= next) {
			feed();
			next = vy_ms() + FEED_MS;
		}
	}
	return 0;
}
