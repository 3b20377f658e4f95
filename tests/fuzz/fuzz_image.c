/*
 * fuzz_image.c - libFuzzer target for the image viewer's decoders
 * (apps/creative/viewer/image.h: BMP, PPM/PGM, PNG and its inflate),
 * compiled natively: they are plain C. The input is a file; the decoder
 * gets a copy in a buffer of exactly its length (PNG decoding writes
 * into it), and its image buffer is exactly the size it asks for, so
 * ASan catches any read or write past either. An accepted image has a
 * size within the cap and a buffer of w * h * 3 bytes at least.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *given;
static size_t given_len;

static uint8_t *image_buffer(size_t n)
{
	assert(!given);		/* one buffer per image */
	given = malloc(n ? n : 1);
	given_len = n;
	return given;
}

#include "creative/viewer/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *f = malloc(size ? size : 1);
	struct image im = { 0, 0, 0 };
	const char *err;

	memcpy(f, data, size);
	err = image_decode(f, size, &im, 0x161B26FF);
	if (err) {
		assert(*err);
	} else {
		assert(im.w >= 1 && im.w <= IMAGE_MAX);
		assert(im.h >= 1 && im.h <= IMAGE_MAX);
		assert(im.rgb == given);
		assert(given_len >= (size_t)im.w * im.h * 3);
		/* Every pixel is there to read (ASan checks). */
		volatile uint8_t sum = 0;
		for (size_t i = 0; i < (size_t)im.w * im.h * 3; i++)
			sum += im.rgb[i];
		(void)sum;
	}
	free(given);
	given = NULL;
	free(f);
	return 0;
}
