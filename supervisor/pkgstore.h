/*
 * pkgstore.h - the installed-apps tree (pkgstore.c): where packages are
 * unpacked, how an install or removal is made atomic, and how installed
 * files are checked again. It trusts its caller (pkg.c) to have verified
 * the package against the trust store; it checks everything about the
 * archive's contents that decides where bytes go.
 *
 * Layout, under the directory given to pkgstore_open (on the data disk,
 * inside the supervisor's own tree that no grant reaches):
 *
 *	store/<name>-<version>-<hash>/	one unpacked package: its files and
 *					.package (what each file must hash to)
 *	apps/<name> -> ../store/...	the installed version: an apps
 *					directory the registry loads like /apps
 *
 * An install unpacks into store/.<dir>.tmp, syncs every file and the
 * directory, renames it into place, then swaps apps/<name> to it with a
 * rename of a new symbolic link (the commit: one atomic rename), and only
 * then removes the old version. A removal is one unlink. pkgstore_open
 * sweeps what a power cut left: temporary directories and links, and
 * versions no link names. So after a cut the app is the old version or
 * the new one, whole.
 *
 * Not thread-safe: its only caller, pkg.c, makes one change at a time.
 */
#ifndef VYOMA_PKGSTORE_H
#define VYOMA_PKGSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "manifest.h"
#include "sign.h"
#include "vpk.h"

#define PKGSTORE_RECORD ".package"

enum pkgstore_result {
	PKGSTORE_FAILED = -1,
	PKGSTORE_SAME = 0,	/* that exact package is installed */
	PKGSTORE_INSTALLED,
	PKGSTORE_UPGRADED,	/* another version was installed before */
};

/* Opens (making it if missing) and sweeps the tree. 0, or -1 (logged). */
int pkgstore_open(const char *dir);
void pkgstore_close(void);
/* dir/apps: an apps directory, as --apps names one. */
const char *pkgstore_apps_dir(void);

/*
 * Installs a parsed, verified archive whose manifest is m (parsed from
 * its vyoma.toml). sha256 is the whole file's; it names the version's
 * directory. Returns what happened, or PKGSTORE_FAILED with err.
 */
enum pkgstore_result pkgstore_install(const struct vpk *v,
				      const struct manifest *m,
				      const uint8_t sha256[SIGN_HASH],
				      char *err, size_t errlen);

/* Removes an installed app. 0, or -1 with err (not installed). */
int pkgstore_remove(const char *name, char *err, size_t errlen);

/* Is an app called name installed (whether or not its files are whole)? */
bool pkgstore_has(const char *name);

/*
 * The installed version's manifest (and the package's hash), or -1 if
 * that name is not installed or its manifest does not parse.
 */
int pkgstore_installed(const char *name, struct manifest *m,
		       uint8_t sha256[SIGN_HASH]);

/*
 * Re-checks an installed app's files against its record: every file
 * there, of its size and hash, and nothing else. 0, or -1 with the first
 * difference in err.
 */
int pkgstore_verify(const char *name, char *err, size_t errlen);

/*
 * The package an installed app was unpacked from, made again from its
 * files in the record's order with the signature it came with (the
 * archive is deterministic): what `pkg verify` checks against the
 * trusted index and key, so files rewritten together with the record
 * are found too. 0 with w filled (vpk_writer_free it), or -1 with err.
 */
int pkgstore_rebuild(const char *name, struct vpk_writer *w, char *err,
		     size_t errlen);

/*
 * Calls fn for each installed app's name, in name order; stops early if
 * fn returns non-zero. Returns how many were visited.
 */
size_t pkgstore_each(int (*fn)(const char *name, void *arg), void *arg);

/*
 * Tests only: called at each step of an install (1, 2, ...) so a test
 * can end the process there, as a power cut would.
 */
extern void (*pkgstore_step_hook)(int step);

#endif
