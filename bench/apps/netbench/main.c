/*
 * netbench - bench/net.py's client inside VyomaOS: the loops of
 * bench/netbench_core.h over the supervisor's sockets (vyoma_net.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "vyoma_net.h"
#include "netbench_core.h"

static int nb_connect(unsigned port)
{
	int fd;

	return vy_connect("127.0.0.1", port, 0, &fd) ? -1 : fd;
}

int main(int argc, char **argv)
{
	return nb_main(argc, argv);
}
