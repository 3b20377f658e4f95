/*
 * modcache.c - the on-disk artifact cache (modcache.h). <dir>/<key>.cwasm
 * is Wasmtime's serialized module and <dir>/<key>.mac the hex HMAC of the
 * key and the artifact, written after it: an artifact without a valid MAC
 * is never deserialized, so a torn write, a flipped bit or a substituted
 * file is caught, and Wasmtime still refuses artifacts from another
 * version or configuration. Every file here is opened relative to the
 * directory's descriptor and never through a symlink.
 */
#include "modcache.h"
#include "file.h"
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ARTIFACT_MAX (512u << 20)
#define MAC_HEX (crypto_auth_hmacsha256_BYTES * 2 + 1)

static int dir_fd = -1;
static char key_path[PATH_MAX + 8];
static unsigned char mac_key[crypto_auth_hmacsha256_KEYBYTES];

/* Reads the machine key, or makes one (only this process can read it). */
static int load_or_create_key(void)
{
	size_t len = 0;
	char *k = file_read_at(AT_FDCWD, key_path, sizeof(mac_key), &len);
	int fd;

	if (k && len == sizeof(mac_key)) {
		memcpy(mac_key, k, sizeof(mac_key));
		sodium_memzero(k, len);
		free(k);
		return 0;
	}
	free(k);
	if (k || errno != ENOENT) {
		log_warn("module cache key %s is unreadable or damaged; "
			 "making a new one", key_path);
		unlink(key_path);
	}
	crypto_auth_hmacsha256_keygen(mac_key);
	fd = open(key_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		  O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (write(fd, mac_key, sizeof(mac_key)) != (ssize_t)sizeof(mac_key) ||
	    fsync(fd) != 0) {
		close(fd);
		unlink(key_path);
		return -1;
	}
	return close(fd);
}

int modcache_open(const char *dir)
{
	struct stat st;

	if (sodium_init() < 0)
		return -1;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		goto fail;
	dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dir_fd < 0 || fstat(dir_fd, &st) != 0)
		goto fail;
	/* Ours alone: nobody else may list or plant artifacts. */
	if (st.st_uid == geteuid() && (st.st_mode & 077))
		fchmod(dir_fd, 0700);
	snprintf(key_path, sizeof(key_path), "%s.key", dir);
	if (load_or_create_key() != 0)
		goto fail;
	return 0;
fail:
	log_warn("module cache %s: %s; compiling every boot", dir,
		 strerror(errno));
	if (dir_fd >= 0)
		close(dir_fd);
	dir_fd = -1;
	key_path[0] = '\0';
	return -1;
}

bool modcache_enabled(void)
{
	return dir_fd >= 0;
}

const char *modcache_key_path(void)
{
	return key_path;
}

void modcache_key(const void *wasm, size_t len, const char *engine_tag,
		  char key[MODCACHE_KEY_HEX])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, wasm, len);
	crypto_hash_sha256_update(&st, (const unsigned char *)engine_tag,
				  strlen(engine_tag));
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(key, MODCACHE_KEY_HEX, digest, sizeof(digest));
}

/* The MAC binds the artifact to its key (file name), so two valid
 * artifacts cannot be swapped for each other either. */
static void mac_of(const char *key, const void *artifact, size_t len,
		   char out[MAC_HEX])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, mac_key, sizeof(mac_key));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)key,
				      strlen(key));
	crypto_auth_hmacsha256_update(&st, artifact, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, MAC_HEX, mac, sizeof(mac));
}

wasmtime_module_t *modcache_load(wasm_engine_t *engine, const char *key,
				 bool *rejected)
{
	char name[MODCACHE_KEY_HEX + 8], want[MAC_HEX], got[MAC_HEX];
	wasmtime_module_t *module = NULL;
	wasmtime_error_t *error;
	size_t len, mac_len;
	char *bytes, *mac;

	*rejected = false;
	if (dir_fd < 0)
		return NULL;
	snprintf(name, sizeof(name), "%s.mac", key);
	mac = file_read_at(dir_fd, name, MAC_HEX, &mac_len);
	if (!mac)
		return NULL;
	snprintf(want, sizeof(want), "%.*s", (int)mac_len, mac);
	free(mac);
	snprintf(name, sizeof(name), "%s.cwasm", key);
	bytes = file_read_at(dir_fd, name, ARTIFACT_MAX, &len);
	if (!bytes)
		return NULL;
	mac_of(key, bytes, len, got);
	if (sodium_memcmp(got, want, MAC_HEX) != 0) {
		log_warn("module cache: %s does not match its MAC; recompiling",
			 name);
		*rejected = true;
	} else {
		error = wasmtime_module_deserialize(engine, (uint8_t *)bytes,
						    len, &module);
		if (error) {
			wasmtime_error_delete(error);
			module = NULL;
			*rejected = true;
		}
	}
	free(bytes);
	return module;
}

void modcache_store(const char *key, const void *artifact, size_t len)
{
	char name[MODCACHE_KEY_HEX + 8], mac[MAC_HEX];

	if (dir_fd < 0)
		return;
	mac_of(key, artifact, len, mac);
	snprintf(name, sizeof(name), "%s.cwasm", key);
	/* The MAC goes last: an artifact without one is never used. */
	if (file_write_atomic_at(dir_fd, name, artifact, len, 0600) == 0) {
		snprintf(name, sizeof(name), "%s.mac", key);
		file_write_atomic_at(dir_fd, name, mac, strlen(mac), 0600);
	}
}
