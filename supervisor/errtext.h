/*
 * errtext.h - a WASI errno in words, as glibc words it: what an app's
 * "No such file or directory" says, served once by the supervisor
 * (vyoma_process.strerror, procapi.c) instead of a table in every tool
 * that already needs VyomaOS.
 */
#ifndef VYOMA_ERRTEXT_H
#define VYOMA_ERRTEXT_H

#include <stdint.h>

/* The longest text errtext() gives, without its NUL. */
#define ERRTEXT_MAX 63

/*
 * glibc's description of the Linux errno that WASI's err stands for;
 * "Permission denied" for NOTCAPABLE (a grant the app lacks, which
 * Linux has no errno for) and for PERM (errtext.c), "Unknown error"
 * past WASI's list. Never NULL,
 * never longer than ERRTEXT_MAX, always static.
 */
const char *errtext(uint32_t err);

/* The Linux errno WASI's err stands for, 0 for none (SUCCESS,
 * NOTCAPABLE, or past WASI's list). */
int errtext_linux_errno(uint32_t err);

#endif
