/*
 * sercon - the serial console: a few commands typed on the serial port
 * ttyS2, answered on it. It owns no device; it is a subscriber of the
 * serial driver (apps/system/serial) and a client of rtc and rng.
 *
 * From serial it gets "@serial: line <text>" and answers each line with
 * "@serial: write <answer>":
 *
 *	ping		pong
 *	date		the RTC's time, from "@rtc: get"
 *	random		16 hex digits, from "@rng: get 8"
 *	echo <text>	<text>
 *	help		commands: ping date random echo help
 *	(other)		unknown command '<text>' (try help)
 *
 * Lines that are its own answers to nothing ("unknown command '...",
 * "busy: ...") are not answered: a far end that echoes what it gets
 * would otherwise keep two machines talking forever.
 *
 * A service cannot wait for an answer, so a line that needs rtc or rng
 * waits in a small queue (PENDING) until their answer arrives (or
 * ANSWER_MS pass); answers go out in the order the lines came in.
 *
 * It subscribes to serial at start and again every RETRY_MS until serial
 * says "ok" (serial may start later), then every RESUBSCRIBE_MS, which
 * costs nothing (subscribing twice is once) and heals a restart of
 * serial, which forgets its subscribers.
 */
#include "vyoma.h"
#include "vyoma_tiny.h"

#define PENDING 8
#define ANSWER_MAX 1100		/* a serial line (1000) and our words */
#define ANSWER_MS 5000
#define RETRY_MS 1000
#define RESUBSCRIBE_MS 60000

enum { READY, WAIT_RTC, WAIT_RNG };

static struct pending {
	int state;
	uint64_t deadline;
	char answer[ANSWER_MAX];
} queue[PENDING];
static int head, count;
static int subscribed, told_unsubscribed;
static uint64_t next_subscribe;

static void set_answer(struct pending *p, const char *a, const char *b,
		       const char *c)
{
	p->state = READY;
	p->answer[0] = '\0';
	strncat(p->answer, a, ANSWER_MAX - 1);
	strncat(p->answer, b, ANSWER_MAX - 1 - strlen(p->answer));
	strncat(p->answer, c, ANSWER_MAX - 1 - strlen(p->answer));
}

static void write_line(const char *answer)
{
	static char msg[6 + ANSWER_MAX] = "write ";

	strcpy(msg + 6, answer);
	vy_send("serial", msg);
}

/* What is answered, from the head: the order is the lines' order. */
static void flush(void)
{
	while (count && queue[head].state == READY) {
		write_line(queue[head].answer);
		head = (head + 1) % PENDING;
		count--;
	}
}

/* The oldest line waiting for `state`'s service, or NULL. */
static struct pending *waiting(int state)
{
	for (int i = 0; i < count; i++) {
		struct pending *p = &queue[(head + i) % PENDING];

		if (p->state == state)
			return p;
	}
	return NULL;
}

static void command(char *text)
{
	struct pending *p;
	char *end = text + strlen(text);

	while (*text == ' ')
		text++;
	while (end > text && end[-1] == ' ')
		*--end = '\0';
	/* Its own answers, echoed back by the far end (a terminal with
	 * local echo, another sercon on the cable): answering them would
	 * never end. */
	if (!*text || !strncmp(text, "unknown command '", 17) ||
	    !strncmp(text, "busy: ", 6))
		return;
	if (count == PENDING) {
		/* Out of turn, but better than silence. */
		write_line("busy: too many commands waiting");
		return;
	}
	p = &queue[(head + count++) % PENDING];
	p->deadline = vy_ms() + ANSWER_MS;
	if (!strcmp(text, "ping")) {
		set_answer(p, "pong", "", "");
	} else if (!strcmp(text, "date")) {
		p->state = WAIT_RTC;
		vy_send("rtc", "get");
	} else if (!strcmp(text, "random")) {
		p->state = WAIT_RNG;
		vy_send("rng", "get 8");
	} else if (!strcmp(text, "echo") || !strncmp(text, "echo ", 5)) {
		set_answer(p, text + 4 + (text[4] == ' '), "", "");
	} else if (!strcmp(text, "help")) {
		set_answer(p, "commands: ping date random echo help", "", "");
	} else {
		set_answer(p, "unknown command '", text, "' (try help)");
	}
	flush();
}

/* An answer from rtc or rng, for the oldest line waiting on it. */
static void answered(int state, const char *text)
{
	const char *cmd = state == WAIT_RTC ? "date: " : "random: ";
	const char *want = state == WAIT_RTC ? "time " : "bytes ";
	struct pending *p = waiting(state);

	/* None: an answer after its line gave up waiting. */
	if (!p)
		return;
	if (!strncmp(text, want, strlen(want)))
		set_answer(p, text + strlen(want), "", "");
	else if (!strncmp(text, "error ", 6))
		set_answer(p, cmd, text + 6, "");
	else
		set_answer(p, cmd, "unexpected answer", "");
	flush();
}

/*
 * "error '<app>' is not running", "error unknown app '<app>'", "error
 * queue full: '<app>' dropped ...": a message of ours went nowhere.
 */
static void supervisor_said(const char *text)
{
	const char *name = strchr(text, '\''), *why;
	struct pending *p;
	int state;

	if (strncmp(text, "error ", 6) || !name)
		return;
	name++;
	why = strstr(text, "queue full") ? " is busy" :
	      strstr(text, "unknown app") ? " is not installed" :
	      " is not running";
	if (!strncmp(name, "serial'", 7)) {
		/*
		 * Busy drops one message, not us: the next subscribe will
		 * tell. Gone, serial has forgotten us.
		 */
		if (!strcmp(why, " is busy"))
			return;
		if (subscribed || !told_unsubscribed)
			vy_print("sercon: serial is not running; subscribing "
				 "again each second");
		told_unsubscribed = 1;
		if (subscribed) {
			subscribed = 0;
			next_subscribe = vy_ms() + RETRY_MS;
		}
		return;
	}
	if (!strncmp(name, "rtc'", 4))
		state = WAIT_RTC;
	else if (!strncmp(name, "rng'", 4))
		state = WAIT_RNG;
	else
		return;
	p = waiting(state);
	if (p) {
		set_answer(p, state == WAIT_RTC ? "date: rtc" : "random: rng",
			   why, "");
		flush();
	}
}

static void message(const char *from, const char *text)
{
	if (!strcmp(from, "supervisor")) {
		supervisor_said(text);
	} else if (!strcmp(from, "serial")) {
		if (!strncmp(text, "line ", 5)) {
			command((char *)text + 5);
		} else if (!strcmp(text, "ok") && !subscribed) {
			/*
			 * "ok" also answers each write: only the first
			 * while unsubscribed says anything new.
			 */
			subscribed = 1;
			told_unsubscribed = 0;
			next_subscribe = vy_ms() + RESUBSCRIBE_MS;
			vy_print("sercon: subscribed to serial");
		} else if (!strncmp(text, "error ", 6) &&
			   !told_unsubscribed) {
			vy_log("sercon: serial said: ");
			vy_print(text);
			told_unsubscribed = 1;
		}
	} else if (!strcmp(from, "rtc")) {
		answered(WAIT_RTC, text);
	} else if (!strcmp(from, "rng")) {
		answered(WAIT_RNG, text);
	} else if (strncmp(text, "error ", 6)) {
		/* Not an error itself, so no loop of errors can start. */
		vy_send(from, "error sercon takes no requests: it answers "
			"the serial port");
	}
}

/* Lines that waited too long get an answer of their own. */
static uint64_t expire(uint64_t now)
{
	uint64_t soonest = next_subscribe;

	for (int i = 0; i < count; i++) {
		struct pending *p = &queue[(head + i) % PENDING];

		if (p->state == READY)
			continue;
		if (now >= p->deadline)
			set_answer(p, p->state == WAIT_RTC ? "date: rtc" :
				   "random: rng", " did not answer", "");
		else if (p->deadline < soonest)
			soonest = p->deadline;
	}
	flush();
	return soonest;
}

int main(void)
{
	struct vy_event ev;

	for (;;) {
		uint64_t now = vy_ms(), soonest;

		if (now >= next_subscribe) {
			vy_send("serial", "subscribe");
			next_subscribe = now + (subscribed ? RESUBSCRIBE_MS :
						RETRY_MS);
		}
		soonest = expire(now);
		if (vy_next_event(&ev, soonest > now ?
				  (int)(soonest - now) : 0) == VY_EV_QUIT)
			break;
		if (ev.type == VY_EV_MESSAGE)
			message(ev.from, ev.text);
	}
	return 0;
}
