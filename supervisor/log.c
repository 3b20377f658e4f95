/*
 * log.c - serialises log lines from the main thread and every app thread
 * onto stdout, one write per line, so a transcript can be asserted on.
 */
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static enum log_level min_level = LOG_INFO;

static const char *const level_tag[] = {
	[LOG_DEBUG] = "debug: ",
	[LOG_INFO] = "",
	[LOG_WARN] = "warning: ",
	[LOG_ERROR] = "error: ",
};

void log_set_level(enum log_level level)
{
	min_level = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level < min_level)
		return;
	pthread_mutex_lock(&log_lock);
	fputs("vyoma: ", stdout);
	fputs(level_tag[level], stdout);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
	pthread_mutex_unlock(&log_lock);
}

void log_app_line(const char *app, const char *line, size_t len)
{
	pthread_mutex_lock(&log_lock);
	fprintf(stdout, "[%s] %.*s\n", app, (int)len, line);
	fflush(stdout);
	pthread_mutex_unlock(&log_lock);
}
