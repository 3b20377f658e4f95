/*
 * log.c - serialises log lines from the main thread and every app thread
 * onto stdout, one write per line, so a transcript can be asserted on.
 *
 * Every line is escaped on its way out (utf8_escape): app output, folder
 * names and manifest strings are app-controlled text, and a CR, an ESC
 * sequence or a newline in them must never forge a line of the
 * supervisor's own or repaint the console.
 */
#include "log.h"
#include "utf8.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define LOG_LINE_MAX 4096	/* an app's longest line */
#define LOG_TEXT_MAX 1024	/* a supervisor message */

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static enum log_level min_level = LOG_INFO;
static FILE *log_out;		/* NULL: stdout */

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

enum log_level log_get_level(void)
{
	return min_level;
}

void log_set_stream(FILE *f)
{
	log_out = f;
}

/*
 * Writes prefix + escaped text + newline under the lock, escaping a piece
 * at a time: every app thread logs, and a big buffer on each of their
 * stacks would cost each app resident memory.
 */
static void emit(const char *prefix, const char *text, size_t len)
{
	char piece[4 * 64 + 1];
	size_t done = 0;
	FILE *out;

	if (len > LOG_LINE_MAX)
		len = LOG_LINE_MAX;
	pthread_mutex_lock(&log_lock);
	out = log_out ? log_out : stdout;
	fputs(prefix, out);
	while (done < len) {
		size_t take = len - done < 64 ? len - done : 64;
		size_t n;

		/* Never split a UTF-8 sequence between two pieces. */
		while (take < len - done && take > 1 &&
		       ((unsigned char)text[done + take] & 0xC0) == 0x80)
			take--;
		n = utf8_escape(text + done, take, piece, sizeof(piece));
		fwrite(piece, 1, n, out);
		done += take;
	}
	fputc('\n', out);
	fflush(out);
	pthread_mutex_unlock(&log_lock);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char text[LOG_TEXT_MAX], prefix[32];
	va_list ap;
	int n;

	if (level < min_level)
		return;
	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	snprintf(prefix, sizeof(prefix), "vyoma: %s", level_tag[level]);
	emit(prefix, text, (size_t)n < sizeof(text) ? (size_t)n :
	     sizeof(text) - 1);
}

void log_app_line(const char *app, const char *line, size_t len)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "[%s] ", app);
	emit(prefix, line, len);
}
