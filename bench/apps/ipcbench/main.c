/*
 * ipcbench - the IPC benchmark's apps, one module that plays the role its
 * name (argv[0]) gives it; bench/ipc.py sets up the apps and reads what
 * they print. Times come from the WASI monotonic clock, which is the
 * host's CLOCK_MONOTONIC, so two apps can compare them.
 *
 *   tput-send  sends N messages to tput-recv, BATCH lines per write, at
 *              most WINDOW unacknowledged (no drops, so every message
 *              counts); prints "tput start <ns>"
 *   tput-recv  counts them, acknowledging every ACK_EVERY; prints
 *              "tput done <count> <ns>"
 *   lat-send   sends one timestamped message at a time to lat-recv and
 *              waits for its answer
 *   lat-recv   records now - timestamp for each; prints the percentiles
 *   bc-send    asks the shell how many apps run, broadcasts K messages,
 *              and waits for every receiver's "done"
 *   bc-<n>     counts the broadcasts; says "done" after K
 */
#include <stdlib.h>
#include "vyoma.h"

#define N 1000000u
#define BATCH 64u
#define WINDOW 16384u
#define ACK_EVERY 4096u
#define LAT_ROUNDS 20000u
#define BC_K 100u

static uint64_t now_ns(void)
{
	__wasi_timestamp_t t = 0;

	if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) != 0)
		return 0;
	return t;
}

static uint64_t parse_u64(const char *s)
{
	uint64_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	return v;
}

static void print_kv(const char *key, uint64_t a, uint64_t b)
{
	char buf[24];

	vy_log(key);
	vy_utoa(buf, a);
	vy_log(buf);
	vy_log(" ");
	vy_utoa(buf, b);
	vy_print(buf);
}

static void tput_send(void)
{
	static const char line[] = "@tput-recv: 0123456789abcdef0123456789abcdef\n";
	static char batch[BATCH * (sizeof(line) - 1)];
	struct vy_event ev;
	uint32_t sent = 0, acked = 0, i;

	for (i = 0; i < BATCH; i++)
		memcpy(batch + i * (sizeof(line) - 1), line, sizeof(line) - 1);
	vy_next_event(&ev, 300);	/* let the receiver start */
	print_kv("tput start ", now_ns(), 0);
	while (sent < N) {
		while (sent - acked >= WINDOW) {
			if (vy_next_event(&ev, -1) == VY_EV_QUIT)
				return;
			if (ev.type == VY_EV_MESSAGE && !strncmp(ev.text, "ack ", 4))
				acked = (uint32_t)parse_u64(ev.text + 4);
		}
		vy__write_all(batch, sizeof(batch));
		sent += BATCH;
	}
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
}

static void tput_recv(void)
{
	static char buf[65536];
	char ack[32] = "ack ";
	uint32_t count = 0;
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		char *p = buf, *end = buf + n;

		while ((p = memchr(p, '\n', (size_t)(end - p)))) {
			p++;
			if (++count % ACK_EVERY == 0) {
				vy_utoa(ack + 4, count);
				vy_send("tput-send", ack);
			}
			if (count == N)
				print_kv("tput done ", count, now_ns());
		}
	}
}

static void lat_send(void)
{
	struct vy_event ev;
	char msg[32];
	uint64_t t0;
	uint32_t i;

	vy_next_event(&ev, 300);
	t0 = now_ns();
	for (i = 0; i < LAT_ROUNDS; i++) {
		vy_utoa(msg, now_ns());
		vy_send("lat-recv", msg);
		do {
			if (vy_next_event(&ev, -1) == VY_EV_QUIT)
				return;
		} while (ev.type != VY_EV_MESSAGE);
	}
	print_kv("lat mean rtt ns ", (now_ns() - t0) / LAT_ROUNDS, 0);
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void lat_recv(void)
{
	static uint64_t samples[LAT_ROUNDS];
	struct vy_event ev;
	uint32_t n = 0;

	while (n < LAT_ROUNDS && vy_next_event(&ev, -1) != VY_EV_QUIT) {
		if (ev.type != VY_EV_MESSAGE)
			continue;
		samples[n++] = now_ns() - parse_u64(ev.text);
		vy_send("reply", "ok");
	}
	qsort(samples, n, sizeof(samples[0]), by_value);
	print_kv("lat p50 p99 ", samples[n / 2], samples[n * 99 / 100]);
	print_kv("lat max count ", samples[n - 1], n);
}

static void bc_send(void)
{
	struct vy_event ev;
	uint32_t want = 0, done = 0, i;
	uint64_t t0;

	vy_next_event(&ev, 500);
	vy_send("supervisor", "stats");
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		if (ev.type == VY_EV_MESSAGE && !strncmp(ev.text, "stats apps=", 11))
			break;
	want = (uint32_t)parse_u64(ev.text + 11) - 1;	/* all but us */
	t0 = now_ns();
	for (i = 0; i < BC_K; i++)
		vy_send("broadcast", "0123456789abcdef0123456789abcdef");
	while (done < want && vy_next_event(&ev, -1) != VY_EV_QUIT)
		done += ev.type == VY_EV_MESSAGE && !strcmp(ev.text, "done");
	print_kv("bc deliveries ns ", (uint64_t)want * BC_K, now_ns() - t0);
	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		;
}

static void bc_recv(void)
{
	struct vy_event ev;
	uint32_t got = 0;

	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		if (ev.type == VY_EV_MESSAGE && !strcmp(ev.from, "bc-send") &&
		    ++got == BC_K)
			vy_send("bc-send", "done");
}

int main(int argc, char **argv)
{
	const char *me = argc > 0 ? argv[0] : "";

	if (!strcmp(me, "tput-send"))
		tput_send();
	else if (!strcmp(me, "tput-recv"))
		tput_recv();
	else if (!strcmp(me, "lat-send"))
		lat_send();
	else if (!strcmp(me, "lat-recv"))
		lat_recv();
	else if (!strcmp(me, "bc-send"))
		bc_send();
	else if (!strncmp(me, "bc-", 3))
		bc_recv();
	return 0;
}
