/*
 * serial - the driver of the serial port ttyS2 (raw, 115200 baud). It
 * owns the port and turns its bytes into lines for apps, and apps'
 * lines into bytes on the port.
 *
 * From the port: LF ends a line, CR is ignored, and only printable
 * ASCII is kept (a message must be valid UTF-8 without control
 * characters, which bytes off a wire need not be); a line is cut at
 * PORT_LINE_MAX bytes (the rest, up to its LF, is dropped), and an empty
 * line is no line. Each line goes to every subscriber as
 * "@<subscriber>: line <text>"; with no subscriber it is counted and
 * dropped.
 *
 * Requests, one answer line each, to the sender by name:
 *
 *	subscribe	ok		(at most VY_SUBS_MAX subscribers)
 *	unsubscribe	ok
 *	write <text>	ok		(<text> CR LF, out on the port)
 *	stats		stats in=<lines> out=<lines> subscribers=<n>
 *	(other)		error unknown request, want: subscribe,
 *			unsubscribe, write TEXT, stats
 *
 * A subscriber that is gone is dropped when the supervisor says so
 * ("error '<name>' is not running", "error unknown app '<name>'").
 *
 * Without the port there is nothing to serve: it says why and exits 1,
 * so the restart policy tries again, with back-off. A read error does
 * the same; end of file (a file or FIFO given with --device) only stops
 * the reading.
 */
#include "vyoma.h"
#include "vyoma_device.h"
#include "vyoma_subs.h"

#include <errno.h>
#include "vyoma_tiny.h"

#define PORT_LINE_MAX 1000

static int port_in, port_out;	/* vy_device_open sets both */
static char line[5 + PORT_LINE_MAX + 1] = "line ";	/* as it is sent */
static size_t line_len;
static uint64_t lines_in, lines_out;
static struct vy_subs subs;

/* A line from the port, to every subscriber; the next one starts. */
static void deliver(void)
{
	lines_in++;
	line[5 + line_len] = '\0';
	for (int i = 0; i < subs.n; i++)
		vy_send(subs.name[i], line);
	line_len = 0;
}

static void take(uint8_t c)
{
	if (c == '\n') {
		if (line_len)	/* an empty line is no line */
			deliver();
	} else if (c >= 0x20 && c < 0x7f && line_len < PORT_LINE_MAX) {
		line[5 + line_len++] = (char)c;
	}
}

/*
 * One read's worth: a flood on the port never starves the messages.
 * 0, or the errno of a read that failed for good. WASI's calls here and
 * in write_port, not wasi-libc's read() and write(): their errno
 * bookkeeping would only be turned back into the code they return.
 */
static int read_port(void)
{
	uint8_t buf[512];
	__wasi_iovec_t iov = { buf, sizeof(buf) };
	__wasi_size_t n;
	int err = __wasi_fd_read(port_in, &iov, 1, &n);

	if (err == EAGAIN || err == EINTR)
		return 0;
	if (err)
		return err;
	if (n == 0) {
		vy_print("serial: ttyS2 reached its end; no more reading");
		(void)__wasi_fd_close(port_in);
		port_in = -1;
	}
	for (__wasi_size_t i = 0; i < n; i++)
		take(buf[i]);
	return 0;
}

/* text CR LF on the port; 0 or an errno. */
static int write_port(const char *text)
{
	static char out[VY_LINE_MAX + 2];
	char *p = out, *end = stpcpy(out, text);

	*end++ = '\r';
	*end++ = '\n';
	while (p < end) {
		__wasi_ciovec_t iov = { (uint8_t *)p, (size_t)(end - p) };
		__wasi_size_t n;
		int err = __wasi_fd_write(port_out, &iov, 1, &n);

		if (err == EINTR)
			continue;
		if (err || !n)
			return err ? err : EIO;
		p += n;
	}
	lines_out++;
	return 0;
}

static void request(const char *from, const char *text)
{
	char answer[64], *p;
	const char *say = "ok";
	int err;

	if (!strcmp(text, "subscribe")) {
		if (!vy_subs_add(&subs, from))
			say = "error too many subscribers";
	} else if (!strcmp(text, "unsubscribe")) {
		vy_subs_drop(&subs, from, strlen(from));
	} else if (!strncmp(text, "write", 5) && (text[5] | ' ') == ' ') {
		/* "write" alone, or "write " and the text */
		err = write_port(text + 5 + (text[5] == ' '));
		if (err) {
			vy_device_say("serial: writing ttyS2", err);
			stpcpy(stpcpy(answer, "error write: "),
			       vy_device_strerror(err));
			say = answer;
		}
	} else if (!strcmp(text, "stats")) {
		p = stpcpy(answer, "stats in=");
		p += vy_utoa(p, lines_in);
		p = stpcpy(p, " out=");
		p += vy_utoa(p, lines_out);
		vy_utoa(stpcpy(p, " subscribers="), (uint64_t)subs.n);
		say = answer;
	} else {
		say = "error unknown request, want: subscribe, "
		      "unsubscribe, write TEXT, stats";
	}
	vy_send(from, say);
}

/* The supervisor's notes here say which subscribers are gone. */
static void supervisor_said(const char *text)
{
	vy_subs_gone(&subs, text);
}

/* Every way out with an error says why and exits 1, from one place. */
int main(void)
{
	const char *failed = "serial: cannot open ttyS2";
	uint32_t ready;
	int err = vy_device_open("ttyS2", VY_DEVICE_READ, &port_in);

	if (!err)
		err = vy_device_open("ttyS2", VY_DEVICE_WRITE, &port_out);
	if (!err) {
		vy_print("serial: ttyS2 open");
		failed = "serial: reading ttyS2";
		do {
			ready = vy_device_wait(port_in);
			if ((ready & 2) && (err = read_port()))
				break;
		} while (!(ready & 1) ||
			 vy_device_serve(supervisor_said, request));
		if (!err)
			return 0;
	}
	vy_device_say(failed, err);
	return 1;
}
