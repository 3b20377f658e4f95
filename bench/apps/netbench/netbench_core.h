/*
 * netbench_core.h - the client side of bench/net.py, shared by the app
 * (netbench, through the supervisor's sockets) and the native
 * baseline (bench/net_baseline.c, straight to the kernel), so both run
 * the very same loops. The includer defines nb_connect(port) returning a
 * connected descriptor or -1.
 *
 *	send PORT MIB	write MIB MiB in 64 KiB writes, then close
 *	recv PORT	read until the peer closes
 *	connect PORT N	N connects and closes, one after another
 *
 * Each prints one line: "MiB/s X" or "p50_us X p99_us Y".
 */
#ifndef NETBENCH_CORE_H
#define NETBENCH_CORE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NB_CHUNK 65536

static int nb_connect(unsigned port);

static double nb_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int nb_send(unsigned port, unsigned mib)
{
	static char buf[NB_CHUNK];
	unsigned long long left = (unsigned long long)mib << 20;
	double t0 = nb_now();
	int fd = nb_connect(port);

	if (fd < 0)
		return 1;
	memset(buf, 'x', sizeof(buf));
	while (left) {
		ssize_t n = write(fd, buf, left < NB_CHUNK ? left : NB_CHUNK);

		if (n <= 0)
			return 1;
		left -= (unsigned long long)n;
	}
	close(fd);
	printf("MiB/s %.1f\n", mib / (nb_now() - t0));
	return 0;
}

static int nb_recv(unsigned port)
{
	static char buf[NB_CHUNK];
	unsigned long long total = 0;
	double t0 = nb_now();
	int fd = nb_connect(port);
	ssize_t n;

	if (fd < 0)
		return 1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		total += (unsigned long long)n;
	close(fd);
	printf("MiB/s %.1f\n", total / 1048576.0 / (nb_now() - t0));
	return n < 0;
}

static int nb_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int nb_connects(unsigned port, unsigned n)
{
	double *us = malloc(n * sizeof(*us));
	unsigned i;

	if (!us || !n)
		return 1;
	for (i = 0; i < n; i++) {
		double t0 = nb_now();
		int fd = nb_connect(port);

		if (fd < 0)
			return 1;
		us[i] = (nb_now() - t0) * 1e6;
		close(fd);
	}
	qsort(us, n, sizeof(*us), nb_cmp);
	printf("p50_us %.1f p99_us %.1f\n", us[n / 2], us[n * 99 / 100]);
	free(us);
	return 0;
}

static int nb_main(int argc, char **argv)
{
	unsigned port = argc > 2 ? (unsigned)atoi(argv[2]) : 0;

	if (argc == 4 && !strcmp(argv[1], "send"))
		return nb_send(port, (unsigned)atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "recv"))
		return nb_recv(port);
	if (argc == 4 && !strcmp(argv[1], "connect"))
		return nb_connects(port, (unsigned)atoi(argv[3]));
	fprintf(stderr, "usage: netbench send PORT MIB | recv PORT | "
		"connect PORT N\n");
	return 2;
}

#endif
