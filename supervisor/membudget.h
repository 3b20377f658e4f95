/*
 * membudget.h - the machine's memory, shared out. Every app's linear
 * memory counts against one budget: the machine's memory less a reserve
 * for the supervisor and the kernel. An app whose growth would take the
 * apps past it is stopped, so no app, inside its own declared limit or
 * not, can run PID 1 (and with it the machine) out of memory.
 */
#ifndef VYOMA_MEMBUDGET_H
#define VYOMA_MEMBUDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;

/* bytes: the budget; 0 = the machine's memory less its reserve. */
void membudget_init(uint64_t bytes);

uint64_t membudget_total(void);

/*
 * The app's linear memory is now size bytes. Returns false if that takes
 * the apps together past the budget (the caller stops the app).
 */
bool membudget_note(struct app *app, size_t size);

/* The run is over: its memory is given back. */
void membudget_release(struct app *app);

#endif
