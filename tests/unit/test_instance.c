/*
 * test_instance.c - the spawn bookkeeping (instance.c) over the fake
 * Process Manager and the real registry: the user's files narrowed to
 * the parent's, the refusals of spawn, a parent's wait and kill reaching
 * only its own children and each status taken once, reaping, a reaped
 * slot reused under a new id that the old one cannot reach, and
 * orphans killed with their parent.
 */
#include "check.h"
#include "fake_proc.h"
#include "guest.h"
#include "instance.h"
#include "log.h"
#include "stream.h"
#include "registry.h"
#include "userfiles.h"

#include <stdlib.h>
#include <string.h>

static void test_attenuation(void)
{
	static const enum user_files none = USER_FILES_NONE, ro = USER_FILES_RO,
				     rw = USER_FILES_RW;

	/* What the child asks for, never more than the parent holds. */
	CHECK_INT(instance_user_files(rw, rw), rw);
	CHECK_INT(instance_user_files(rw, ro), ro);
	CHECK_INT(instance_user_files(rw, none), none);
	CHECK_INT(instance_user_files(ro, rw), ro);
	CHECK_INT(instance_user_files(none, rw), none);
	CHECK_INT(instance_user_files(ro, none), none);
}

static struct app *spawn(struct app *origin, struct app *parent, int *err)
{
	static const char *argv[] = { "tool", "-x" };
	struct spawn_request req = { .origin = origin, .parent = parent,
				     .argv = argv, .argc = 2 };

	for (int i = 0; i < STREAM_STDIO; i++)
		req.stdio[i] = (struct stream){ .kind = STREAM_NONE };
	return instance_spawn(&req, err);
}

/* An app asked to stop (a logout, say) starts nothing that would
 * outlive it; running again, it may. */
static void test_no_spawn_while_stopping(void)
{
	struct app *tool = fake_app("tool2", "", LIFE_LOADED);
	struct app *shell = fake_app("shell2", "[capabilities]\nspawn = true\n",
				     LIFE_STOPPING);
	struct app *child;
	int err;

	tool->manifest.kind = KIND_COMMAND;
	atomic_store(&tool->module, (struct module_entry *)tool);	/* any */
	CHECK(!spawn(tool, shell, &err));
	CHECK_INT(err, GUEST_ERRNO_ACCES);
	CHECK_INT(atomic_load(&shell->children), 0);
	atomic_store(&shell->state, LIFE_KILLING);
	CHECK(!spawn(tool, shell, &err));
	CHECK_INT(err, GUEST_ERRNO_ACCES);
	atomic_store(&shell->state, LIFE_RUNNING);
	atomic_store(&shell->killing, true);
	CHECK(!spawn(tool, shell, &err));
	CHECK_INT(err, GUEST_ERRNO_ACCES);
	atomic_store(&shell->killing, false);
	child = spawn(tool, shell, &err);
	CHECK(child && err == 0);
}

static void test_family(void)
{
	struct app *tool = fake_app("tool", "", LIFE_LOADED);
	struct app *shell = fake_app("shell", "[capabilities]\nspawn = true\n", LIFE_RUNNING);
	struct app *other = fake_app("other", "[capabilities]\nspawn = true\n", LIFE_RUNNING);
	struct app *child, *again, *kids[INSTANCE_CHILDREN_MAX];
	uint32_t old_id;
	int err, status = -1, i;

	/* A service is not a command; a command not yet linked waits. */
	CHECK(!spawn(tool, shell, &err));
	CHECK_INT(err, GUEST_ERRNO_NOEXEC);
	tool->manifest.kind = KIND_COMMAND;
	tool->state = LIFE_COMPILING;
	CHECK(!spawn(tool, shell, &err));
	CHECK_INT(err, GUEST_ERRNO_AGAIN);
	tool->state = LIFE_LOADED;
	atomic_store(&tool->module, (struct module_entry *)tool);	/* any */

	child = spawn(tool, shell, &err);
	CHECK(child && err == 0);
	CHECK(child->transient && child->origin == tool);
	CHECK_INT(child->user_files, USER_FILES_NONE);	/* tool asks none */
	CHECK_INT(child->parent_id, shell->id);
	CHECK_INT(atomic_load(&shell->children), 1);
	CHECK(fake_request_app == child && fake_request_event == LIFE_START);
	CHECK_INT(child->how.argc, 2);
	CHECK_STR(child->how.argv[1], "-x");
	CHECK(proc_by_id(child->id) == child);
	CHECK(!proc_find("tool#0", 6));
	CHECK(proc_find("tool", 4) == tool);	/* a name is never an instance */

	/* Only its parent reaches it; a running child is not waited for. */
	CHECK_INT(instance_wait(other, child->id, true, &status),
		  GUEST_ERRNO_CHILD);
	CHECK_INT(instance_kill(other, child->id), GUEST_ERRNO_CHILD);
	CHECK_INT(instance_wait(shell, child->id, true, &status),
		  GUEST_ERRNO_AGAIN);
	/* It ends: its parent has its status, once. */
	atomic_store(&child->exit_status, 7);
	atomic_store(&child->state, LIFE_RUNNING);
	instance_run_ended(child);
	CHECK_INT(instance_wait(shell, child->id, false, &status), 0);
	CHECK_INT(status, 7);
	CHECK_INT(instance_wait(shell, child->id, false, &status),
		  GUEST_ERRNO_CHILD);
	CHECK_INT(atomic_load(&shell->children), 0);
	/* Reaped once its run is over: its id is gone ... */
	instance_reap(child);
	CHECK(!atomic_load(&child->vacant));	/* still running */
	atomic_store(&child->state, LIFE_EXITED);
	instance_reap(child);
	CHECK(atomic_load(&child->vacant));
	old_id = child->id;
	CHECK(!proc_by_id(old_id));
	/* ... and its slot comes back under a new one. */
	again = spawn(tool, other, &err);
	CHECK(again == child);
	CHECK_INT(again->id, old_id + REGISTRY_MAX);
	CHECK(!proc_by_id(old_id));
	CHECK(proc_by_id(again->id) == again);
	CHECK_INT(again->parent_id, other->id);
	CHECK_INT(instance_wait(shell, again->id, true, &status),
		  GUEST_ERRNO_CHILD);

	/* A grandchild counts against the tree's root, the installed app
	 * it all grew from; its parent's own children count as well. */
	{
		unsigned before = atomic_load(&other->descendants);
		struct app *grand = spawn(tool, again, &err);

		CHECK(grand && grand->root == other);
		CHECK_INT(atomic_load(&other->descendants), before + 1);
		CHECK_INT(atomic_load(&again->children), 1);
		atomic_store(&grand->state, LIFE_RUNNING);
		instance_run_ended(again);	/* its parent ends: killed */
		CHECK(atomic_load(&grand->doomed) && atomic_load(&grand->waited));
		atomic_store(&grand->state, LIFE_STOPPED);
		instance_reap(grand);
		CHECK(atomic_load(&grand->vacant));
		CHECK_INT(atomic_load(&other->descendants), before);
	}

	/* At most INSTANCE_CHILDREN_MAX at once. */
	for (i = 0; i < INSTANCE_CHILDREN_MAX; i++)
		kids[i] = spawn(tool, shell, &err);
	CHECK(kids[INSTANCE_CHILDREN_MAX - 1] != NULL);
	CHECK(!spawn(tool, shell, &err));
	CHECK_INT(err, GUEST_ERRNO_AGAIN);
	/* The parent's run ends: every child it did not wait for is
	 * killed, and reaped when its run is over. */
	for (i = 0; i < INSTANCE_CHILDREN_MAX; i++)
		atomic_store(&kids[i]->state, LIFE_RUNNING);
	instance_run_ended(shell);
	CHECK_INT(atomic_load(&shell->children), 0);
	CHECK(fake_request_event == LIFE_KILL);
	for (i = 0; i < INSTANCE_CHILDREN_MAX; i++) {
		CHECK(atomic_load(&kids[i]->waited));
		atomic_store(&kids[i]->state, LIFE_STOPPED);
		instance_reap(kids[i]);
		CHECK(atomic_load(&kids[i]->vacant));
	}
}

/* Where an instance may start: userfiles_cwd_refused() itself. */
static void test_cwd_rule(void)
{
	static const char *const mounts[] = { "/data", "/home/tester", "/tmp",
					      "/srv/share" };
	static const char *const ok[] = {
		"/", "/home/tester", "/home/tester/docs/a", "/tmp", "/data/x",
		"/srv/share/y", "/home/tester/.hidden", "/home/tester/...",
		"/home/tester/..x", "/tmp/a b",
	};
	static const char *const malformed[] = {
		"", "home/tester", "../alice", ".", "..", "/home/tester/",
		"//home/tester", "/home//tester", "/home/tester/.",
		"/home/tester/..", "/home/tester/../alice", "/./home/tester",
		"/home/tester/./x", "/..", "/../home/tester", "//",
	};
	static const char *const outside[] = {
		"/home", "/home/alice", "/home/alice/x", "/home/testers",
		"/home/tester2/x", "/srv", "/srv/sharex", "/etc", "/tmpx",
		"/dat",
	};
	const char *why;
	size_t i;
	int err;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		err = -1;
		why = userfiles_cwd_refused(ok[i], "tester", mounts, 4, &err);
		CHECK(!why);
		CHECK_INT(err, 0);
		if (why)
			fprintf(stderr, "    %s: %s\n", ok[i], why);
	}
	for (i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		why = userfiles_cwd_refused(malformed[i], "tester", mounts, 4,
					    &err);
		CHECK(why != NULL);
		CHECK_INT(err, GUEST_ERRNO_INVAL);
		if (!why || err != GUEST_ERRNO_INVAL)
			fprintf(stderr, "    malformed '%s' passed\n",
				malformed[i]);
	}
	for (i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		why = userfiles_cwd_refused(outside[i], "tester", mounts, 4,
					    &err);
		CHECK(why != NULL);
		CHECK_INT(err, GUEST_ERRNO_NOTCAPABLE);
		if (!why || err != GUEST_ERRNO_NOTCAPABLE)
			fprintf(stderr, "    outside '%s' passed\n",
				outside[i]);
	}
	CHECK_STR(userfiles_cwd_refused("/home/alice", "tester", mounts, 4,
					&err), "it is another user's home");
	CHECK_STR(userfiles_cwd_refused("/home", "tester", mounts, 4, &err),
		  "it holds every user's home");
	/* A home is only ever its own user's, whatever the mounts say. */
	{
		static const char *const root[] = { "/" };

		CHECK(!userfiles_cwd_refused("/etc", "tester", root, 1, &err));
		CHECK(userfiles_cwd_refused("/home/alice", "tester", root, 1,
					    &err));
		CHECK_INT(err, GUEST_ERRNO_NOTCAPABLE);
		CHECK(userfiles_cwd_refused("/home/tester", "", root, 1,
					    &err));
		CHECK(userfiles_cwd_refused("/home/tester", "../x", root, 1,
					    &err));
	}
	/* With nothing given, "/" only. */
	CHECK(!userfiles_cwd_refused("/", "tester", NULL, 0, &err));
	CHECK(userfiles_cwd_refused("/tmp", "tester", NULL, 0, &err));
	CHECK(userfiles_cwd_refused("/home/tester", "tester", NULL, 0, &err));
}

static struct app *spawn_in(struct app *origin, struct app *parent,
			    const char *cwd, int *err)
{
	static const char *argv[] = { "tool" };
	static const char *env[] = { "PWD=/home/alice", "A=1" };
	struct spawn_request req = { .origin = origin, .parent = parent,
				     .argv = argv, .argc = 1, .env = env,
				     .envc = 2, .cwd = cwd };

	for (int i = 0; i < STREAM_STDIO; i++)
		req.stdio[i] = (struct stream){ .kind = STREAM_NONE };
	return instance_spawn(&req, err);
}

static const char *pwd_of(const struct app *child)
{
	for (size_t i = 0; i < child->how.envc; i++)
		if (!strncmp(child->how.env[i], "PWD=", 4))
			return child->how.env[i] + 4;
	return NULL;
}

/*
 * instance_spawn's working directory: where the child or its parent is
 * given a directory, by a normalised path, never another user's home;
 * a refusal is logged against the parent and holds no slot.
 */
static void test_cwd_spawn(void)
{
	struct app *files = fake_app("files", "kind = \"command\"\n"
				     "[capabilities]\nfilesystem = "
				     "{ user = \"rw\" }\n", LIFE_LOADED);
	struct app *bare = fake_app("bare", "kind = \"command\"\n",
				    LIFE_LOADED);
	struct app *sh = fake_app("sh", "[capabilities]\nspawn = true\n"
				  "filesystem = { user = \"rw\" }\n",
				  LIFE_RUNNING);
	struct app *nofs = fake_app("nofs", "[capabilities]\nspawn = true\n",
				    LIFE_RUNNING);
	const struct {
		struct app **origin, **parent;
		const char *cwd;
		int err;
	} cases[] = {
		{ &files, &sh, "/home/tester", 0 },
		{ &files, &sh, "/home/tester/docs", 0 },
		{ &files, &sh, "/tmp", 0 },
		{ &files, &sh, "/data", 0 },		/* its own */
		{ &files, &sh, "/", 0 },
		{ &bare, &sh, "/home/tester", 0 },	/* its parent's */
		/* Narrowed to its parent's user files: none. */
		{ &files, &nofs, "/home/tester", GUEST_ERRNO_NOTCAPABLE },
		{ &files, &nofs, "/data", 0 },		/* its own */
		{ &bare, &nofs, "/home/tester", GUEST_ERRNO_NOTCAPABLE },
		{ &bare, &nofs, "/", 0 },
		{ &files, &sh, "/home/alice", GUEST_ERRNO_NOTCAPABLE },
		{ &files, &sh, "/home", GUEST_ERRNO_NOTCAPABLE },
		{ &files, &sh, "/etc", GUEST_ERRNO_NOTCAPABLE },
		{ &files, &sh, "/home/tester/../alice", GUEST_ERRNO_INVAL },
		{ &files, &sh, "../alice", GUEST_ERRNO_INVAL },
		{ &files, &sh, "/home/tester/", GUEST_ERRNO_INVAL },
	};
	char logged[8192] = "";
	FILE *log = tmpfile();
	size_t i, got;

	CHECK(log != NULL);
	sh->user_files = USER_FILES_RW;
	atomic_store(&files->module, (struct module_entry *)files);
	atomic_store(&bare->module, (struct module_entry *)bare);
	log_set_stream(log);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct app *parent = *cases[i].parent, *child;
		unsigned kids = atomic_load(&parent->children);
		unsigned tree = atomic_load(&parent->descendants);
		int err = -1;

		child = spawn_in(*cases[i].origin, parent, cases[i].cwd, &err);
		CHECK_INT(err, cases[i].err);
		if (err != cases[i].err)
			fprintf(stderr, "    %s from %s in '%s'\n",
				(*cases[i].origin)->manifest.name,
				parent->manifest.name, cases[i].cwd);
		if (cases[i].err) {
			CHECK(!child);
			CHECK_INT(atomic_load(&parent->children), kids);
			CHECK_INT(atomic_load(&parent->descendants), tree);
			continue;
		}
		/* Its $PWD is the one asked for, not the environment's. */
		CHECK(child && pwd_of(child) &&
		      !strcmp(pwd_of(child), cases[i].cwd));
	}
	log_set_stream(NULL);
	rewind(log);
	got = fread(logged, 1, sizeof(logged) - 1, log);
	logged[got] = '\0';
	fclose(log);
	CHECK(strstr(logged, "nofs: spawn of bare in '/home/tester' refused: "
			     "neither it nor its parent is given that "
			     "directory") != NULL);
	CHECK(strstr(logged, "sh: spawn of files in '/home/alice' refused: "
			     "it is another user's home") != NULL);
	CHECK(strstr(logged, "sh: spawn of files in '/home/tester/../alice' "
			     "refused: not a normalised path") != NULL);
	CHECK(strstr(logged, "sh: spawn of files in '../alice' refused: not "
			     "an absolute path") != NULL);
	CHECK(strstr(logged, "in '/home/tester/' refused") != NULL);
	CHECK(!strstr(logged, "'/home/tester/docs'"));
}

/* A host stream is looked at again soon at first, then less often. */
static void test_stream_backoff(void)
{
	unsigned tries = 0;
	uint64_t slice = 50000000u, last = 0, got;
	int i;

	CHECK_INT(stream_backoff(0, &tries), 0);	/* woken: no slice */
	CHECK_INT(tries, 0);
	CHECK_INT(stream_backoff(100000, &tries), 100000);	/* already short */
	for (i = 0; i < 20; i++) {
		got = stream_backoff(slice, &tries);
		CHECK(got >= last && got <= slice);
		if (i == 0)
			CHECK_INT(got, 250000);
		last = got;
	}
	CHECK_INT(last, slice);
	tries = 1000;	/* no overflow however long it waits */
	CHECK_INT(stream_backoff(slice, &tries), slice);
}

int main(void)
{
	fake_session();
	test_attenuation();
	test_family();
	test_cwd_rule();
	test_cwd_spawn();
	test_no_spawn_while_stopping();
	test_stream_backoff();
	return check_summary("instance");
}
