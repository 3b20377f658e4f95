/*
 * pkg.h - the package service (pkg.c): the supervisor's `pkg` command,
 * which the pkg and store apps ask (with the packages capability). The
 * apps download; everything that decides trust happens here: the index
 * and its certificate are checked by the trust store (trust.h), a
 * package's length, hash, signature, name, version and capabilities
 * against the trusted index, and the install is the installed-apps
 * tree's (pkgstore.h). docs/packages.md and docs/protocol.md describe
 * the command.
 */
#ifndef VYOMA_PKG_H
#define VYOMA_PKG_H

#include <stddef.h>

struct app;

/*
 * At boot: the root key's file, the supervisor's data root (the trust
 * store and the installed-apps tree go under its .vyoma), and the base
 * apps' directories (no package may take one of their names). Returns
 * the installed-apps directory, to search and load like --apps; NULL if
 * it cannot be opened (logged; packages are then off).
 */
const char *pkg_open(const char *root_key, const char *data_root,
		     const char *const *base_dirs, size_t base_count);
void pkg_close(void);

/*
 * Runs `pkg <args>` for caller on its own thread (one package operation
 * at a time). List rows go out before the reply, which is written into
 * out; returns its length.
 */
size_t pkg_run(struct app *caller, const char *args, size_t len, char *out,
	       size_t cap);

#endif
