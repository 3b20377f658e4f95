/*
 * fuzz_desktop_cmd.c - libFuzzer target for the desktop's command grammar
 * (desktop_cmd.c), which reads lines from any app holding `desktop` or
 * `notify`. The input is one line: its first word the command, the rest
 * its arguments, handed over as slices with no terminator after them
 * (ASan catches a read past the end). A parse either fails with an
 * "error ..." reply or yields fields inside their documented ranges.
 */
#include "desktop_cmd.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct desktop_cmd c;
	char reply[256], *line = malloc(size ? size : 1);
	size_t k = 0, n, i;

	memcpy(line, data, size);
	while (k < size && line[k] != ' ')
		k++;
	n = desktop_cmd_parse(&c, line, k, line + (k < size ? k + 1 : k),
			      k < size ? size - k - 1 : 0, reply,
			      sizeof(reply));
	if (n) {
		assert(n < sizeof(reply) && strncmp(reply, "error ", 6) == 0);
	} else if (c.verb == V_RAISE) {
		assert(c.rect_count <= DESKTOP_RAISED_MAX);
		for (i = 0; i < c.rect_count; i++)
			assert(c.rects[i].w >= 0 && c.rects[i].h >= 0 &&
			       c.rects[i].w <= 32767 && c.rects[i].h <= 32767);
	} else if (c.verb == V_RESERVE) {
		assert(c.top >= 0 && c.bottom >= 0 && c.top <= 4096 &&
		       c.bottom <= 4096);
	} else if (c.verb == V_WINDOW) {
		assert(c.target > 0 && c.window_verb <= W_CLOSE);
	} else if (c.verb == V_NOTIFY) {
		assert(strlen(c.text) >= 1 &&
		       strlen(c.text) <= DESKTOP_NOTE_MAX);
	}
	free(line);
	return 0;
}
