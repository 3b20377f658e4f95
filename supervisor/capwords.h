/*
 * capwords.h - an app's capabilities in words a person reads, for the
 * package commands (docs/protocol.md): `pkg info`'s "pkg may" rows and
 * the "pkg wider" rows of an upgrade that asks for more. It reads both
 * forms the supervisor writes: caps' ("filesystem(/data=rw,user=rw)
 * network(example.org:80,listen=8000)", manifest_describe) and the flat
 * tokens of what an upgrade adds ("files:home=rw connect:example.org:80",
 * pkg.c's widening). Limits that are not permissions (cpu, files,
 * sockets, restart) are left out; so is stdio, which every app has.
 *
 * The text comes from the signed index or from a manifest, both parsed
 * already, but it is read here as if hostile: any byte string gives
 * lines of printable ASCII, each shorter than CAPWORDS_LINE_MAX, and
 * never more than CAPWORDS_MAX of them.
 */
#ifndef VYOMA_CAPWORDS_H
#define VYOMA_CAPWORDS_H

#include <stddef.h>

#define CAPWORDS_LINE_MAX 160
#define CAPWORDS_MAX 64

/* Called once per permission, with a line without its newline. */
typedef void (*capwords_put)(void *ctx, const char *line);

/* Says each permission in caps; returns how many lines were put. */
size_t capwords_describe(const char *caps, capwords_put put, void *ctx);

#endif
