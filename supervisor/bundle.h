/*
 * bundle.h - a system update bundle (bundle.c; docs/updates.md): the
 * system key's certificate from the root, a manifest that key signed
 * (version, notes, the image's length and SHA-256) and the slot image.
 *
 *	vyoma-bundle 1\n
 *	certificate <bytes>\n<the certificate>
 *	manifest <bytes>\n<the signed manifest>
 *	<the slot image, to the end of the file>
 *
 * Everything is checked before a byte is written anywhere: the
 * certificate against the root key and the time, the manifest's
 * signature against the certified key, the image's length and hash, and
 * that the version is newer than the running one.
 */
#ifndef VYOMA_BUNDLE_H
#define VYOMA_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "sign.h"

#define BUNDLE_HEADER_MAX	8192
#define BUNDLE_MAX		(UPDATE_IMAGE_MAX + BUNDLE_HEADER_MAX)

struct bundle {
	struct update_manifest manifest;
	const unsigned char *image;	/* inside the checked buffer */
	size_t image_len;
};

/*
 * Checks data[0..len) as above. running is the running system's version.
 * 0, or -1 with the reason in err.
 */
int bundle_check(const unsigned char *data, size_t len,
		 const uint8_t root[SIGN_PUBLIC], uint64_t now,
		 const char *running, struct bundle *out, char *err,
		 size_t errlen);

/*
 * Compares two system versions: dot-separated decimal numbers ("0.18.1").
 * <0, 0 or >0 as a is older, the same or newer; -2 if either is not such
 * a version.
 */
int bundle_version_cmp(const char *a, const char *b);

/* The host tool's: the bundle's first bytes, up to its image, into out. */
int bundle_header(const char *cert, size_t cert_len, const char *manifest,
		  size_t manifest_len, char *out, size_t cap);

#endif
