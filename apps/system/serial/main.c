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
#include <stdlib.h>
#include "vyoma_tiny.h"

#define PORT_LINE_MAX 1000

static int port_in = -1, port_out = -1;
static char line[5 + PORT_LINE_MAX + 1] = "line ";	/* as it is sent */
static size_t line_len;
static uint64_t lines_in, lines_out;
static struct vy_subs subs;

/* A line from the port, to every subscriber. */
static void deliver(void)
{
	lines_in++;
	line[5 + line_len] = '\0';
	for (int i = 0; i < subs.n; i++)
		vy_send(subs.name[i], line);
}

static void take(uint8_t c)
{
	if (c == '\n') {
		if (line_len)
			deliver();
		line_len = 0;
	} else if (c >= 0x20 && c < 0x7f && line_len < PORT_LINE_MAX) {
		line[5 + line_len++] = (char)c;
	}
}

/* One read's worth: a flood on the port never starves the messages. */
static void read_port(void)
{
	uint8_t buf[512];
	ssize_t n = read(port_in, buf, sizeof(buf));

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		vy_device_say("serial: reading ttyS2", errno);
		exit(1);
	}
	if (n == 0) {
		vy_print("serial: ttyS2 reached its end; no more reading");
		close(port_in);
		port_in = -1;
		return;
	}
	for (ssize_t i = 0; i < n; i++)
		take(buf[i]);
}

/* text CR LF on the port; 0 or an errno. */
static int write_port(const char *text)
{
	static char out[VY_LINE_MAX + 2];
	size_t len = strlen(text), done = 0;

	memcpy(out, text, len);
	memcpy(out + len, "\r\n", 2);
	len += 2;
	while (done < len) {
		ssize_t n = write(port_out, out + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? errno : EIO;
		done += (size_t)n;
	}
	lines_out++;
	return 0;
}

static void request(const char *from, const char *text)
{
	char answer[64], *p;
	int err;

	if (!strcmp(text, "subscribe")) {
		vy_send(from, vy_subs_add(&subs, from) ? "ok" :
			"error too many subscribers");
	} else if (!strcmp(text, "unsubscribe")) {
		vy_subs_drop(&subs, from, strlen(from));
		vy_send(from, "ok");
	} else if (!strncmp(text, "write", 5) &&
		   (text[5] == ' ' || !text[5])) {
		err = write_port(text + 5 + (text[5] == ' '));
		if (err) {
			vy_device_say("serial: writing ttyS2", err);
			strcpy(answer, "error write: ");
			strcat(answer, vy_device_strerror(err));
			vy_send(from, answer);
			return;
		}
		vy_send(from, "ok");
	} else if (!strcmp(text, "stats")) {
		p = answer;
		memcpy(p, "stats in=", 9);
		p += 9;
		p += vy_utoa(p, lines_in);
		memcpy(p, " out=", 5);
		p += 5;
		p += vy_utoa(p, lines_out);
		memcpy(p, " subscribers=", 13);
		vy_utoa(p + 13, (uint64_t)subs.n);
		vy_send(from, answer);
	} else {
		vy_send(from, "error unknown request, want: subscribe, "
			"unsubscribe, write TEXT, stats");
	}
}

/* The supervisor's notes here say which subscribers are gone. */
static void supervisor_said(const char *text)
{
	vy_subs_gone(&subs, text);
}

int main(void)
{
	int err = vy_device_open("ttyS2", VY_DEVICE_READ, &port_in);

	if (!err)
		err = vy_device_open("ttyS2", VY_DEVICE_WRITE, &port_out);
	if (err) {
		vy_device_say("serial: cannot open ttyS2", err);
		return 1;
	}
	vy_print("serial: ttyS2 open");
	for (;;) {
		uint32_t ready = vy_device_wait(port_in);

		if (ready & 2)
			read_port();
		if ((ready & 1) && !vy_device_serve(supervisor_said, request))
			break;
	}
	return 0;
}
