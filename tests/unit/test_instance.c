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
#include "stream.h"
#include "registry.h"

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
	test_stream_backoff();
	return check_summary("instance");
}
