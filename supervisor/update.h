/*
 * update.h - the system update service (update.c): the supervisor's
 * `update` command, which the updater app asks (with the updates
 * capability). The app downloads a bundle into its own /data; the
 * supervisor reads it once, checks it (bundle.h) and writes it to the
 * slot that is not running (slots.h). docs/updates.md and
 * docs/protocol.md describe the command.
 */
#ifndef VYOMA_UPDATE_H
#define VYOMA_UPDATE_H

#include <stddef.h>

struct app;

/* The running system's version: VERSION_ID of os_release ("0.18.0"). */
void update_open(const char *os_release);
const char *update_running_version(void);

/*
 * Runs `update status | check FILE | apply FILE` for caller on its own
 * thread, one at a time; the reply goes into out, its length returned.
 */
size_t update_run(struct app *caller, const char *args, size_t len,
		  char *out, size_t cap);

#endif
