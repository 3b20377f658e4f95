/*
 * manifest.h - the vyoma.toml schema: what an app is ([app]) and what it
 * may touch ([capabilities]). Parsing is strict; every mistake is reported
 * as "file:line:column: message" so the author can go straight to it.
 */
#ifndef VYOMA_MANIFEST_H
#define VYOMA_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

enum capability {
	CAP_STDIO,
	CAP_FILESYSTEM,
	CAP_NETWORK,
	CAP_DISPLAY,
	CAP_SHELL,
	CAP_MOUSE,
	CAP_COUNT
};

#define MANIFEST_NAME_MAX 32

struct manifest {
	char name[MANIFEST_NAME_MAX + 1];
	char version[33];
	char entry[129];	/* a .wasm file beside the manifest */
	char description[257];
	char category[33];
	bool caps[CAP_COUNT];
};

const char *capability_name(enum capability cap);

/*
 * Parses a manifest held in memory; path is only used in messages. Returns
 * 0, or -1 with a "path:line:col: message" in err.
 */
int manifest_parse(const char *src, size_t len, const char *path,
		   struct manifest *m, char *err, size_t errlen);

/* Reads and parses the file at path. */
int manifest_load(const char *path, struct manifest *m, char *err,
		  size_t errlen);

#endif
