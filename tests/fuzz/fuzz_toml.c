/*
 * fuzz_toml.c - libFuzzer target for the TOML parser (toml_parse): any
 * bytes are a document. A parsed tree is walked whole and checked for
 * what toml.h promises (strings NUL-terminated at their length, every
 * key found again by toml_getn, positions 1-based), then freed, so
 * LeakSanitizer sees anything a success or a failure leaves behind.
 */
#include "toml.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static void walk(const struct toml_value *v, int depth)
{
	size_t i;

	assert(depth <= TOML_MAX_DEPTH);
	assert(v->pos.line >= 1 && v->pos.col >= 1);
	switch (v->type) {
	case TOML_TABLE:
		for (i = 0; i < v->u.table.len; i++) {
			const struct toml_keyval *kv = &v->u.table.items[i];

			assert(kv->key[kv->keylen] == '\0');
			assert(kv->pos.line >= 1 && kv->pos.col >= 1);
			/* Keys are unique, so a lookup finds this very one
			 * (through the hash index once a table is big). */
			assert(toml_getn(v, kv->key, kv->keylen) == kv->value);
			walk(kv->value, depth + 1);
		}
		break;
	case TOML_ARRAY:
		for (i = 0; i < v->u.array.len; i++)
			walk(v->u.array.items[i], depth + 1);
		break;
	case TOML_STRING:
		assert(v->u.str.ptr[v->u.str.len] == '\0');
		break;
	default:
		assert(toml_type_name(v->type) != NULL);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct toml_error err;
	struct toml_value *root;

	memset(&err, 0, sizeof(err));
	root = toml_parse((const char *)data, size, &err);
	if (!root) {
		assert(err.pos.line >= 1 && err.pos.col >= 1);
		assert(memchr(err.msg, '\0', sizeof(err.msg)) && err.msg[0]);
		return 0;
	}
	assert(root->type == TOML_TABLE);
	walk(root, 0);
	toml_free(root);
	return 0;
}
