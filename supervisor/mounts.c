/*
 * mounts.c - the directories an app sees (mounts.h).
 */
#include "mounts.h"
#include "log.h"
#include "proc.h"
#include "session.h"
#include "userdb.h"
#include "userfiles.h"

#include <limits.h>

bool mounts_each(struct app *app, mounts_fn each, void *ctx)
{
	const struct manifest *m = &app->manifest;
	size_t i;

	if (app->data_dir[0] && !each(ctx, app->data_dir, "/data", true))
		return false;
	/* The user's files: the same home and /tmp as every app that has
	 * them, as writable as this one may have them. */
	if (app->user_files) {
		bool rw = app->user_files == USER_FILES_RW;
		char user[USERDB_NAME_MAX + 1] = "";
		char mount[USERFILES_MOUNT_MAX];
		char home[PATH_MAX], tmp[PATH_MAX];

		/* The home of the user it runs for, and no one else's. */
		if (!session_user_name(session_app_uid(app), user) ||
		    session_app_uid(app) == USERDB_SYSTEM_UID ||
		    userfiles_mount(user, mount) ||
		    userfiles_dirs(user, home, tmp)) {
			log_error("%s: no home to give it (it runs for %s)",
				  app->label, user);
			return false;
		}
		if (!each(ctx, home, mount, rw) ||
		    !each(ctx, tmp, USERFILES_TMP_MOUNT, rw))
			return false;
	}
	for (i = 0; i < m->grant_count; i++) {
		const struct fs_grant *g = &m->grants[i];

		if (!each(ctx, g->host_path, g->guest_path, g->writable))
			return false;
	}
	return true;
}
