/*
 * output.h - what an app writes on stdout and stderr, split into lines:
 * draw commands go to its window, "@..." lines to the IPC broker, the
 * rest (and all of stderr) to its console. Runs on the app's own thread.
 */
#ifndef VYOMA_OUTPUT_H
#define VYOMA_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

struct app;

/*
 * Bytes the app wrote to stdout (is_stdout) or stderr, in any pieces.
 * data may point into the app's memory, checked to hold len bytes: it is
 * scanned and copied once into the app's line buffer, never kept.
 */
void output_write(struct app *app, bool is_stdout, const char *data,
		  size_t len);

/* The run is over: a last unterminated line is still a line, and
 * console lines dropped over the rate are reported. */
void output_finish(struct app *app);

/* A new run starts with empty line buffers. */
void output_reset(struct app *app);

/* Set by the display layer: called after an app flushes a frame. */
extern void (*output_on_frame)(struct app *app);

/*
 * Set to the IPC broker (ipc_route): called with each "@..." line, on the
 * app's thread. A hook, so the Process Manager never calls up into the
 * broker that calls down into it.
 */
extern void (*output_on_message)(struct app *app, const char *line,
				 size_t len);

#endif
