/*
 * modcache.c - the compiled-module cache. In memory: a list keyed by
 * content hash, so a thousand copies of one .wasm compile once. On disk:
 * <dir>/<key>.cwasm, Wasmtime's serialized module, and <key>.sha256, the
 * artifact's own digest, written after it. A precompiled artifact is
 * native code the supervisor will run, so it is only deserialized when
 * its digest matches (a torn write or a flipped bit is caught), and
 * Wasmtime refuses artifacts from another version or configuration. The
 * directory is the supervisor's own: no app's grants reach it.
 */
#include "modcache.h"
#include "file.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_HEX (crypto_hash_sha256_BYTES * 2 + 1)
#define MAX_MODULE_BYTES (64u << 20)

struct cached {
	char key[KEY_HEX];
	wasmtime_module_t *module;
	struct cached *next;
};

static wasm_engine_t *engine;
static char engine_tag[128];
static char cache_dir[PATH_MAX];
static struct cached *modules;
static struct modcache_stats stats;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void to_hex(const unsigned char *d, size_t n, char *out)
{
	sodium_bin2hex(out, n * 2 + 1, d, n);
}

/* Writes a file whole, or not at all (temporary name, then rename). */
static int write_atomically(const char *path, const void *data, size_t len)
{
	char tmp[PATH_MAX + 16];
	int fd, ok;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	ok = write(fd, data, len) == (ssize_t)len && fsync(fd) == 0;
	ok &= close(fd) == 0;
	if (ok && rename(tmp, path) == 0)
		return 0;
	unlink(tmp);
	return -1;
}

int modcache_init(wasm_engine_t *e, const char *tag, const char *dir)
{
	if (sodium_init() < 0)
		return -1;
	engine = e;
	snprintf(engine_tag, sizeof(engine_tag), "%s", tag);
	cache_dir[0] = '\0';
	if (dir) {
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			log_warn("module cache %s: %s; compiling every boot",
				 dir, strerror(errno));
			return 0;
		}
		snprintf(cache_dir, sizeof(cache_dir), "%s", dir);
	}
	return 0;
}

/* A verified artifact from disk, or NULL (absent, damaged, stale). */
static wasmtime_module_t *load_artifact(const char *key)
{
	char path[PATH_MAX + 80], want[KEY_HEX], got[KEY_HEX];
	unsigned char digest[crypto_hash_sha256_BYTES];
	wasmtime_module_t *module = NULL;
	wasmtime_error_t *error;
	size_t len, sum_len;
	char *bytes, *sum;

	snprintf(path, sizeof(path), "%s/%s.sha256", cache_dir, key);
	sum = file_read(path, KEY_HEX, &sum_len);
	if (!sum)
		return NULL;
	snprintf(want, sizeof(want), "%.*s", (int)sum_len, sum);
	free(sum);
	snprintf(path, sizeof(path), "%s/%s.cwasm", cache_dir, key);
	bytes = file_read(path, 16 * MAX_MODULE_BYTES, &len);
	if (!bytes)
		return NULL;
	crypto_hash_sha256(digest, (unsigned char *)bytes, len);
	to_hex(digest, sizeof(digest), got);
	if (strcmp(got, want) != 0) {
		log_warn("module cache: %s does not match its digest; "
			 "recompiling", path);
		stats.rejected++;
	} else {
		error = wasmtime_module_deserialize(engine, (uint8_t *)bytes,
						    len, &module);
		if (error) {
			wasmtime_error_delete(error);
			module = NULL;
			stats.rejected++;
		}
	}
	free(bytes);
	return module;
}

static void store_artifact(const char *key, const wasmtime_module_t *module)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char path[PATH_MAX + 80], hex[KEY_HEX];
	wasm_byte_vec_t out = { 0, NULL };
	wasmtime_error_t *error;

	error = wasmtime_module_serialize(module, &out);
	if (error) {
		wasmtime_error_delete(error);
		return;
	}
	crypto_hash_sha256(digest, (unsigned char *)out.data, out.size);
	to_hex(digest, sizeof(digest), hex);
	snprintf(path, sizeof(path), "%s/%s.cwasm", cache_dir, key);
	/* The digest goes last: an artifact without one is never used. */
	if (write_atomically(path, out.data, out.size) == 0) {
		snprintf(path, sizeof(path), "%s/%s.sha256", cache_dir, key);
		write_atomically(path, hex, strlen(hex));
	}
	wasm_byte_vec_delete(&out);
}

const wasmtime_module_t *modcache_get(const char *path, char *err,
				      size_t errlen)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	wasmtime_module_t *module = NULL;
	wasmtime_error_t *error;
	struct cached *c;
	char key[KEY_HEX];
	size_t len;
	char *bytes = file_read(path, MAX_MODULE_BYTES, &len);

	if (!bytes) {
		snprintf(err, errlen, "cannot read %s (or larger than %u MiB)",
			 path, MAX_MODULE_BYTES >> 20);
		return NULL;
	}
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (unsigned char *)bytes, len);
	crypto_hash_sha256_update(&st, (const unsigned char *)engine_tag,
				  strlen(engine_tag));
	crypto_hash_sha256_final(&st, digest);
	to_hex(digest, sizeof(digest), key);

	pthread_mutex_lock(&lock);
	for (c = modules; c; c = c->next)
		if (strcmp(c->key, key) == 0)
			break;
	if (c) {
		stats.hits++;
		module = c->module;
		goto out;
	}
	if (cache_dir[0] && (module = load_artifact(key))) {
		stats.loaded++;
	} else {
		error = wasmtime_module_new(engine, (uint8_t *)bytes, len,
					    &module);
		if (error) {
			wasm_byte_vec_t msg;

			wasmtime_error_message(error, &msg);
			snprintf(err, errlen, "%s: %.*s", path, (int)msg.size,
				 msg.data);
			wasm_byte_vec_delete(&msg);
			wasmtime_error_delete(error);
			module = NULL;
			goto out;
		}
		stats.compiled++;
		if (cache_dir[0])
			store_artifact(key, module);
	}
	c = calloc(1, sizeof(*c));
	if (c) {
		memcpy(c->key, key, sizeof(key));
		c->module = module;
		c->next = modules;
		modules = c;
	}
out:
	pthread_mutex_unlock(&lock);
	free(bytes);
	return module;
}

void modcache_stats(struct modcache_stats *out)
{
	pthread_mutex_lock(&lock);
	*out = stats;
	pthread_mutex_unlock(&lock);
}
