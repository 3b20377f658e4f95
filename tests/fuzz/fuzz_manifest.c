/*
 * fuzz_manifest.c - libFuzzer target for the vyoma.toml schema
 * (manifest_parse), and for manifest_describe on whatever it accepts:
 * a manifest must keep every count inside the array it counts, and its
 * description must fit any buffer it is given.
 */
#include "manifest.h"

#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A string field is NUL-terminated inside its array. */
#define TERMINATED(field) (memchr((field), '\0', sizeof(field)) != NULL)

static void check(const struct manifest *m)
{
	size_t i;

	assert(m->grant_count <= MANIFEST_MAX_GRANTS);
	assert(m->host_count <= MANIFEST_MAX_HOSTS);
	assert(m->shell_count <= MANIFEST_MAX_SHELL);
	assert(TERMINATED(m->name) && m->name[0]);
	assert(TERMINATED(m->version) && TERMINATED(m->entry));
	assert(TERMINATED(m->description) && TERMINATED(m->category));
	assert(TERMINATED(m->title));
	for (i = 0; i < m->grant_count; i++)
		assert(TERMINATED(m->grants[i].host_path) &&
		       TERMINATED(m->grants[i].guest_path));
	for (i = 0; i < m->host_count; i++)
		assert(TERMINATED(m->hosts[i]));
	for (i = 0; i < m->shell_count; i++)
		assert(TERMINATED(m->shell[i]) &&
		       manifest_shell_command_known(m->shell[i]));
	assert(m->restart <= RESTART_ALWAYS);
	assert(m->cpu_share >= 1 && m->cpu_share <= MANIFEST_CPU_MAX);
	assert(m->memory_limit >= MANIFEST_MEMORY_MIN &&
	       m->memory_limit <= MANIFEST_MEMORY_MAX);
}

/* Into a buffer of exactly len bytes, so ASan sees a write past it. */
static void describe(const struct manifest *m, size_t len)
{
	char *buf = malloc(len ? len : 1);
	size_t n;

	assert(buf);
	n = manifest_describe(m, buf, len);
	if (len) {
		assert(n < len);
		assert(strlen(buf) == n);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m;
	char err[256];
	size_t i;

	err[0] = '\0';
	if (manifest_parse((const char *)data, size, "fuzz.toml", &m, err,
			   sizeof(err)) != 0) {
		assert(strncmp(err, "fuzz.toml:", 10) == 0);
		return 0;
	}
	check(&m);
	/* Whole, then cut at every short length a caller might give. */
	describe(&m, 2048);
	for (i = 0; i < 48; i++)
		describe(&m, i);
	for (i = 0; manifest_shell_commands[i]; i++)
		manifest_allows_command(&m, manifest_shell_commands[i],
					strlen(manifest_shell_commands[i]));
	return 0;
}
