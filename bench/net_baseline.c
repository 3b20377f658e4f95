/*
 * net_baseline - bench/net.py's native side: the same client loops as
 * the netbench app (apps/netbench/netbench_core.h) straight on the kernel's sockets,
 * and the servers both clients talk to:
 *
 *	sink PORT		accept, read until the client closes, repeat
 *	source PORT MIB		accept, write MIB MiB, close, repeat
 *	accept PORT		accept and close, repeat
 *
 * A server prints "ready" once it listens on 127.0.0.1:PORT.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "apps/netbench/netbench_core.h"

static int nb_connect(unsigned port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons((uint16_t)port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		return -1;
	return fd;
}

static int serve(unsigned port, const char *mode, unsigned mib)
{
	static char buf[NB_CHUNK];
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons((uint16_t)port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);

	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(s, 128) != 0)
		return 1;
	printf("ready\n");
	fflush(stdout);
	memset(buf, 'y', sizeof(buf));
	for (;;) {
		int c = accept(s, NULL, NULL);
		unsigned long long left = (unsigned long long)mib << 20;

		if (c < 0)
			continue;
		if (!strcmp(mode, "sink"))
			while (read(c, buf, sizeof(buf)) > 0)
				;
		while (!strcmp(mode, "source") && left) {
			ssize_t n = write(c, buf,
					  left < NB_CHUNK ? left : NB_CHUNK);

			if (n <= 0)
				break;
			left -= (unsigned long long)n;
		}
		close(c);
	}
}

int main(int argc, char **argv)
{
	if (argc >= 3 && (!strcmp(argv[1], "sink") ||
			  !strcmp(argv[1], "source") ||
			  !strcmp(argv[1], "accept")))
		return serve((unsigned)atoi(argv[2]), argv[1],
			     argc > 3 ? (unsigned)atoi(argv[3]) : 0);
	return nb_main(argc, argv);
}
