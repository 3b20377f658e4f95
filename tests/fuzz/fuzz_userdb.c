/*
 * fuzz_userdb.c - libFuzzer target for the user database's file parser
 * (userdb_parse in userdb.c). Each input is parsed twice: as it is, and
 * with its correct seal line appended (a fuzzer never guesses a BLAKE2b
 * sum, so without that no mutated user line would get past the seal).
 * The properties checked, beside memory safety:
 *   - a refused file says which line, and yields no users;
 *   - a file that parses ends in its seal line and holds at most
 *     USERDB_MAX users with valid names, uids from USERDB_FIRST_UID in
 *     rising order, no name twice, and hashes that are "!" or Argon2id;
 *   - the same input sealed twice is refused (text after the seal).
 */
#include "userdb.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#define INPUT_MAX 16384

static struct userdb_user users[USERDB_MAX];
static char hashes[USERDB_MAX][USERDB_HASH_MAX];

static void check(const char *text, size_t len)
{
	char err[160];
	size_t count = 12345, i, j;

	if (userdb_parse(text, len, users, hashes, &count, err,
			 sizeof(err)) != USERDB_OK) {
		assert(strncmp(err, "line ", 5) == 0);
		assert(count == 0);
		return;
	}
	assert(len >= 70 && text[len - 1] == '\n');
	assert(memcmp(text + len - 70, "seal ", 5) == 0);
	assert(memcmp(text, "vyoma-users 1\n", 14) == 0);
	assert(count <= USERDB_MAX);
	for (i = 0; i < count; i++) {
		assert(userdb_name_valid(users[i].name));
		assert(users[i].uid >= USERDB_FIRST_UID);
		assert(users[i].uid < UINT32_MAX);
		assert(i == 0 || users[i - 1].uid < users[i].uid);
		for (j = 0; j < i; j++)
			assert(strcmp(users[i].name, users[j].name) != 0);
		assert(strlen(hashes[i]) < USERDB_HASH_MAX);
		assert(strcmp(hashes[i], "!") == 0 ||
		       strncmp(hashes[i], "$argon2id$", 10) == 0);
	}
}

/* text with "seal <its BLAKE2b-256>\n" after it, into out. */
static size_t seal(const char *text, size_t len, char *out)
{
	unsigned char sum[crypto_generichash_BYTES];
	char hex[2 * crypto_generichash_BYTES + 1];

	crypto_generichash(sum, sizeof(sum), (const unsigned char *)text,
			   len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
	memmove(out, text, len);
	memcpy(out + len, "seal ", 5);
	memcpy(out + len + 5, hex, 2 * crypto_generichash_BYTES);
	out[len + 69] = '\n';
	return len + 70;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[INPUT_MAX + 2 * 70];
	char err[160];
	size_t count, len;

	check((const char *)data, size);
	if (size > INPUT_MAX)
		return 0;
	len = seal((const char *)data, size, buf);
	check(buf, len);
	len = seal(buf, len, buf);
	assert(userdb_parse(buf, len, users, hashes, &count, err,
			    sizeof(err)) == USERDB_DAMAGED);
	return 0;
}
