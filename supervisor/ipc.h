/*
 * ipc.h - the IPC Broker: routes the "@..." lines apps print. Every
 * message goes through here, and the receiver always learns who spoke.
 */
#ifndef VYOMA_IPC_H
#define VYOMA_IPC_H

#include <stddef.h>

struct app;

/* Routes one "@target: message" line printed by sender. */
void ipc_route(struct app *sender, const char *line, size_t len);

#endif
