/*
 * test_broker.c - the IPC broker (ipc.c) and the shell (shell.c) over a
 * fake Process Manager (fake_proc.c): every route and every error, what
 * a receiver sees on its stdin and whom @reply answers; every shell
 * command, its grant checks, and its answer in each lifecycle state.
 * Hostile input too: names and arguments of any length, control
 * characters, floods.
 */
#include "check.h"
#include "fake_proc.h"
#include "ipc.h"
#include "shell.h"

#include <stdlib.h>
#include <sys/statvfs.h>

#define STDIO "[capabilities]\nstdio = true\n"
#define SHELL_ALL "[capabilities]\nstdio = true\nshell = true\n"

static void route(struct app *from, const char *line)
{
	ipc_route(from, line, strlen(line));
}

static bool has(const char *haystack, const char *needle)
{
	return strstr(haystack, needle) != NULL;
}

static void test_unicast(void)
{
	struct app *a = fake_app("alice", STDIO, LIFE_RUNNING);
	struct app *b = fake_app("bob", STDIO, LIFE_RUNNING);

	route(a, "@bob: hi: there @x: y");
	CHECK_STR(fake_stdin(b), "@alice: hi: there @x: y\n");
	CHECK_INT(atomic_load(&a->stats.messages_out), 1);
	CHECK_INT(msgq_last_read_tag(&b->inbox), a->id);
	route(a, "@nobody: hi");
	CHECK_STR(fake_stdin(a), "@supervisor: error unknown app 'nobody'\n");
	route(a, "@alice: me");
	CHECK_STR(fake_stdin(a), "@supervisor: error cannot message yourself\n");
	/* Malformed: refused, counted, the sender told. */
	route(a, "@bob:no space");
	CHECK(has(fake_stdin(a), "error malformed message"));
	CHECK_INT(atomic_load(&a->stats.lines_rejected), 1);
	/* Control characters never reach another app. */
	route(a, "@bob: \x1b[2J clear");
	route(a, "@bob: carriage\rreturn");
	CHECK_STR(fake_stdin(a),
		  "@supervisor: error control characters are not allowed in "
		  "messages\n@supervisor: error control characters are not "
		  "allowed in messages\n");
	CHECK_STR(fake_stdin(b), "");
	CHECK_INT(atomic_load(&a->stats.lines_rejected), 3);
	/* A tab is text. */
	route(a, "@bob: a\tb");
	CHECK_STR(fake_stdin(b), "@alice: a\tb\n");
	fake_reset();
}

static void test_states_and_sizes(void)
{
	static char line[APP_LINE_MAX + 1];
	struct app *a = fake_app("a", STDIO, LIFE_RUNNING);
	struct app *gone = fake_app("gone", STDIO, LIFE_EXITED);
	struct app *closing = fake_app("closing", STDIO, LIFE_RUNNING);
	struct app *later = fake_app("later", STDIO, LIFE_LOADED);
	struct app *long_name;
	size_t n;

	route(a, "@gone: hello");
	CHECK_STR(fake_stdin(a), "@supervisor: error 'gone' is not running\n");
	(void)gone;
	/* A closed queue (the app is stopping) is "not running", and not a
	 * drop on either side. */
	msgq_close(&closing->inbox);
	route(a, "@closing: hello");
	CHECK_STR(fake_stdin(a), "@supervisor: error 'closing' is not running\n");
	CHECK_INT(atomic_load(&closing->inbox.dropped), 0);
	CHECK_INT(atomic_load(&a->stats.drops_reported), 0);
	/* Loaded, not started: the message waits. */
	route(a, "@later: wait for me");
	CHECK_STR(fake_stdin(later), "@a: wait for me\n");
	/* The longest body that fits once the sender's longer name is in
	 * front, and one byte more. */
	long_name = fake_app("a-very-long-sender-name", STDIO, LIFE_RUNNING);
	n = APP_LINE_MAX - strlen("@a-very-long-sender-name: ");
	memcpy(line, "@later: ", 8);
	memset(line + 8, 'x', n);
	ipc_route(long_name, line, 8 + n);
	CHECK_INT(strlen(fake_stdin(later)), APP_LINE_MAX + 1);
	line[8 + n] = 'x';
	ipc_route(long_name, line, 8 + n + 1);
	CHECK_STR(fake_stdin(long_name), "@supervisor: error message too long "
		  "for 'later' (4070 bytes at most)\n");
	fake_reset();
}

static void test_full_queue_and_notices(void)
{
	struct app *a = fake_app("a", STDIO, LIFE_RUNNING);
	struct app *sink = fake_app("sink", STDIO "[resources]\n"
				    "queue_messages = 2\n", LIFE_RUNNING);
	int i;

	for (i = 0; i < 10; i++)
		route(a, "@sink: flood");
	CHECK_INT(msgq_count(&sink->inbox), 2);
	CHECK_INT(atomic_load(&sink->inbox.dropped), 8);
	CHECK_INT(atomic_load(&a->stats.drops_reported), 8);
	/* One notice a second, however many drops. */
	CHECK_STR(fake_stdin(a), "@supervisor: error queue full: 'sink' "
		  "dropped your message (1 of yours dropped so far)\n");
	fake_reset();
}

static void test_broadcast(void)
{
	struct app *a = fake_app("a", STDIO, LIFE_RUNNING);
	struct app *run = fake_app("run", STDIO, LIFE_RUNNING);
	struct app *starting = fake_app("starting", STDIO, LIFE_STARTING);
	struct app *boot = fake_app("boot", STDIO, LIFE_COMPILING);
	struct app *manual = fake_app("manual", STDIO "[lifecycle]\n"
				      "autostart = false\n", LIFE_COMPILING);
	struct app *loaded = fake_app("loaded", STDIO, LIFE_LOADED);
	struct app *dead = fake_app("dead", STDIO, LIFE_FAILED);

	atomic_store(&loaded->autostarted, true);	/* started, stopped */
	route(a, "@broadcast: all");
	CHECK_STR(fake_stdin(run), "@a: all\n");
	CHECK_STR(fake_stdin(starting), "@a: all\n");
	CHECK_STR(fake_stdin(boot), "@a: all\n");	/* will autostart */
	CHECK_STR(fake_stdin(manual), "");
	CHECK_STR(fake_stdin(loaded), "");
	CHECK_STR(fake_stdin(dead), "");
	CHECK_STR(fake_stdin(a), "");			/* not the sender */
	fake_reset();
}

/* Finding 4: @reply answers what was read, not what was offered. */
static void test_reply(void)
{
	struct app *asker = fake_app("asker", STDIO, LIFE_RUNNING);
	struct app *thief = fake_app("thief", STDIO, LIFE_RUNNING);
	struct app *r = fake_app("replier", STDIO "[resources]\n"
				 "queue_messages = 1\n", LIFE_RUNNING);

	route(r, "@reply: anyone?");
	CHECK_STR(fake_stdin(r), "@supervisor: error no one to reply to\n");
	route(asker, "@replier: question");
	route(thief, "@replier: me too");	/* dropped: queue full */
	CHECK(has(fake_stdin(thief), "error queue full"));
	CHECK_STR(fake_stdin(r), "@asker: question\n");
	route(r, "@reply: 42");
	CHECK_STR(fake_stdin(asker), "@replier: 42\n");
	CHECK_STR(fake_stdin(thief), "");
	/* A supervisor line read since does not change it. */
	ipc_reply(r, "ps end 0", 8);
	fake_stdin(r);
	route(r, "@reply: again");
	CHECK_STR(fake_stdin(asker), "@replier: again\n");
	fake_reset();
}

static void test_shell_grants(void)
{
	struct app *none = fake_app("none", STDIO, LIFE_RUNNING);
	struct app *some = fake_app("some", "[capabilities]\nshell = [\"ps\", "
				    "\"caps\"]\n", LIFE_RUNNING);
	struct app *all = fake_app("all", SHELL_ALL, LIFE_RUNNING);

	route(none, "@supervisor: ps");
	route(none, "@supervisor: kill all");
	CHECK_STR(fake_stdin(none), "@supervisor: error permission denied: "
		  "the shell capability is not granted\n@supervisor: error "
		  "permission denied: the shell capability is not granted\n");
	CHECK(none->io.denied_shell);
	route(some, "@supervisor: kill all");
	CHECK_STR(fake_stdin(some), "@supervisor: error permission denied: "
		  "command 'kill' is not granted\n");
	CHECK(fake_request_app == NULL);
	route(some, "@supervisor: help");
	CHECK(has(fake_stdin(some), "permission denied: command 'help'"));
	route(all, "@supervisor: help");
	CHECK_STR(fake_stdin(all), "@supervisor: help help ps start new stop "
		  "restart kill caps log stats memory df net screenshot version "
		  "uptime apps open poweroff reboot whoami id peer users passwd "
		  "useradd userdel su lock logout\n");
	route(all, "@supervisor: bogus");
	CHECK_STR(fake_stdin(all), "@supervisor: error unknown command "
		  "'bogus'\n");
	route(all, "@supervisor: averyveryverylongcommandname");
	CHECK_STR(fake_stdin(all), "@supervisor: error unknown command "
		  "'averyveryverylon'\n");
	CHECK_INT(shell_self_check(), 0);
	fake_reset();
}

/*
 * df answers for the asker's own directories and no others: nothing for
 * an app without any, and for a grant the file system under its host
 * directory, named by its mount (never the host path).
 */
static void test_shell_df(void)
{
	struct app *bare = fake_app("bare", "[capabilities]\nshell = [\"df\"]\n",
				    LIFE_RUNNING);
	struct app *shared = fake_app("shared", "[capabilities]\nshell = "
				      "[\"df\"]\n[[capabilities.filesystem."
				      "grant]]\npath = \"/tmp\"\nmount = "
				      "\"/share\"\n", LIFE_RUNNING);
	struct statvfs fs;
	char want[128];
	const char *got;

	route(bare, "@supervisor: df");
	CHECK_STR(fake_stdin(bare), "@supervisor: df end 0\n");
	route(shared, "@supervisor: df");
	got = fake_stdin(shared);
	CHECK(statvfs("/tmp", &fs) == 0);
	snprintf(want, sizeof(want), "@supervisor: df total_kib=%llu ",
		 (unsigned long long)fs.f_blocks * fs.f_frsize / 1024);
	CHECK(!strncmp(got, want, strlen(want)));
	CHECK(has(got, " writable=0 mount=/share\n@supervisor: df end 1\n"));
	CHECK(!has(got, "/tmp"));
	fake_reset();
}

/* Each request, in each kind of state, answered from the table. */
static void test_shell_requests(void)
{
	struct app *op = fake_app("op", SHELL_ALL, LIFE_RUNNING);
	struct app *t = fake_app("t", STDIO, LIFE_RUNNING);
	static const struct {
		int state;
		const char *cmd, *reply;
		int event;
	} cases[] = {
		{ LIFE_RUNNING, "start t", "error 't' is already running", -1 },
		{ LIFE_RUNNING, "stop t", "stop t requested", LIFE_STOP },
		{ LIFE_RUNNING, "kill t", "kill t requested", LIFE_KILL },
		{ LIFE_RUNNING, "restart t", "restart t requested",
		  LIFE_RESTART },
		{ LIFE_EXITED, "stop t", "error 't' is not running", -1 },
		{ LIFE_EXITED, "kill t", "error 't' is not running", -1 },
		{ LIFE_EXITED, "start t", "start t requested", LIFE_START },
		{ LIFE_LOADED, "restart t", "restart t requested",
		  LIFE_RESTART },
		{ LIFE_BACKOFF, "stop t", "stop t requested", LIFE_STOP },
		{ LIFE_STOPPING, "start t", "error 't' is already running",
		  -1 },
		/* A start while compiling is kept for the module; a stop
		 * has nothing to stop yet. */
		{ LIFE_COMPILING, "start t", "start t requested", LIFE_START },
		{ LIFE_COMPILING, "stop t", "error 't' is still being "
		  "compiled", -1 },
		{ LIFE_RUNNING, "stop", "error this command needs an app name",
		  -1 },
		{ LIFE_RUNNING, "stop nosuch", "error unknown app 'nosuch'",
		  -1 },
	};
	char want[128], line[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t->state = cases[i].state;
		fake_request_app = NULL;
		fake_request_event = -1;
		snprintf(line, sizeof(line), "@supervisor: %s", cases[i].cmd);
		route(op, line);
		snprintf(want, sizeof(want), "@supervisor: %s\n",
			 cases[i].reply);
		CHECK_STR(fake_stdin(op), want);
		CHECK_INT(fake_request_event, cases[i].event);
	}
	fake_reset();
}

/* version: the running system's (os-release's), else the build's. */
static void test_shell_version(void)
{
	extern const char *fake_running_version;
	struct app *op = fake_app("op", SHELL_ALL, LIFE_RUNNING);

	route(op, "@supervisor: version");
	CHECK_STR(fake_stdin(op), "@supervisor: version " VYOMA_VERSION "\n");
	fake_running_version = "7.7.7";
	route(op, "@supervisor: version");
	CHECK_STR(fake_stdin(op), "@supervisor: version 7.7.7\n");
	fake_running_version = "";
	fake_reset();
}

static void test_shell_listings(void)
{
	struct app *op = fake_app("op", SHELL_ALL, LIFE_RUNNING);
	struct app *t = fake_app("t", STDIO "[resources]\nmemory = \"1MiB\"\n",
				 LIFE_FAILED);
	static char name[600];
	const char *out;

	proc_keep_console(t, "one", 3);
	proc_keep_console(t, "two", 3);
	route(op, "@supervisor: ps");
	out = fake_stdin(op);
	CHECK(has(out, "@supervisor: ps op state=running "));
	CHECK(has(out, "@supervisor: ps t state=failed uptime=0.000 "));
	CHECK(has(out, " files=0 console_dropped=0 id=1 parent=0 kind=service "
		  "user=tester\n"));
	CHECK(has(out, "@supervisor: ps end 2\n"));
	/* An instance is named by its id, alone or after "name#". */
	{
		char line[64];

		snprintf(line, sizeof(line), "@supervisor: ps %u", t->id);
		route(op, line);
		CHECK(has(fake_stdin(op), "@supervisor: ps t state=failed "));
		snprintf(line, sizeof(line), "@supervisor: ps t#%u", t->id);
		route(op, line);
		CHECK(has(fake_stdin(op), "@supervisor: ps t state=failed "));
		/* The name before '#' must be the app's own. */
		snprintf(line, sizeof(line), "@supervisor: ps op#%u", t->id);
		route(op, line);
		CHECK(has(fake_stdin(op), "error unknown app 'op#"));
		route(op, "@supervisor: ps t#99999");
		CHECK(has(fake_stdin(op), "error unknown app 't#99999'"));
		route(op, "@supervisor: ps t#");
		CHECK(has(fake_stdin(op), "error unknown app 't#'"));
		route(op, "@supervisor: ps 99999999999999999999");
		CHECK(has(fake_stdin(op), "error unknown app"));
	}
	route(op, "@supervisor: log t");
	CHECK_STR(fake_stdin(op), "@supervisor: log t one\n@supervisor: log t "
		  "two\n@supervisor: log end 2\n");
	route(op, "@supervisor: caps t");
	CHECK_STR(fake_stdin(op), "@supervisor: caps t stdio memory=1MiB cpu=1 "
		  "restart=never\n");
	route(op, "@supervisor: stats");
	CHECK(has(fake_stdin(op), "@supervisor: stats apps=2 running=1 "));
	route(op, "@supervisor: screenshot");
	CHECK_STR(fake_stdin(op), "@supervisor: error screenshot needs a /data "
		  "directory (the filesystem capability)\n");
	/* A very long, hostile app name is cut short in the error. */
	memset(name, 'z', sizeof(name) - 1);
	memcpy(name, "@supervisor: ps ", 16);
	route(op, name);
	CHECK_STR(fake_stdin(op), "@supervisor: error unknown app "
		  "'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'\n");
	fake_reset();
}

int main(void)
{
	fake_session();
	shell_boot_ns = monotonic_ns();
	test_unicast();
	test_states_and_sizes();
	test_full_queue_and_notices();
	test_broadcast();
	test_reply();
	test_shell_grants();
	test_shell_df();
	test_shell_requests();
	test_shell_version();
	test_shell_listings();
	return check_summary("broker");
}
