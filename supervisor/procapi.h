/*
 * procapi.h - the "vyoma_process" import module: what an app with the
 * spawn capability calls to start command instances, wait for them,
 * kill them, and make pipes (sdk/vyoma.h wraps each in a small C call:
 * vy_spawn, vy_wait, vy_kill, vy_pipe). docs/processes.md documents
 * every call, its arguments and its errors.
 */
#ifndef VYOMA_PROCAPI_H
#define VYOMA_PROCAPI_H

#include <wasmtime.h>

#define PROCAPI_MODULE "vyoma_process"
#define PROCAPI_NO_FD 0xFFFFFFFFu	/* in spawn's stdio: the default */
#define PROCAPI_WAIT_NOHANG 1u

/* Defines the module's functions in linker. */
wasmtime_error_t *procapi_install(wasmtime_linker_t *linker);

#endif
