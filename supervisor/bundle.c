/*
 * bundle.c - reads and checks a system update bundle (bundle.h).
 */
#include "bundle.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MAGIC "vyoma-bundle 1\n"
#define PART_MAX 4096		/* a certificate or a manifest */

/* "<word> <decimal>\n" at data[*pos]; the number in *n. */
static bool length_line(const unsigned char *data, size_t len, size_t *pos,
			const char *word, size_t *n)
{
	size_t w = strlen(word), p = *pos + w + 1, v = 0;

	if (len - *pos < w + 3 || memcmp(data + *pos, word, w) ||
	    data[*pos + w] != ' ')
		return false;
	if (data[p] == '0')
		return false;
	for (; p < len && data[p] >= '0' && data[p] <= '9'; p++) {
		v = v * 10 + (size_t)(data[p] - '0');
		if (v > PART_MAX)
			return false;
	}
	if (p >= len || data[p] != '\n' || v == 0)
		return false;
	*n = v;
	*pos = p + 1;
	return true;
}

/* Numbers of 1 to 9 digits, one dot between each two, no leading zero:
 * each version has one spelling. */
static bool version_ok(const char *s)
{
	int digits = 0;

	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			if (++digits > 9 || (digits == 2 && s[-1] == '0'))
				return false;
		} else if ((*s == '.' || !*s) && digits) {
			if (!*s)
				return true;
			digits = 0;
		} else {
			return false;
		}
	}
}

int bundle_version_cmp(const char *a, const char *b)
{
	if (!version_ok(a) || !version_ok(b))
		return -2;
	for (;;) {
		unsigned long x = 0, y = 0;
		int dx = 0, dy = 0;

		while (*a >= '0' && *a <= '9' && dx < 9)
			x = x * 10 + (unsigned long)(*a++ - '0'), dx++;
		while (*b >= '0' && *b <= '9' && dy < 9)
			y = y * 10 + (unsigned long)(*b++ - '0'), dy++;
		if (!dx || !dy || (*a && *a != '.') || (*b && *b != '.'))
			return -2;
		if (x != y)
			return x < y ? -1 : 1;
		if (!*a || !*b) {
			if (!*a && !*b)
				return 0;
			return !*a ? -1 : 1;
		}
		a++;
		b++;
	}
}

int bundle_check(const unsigned char *data, size_t len,
		 const uint8_t root[SIGN_PUBLIC], uint64_t now,
		 const char *running, struct bundle *out, char *err,
		 size_t errlen)
{
	struct certificate cert;
	struct update_manifest m;
	uint8_t hash[SIGN_HASH];
	size_t pos = strlen(MAGIC), cert_len, man_len, cert_at, man_at;
	char why[256];
	int cmp;

	memset(out, 0, sizeof(*out));
	if (len < pos || memcmp(data, MAGIC, pos))
		return snprintf(err, errlen, "not a VyomaOS update bundle "
				"(no \"vyoma-bundle 1\" line)"), -1;
	if (!length_line(data, len, &pos, "certificate", &cert_len) ||
	    len - pos < cert_len)
		return snprintf(err, errlen, "line 2 is not \"certificate "
				"<bytes>\" (1 to %d), or the bundle is cut "
				"short", PART_MAX), -1;
	cert_at = pos;
	pos += cert_len;
	if (!length_line(data, len, &pos, "manifest", &man_len) ||
	    len - pos < man_len)
		return snprintf(err, errlen, "no \"manifest <bytes>\" line "
				"after the certificate, or the bundle is cut "
				"short"), -1;
	man_at = pos;
	pos += man_len;
	if (cert_verify_role((const char *)data + cert_at, cert_len,
			     ROLE_SYSTEM, root, now, &cert, why, sizeof(why)))
		return snprintf(err, errlen, "certificate: %s", why), -1;
	if (update_manifest_verify((const char *)data + man_at, man_len,
				   cert.key, &m, why, sizeof(why)))
		return snprintf(err, errlen, "manifest: %s", why), -1;
	if (len - pos != m.image_length)
		return snprintf(err, errlen, "the image is %zu bytes, the "
				"manifest says %llu", len - pos,
				(unsigned long long)m.image_length), -1;
	sign_sha256(data + pos, len - pos, hash);
	if (memcmp(hash, m.image_sha256, sizeof(hash)))
		return snprintf(err, errlen, "the image's SHA-256 is not the "
				"manifest's: the bundle was changed"), -1;
	cmp = bundle_version_cmp(m.version, running);
	if (cmp == -2)
		return snprintf(err, errlen, "version %s or the running %s is "
				"not numbers and dots", m.version, running), -1;
	if (cmp <= 0)
		return snprintf(err, errlen, "version %s is not newer than the "
				"running %s: a system never goes back", m.version,
				running), -1;
	out->manifest = m;
	out->image = data + pos;
	out->image_len = len - pos;
	return 0;
}

int bundle_header(const char *cert, size_t cert_len, const char *manifest,
		  size_t manifest_len, char *out, size_t cap)
{
	int n = snprintf(out, cap, MAGIC "certificate %zu\n", cert_len);

	if (n < 0 || (size_t)n + cert_len + 32 + manifest_len > cap ||
	    cert_len > PART_MAX || manifest_len > PART_MAX)
		return -1;
	memcpy(out + n, cert, cert_len);
	n += (int)cert_len;
	n += snprintf(out + n, cap - (size_t)n, "manifest %zu\n",
		      manifest_len);
	memcpy(out + n, manifest, manifest_len);
	return n + (int)manifest_len;
}
