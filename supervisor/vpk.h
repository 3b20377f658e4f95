/*
 * vpk.h - the .vpk package archive (vpk.c): a strict, deterministic ustar
 * reader for PID 1 and the writer `make packages` uses, so both sides
 * agree byte for byte. docs/packages.md is the format's contract.
 *
 * The reader never trusts a field: every header is checked (checksum,
 * octal fields, magic, typeflag, name, order, sizes, padding) before any
 * member is handed out, and members point into the caller's buffer,
 * which must outlive the struct vpk.
 */
#ifndef VYOMA_VPK_H
#define VYOMA_VPK_H

#include <stdbool.h>
#include <stddef.h>

#define VPK_BLOCK		512
#define VPK_NAME_MAX		64
#define VPK_MAX_MEMBERS		32
#define VPK_MEMBER_MAX		(4u << 20)	/* bytes in one member */
#define VPK_FILE_MAX		(8u << 20)	/* bytes in the whole .vpk */
#define VPK_MANIFEST		"vyoma.toml"
#define VPK_SIGNATURE		".signature"

struct vpk_member {
	char name[VPK_NAME_MAX + 1];
	size_t header;		/* offset of its 512-byte header */
	size_t offset;		/* offset of its first byte */
	size_t size;
};

struct vpk {
	const unsigned char *bytes;
	size_t len;
	struct vpk_member members[VPK_MAX_MEMBERS];
	size_t count;
};

/*
 * Checks every rule of docs/packages.md that needs no manifest: headers,
 * names, `vyoma.toml` first, `.signature` (if present) last and the
 * members between sorted by name but for the module (which the caller
 * checks against the manifest's entry with vpk_check_order), sizes, zero
 * padding, the two closing zero blocks and nothing after them. 0 on
 * success; -1 with a message naming the member and field in err.
 */
int vpk_parse(const unsigned char *bytes, size_t len, struct vpk *out,
	      char *err, size_t errlen);

/* The member of that name, or NULL. */
const struct vpk_member *vpk_find(const struct vpk *v, const char *name);

/*
 * The order rule that needs the manifest: the module named by its entry
 * comes second, the assets follow sorted by name. 0, or -1 with err.
 */
int vpk_check_order(const struct vpk *v, const char *entry, char *err,
		    size_t errlen);

/* Is this a name a member may have (docs/packages.md)? */
bool vpk_name_ok(const char *name, size_t len);

/*
 * The writer: members appended in the order given (the caller sorts),
 * then vpk_finish adds the closing blocks. buf grows with realloc;
 * -1 on a bad name, a size over the limits or no memory.
 */
struct vpk_writer {
	unsigned char *buf;
	size_t len, cap;
	size_t count;
};

int vpk_add(struct vpk_writer *w, const char *name, const void *data,
	    size_t size);
int vpk_finish(struct vpk_writer *w);
void vpk_writer_free(struct vpk_writer *w);

#endif
