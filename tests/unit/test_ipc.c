/*
 * test_ipc.c - the message grammar ("@target: body") with every pattern
 * and every error, the bounded inbound queue, and UTF-8 validation of
 * protocol lines.
 */
#include "check.h"

#include <stdio.h>
#include "message.h"
#include "queue.h"
#include "utf8.h"

#include <stdlib.h>

static const char *parse(const char *line, struct ipc_msg *m)
{
	return ipc_parse(line, strlen(line), m);
}

static void test_patterns(void)
{
	struct ipc_msg m;

	CHECK(parse("@notes: hello there", &m) == NULL);
	CHECK_INT(m.kind, IPC_UNICAST);
	CHECK_INT(m.target_len, 5);
	CHECK(memcmp(m.target, "notes", 5) == 0);
	CHECK_INT(m.body_len, 11);
	CHECK(memcmp(m.body, "hello there", 11) == 0);

	CHECK(parse("@broadcast: all", &m) == NULL);
	CHECK_INT(m.kind, IPC_BROADCAST);
	CHECK(parse("@reply: ok", &m) == NULL);
	CHECK_INT(m.kind, IPC_REPLY);
	CHECK(parse("@supervisor: ps", &m) == NULL);
	CHECK_INT(m.kind, IPC_SUPERVISOR);
	CHECK_INT(m.body_len, 2);

	/* Names that merely start like a special target are apps. */
	CHECK(parse("@replying: x", &m) == NULL);
	CHECK_INT(m.kind, IPC_UNICAST);
	CHECK(parse("@my-app-2: x", &m) == NULL);
	CHECK_INT(m.target_len, 8);

	/* Empty body; body with colons, '@' and spaces kept verbatim. */
	CHECK(parse("@a: ", &m) == NULL);
	CHECK_INT(m.body_len, 0);
	CHECK(parse("@a: @b: c:  d ", &m) == NULL);
	CHECK_INT(m.body_len, 10);
	CHECK(parse("@abcdefghijabcdefghijabcdefghij12: x", &m) == NULL);

	/* One instance of an app: "name#id". */
	CHECK(parse("@notes#4099: hi", &m) == NULL);
	CHECK_INT(m.kind, IPC_UNICAST);
	CHECK_INT(m.target_len, 10);
	CHECK_INT(m.body_len, 2);
	CHECK(parse("@abcdefghijabcdefghijabcdefghij12#4294967295: x", &m) ==
	      NULL);
}

static const struct {
	const char *line;
	const char *error;
} bad[] = {
	{ "", "not a message" },
	{ "notes: hi", "not a message" },
	{ "@", "malformed message, want \"@app: text\"" },
	{ "@notes", "malformed message, want \"@app: text\"" },
	{ "@: hi", "malformed message, want \"@app: text\"" },
	{ "@Notes: hi", "malformed message, want \"@app: text\"" },
	{ "@no tes: hi", "malformed message, want \"@app: text\"" },
	{ "@notes hi", "malformed message, want \"@app: text\"" },
	{ "@not_es: hi", "malformed message, want \"@app: text\"" },
	{ "@notes:hi", "malformed message, want \"@app: text\" (space after ':')" },
	{ "@notes:", "malformed message, want \"@app: text\" (space after ':')" },
	{ "@notes#: hi", "malformed message, want \"@app#id: text\" (an "
	  "instance's id, 1 to 10 digits)" },
	{ "@notes#0: hi", "malformed message, want \"@app#id: text\" (an "
	  "instance's id, 1 to 10 digits)" },
	{ "@notes#12345678901: hi", "malformed message, want \"@app#id: text\" "
	  "(an instance's id, 1 to 10 digits)" },
	{ "@notes#1x: hi", "malformed message, want \"@app: text\"" },
	{ "@notes#1#2: hi", "malformed message, want \"@app: text\"" },
	{ "@#1: hi", "malformed message, want \"@app: text\"" },
	{ "@abcdefghijabcdefghijabcdefghij123: x",
	  "target name longer than 32 characters" },
};

static void test_malformed(void)
{
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ipc_msg m;

		CHECK_STR(parse(bad[i].line, &m), bad[i].error);
	}
}

static void test_queue_bounds(void)
{
	struct msgq q;
	char buf[64];
	int i, accepted = 0;

	msgq_init(&q, 4096, 3);
	CHECK_INT(msgq_push(&q, "one", 3, 0), 0);
	CHECK_INT(msgq_push(&q, "two", 3, 0), 0);
	CHECK_INT(msgq_push(&q, "three", 5, 0), 0);
	CHECK_INT(msgq_push(&q, "four", 4, 0), MSGQ_FULL);	/* message bound */
	CHECK_INT(msgq_count(&q), 3);
	CHECK_INT(atomic_load(&q.dropped), 1);
	/* Half a line leaves the count alone; the rest frees one. */
	CHECK_INT(msgq_pop(&q, buf, 2), 2);
	CHECK_INT(msgq_count(&q), 3);
	CHECK_INT(msgq_pop(&q, buf, 2), 2);
	CHECK(memcmp(buf, "e\n", 2) == 0);
	CHECK_INT(msgq_count(&q), 2);
	CHECK_INT(msgq_push(&q, "four", 4, 0), 0);
	CHECK_INT(msgq_pop(&q, buf, sizeof(buf)), 15);
	CHECK(memcmp(buf, "two\nthree\nfour\n", 15) == 0);
	CHECK_INT(msgq_count(&q), 0);
	CHECK_INT(atomic_load(&q.popped), 4);
	msgq_destroy(&q);

	/* Byte bound: a line fits whole or not at all. */
	msgq_init(&q, 4096, 100000);
	for (i = 0; i < 1000; i++)
		accepted += msgq_push(&q, "0123456789", 10, 0) == 0;
	CHECK_INT(accepted, 4096 / 11);
	CHECK(q.len <= 4096);
	msgq_destroy(&q);
}

static void test_queue_wraps(void)
{
	struct msgq q;
	char line[100], out[200];
	int i, ok = 1;

	msgq_init(&q, 8192, 1000);
	/* Push and pop across the ring's end many times. */
	for (i = 0; i < 2000; i++) {
		int n = snprintf(line, sizeof(line), "message %d %s", i,
				 i % 3 ? "short" : "a longer one, to vary");
		size_t got;

		ok &= msgq_push(&q, line, (size_t)n, 0) == 0;
		got = msgq_pop(&q, out, sizeof(out));
		ok &= got == (size_t)n + 1 && memcmp(out, line, (size_t)n) == 0;
	}
	CHECK(ok);
	msgq_destroy(&q);
}

static void test_queue_close_and_wait(void)
{
	struct msgq q;
	atomic_bool stop = false;
	char buf[8];
	uint64_t t0;

	msgq_init(&q, 4096, 10);
	/* A deadline passes with nothing to read. */
	t0 = monotonic_ns();
	CHECK(!msgq_wait(&q, t0 + 20000000, &stop));
	CHECK(monotonic_ns() - t0 >= 20000000);
	msgq_push(&q, "x", 1, 0);
	CHECK(msgq_wait(&q, 0, &stop));
	msgq_pop(&q, buf, sizeof(buf));
	/* stop wins over waiting forever. */
	atomic_store(&stop, true);
	CHECK(!msgq_wait(&q, 0, &stop));
	atomic_store(&stop, false);
	/* Closed: readable (end of file), and refuses new lines. */
	msgq_close(&q);
	CHECK(msgq_wait(&q, 0, &stop));
	CHECK_INT(msgq_pop(&q, buf, sizeof(buf)), 0);
	/* A closed queue is not a full one: nothing is counted dropped. */
	CHECK_INT(msgq_push(&q, "late", 4, 0), MSGQ_CLOSED);
	CHECK_INT(atomic_load(&q.dropped), 0);
	msgq_reopen(&q);
	CHECK_INT(msgq_push(&q, "again", 5, 0), 0);
	/* Reopening an open queue keeps what waits in it. */
	msgq_reopen(&q);
	CHECK_INT(msgq_count(&q), 1);
	msgq_destroy(&q);
}

/*
 * @reply answers the sender of the last line the app has read whole: a
 * line still waiting, half read, or dropped for a full queue does not
 * count, and supervisor lines (tag 0) leave it alone.
 */
static void test_queue_reply_tags(void)
{
	struct msgq q;
	char buf[64];

	msgq_init(&q, 4096, 2);
	CHECK_INT(msgq_last_read_tag(&q), 0);
	CHECK_INT(msgq_push(&q, "@a: hi", 6, 1), MSGQ_OK);
	CHECK_INT(msgq_push(&q, "@b: hi", 6, 2), MSGQ_OK);
	/* Full: c's line is dropped, and must not become the reply target. */
	CHECK_INT(msgq_push(&q, "@c: steal", 9, 3), MSGQ_FULL);
	CHECK_INT(msgq_last_read_tag(&q), 0);
	CHECK_INT(msgq_pop(&q, buf, 3), 3);		/* "@a:" half read */
	CHECK_INT(msgq_last_read_tag(&q), 0);
	CHECK_INT(msgq_pop(&q, buf, 4), 4);		/* " hi\n": a read whole */
	CHECK_INT(msgq_last_read_tag(&q), 1);
	CHECK_INT(msgq_push(&q, "VYOMA_EVENT:focus:in", 20, 0), MSGQ_OK);
	CHECK_INT(msgq_pop(&q, buf, sizeof(buf)), 7 + 21);
	CHECK_INT(msgq_last_read_tag(&q), 2);	/* the event kept b */
	msgq_close(&q);
	msgq_reopen(&q);
	CHECK_INT(msgq_last_read_tag(&q), 0);	/* a new run has no one */
	msgq_destroy(&q);
}

/* Lines of every length, popped in odd-sized pieces across the ring's
 * end: the line records always agree with the bytes. */
static void test_queue_pieces(void)
{
	struct msgq q;
	char line[300], out[700];
	size_t want = 0, got = 0;
	unsigned pushed = 0, tag_ok = 1;
	int i;

	msgq_init(&q, 1024, 64);
	for (i = 0; i < 3000; i++) {
		size_t n = (size_t)(i * 37 % 251), piece = (size_t)(i % 13) + 1;

		memset(line, 'a' + i % 26, n);
		if (msgq_push(&q, line, n, (uint32_t)i + 1) == MSGQ_OK) {
			want += n + 1;
			pushed++;
		}
		got += msgq_pop(&q, out, piece);
		if (msgq_count(&q) == 0)
			tag_ok &= msgq_last_read_tag(&q) != 0;
	}
	while (msgq_count(&q))
		got += msgq_pop(&q, out, 7);
	CHECK_INT(got, want);
	CHECK_INT(atomic_load(&q.popped), pushed);
	CHECK(tag_ok);
	msgq_destroy(&q);
}

static void test_reserved_names(void)
{
	CHECK(ipc_name_reserved("supervisor", 10));
	CHECK(ipc_name_reserved("broadcast", 9));
	CHECK(ipc_name_reserved("reply", 5));
	CHECK(!ipc_name_reserved("replying", 8));
	CHECK(!ipc_name_reserved("super", 5));
	CHECK(!ipc_name_reserved("notes", 5));
}

static void test_utf8_lines(void)
{
	CHECK(utf8_line_valid("plain ascii", 11));
	CHECK(utf8_line_valid("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14));
	CHECK(utf8_line_valid("\xef\xbf\xbd", 3));	/* U+FFFD itself */
	CHECK(utf8_line_valid("", 0));
	CHECK(!utf8_line_valid("\xff", 1));
	CHECK(!utf8_line_valid("a\xc3", 2));		/* truncated */
	CHECK(!utf8_line_valid("\xc0\xaf", 2));	/* overlong */
	CHECK(!utf8_line_valid("\xed\xa0\x80", 3));	/* surrogate */
	CHECK(!utf8_line_valid("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	CHECK(!utf8_line_valid("a\0b", 3));		/* NUL */
}

int main(void)
{
	test_patterns();
	test_malformed();
	test_queue_bounds();
	test_queue_wraps();
	test_queue_close_and_wait();
	test_queue_reply_tags();
	test_queue_pieces();
	test_reserved_names();
	test_utf8_lines();
	return check_summary("ipc");
}
