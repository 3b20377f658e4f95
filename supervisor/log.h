/*
 * log.h - the supervisor's log and the apps' console: whole lines, never
 * interleaved, with the speaker's name in front ("vyoma:" or "[app]").
 */
#ifndef VYOMA_LOG_H
#define VYOMA_LOG_H

#include <stddef.h>
#include <stdio.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
enum log_level log_get_level(void);

/* Where lines go: stdout unless set (--run keeps stdout the command's). */
void log_set_stream(FILE *f);

__attribute__((format(printf, 2, 3)))
void log_msg(enum log_level level, const char *fmt, ...);

/* One console line of an app, printed as "[app] line". */
void log_app_line(const char *app, const char *line, size_t len);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
