/*
 * fake_proc.c - the test double for proc.c (fake_proc.h): apps made from
 * manifest text go into the real registry (registry.c); only what the
 * broker and the shell ask of the Process Manager itself is faked here.
 */
#include "fake_proc.h"
#include "registry.h"
#include "session.h"
#include "userfiles.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAKE_MAX 16

static struct app *made[FAKE_MAX];
static size_t count;
struct app *fake_request_app;
int fake_request_event = -1;

struct app *fake_app(const char *name, const char *caps, int state)
{
	char src[1024], err[256];
	struct app *app = calloc(1, sizeof(*app));

	snprintf(src, sizeof(src), "[app]\nname = \"%s\"\nversion = \"1\"\n"
		 "entry = \"%s.wasm\"\n%s", name, name, caps);
	if (!app || count == FAKE_MAX ||
	    manifest_parse(src, strlen(src), "fake.toml", &app->manifest, err,
			   sizeof(err)) != 0) {
		fprintf(stderr, "fake_app %s: %s\n", name, err);
		exit(1);
	}
	msgq_init(&app->inbox, app->manifest.queue_bytes,
		  app->manifest.queue_messages);
	pthread_mutex_init(&app->console_lock, NULL);
	pthread_mutex_init(&app->thread_lock, NULL);
	app->state = state;
	atomic_store(&app->uid, session_system_app(app) ? USERDB_SYSTEM_UID :
			       session_screen_uid());
	snprintf(app->label, sizeof(app->label), "%s", name);
	registry_add(app);
	made[count++] = app;
	return app;
}

const char *fake_stdin(struct app *app)
{
	static char buf[65536];
	size_t n = msgq_pop(&app->inbox, buf, sizeof(buf) - 1);

	buf[n] = '\0';
	return buf;
}

void fake_reset(void)
{
	registry_reset();
	while (count) {
		msgq_destroy(&made[--count]->inbox);
		free(made[count]);
	}
	fake_request_app = NULL;
	fake_request_event = -1;
}

/* What the instance and stream layers call in the rest of the supervisor:
 * nothing runs here, so nothing waits, draws or is woken. */
void (*proc_on_request)(void);
void (*proc_on_reap)(struct app *app);

void sched_wait_begin(struct app *app)
{
	(void)app;
}

void sched_wait_end(struct app *app)
{
	(void)app;
}

void output_write(struct app *app, bool is_stdout, const char *data,
		  size_t len)
{
	(void)app, (void)is_stdout, (void)data, (void)len;
}

struct life_cell proc_request(struct app *app, enum life_event request)
{
	struct life_cell cell = lifecycle_table[app->state][request];

	if (cell.action != ACT_REFUSE && cell.action != ACT_IGNORE) {
		fake_request_app = app;
		fake_request_event = (int)request;
	}
	return cell;
}

void proc_stop(struct app *app)
{
	proc_request(app, LIFE_STOP);
}

uint64_t proc_cpu_ns(struct app *app)
{
	return atomic_load(&app->stats.cpu_ns_done);
}


void fake_session(void)
{
	static char dir[] = "/tmp/vyoma-fake-XXXXXX";
	char users[sizeof(dir) + 8], err[256];

	if (!mkdtemp(dir)) {
		perror("fake_session");
		exit(1);
	}
	snprintf(users, sizeof(users), "%s/users", dir);
	if (userdb_open(users, err, sizeof(err)) != USERDB_OK ||
	    userfiles_init(dir, NULL, NULL, err, sizeof(err)) != 0) {
		fprintf(stderr, "fake_session: %s\n", err);
		exit(1);
	}
	session_init("tester");
}
