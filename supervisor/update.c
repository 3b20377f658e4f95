/*
 * update.c - the `update` command (update.h): status, check and apply.
 * Only admins change the system; anyone with the capability may ask
 * what it runs.
 */
#include "update.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bundle.h"
#include "download.h"
#include "log.h"
#include "proc.h"
#include "session.h"
#include "slots.h"
#include "trust.h"

static pthread_mutex_t update_lock = PTHREAD_MUTEX_INITIALIZER;
static char running[33];	/* "" until os-release says */

void update_open(const char *os_release)
{
	char line[128];
	FILE *f = fopen(os_release, "re");

	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "VERSION_ID=", 11) &&
		    strlen(line + 11) < sizeof(running) &&
		    bundle_version_cmp(line + 11, line + 11) == 0)
			memcpy(running, line + 11, strlen(line + 11) + 1);
	}
	if (f)
		fclose(f);
}

const char *update_running_version(void)
{
	return running;
}

static size_t reply(char *out, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static size_t reply(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	return n < 0 ? 0 : (size_t)n >= cap ? cap - 1 : (size_t)n;
}

/* check and apply: the bundle /data/<name>, read once and checked. */
static size_t bundle_command(struct app *caller, const char *name,
			     bool apply, char *out, size_t cap)
{
	const uint8_t *root = trust_root_key();
	struct bundle b;
	unsigned char *data;
	size_t len, n;
	char err[320];

	if (apply && !session_is_admin(session_app_uid(caller))) {
		app_warn(caller, "update refused: its user is not an admin");
		return reply(out, cap, "error permission denied: updating the "
			     "system is for admins");
	}
	if (apply && !slots_available())
		return slots_status(out, cap);
	if (!root)
		return reply(out, cap, "error no trust root: updates are off");
	/* Without it, "newer" means nothing: no update goes in. */
	if (!running[0])
		return reply(out, cap, "error the running system's version is "
			     "unknown (no VERSION_ID in os-release)");
	data = download_read(caller, name, BUNDLE_MAX, &len, err, sizeof(err));
	if (!data)
		return reply(out, cap, "error %s", err);
	if (bundle_check(data, len, root, (uint64_t)time(NULL), running, &b,
			 err, sizeof(err))) {
		free(data);
		app_warn(caller, "update refused: %s", err);
		return reply(out, cap, "error %s", err);
	}
	if (!apply) {
		n = reply(out, cap, "update ok %s %zu %s", b.manifest.version,
			  b.image_len, b.manifest.notes);
	} else if (slots_install(b.image, b.image_len, b.manifest.version,
				 err, sizeof(err))) {
		log_error("update: %s", err);
		n = reply(out, cap, "error %s", err);
	} else {
		n = reply(out, cap, "update written %s: restart to try it",
			  b.manifest.version);
	}
	free(data);
	return n;
}

size_t update_run(struct app *caller, const char *args, size_t len,
		  char *out, size_t cap)
{
	char line[256], *w[3], *save = NULL;
	int n = 0;
	size_t r;

	if (len >= sizeof(line))
		return reply(out, cap, "error update: the line is too long");
	memcpy(line, args, len);
	line[len] = '\0';
	for (char *t = strtok_r(line, " ", &save); t && n < 3;
	     t = strtok_r(NULL, " ", &save))
		w[n++] = t;
	pthread_mutex_lock(&update_lock);
	if (n == 1 && !strcmp(w[0], "status"))
		r = slots_status(out, cap);
	else if (n == 2 && !strcmp(w[0], "check"))
		r = bundle_command(caller, w[1], false, out, cap);
	else if (n == 2 && !strcmp(w[0], "apply"))
		r = bundle_command(caller, w[1], true, out, cap);
	else
		r = reply(out, cap, "error usage: update status | check FILE "
			  "| apply FILE");
	pthread_mutex_unlock(&update_lock);
	return r;
}
