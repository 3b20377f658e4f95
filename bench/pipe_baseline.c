/*
 * pipe_baseline.c - the IPC benchmark's baseline: the same payloads
 * through plain Linux pipes between two threads of one process, batched
 * the same way, so that the broker's figures can be read as a ratio.
 *
 *   throughput: N lines, BATCH per write(), the reader counts newlines
 *   latency:    one timestamped line at a time, answered on a second pipe
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define N 1000000u
#define BATCH 64u
#define LAT_ROUNDS 20000u

static const char line[] = "@tput-recv: 0123456789abcdef0123456789abcdef\n";
static int fwd[2], back[2];

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			exit(1);
		p += w;
		n -= (size_t)w;
	}
}

static void *tput_reader(void *arg)
{
	static char buf[65536];
	uint64_t count = 0;
	ssize_t n;

	(void)arg;
	while (count < N && (n = read(fwd[0], buf, sizeof(buf))) > 0)
		for (char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p)));
		     p++)
			count++;
	return (void *)(uintptr_t)count;
}

static double throughput(void)
{
	static char batch[BATCH * (sizeof(line) - 1)];
	pthread_t reader;
	uint64_t t0, t1;
	void *count;

	for (unsigned i = 0; i < BATCH; i++)
		memcpy(batch + i * (sizeof(line) - 1), line, sizeof(line) - 1);
	if (pipe(fwd))
		exit(1);
	pthread_create(&reader, NULL, tput_reader, NULL);
	t0 = now_ns();
	for (unsigned sent = 0; sent < N; sent += BATCH)
		write_all(fwd[1], batch, sizeof(batch));
	pthread_join(reader, &count);
	t1 = now_ns();
	close(fwd[0]);
	close(fwd[1]);
	return (double)(uintptr_t)count / ((double)(t1 - t0) / 1e9);
}

static void *lat_echo(void *arg)
{
	uint64_t *samples = arg;
	char buf[64];

	for (unsigned i = 0; i < LAT_ROUNDS; i++) {
		ssize_t n = read(fwd[0], buf, sizeof(buf) - 1);

		if (n <= 0)
			break;
		buf[n] = '\0';
		samples[i] = now_ns() - strtoull(buf, NULL, 10);
		write_all(back[1], "ok\n", 3);
	}
	return NULL;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	static uint64_t samples[LAT_ROUNDS];
	pthread_t echo;
	char buf[64];

	printf("pipe tput %.0f\n", throughput());
	if (pipe(fwd) || pipe(back))
		return 1;
	pthread_create(&echo, NULL, lat_echo, samples);
	for (unsigned i = 0; i < LAT_ROUNDS; i++) {
		int n = snprintf(buf, sizeof(buf), "%llu\n",
				 (unsigned long long)now_ns());

		write_all(fwd[1], buf, (size_t)n);
		if (read(back[0], buf, sizeof(buf)) <= 0)
			return 1;
	}
	pthread_join(echo, NULL);
	qsort(samples, LAT_ROUNDS, sizeof(samples[0]), by_value);
	printf("pipe lat %llu %llu\n", (unsigned long long)samples[LAT_ROUNDS / 2],
	       (unsigned long long)samples[LAT_ROUNDS * 99 / 100]);
	return 0;
}
