/*
 * registry.h - the registry of loaded apps (registry.c). Lookups, delivery
 * to an app's queue and its kept console lines are declared in proc.h,
 * where every module finds them; this is the one way in.
 */
#ifndef VYOMA_REGISTRY_H
#define VYOMA_REGISTRY_H

#include <stddef.h>

#define REGISTRY_MAX 4096	/* apps and instances at once */

struct app;

/* Adds a loaded app and gives it its id; -1 if the registry is full. */
int registry_add(struct app *app);

/*
 * A reaped instance's struct, claimed for a new instance with a new id
 * (the slot's next generation), or NULL if none is free. It stays vacant
 * (and reserved) until its new owner has set it up: then it clears both.
 */
struct app *registry_reuse(void);

/* How many slots instances hold (vacant or not). */
size_t registry_transient_count(void);

/* Forgets every app, without freeing them (unit tests start afresh). */
void registry_reset(void);

#endif
