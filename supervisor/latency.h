/*
 * latency.h - input-to-pixel latency: from an input event handed to the
 * focused app to the end of the first composed frame that shows a new
 * flush of its window. One measurement at a time; the shutdown summary
 * prints the percentiles (bench/latency.py reads them).
 */
#ifndef VYOMA_LATENCY_H
#define VYOMA_LATENCY_H

#include <stdbool.h>
#include <stdint.h>

#include "window.h"

/* An event went to win's app at now_ns (ignored while one is pending). */
void latency_input(struct window *win, uint64_t now_ns);
/* Before composing: did the pending window flush since its input? */
bool latency_reacted(void);
/* After composing a frame for which latency_reacted() was true. */
void latency_frame(uint64_t now_ns);
/* Logs "input to frame: ..." if there were samples. */
void latency_report(void);

#endif
