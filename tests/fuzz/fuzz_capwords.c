/*
 * fuzz_capwords.c - libFuzzer target for capabilities in words
 * (capwords.h): the input, cut at its first NUL, as the capabilities of
 * an index entry or an upgrade. Beside memory safety: every line is
 * printable ASCII, shorter than CAPWORDS_LINE_MAX, never empty, and
 * there are at most CAPWORDS_MAX of them, as the count returned says.
 */
#include "capwords.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t lines;

static void check_line(void *ctx, const char *line)
{
	size_t n = strlen(line);

	(void)ctx;
	assert(n > 0 && n < CAPWORDS_LINE_MAX);
	for (size_t i = 0; i < n; i++)
		assert(line[i] >= 0x20 && line[i] < 0x7f);
	lines++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *caps = malloc(size + 1);

	if (!caps)
		return 0;
	memcpy(caps, data, size);
	caps[size] = '\0';
	lines = 0;
	assert(capwords_describe(caps, check_line, NULL) == lines);
	assert(lines <= CAPWORDS_MAX);
	free(caps);
	return 0;
}
