/*
 * fuzz_vpk.c - libFuzzer target for the .vpk reader (vpk_parse in vpk.c)
 * and, through it, the writer. Each input is parsed twice: as it is, and
 * with the checksum of every header recomputed (a fuzzer seldom guesses
 * a sum, so without that few mutated headers would reach the checks of
 * the fields behind it). The properties checked, beside memory safety:
 *   - a refused archive says why, naming the archive or a member, and
 *     hands out no members;
 *   - an accepted one holds 1 to VPK_MAX_MEMBERS members, vyoma.toml
 *     first, laid out back to back from byte 0 inside the buffer, each
 *     with a valid name that is the one in its header, a size within
 *     the limit and zero padding; no name twice, .signature only last,
 *     the assets in rising order, then two zero blocks and the end;
 *   - vpk_find finds each member, and vpk_check_order accepts member 2
 *     as the module (unless it is the signature);
 *   - the writer, given the members, writes back the very same bytes:
 *     the reader accepts nothing but what the writer writes.
 */
#include "vpk.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INPUT_MAX (1u << 20)

static size_t padded(size_t size)
{
	return (size + VPK_BLOCK - 1) / VPK_BLOCK * VPK_BLOCK;
}

static int zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static void accepted(const struct vpk *v, const unsigned char *b, size_t len)
{
	struct vpk_writer w = { 0 };
	char err[256];
	size_t i, j, pos = 0, n;

	assert(v->bytes == b && v->len == len);
	assert(len <= VPK_FILE_MAX && len % VPK_BLOCK == 0);
	assert(v->count >= 1 && v->count <= VPK_MAX_MEMBERS);
	assert(strcmp(v->members[0].name, VPK_MANIFEST) == 0);
	for (i = 0; i < v->count; i++) {
		const struct vpk_member *m = &v->members[i];

		n = strnlen(m->name, sizeof(m->name));
		assert(n < sizeof(m->name) && vpk_name_ok(m->name, n));
		assert(m->header == pos && m->offset == pos + VPK_BLOCK);
		assert(m->size <= VPK_MEMBER_MAX);
		assert(m->offset + padded(m->size) <= len);
		assert(memcmp(b + m->header, m->name, n + 1) == 0);
		assert(zero(b + m->offset + m->size,
			    padded(m->size) - m->size));
		for (j = 0; j < i; j++)
			assert(strcmp(v->members[j].name, m->name) != 0);
		if (strcmp(m->name, VPK_SIGNATURE) == 0)
			assert(i == v->count - 1);
		else if (i >= 3)
			assert(strcmp(v->members[i - 1].name, m->name) < 0);
		assert(vpk_find(v, m->name) == m);
		pos = m->offset + padded(m->size);
	}
	assert(pos + 2 * VPK_BLOCK == len && zero(b + pos, 2 * VPK_BLOCK));
	if (v->count >= 2 && strcmp(v->members[1].name, VPK_SIGNATURE) != 0)
		assert(vpk_check_order(v, v->members[1].name, err,
				       sizeof(err)) == 0);

	for (i = 0; i < v->count; i++)
		assert(vpk_add(&w, v->members[i].name,
			       b + v->members[i].offset,
			       v->members[i].size) == 0);
	assert(vpk_finish(&w) == 0);
	assert(w.len == len && memcmp(w.buf, b, len) == 0);
	vpk_writer_free(&w);
}

static void check(const unsigned char *b, size_t len)
{
	struct vpk v;
	char err[256];

	err[0] = '\0';
	if (vpk_parse(b, len, &v, err, sizeof(err)) == 0) {
		accepted(&v, b, len);
		return;
	}
	assert(v.count == 0);
	assert(strncmp(err, "archive ", 8) == 0 ||
	       strncmp(err, "member ", 7) == 0 ||
	       strncmp(err, "after member ", 13) == 0);
}

/* Every header's checksum made right, walking the blocks as tar would
 * (a size field that is no number counts as 0). */
static void fix_sums(unsigned char *b, size_t len)
{
	size_t pos = 0, i;

	while (len - pos >= VPK_BLOCK) {
		unsigned char *h = b + pos;
		uint64_t size = 0;
		unsigned sum = 0;

		if (zero(h, VPK_BLOCK)) {
			pos += VPK_BLOCK;
			continue;
		}
		memset(h + 148, ' ', 8);
		for (i = 0; i < VPK_BLOCK; i++)
			sum += h[i];
		snprintf((char *)h + 148, 7, "%06o", sum);
		for (i = 124; i < 135 && h[i] >= '0' && h[i] <= '7'; i++)
			size = size * 8 + (uint64_t)(h[i] - '0');
		if (padded((size_t)size) > len - pos - VPK_BLOCK)
			break;
		pos += VPK_BLOCK + padded((size_t)size);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy;

	check(data, size);
	if (size > INPUT_MAX)
		return 0;
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	fix_sums(copy, size);
	check(copy, size);
	free(copy);
	return 0;
}
