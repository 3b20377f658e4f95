/*
 * fuzz_importnames.c - libFuzzer target for the short import names'
 * expansion (importnames.h), the first reader of every module the
 * compile helper is given. Beside memory safety: an expanded module is
 * well formed enough to be walked again and has nothing short left in
 * it (it may be shorter than the input: the import section's numbers
 * are written again in their shortest form); an untouched one sets
 * nothing.
 */
#include "importnames.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *out = NULL, *again = NULL;
	size_t len = 0, again_len = 0;
	int rc = importnames_expand(data, size, &out, &len);

	assert(rc == 0 || rc == 1);
	if (rc == 0) {
		assert(!out && !len);
		return 0;
	}
	assert(out && len >= 8);
	assert(importnames_expand(out, len, &again, &again_len) == 0);
	assert(!again);
	free(out);
	return 0;
}
