/*
 * fake_proc.c - the test double for proc.c (fake_proc.h). Only what the
 * broker and the shell call is here, each with proc.c's contract.
 */
#include "fake_proc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAKE_MAX 16

static struct app *apps[FAKE_MAX];
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
	app->id = (uint32_t)count + 1;
	apps[count++] = app;
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
	while (count)
		free(apps[--count]);
	fake_request_app = NULL;
	fake_request_event = -1;
}

size_t proc_count(void)
{
	return count;
}

struct app *proc_at(size_t i)
{
	return i < count ? apps[i] : NULL;
}

struct app *proc_by_id(uint32_t id)
{
	return id >= 1 && id <= count ? apps[id - 1] : NULL;
}

struct app *proc_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(apps[i]->manifest.name) == len &&
		    memcmp(apps[i]->manifest.name, name, len) == 0)
			return apps[i];
	return NULL;
}

enum msgq_result proc_deliver_from(struct app *app, const char *line,
				   size_t len, uint32_t sender_id)
{
	if (len > APP_LINE_MAX)
		return MSGQ_FULL;
	return msgq_push(&app->inbox, line, len, sender_id);
}

int proc_deliver(struct app *app, const char *line, size_t len)
{
	return proc_deliver_from(app, line, len, 0) == MSGQ_OK ? 0 : -1;
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

uint64_t proc_cpu_ns(struct app *app)
{
	return atomic_load(&app->stats.cpu_ns_done);
}

void proc_keep_console(struct app *app, const char *line, size_t len)
{
	char *slot = app->console[app->console_next];

	if (len > APP_CONSOLE_WIDTH)
		len = APP_CONSOLE_WIDTH;
	memcpy(slot, line, len);
	slot[len] = '\0';
	app->console_next = (app->console_next + 1) % APP_CONSOLE_KEEP;
	if (app->console_count < APP_CONSOLE_KEEP)
		app->console_count++;
}

size_t proc_console(struct app *app, char (*lines)[APP_CONSOLE_WIDTH + 1],
		    size_t max)
{
	size_t i, n = app->console_count < max ? app->console_count : max;

	for (i = 0; i < n; i++)
		memcpy(lines[i], app->console[(app->console_next +
					       APP_CONSOLE_KEEP - n + i) %
					      APP_CONSOLE_KEEP],
		       sizeof(lines[i]));
	return n;
}

const char *app_state_name(int state)
{
	return lifecycle_state_name((enum life_state)state);
}

void app_warn(struct app *app, const char *fmt, ...)
{
	(void)fmt;
	atomic_fetch_add(&app->stats.warnings, 1);
}
