/*
 * devapi.h - the "vyoma_device" import module: a driver opens the
 * devices its manifest names and controls the RTC (sdk/vyoma_device.h
 * wraps each in a C call; docs/drivers.md documents them).
 */
#ifndef VYOMA_DEVAPI_H
#define VYOMA_DEVAPI_H

#include <wasmtime.h>

#define DEVAPI_MODULE "vyoma_device"

/* Defines the module's functions in linker. */
wasmtime_error_t *devapi_install(wasmtime_linker_t *linker);

#endif
