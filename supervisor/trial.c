/*
 * trial.c - the health check of a tried slot (trial.h).
 */
#include "trial.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

#include "boot.h"
#include "lifecycle.h"
#include "log.h"
#include "proc.h"
#include "slots.h"

/* Which service is not running yet, into what; true if none. */
static bool services_running(char *what, size_t cap)
{
	for (size_t i = 0; i < proc_count(); i++) {
		struct app *app = proc_at(i);
		int s = atomic_load(&app->state);

		/* An installed package is not the system: one that fails
		 * must not veto every update. */
		if (app->packaged || !app->manifest.autostart ||
		    app->manifest.kind != KIND_SERVICE)
			continue;
		if (s != LIFE_RUNNING && s != LIFE_EXITED && s != LIFE_STOPPED) {
			snprintf(what, cap, "service %s is %s",
				 app->manifest.name,
				 lifecycle_state_name((enum life_state)s));
			return false;
		}
	}
	return true;
}

static bool healthy(bool first_frame, char *why, size_t cap)
{
	if (!boot_data_on_disk())
		return snprintf(why, cap, "/data is not the disk"), false;
	if (!first_frame)
		return snprintf(why, cap, "the desktop drew no frame"), false;
	return services_running(why, cap);
}

static atomic_bool frame_seen;

long trial_check(bool first_frame)
{
	static struct timespec last;
	struct timespec now;
	char why[160];

	if (first_frame)
		atomic_store(&frame_seen, true);
	if (!slots_on_trial())
		return -1;
	/* Once a second: a check that fails reads the apps, not the disk,
	 * but a mark that fails would write the disk on every pass. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec != last.tv_sec) {
		last = now;
		if (healthy(first_frame, why, sizeof(why)))
			slots_mark_good();
	}
	/* Not good yet: the main loop must wake for the next second even
	 * when nothing else happens (a settled desktop draws nothing). */
	return slots_on_trial() ? 1000 - now.tv_nsec / 1000000 : -1;
}

/* The watchdog: a try that is not healthy in time is a failed try. */
static void *watchdog(void *arg)
{
	struct timespec t = { .tv_sec = TRIAL_DEADLINE_S };
	char why[160] = "it was healthy, but was never marked good", msg[200];

	(void)arg;
	while (clock_nanosleep(CLOCK_BOOTTIME, 0, &t, &t))
		;
	if (!slots_on_trial())
		return NULL;
	/* Read on this thread: the main loop may be the thing stuck. */
	healthy(atomic_load(&frame_seen), why, sizeof(why));
	snprintf(msg, sizeof(msg), "not healthy %d s after boot: %s",
		 TRIAL_DEADLINE_S, why);
	/* Only if it is still a try: marked good meanwhile, it stays up. */
	if (slots_trial_failed(msg)) {
		sync();
		reboot(RB_AUTOBOOT);
	}
	return NULL;
}

static bool fatal_restarts(const char *msg)
{
	return slots_trial_failed(msg);
}

void trial_start(void)
{
	pthread_t t;

	if (!slots_on_trial())
		return;
	boot_fatal_hook = fatal_restarts;
	if (pthread_create(&t, NULL, watchdog, NULL) == 0)
		pthread_detach(t);
	else
		log_error("trial: no watchdog thread; a hung try is not "
			  "counted until the machine is restarted");
}
