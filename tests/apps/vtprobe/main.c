/*
 * vtprobe - a command app for the terminal's tests: run as the
 * terminal's program (tests/integration/terminal.py), it paints a known
 * picture with VT100 sequences and writes what the terminal told it to
 * /home/user/vtprobe.out, so the test can compare pixels and answers.
 *
 *   show      colours, erasing, a scrolling region, cursor moves,
 *             autowrap and a cursor report; exits 3
 *   resize    waits for size reports ("ESC [ 8 ; rows ; cols t"), then
 *             marks the bottom-right corner of the last size; exits 4
 *   keys      writes every byte typed to the report, in hex, until a
 *             'q'; exits 0
 *   flood N   N numbered lines, each after a block in colour N % 8;
 *             then waits (up to 30 s) for a key; exits 0
 *   garbage N N bytes of xorshift noise (broken sequences, bad UTF-8),
 *             then a clean line; exits 0
 *   asker N   asks for the cursor's position N times without reading
 *             a single answer, then prints "asked"; exits 0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>
#include "vyoma_command.h"

static FILE *report;

static void out(const char *s)
{
	fputs(s, stdout);
}

/* Waits up to ms for a byte on stdin: the byte, or -1. */
static int next_byte(int ms)
{
	__wasi_subscription_t sub[2];
	__wasi_event_t ev[2];
	__wasi_size_t n = 0;
	unsigned char c;

	memset(sub, 0, sizeof(sub));
	sub[0].u.tag = __WASI_EVENTTYPE_FD_READ;
	sub[0].u.u.fd_read.file_descriptor = 0;
	sub[1].userdata = 1;
	sub[1].u.tag = __WASI_EVENTTYPE_CLOCK;
	sub[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
	sub[1].u.u.clock.timeout = (uint64_t)ms * 1000000u;
	if (__wasi_poll_oneoff(sub, ev, 2, &n) != 0)
		return -1;
	for (__wasi_size_t i = 0; i < n; i++)
		if (ev[i].userdata == 0)
			return read(0, &c, 1) == 1 ? c : -1;
	return -1;
}

/*
 * Reads one "ESC [ a ; b ; ... F" answer ending in final; writes its
 * parameters into p. Returns how many, or -1 on a timeout.
 */
static int answer(int final, int *p, int max, int ms)
{
	int c, n = 0;

	do {
		c = next_byte(ms);
		if (c < 0)
			return -1;
	} while (c != 033);
	if (next_byte(ms) != '[')
		return -1;
	p[0] = 0;
	while ((c = next_byte(ms)) >= 0) {
		if (c >= '0' && c <= '9')
			p[n] = p[n] * 10 + c - '0';
		else if (c == ';' && n < max - 1)
			p[++n] = 0;
		else
			return c == final ? n + 1 : -1;
	}
	return -1;
}

static int show(void)
{
	int size[3] = { 0 }, pos[2] = { 0 };

	if (answer('t', size, 3, 5000) == 3)
		fprintf(report, "size %d %d\n", size[1], size[2]);
	out("\033[?25l\033[2J\033[H");
	out("\033[31mRED\033[0m");				/* row 1 */
	out("\033[2;1H\033[42m          \033[0m");		/* row 2 */
	out("\033[3;1H\033[1;34mBOLD\033[0m");			/* row 3 */
	out("\033[4;1H\033[45m                    \033[0m\033[4;11H\033[K");
	out("\033[5;1H\033[7m    \033[27m");			/* row 5 */
	out("\033[6;1H\033[48;5;9m  \033[48;5;46m  \033[0m");	/* row 6 */
	/* Rows 8-10 scroll on their own; 7 and 11 stay. */
	out("\033[7;1H\033[41mXXXX\033[0m\033[11;1H\033[41mXXXX\033[0m");
	out("\033[8;10r\033[8;1H\033[43mAAAA\033[9;1H\033[44mBBBB"
	    "\033[10;1H\033[46mCCCC\033[0m\033[10;1H\n\033[r");
	out("\033[13;1H\033[103m0123456789\033[0m\033[13;3H\033[2P");
	out("\033[14;1H\033[105m          \033[0m\033[14;3H\033[3X");
	out("\033[15;1H\033[106m                    \r\n"
	    "                    \r\n                    \033[0m"
	    "\033[15;6H\033[J");
	out("\033[20;20H\033[2A\033[3C\033[47m  \033[0m");	/* row 18 */
	out("\033[21;79H\033[100mABCD\033[0m");		/* wraps */
	/* Split sequences and UTF-8 arrive whole in the end. */
	fflush(stdout);
	out("\033[23;3");
	fflush(stdout);
	out("H\033[9");
	fflush(stdout);
	out("2m\xc3");
	fflush(stdout);
	out("\xa9\033[0m\033[23;5H\033[6n");
	fflush(stdout);
	if (answer('R', pos, 2, 5000) == 2)
		fprintf(report, "cursor %d %d\n", pos[0], pos[1]);
	out("\033[24;1H");
	fflush(stdout);
	return 3;
}

static int resize(void)
{
	int size[3] = { 0 }, rows = 0, cols = 0, seen = 0;

	while (answer('t', size, 3, seen > 1 ? 500 : 10000) == 3) {
		rows = size[1];
		cols = size[2];
		fprintf(report, "size %d %d\n", rows, cols);
		fflush(report);
		seen++;
	}
	/* Then home, so that our exit line cannot scroll it away. */
	printf("\033[%d;%dH\033[41m  \033[0m\033[H", rows, cols - 1);
	fflush(stdout);
	return 4;
}

static int keys(void)
{
	int size[3], c;

	answer('t', size, 3, 5000);
	fputs("keys", report);
	while ((c = next_byte(20000)) >= 0 && c != 'q')
		fprintf(report, " %02x", c);
	fputs("\n", report);
	return 0;
}

static int flood(long n)
{
	int size[3];

	answer('t', size, 3, 5000);
	for (long i = 1; i <= n; i++)
		printf("\033[4%ldm  \033[0m line %ld\n", i % 8, i);
	fflush(stdout);
	fputs("flooded\n", report);
	fflush(report);
	next_byte(30000);
	return 0;
}

static int garbage(long n)
{
	uint32_t x = 2463534242u;

	for (long i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		putchar((int)(x & 0xFF));
	}
	out("\033c\033[0m\033[2J\033[Hclean\n");
	return 0;
}

static int asker(long n)
{
	for (long i = 0; i < n; i++)
		out("\033[6n");
	out("asked\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "show";
	long n = argc > 2 ? atol(argv[2]) : 0;
	int rc = 2;

	report = fopen("/home/user/vtprobe.out", "w");
	if (!report)
		return 1;
	if (strcmp(mode, "show") == 0)
		rc = show();
	else if (strcmp(mode, "resize") == 0)
		rc = resize();
	else if (strcmp(mode, "keys") == 0)
		rc = keys();
	else if (strcmp(mode, "flood") == 0)
		rc = flood(n);
	else if (strcmp(mode, "garbage") == 0)
		rc = garbage(n);
	else if (strcmp(mode, "asker") == 0)
		rc = asker(n);
	fflush(stdout);
	fprintf(report, "done\n");
	fclose(report);
	return rc;
}
