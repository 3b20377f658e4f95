/*
 * netapi.h - the "vyoma_net" import module: connect, listen, resolve,
 * address and sockopt (sdk/vyoma_net.h wraps each in a C call). Every
 * connect and listen is checked against the app's network grant
 * (netpolicy.h) before a socket exists; a refusal is EACCES in the app
 * and one line in the log. docs/network.md documents each call.
 */
#ifndef VYOMA_NETAPI_H
#define VYOMA_NETAPI_H

#include <stdbool.h>
#include <wasmtime.h>

#define NETAPI_MODULE "vyoma_net"
/* connect's timeout that means: start it and return (EINPROGRESS) */
#define NETAPI_CONNECT_NOWAIT 0xffffffffu

/* Defines the module's functions in linker. */
wasmtime_error_t *netapi_install(wasmtime_linker_t *linker);

/*
 * Where listening sockets are bound: every address (PID 1 in the image,
 * where the machine is the app's) or loopback only (a developer's
 * machine, which must not open its ports to the network by running an
 * app).
 */
void netapi_listen_on_every_address(bool every);

#endif
