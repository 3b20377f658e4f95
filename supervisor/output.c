/*
 * output.c - an app's output lines (output.h). Every line is checked
 * before it goes anywhere: over-long lines and lines that are not UTF-8
 * are dropped whole and counted; a malformed draw or message line is
 * logged (escaped, cut short) and dropped; console lines are rate
 * limited, and every line dropped for the rate is counted and said.
 */
#include "output.h"
#include "draw.h"
#include "log.h"
#include "proc.h"
#include "utf8.h"

#include <sodium.h>
#include <string.h>

#define SECOND_NS 1000000000ull
#define QUOTE_MAX 60	/* of a bad line, in a warning */
#define LINES_PER_TICK_CHECK 16

void (*output_on_frame)(struct app *app);
void (*output_on_message)(struct app *app, const char *line, size_t len);

static void draw_line(struct app *app, const char *line, size_t len)
{
	struct draw_cmd cmd;
	const char *problem = draw_parse(line, len, &cmd);

	if (problem) {
		app_warn(app, "draw line dropped: %s: %.*s", problem,
			 (int)(len < QUOTE_MAX ? len : QUOTE_MAX), line);
		atomic_fetch_add(&app->stats.lines_rejected, 1);
		return;
	}
	if (window_draw(app->window, &cmd)) {
		uint64_t none = 0, ns = monotonic_ns() - app->started_ns;

		/* Logged so that a test can wait for it, not sleep. */
		if (atomic_compare_exchange_strong(&app->stats.first_frame_ns,
						   &none, ns ? ns : 1))
			log_info("%s: first frame, %.1f ms after its start",
				 app->label, (double)ns / 1e6);
		atomic_fetch_add(&app->stats.frames, 1);
		if (output_on_frame)
			output_on_frame(app);
	}
}

/* Says how many console lines the last window dropped, if any. */
static void report_console_drops(struct app *app)
{
	struct app_io *io = &app->io;
	unsigned long total = atomic_load(&app->stats.console_dropped);

	if (total == io->console_dropped_reported)
		return;
	log_warn("%s: %u console lines in a second, %lu dropped (%lu in all)",
		 app->label, io->console_in_window,
		 total - io->console_dropped_reported, total);
	io->console_dropped_reported = total;
}

/*
 * At most APP_CONSOLE_RATE lines and APP_CONSOLE_BYTES_RATE bytes a
 * second reach the log; the rest are counted, and said so with the app's
 * first console line after that second (or when the run ends), so a
 * chatty app cannot drown the log or the console.
 */
static bool console_allowed(struct app *app, size_t len)
{
	struct app_io *io = &app->io;
	uint64_t now = monotonic_ns();

	if (now - io->console_window_ns >= SECOND_NS) {
		report_console_drops(app);
		io->console_window_ns = now;
		io->console_in_window = 0;
		io->console_bytes_in_window = 0;
	}
	io->console_bytes_in_window += len;
	if (++io->console_in_window <= APP_CONSOLE_RATE &&
	    io->console_bytes_in_window <= APP_CONSOLE_BYTES_RATE)
		return true;
	atomic_fetch_add(&app->stats.console_dropped, 1);
	return false;
}

/* Console output is kept only with the stdio capability. */
static void console_line(struct app *app, const char *line, size_t len)
{
	if (app->manifest.caps[CAP_STDIO]) {
		if (!console_allowed(app, len))
			return;
		log_app_line(app->label, line, len);
		proc_keep_console(app, line, len);
		return;
	}
	if (!app->io.denied_stdio)
		log_warn("%s: console output dropped: the stdio capability is "
			 "not granted", app->label);
	app->io.denied_stdio = true;
}

/* One complete line the app wrote to stdout. */
static void protocol_line(struct app *app, const char *line, size_t len)
{
	if (len >= sizeof(DRAW_PREFIX) - 1 &&
	    memcmp(line, DRAW_PREFIX, sizeof(DRAW_PREFIX) - 1) == 0) {
		if (app->window) {
			draw_line(app, line, len);
			return;
		}
		if (!app->io.denied_draw)
			log_warn("%s: draw lines rejected: the display "
				 "capability is not granted", app->label);
		app->io.denied_draw = true;
		return;
	}
	if (len > 0 && line[0] == '@') {
		output_on_message(app, line, len);
		return;
	}
	console_line(app, line, len);
}

/* Every line of stdout or stderr, complete, comes through here. */
static void emit_line(struct app *app, bool is_stdout, const char *line,
		      size_t len)
{
	if (len && line[len - 1] == '\r')
		len--;
	if (len > APP_LINE_MAX) {
		app_warn(app, "line longer than %d bytes dropped", APP_LINE_MAX);
		atomic_fetch_add(&app->stats.lines_rejected, 1);
		return;
	}
	/* Nothing malformed goes further: not to the log, not to an app. */
	if (!utf8_line_valid(line, len)) {
		app_warn(app, "line with invalid UTF-8 or NUL dropped");
		atomic_fetch_add(&app->stats.lines_rejected, 1);
		return;
	}
	if (is_stdout)
		protocol_line(app, line, len);
	else
		console_line(app, line, len);
}

/*
 * Splits a stream into lines; an over-long line is reported and dropped up
 * to its newline. data may lie in the app's memory (checked by the shim):
 * it is only scanned for newlines and copied, once, into the app's line
 * buffer, and everything after that works on the copy.
 */
static void feed_lines(struct app *app, struct line_buf *lb, bool is_stdout,
		       const char *data, size_t size)
{
	while (size) {
		const char *nl = memchr(data, '\n', size);
		size_t chunk = nl ? (size_t)(nl - data) : size;

		/* One line can be a lot of work (a full-window fill): being
		 * stopped and the CPU shares are looked at between lines. */
		if (atomic_load(&app->killing))
			return;
		if (++app->io.lines_since_tick == LINES_PER_TICK_CHECK) {
			app->io.lines_since_tick = 0;
			sched_maybe_tick(app);
		}
		if (lb->discarding) {
			/* Skip to the end of the over-long line. */
		} else if (chunk > APP_LINE_MAX + 1 - lb->len) {
			/* (+1: a CR before the newline does not count) */
			app_warn(app, "line longer than %d bytes dropped",
				 APP_LINE_MAX);
			atomic_fetch_add(&app->stats.lines_rejected, 1);
			lb->discarding = true;
			lb->len = 0;
		} else {
			memcpy(lb->data + lb->len, data, chunk);
			lb->len += chunk;
			if (nl)
				emit_line(app, is_stdout, lb->data, lb->len);
			/* A message can carry a password (the greeter's
			 * login): no copy of it stays here. */
			if (nl && is_stdout && lb->data[0] == '@')
				sodium_memzero(lb->data, lb->len);
		}
		if (!nl)
			return;
		lb->len = 0;
		lb->discarding = false;
		data += chunk + 1;
		size -= chunk + 1;
	}
}

void output_write(struct app *app, bool is_stdout, const char *data,
		  size_t len)
{
	feed_lines(app, is_stdout ? &app->io.out : &app->io.err, is_stdout,
		   data, len);
}

void output_finish(struct app *app)
{
	struct app_io *io = &app->io;

	/* The app's last words, if it ended by itself; a line cut off by
	 * an interrupt may be half a command, and is dropped. */
	if (!atomic_load(&app->killing)) {
		if (io->out.len && !io->out.discarding)
			emit_line(app, true, io->out.data, io->out.len);
		if (io->err.len && !io->err.discarding)
			emit_line(app, false, io->err.data, io->err.len);
	}
	io->out.len = io->err.len = 0;
	report_console_drops(app);
}

void output_reset(struct app *app)
{
	struct app_io *io = &app->io;

	io->out.len = io->err.len = 0;
	io->out.discarding = io->err.discarding = false;
	io->console_window_ns = 0;
	io->console_in_window = 0;
	io->console_bytes_in_window = 0;
	io->lines_since_tick = 0;
}
