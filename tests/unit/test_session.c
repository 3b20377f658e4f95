/*
 * test_session.c - for whom apps run, and what two users' apps may do to
 * each other (session.c), over the fake Process Manager and a real user
 * database in a temporary directory: messages only between apps of one
 * user (bar a service for everyone), and every refusal logged; stop,
 * kill and start only of one's own apps (an admin's: any); an installed
 * app runs for the screen's user and not at all with no one there; an
 * instance runs for its parent's user or the one `su` switched it to,
 * and the system's apps spawn nothing for a user; and an app's queued
 * messages stay with the user they were sent for.
 */
#include "check.h"
#include "fake_proc.h"
#include "log.h"
#include "session.h"
#include "userdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STDIO "[capabilities]\nstdio = true\n"
#define SERVICE "kind = \"service\"\nserves = \"everyone\"\n" STDIO
#define GREETER "[capabilities]\ndisplay = true\nlogin = true\n"

static uint32_t tester, bob, carol;	/* tester: the admin on the screen */
static FILE *log_file;

/* Was needle logged since the last call? Forgets what was. */
static bool logged(const char *needle)
{
	static char text[16384];
	size_t n;

	fflush(log_file);
	rewind(log_file);
	n = fread(text, 1, sizeof(text) - 1, log_file);
	text[n] = '\0';
	rewind(log_file);
	if (ftruncate(fileno(log_file), 0) != 0)
		perror("ftruncate");
	return strstr(text, needle) != NULL;
}

static struct app *app_for(const char *name, const char *caps, uint32_t uid)
{
	struct app *app = fake_app(name, caps, LIFE_RUNNING);

	atomic_store(&app->uid, uid);
	return app;
}

static int push(struct app *to, const char *line)
{
	return msgq_push(&to->inbox, line, strlen(line), 0);
}

static unsigned warnings(struct app *app)
{
	return atomic_load(&app->stats.warnings);
}

static void test_may_message(void)
{
	struct app *t1 = app_for("t1", STDIO, tester);
	struct app *t2 = app_for("t2", STDIO, tester);
	struct app *b1 = app_for("b1", STDIO, bob);
	struct app *b2 = app_for("b2", STDIO, bob);
	struct app *svc = fake_app("svc", SERVICE, LIFE_RUNNING);
	struct app *n1 = app_for("n1", STDIO, SESSION_NOBODY);
	struct app *n2 = app_for("n2", STDIO, SESSION_NOBODY);

	CHECK_INT(session_app_uid(svc), USERDB_SYSTEM_UID);
	logged("");
	/* One user's apps: yes, both ways, and nothing logged. */
	CHECK(session_may_message(t1, t2));
	CHECK(session_may_message(t2, t1));
	CHECK(session_may_message(b1, b2));
	CHECK_INT(warnings(t1) + warnings(t2) + warnings(b1), 0);
	CHECK(!logged("refused"));
	/* Two users': no, either way, logged against the sender. */
	CHECK(!session_may_message(t1, b1));
	CHECK_INT(warnings(t1), 1);
	CHECK_INT(warnings(b1), 0);
	CHECK(logged("t1: message to b1 refused: it runs for bob, the sender "
		     "for tester"));
	CHECK(!session_may_message(b2, t2));
	CHECK_INT(warnings(b2), 1);
	CHECK(logged("b2: message to t2 refused: it runs for tester, the "
		     "sender for bob"));
	/* An admin's apps are no exception. */
	CHECK(session_is_admin(tester));
	CHECK(!session_may_message(t2, b2));
	CHECK(logged("t2: message to b2 refused"));
	/* A service for everyone: to and from anyone's. */
	CHECK(session_may_message(t1, svc));
	CHECK(session_may_message(svc, t1));
	CHECK(session_may_message(b1, svc));
	CHECK(session_may_message(svc, b1));
	CHECK_INT(warnings(svc), 0);
	CHECK(!logged("refused"));
	/* No one's apps reach no one, not even each other. */
	CHECK(!session_may_message(n1, n2));
	CHECK(!session_may_message(n1, t1));
	CHECK(!session_may_message(t1, n1));
	CHECK(!session_may_message(b1, n2));
	CHECK_INT(warnings(n1), 2);
	CHECK(logged("message to n2 refused: it runs for -, the sender "
		     "for -"));
	/* A uid that was never made is no one's either. */
	atomic_store(&n2->uid, 4242);
	atomic_store(&n1->uid, 4242);
	CHECK(session_may_message(n1, n2));	/* the same, though: equal */
	CHECK(!session_may_message(n1, t1));
	fake_reset();
}

static void test_may_manage(void)
{
	struct app *t1 = app_for("t1", STDIO, tester);
	struct app *b1 = app_for("b1", STDIO, bob);
	struct app *b2 = app_for("b2", STDIO, bob);
	struct app *c1 = app_for("c1", STDIO, carol);
	struct app *svc = fake_app("svc", SERVICE, LIFE_RUNNING);
	struct app *greeter = fake_app(SESSION_GREETER, GREETER, LIFE_RUNNING);
	struct app *none = app_for("none", STDIO, SESSION_NOBODY);

	CHECK_INT(session_app_uid(greeter), USERDB_SYSTEM_UID);
	/* One's own: yes, oneself included. */
	CHECK(session_may_manage(b1, b2));
	CHECK(session_may_manage(b2, b1));
	CHECK(session_may_manage(b1, b1));
	/* Another user's: no, either way. */
	CHECK(!session_may_manage(b1, c1));
	CHECK(!session_may_manage(c1, b1));
	CHECK(!session_may_manage(b1, t1));
	/* The system's apps: not by a user. */
	CHECK(!session_may_manage(b1, svc));
	CHECK(!session_may_manage(b1, greeter));
	/* A user's own uid on a system app (it cannot have one, but were
	 * it so) still does not make it theirs. */
	atomic_store(&svc->uid, bob);
	CHECK(!session_may_manage(b1, svc));
	atomic_store(&svc->uid, USERDB_SYSTEM_UID);
	/* An admin: anyone's, the system's too. The system is no admin:
	 * an app that runs for it says so in its own manifest. */
	CHECK(session_may_manage(t1, b1));
	CHECK(session_may_manage(t1, c1));
	CHECK(session_may_manage(t1, svc));
	CHECK(!session_may_manage(svc, b1));
	CHECK(!session_may_manage(greeter, c1));
	CHECK(!session_is_admin(USERDB_SYSTEM_UID));
	/* No one's app manages nothing, not even another of no one's. */
	CHECK(!session_may_manage(none, b1));
	CHECK(!session_may_manage(none, none));
	/* Made an admin: from then on (each check asks the database). */
	CHECK_INT(userdb_set_admin("carol", true), USERDB_OK);
	CHECK(session_may_manage(c1, b1));
	CHECK(session_may_manage(c1, svc));
	CHECK_INT(userdb_set_admin("carol", false), USERDB_OK);
	CHECK(!session_may_manage(c1, b1));
	fake_reset();
}

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);

	return n >= m && strcmp(s + n - m, end) == 0;
}

static void test_assign(void)
{
	struct app *notes = fake_app("notes", "[capabilities]\n"
				     "filesystem = true\n", LIFE_LOADED);
	struct app *plain = fake_app("plain", STDIO, LIFE_LOADED);
	struct app *svc = fake_app("svc", SERVICE, LIFE_LOADED);
	struct app *greeter = fake_app(SESSION_GREETER, GREETER, LIFE_LOADED);
	struct app *inst = fake_app("inst", STDIO, LIFE_LOADED);

	/* The screen's user, with their own /data for the app. */
	atomic_store(&notes->uid, SESSION_NOBODY);
	atomic_store(&notes->su_uid, carol);
	CHECK(session_assign(notes));
	CHECK_INT(session_app_uid(notes), tester);
	CHECK_INT(atomic_load(&notes->su_uid), 0);	/* su ends with a run */
	CHECK_INT(notes->seat, SEAT_SCREEN);
	CHECK(ends_with(notes->data_dir, "/.vyoma/appdata/tester/notes"));
	CHECK(session_assign(plain));
	CHECK_STR(plain->data_dir, "");
	/* The system's: uid 0 whoever is on the screen. */
	CHECK(session_assign(svc));
	CHECK_INT(session_app_uid(svc), USERDB_SYSTEM_UID);
	CHECK(session_assign(greeter));
	CHECK_INT(session_app_uid(greeter), USERDB_SYSTEM_UID);
	/* An instance is assigned when spawned, not here. */
	inst->transient = true;
	atomic_store(&inst->uid, bob);
	atomic_store(&inst->su_uid, carol);
	CHECK(session_assign(inst));
	CHECK_INT(session_app_uid(inst), bob);
	CHECK_INT(atomic_load(&inst->su_uid), 0);

	/* No one on the screen: a user's app does not start; the
	 * system's do. */
	session_request_logout();
	session_tick();
	CHECK_INT(session_screen_uid(), SESSION_NOBODY);
	CHECK(logged("session: tester logged out"));
	CHECK(!session_assign(notes));
	CHECK(logged("notes: not started: no one is logged in on the screen"));
	CHECK(!session_assign(plain));
	CHECK(session_assign(svc));
	CHECK(session_assign(greeter));
	/* Bob logs in: the user's apps are his now, with his /data. */
	session_request_login(bob);
	session_tick();
	CHECK_INT(session_screen_uid(), bob);
	CHECK(session_assign(notes));
	CHECK_INT(session_app_uid(notes), bob);
	CHECK(ends_with(notes->data_dir, "/.vyoma/appdata/bob/notes"));
	CHECK(session_assign(svc));
	CHECK_INT(session_app_uid(svc), USERDB_SYSTEM_UID);
	/* Back to tester, as the other tests expect. */
	session_request_login(tester);
	session_tick();
	CHECK_INT(session_screen_uid(), tester);
	fake_reset();
}

static void test_assign_instance(void)
{
	struct app *shell = app_for("shell", STDIO, bob);
	struct app *console = app_for("console", STDIO, carol);
	struct app *svc = fake_app("svc", SERVICE, LIFE_RUNNING);
	struct app *greeter = fake_app(SESSION_GREETER, GREETER, LIFE_RUNNING);
	struct app *tool = fake_app("tool", STDIO, LIFE_LOADED);
	struct app *store = fake_app("store", "[capabilities]\n"
				     "filesystem = true\n", LIFE_LOADED);
	struct app *daemon = fake_app("daemon", SERVICE, LIFE_LOADED);

	tool->transient = store->transient = daemon->transient = true;
	console->seat = SEAT_CONSOLE;
	/* The parent's user and seat. */
	atomic_store(&tool->su_uid, 77);
	CHECK(session_assign_instance(tool, shell, NULL));
	CHECK_INT(session_app_uid(tool), bob);
	CHECK_INT(tool->seat, SEAT_SCREEN);
	CHECK_INT(atomic_load(&tool->su_uid), 0);	/* not inherited */
	CHECK(session_assign_instance(tool, console, shell));
	CHECK_INT(session_app_uid(tool), carol);	/* parent over caller */
	CHECK_INT(tool->seat, SEAT_CONSOLE);
	/* With its /data that user's. */
	CHECK(session_assign_instance(store, console, NULL));
	CHECK(ends_with(store->data_dir, "/.vyoma/appdata/carol/store"));
	/* su: the parent's children run as the user it switched to. */
	atomic_store(&shell->su_uid, carol);
	CHECK(session_assign_instance(tool, shell, NULL));
	CHECK_INT(session_app_uid(tool), carol);
	CHECK(session_assign_instance(store, shell, NULL));
	CHECK(ends_with(store->data_dir, "/.vyoma/appdata/carol/store"));
	atomic_store(&shell->su_uid, 0);
	CHECK(session_assign_instance(tool, shell, NULL));
	CHECK_INT(session_app_uid(tool), bob);
	/* Parentless (new, open): the caller's user and seat. */
	CHECK(session_assign_instance(tool, NULL, console));
	CHECK_INT(session_app_uid(tool), carol);
	CHECK_INT(tool->seat, SEAT_CONSOLE);
	/* Neither: the uid the spawner set. */
	atomic_store(&tool->uid, bob);
	CHECK(session_assign_instance(tool, NULL, NULL));
	CHECK_INT(session_app_uid(tool), bob);

	/* The system's apps spawn nothing for a user. */
	logged("");
	CHECK(!session_assign_instance(tool, svc, NULL));
	CHECK(logged("tool: not spawned: it would run for no user"));
	CHECK(!session_assign_instance(tool, greeter, NULL));
	CHECK(!session_assign_instance(tool, NULL, greeter));
	/* No one's parent: nothing. */
	atomic_store(&shell->uid, SESSION_NOBODY);
	CHECK(!session_assign_instance(tool, shell, NULL));
	atomic_store(&tool->uid, SESSION_NOBODY);
	CHECK(!session_assign_instance(tool, NULL, NULL));
	atomic_store(&tool->uid, USERDB_SYSTEM_UID);
	CHECK(!session_assign_instance(tool, NULL, NULL));
	atomic_store(&shell->uid, bob);
	/* An instance of a system app is no one's, whoever spawns it. */
	CHECK(!session_assign_instance(daemon, shell, NULL));
	CHECK(!session_assign_instance(daemon, NULL, console));
	CHECK(logged("daemon: not spawned: it would run for no user"));
	fake_reset();
}

/*
 * A message waits in the queue of an app that is loaded but not started,
 * and is read when it starts. After a logout and someone else's login
 * the app starts for them: what was sent for the last user must not be
 * the new user's to read.
 */
static void test_queue_changes_hands(void)
{
	struct app *sender = app_for("sender", STDIO, tester);
	struct app *calc = fake_app("calc", STDIO, LIFE_LOADED);
	struct app *svc = fake_app("svc", SERVICE, LIFE_RUNNING);

	CHECK_INT(session_app_uid(calc), tester);
	CHECK(session_may_message(sender, calc));
	CHECK_INT(push(calc, "@sender: tester's secret"), MSGQ_OK);
	/* Tester logs out and in again: still theirs. */
	session_request_logout();
	session_tick();
	session_request_login(tester);
	session_tick();
	CHECK_STR(fake_stdin(calc), "@sender: tester's secret\n");
	CHECK_INT(push(calc, "@sender: tester's secret"), MSGQ_OK);
	/* Bob logs in (switching user): calc is his now, and empty. */
	session_request_login(bob);
	session_tick();
	CHECK_INT(session_screen_uid(), bob);
	CHECK_INT(session_app_uid(calc), bob);
	CHECK_STR(fake_stdin(calc), "");
	/* It still takes messages, now bob's. */
	CHECK_INT(push(calc, "@b: hi"), MSGQ_OK);
	CHECK_STR(fake_stdin(calc), "@b: hi\n");
	/* What a service for everyone sent before anyone logged in is
	 * kept for whoever does. */
	session_request_logout();
	session_tick();
	atomic_store(&calc->uid, SESSION_NOBODY);
	CHECK(session_may_message(svc, calc));
	CHECK_INT(push(calc, "@svc: welcome"), MSGQ_OK);
	session_request_login(tester);
	session_tick();
	CHECK_INT(session_app_uid(calc), tester);
	CHECK_STR(fake_stdin(calc), "@svc: welcome\n");
	fake_reset();
}

int main(void)
{
	struct userdb_user u;

	log_file = tmpfile();
	if (!log_file) {
		perror("tmpfile");
		return 1;
	}
	log_set_stream(log_file);
	fake_session();
	if (!userdb_find("tester", &u))
		return 1;
	tester = u.uid;
	if (userdb_add("bob", NULL, false, &u) != USERDB_OK)
		return 1;
	bob = u.uid;
	if (userdb_add("carol", NULL, false, &u) != USERDB_OK)
		return 1;
	carol = u.uid;
	CHECK_INT(tester, USERDB_FIRST_UID);
	CHECK(bob != tester && carol != tester && bob != carol);
	CHECK_INT(session_screen_uid(), tester);
	test_may_message();
	test_may_manage();
	test_assign();
	test_assign_instance();
	test_queue_changes_hands();
	return check_summary("session");
}
