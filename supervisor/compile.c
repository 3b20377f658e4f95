/*
 * compile.c - the compile service (compile.h): a job queue, two worker
 * threads, a table of modules by content key, and the helper process.
 *
 * A request for a module already compiled (or being compiled) by another
 * request joins it instead of compiling again, so a thousand copies of
 * one .wasm cost one compilation and one helper. Looking a module up and
 * compiling one run on separate threads, so a slow compile never holds
 * up a module that is ready.
 */
#include "compile.h"
#include "engine.h"
#include "file.h"
#include "importnames.h"
#include "log.h"
#include "modcache.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Built with AddressSanitizer (make test-asan), the helper cannot run
 * under an address-space limit: ASan maps its shadow memory and its
 * allocator as it goes, and the first allocation past the limit kills
 * it. There the helper is bounded by CPU time only.
 */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif
#if UNDER_ASAN
#include <sanitizer/lsan_interface.h>
#endif

#define WORKERS 2	/* threads for lookups, and as many for compiles */
#define ARTIFACT_MAX (512u << 20)
#define ERROR_MAX 512
#define SAID_MAX 200	/* of the helper's stderr, in a message */

struct waiter {
	compile_done_fn done;
	void *ctx;
	struct waiter *next;
};

enum entry_state { ENTRY_PENDING, ENTRY_READY, ENTRY_FAILED };

/* One module by content: compiled once, shared by every app using it. */
struct entry {
	char key[MODCACHE_KEY_HEX];
	enum entry_state state;
	const wasmtime_module_t *module;
	char error[ERROR_MAX];
	struct waiter *waiters;	/* requests that arrived while pending */
	struct entry *next;
};

/* A lookup (path) and, if it must be compiled, a compile (wasm, entry). */
struct job {
	char *path;
	compile_done_fn done;
	void *ctx;
	char *wasm;
	size_t len;
	struct entry *entry;
	struct job *next;
};

static wasm_engine_t *engine;
static char helper_exe[256];
static struct compile_limits limits;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *entries;
static struct compile_stats stats;

/* ---- the helper process, seen from the supervisor ----------------------- */

struct helper_output {
	char *data;
	size_t len, cap;
};

/* Appends what fd has; false at end of file or past max. */
static bool drain(int fd, struct helper_output *o, size_t max)
{
	char buf[65536];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	if (o->len + (size_t)n > max)
		return false;
	if (o->len + (size_t)n > o->cap) {
		size_t cap = o->cap ? o->cap : 65536;
		char *p;

		while (cap < o->len + (size_t)n)
			cap *= 2;
		p = realloc(o->data, cap);
		if (!p)
			return false;
		o->data = p;
		o->cap = cap;
	}
	memcpy(o->data + o->len, buf, (size_t)n);
	o->len += (size_t)n;
	return true;
}

static bool write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Runs the helper on the module; on success *artifact holds the
 * serialized module (malloc'd). The helper gets no environment but a
 * single malloc arena, and nothing of ours but three pipes.
 */
static int run_helper(const void *wasm, size_t len, char **artifact,
		      size_t *artifact_len, char *err, size_t errlen)
{
	char max_arg[24], mem_arg[24], sec_arg[24], said[SAID_MAX];
	char *argv[] = { "vyoma-compile", "--compile-module", max_arg, mem_arg,
			 sec_arg, NULL };
	char *envp[] = { "MALLOC_ARENA_MAX=1", NULL };
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, errp[2] = { -1, -1 };
	struct helper_output o = { 0 }, e = { 0 };
	posix_spawn_file_actions_t fa;
	bool out_open = true, err_open = true, killed = false;
	uint64_t deadline = now_ms() + 2000ull * limits.seconds + 5000;
	int status = 0, rc = -1;
	uint64_t n;
	pid_t pid;

	snprintf(max_arg, sizeof(max_arg), "%zu", limits.module_bytes);
	snprintf(mem_arg, sizeof(mem_arg), "%zu", limits.memory_bytes);
	snprintf(sec_arg, sizeof(sec_arg), "%u", limits.seconds);
	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) ||
	    pipe2(errp, O_CLOEXEC)) {
		snprintf(err, errlen, "cannot make pipes: %s", strerror(errno));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	rc = posix_spawn(&pid, helper_exe, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(out[1]);
	close(errp[1]);
	in[0] = out[1] = errp[1] = -1;
	if (rc != 0) {
		snprintf(err, errlen, "cannot run the compiler helper: %s",
			 strerror(rc));
		rc = -1;
		goto out;
	}
	rc = -1;
	/* It reads everything before it writes anything: no deadlock. An
	 * early death shows as EPIPE here and a short artifact below. */
	write_all(in[1], wasm, len);
	close(in[1]);
	in[1] = -1;
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(errp[0], F_SETFL, O_NONBLOCK);
	while (out_open || err_open) {
		struct pollfd fds[2] = { { out[0], POLLIN, 0 },
					 { errp[0], POLLIN, 0 } };
		uint64_t t = now_ms();

		if (t >= deadline) {
			kill(pid, SIGKILL);
			killed = true;
			break;
		}
		if (!out_open)
			fds[0].fd = -1;
		if (!err_open)
			fds[1].fd = -1;
		if (poll(fds, 2, (int)(deadline - t)) < 0 && errno != EINTR)
			break;
		if (fds[0].revents && !drain(out[0], &o, ARTIFACT_MAX + 8))
			out_open = false;
		if (fds[1].revents && !drain(errp[0], &e, ERROR_MAX))
			err_open = false;
	}
	/* As PID 1 the init loop may reap it first: the output decides. */
	if (waitpid(pid, &status, 0) != pid)
		status = 0;
	if (o.len >= 8) {
		memcpy(&n, o.data, 8);
		if (n == o.len - 8 && n > 0) {
			*artifact = malloc(n);
			if (*artifact) {
				memcpy(*artifact, o.data + 8, n);
				*artifact_len = n;
				rc = 0;
				goto out;
			}
		}
	}
	/* Its first line of stderr, as a string. */
	snprintf(said, sizeof(said), "%.*s", (int)e.len, e.len ? e.data : "");
	said[strcspn(said, "\n")] = '\0';
	if (killed) {
		snprintf(err, errlen, "compiling took longer than %u s; "
			 "stopped", 2 * limits.seconds + 5);
	} else if (WIFSIGNALED(status)) {
		snprintf(err, errlen, "the compiler was stopped by signal %d "
			 "(over its bound of %zu MiB and %u s of CPU?)%s%s",
			 WTERMSIG(status), limits.memory_bytes >> 20,
			 limits.seconds, said[0] ? ": " : "", said);
	} else if (said[0]) {
		/* Wasmtime's own verdict on the module. */
		snprintf(err, errlen, "%s", said);
	} else {
		snprintf(err, errlen, "the compiler ended without a result "
			 "(over its bound of %zu MiB and %u s of CPU?)",
			 limits.memory_bytes >> 20, limits.seconds);
	}
out:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	free(o.data);
	free(e.data);
	return rc;
}

/* ---- workers ------------------------------------------------------------ */

static struct entry *find(const char *key)
{
	struct entry *e;

	for (e = entries; e; e = e->next)
		if (strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

/*
 * Two kinds of work, on two pairs of threads, so that finding a module
 * (read, hash, the caches) never waits behind compiling one: however
 * slow two hostile modules are to compile, every other app whose module
 * is cached still starts at once.
 */
static struct queue {
	struct job *head, **tail;
	pthread_cond_t ready;
} lookups = { NULL, &lookups.head, PTHREAD_COND_INITIALIZER },
  compiles = { NULL, &compiles.head, PTHREAD_COND_INITIALIZER };

static void enqueue(struct queue *q, struct job *job)
{
	job->next = NULL;	/* it may come from the other queue */
	pthread_mutex_lock(&lock);
	*q->tail = job;
	q->tail = &job->next;
	pthread_cond_signal(&q->ready);
	pthread_mutex_unlock(&lock);
}

static struct job *dequeue(struct queue *q)
{
	struct job *job;

	pthread_mutex_lock(&lock);
	while (!q->head)
		pthread_cond_wait(&q->ready, &lock);
	job = q->head;
	q->head = job->next;
	if (!q->head)
		q->tail = &q->head;
	pthread_mutex_unlock(&lock);
	return job;
}

/* The entry is ready or failed: tell everyone waiting for it. */
static void finish(struct entry *e, const wasmtime_module_t *module,
		   const char *err)
{
	struct waiter *w, *next;
	unsigned long n = 0;

	pthread_mutex_lock(&lock);
	e->module = module;
	e->state = module ? ENTRY_READY : ENTRY_FAILED;
	snprintf(e->error, sizeof(e->error), "%s", module ? "" : err);
	stats.failed += !module;
	w = e->waiters;
	e->waiters = NULL;
	for (next = w; next; next = next->next)
		n++;
	/* All but the first request shared the one compilation. */
	if (module && n)
		stats.hits += n - 1;
	pthread_mutex_unlock(&lock);
	for (; w; w = next) {
		next = w->next;
		w->done(w->ctx, module, e->error);
		free(w);
	}
}

/* Adds a request to an entry's waiters; false if out of memory. */
static bool wait_on(struct entry *e, const struct job *job)
{
	struct waiter *w = malloc(sizeof(*w));

	if (!w)
		return false;
	*w = (struct waiter){ job->done, job->ctx, e->waiters };
	e->waiters = w;
	return true;
}

/*
 * A lookup: known already, on disk, or else queued for compiling.
 * Returns true if the job went on to the compile queue (it is that
 * queue's from then on: a compile thread may free it at once).
 */
static bool look_up(struct job *job)
{
	char key[MODCACHE_KEY_HEX], err[ERROR_MAX] = "";
	wasmtime_module_t *module;
	struct entry *e;
	bool rejected;
	size_t len;
	char *wasm = file_read(job->path, limits.module_bytes, &len);

	if (!wasm) {
		file_error(job->path, limits.module_bytes, err, sizeof(err));
		job->done(job->ctx, NULL, err);
		return false;
	}
	modcache_key(wasm, len, ENGINE_TAG, key);
	pthread_mutex_lock(&lock);
	e = find(key);
	if (e && e->state != ENTRY_PENDING) {
		stats.hits += e->state == ENTRY_READY;
		pthread_mutex_unlock(&lock);
		job->done(job->ctx, e->module, e->error);
		free(wasm);
		return false;
	}
	if (!e && (e = calloc(1, sizeof(*e)))) {
		memcpy(e->key, key, sizeof(key));
		e->next = entries;
		entries = e;
	} else if (e) {
		/* Being found or compiled by another request: wait for it. */
		if (!wait_on(e, job))
			goto oom;
		pthread_mutex_unlock(&lock);
		free(wasm);
		return false;
	}
	if (!e || !wait_on(e, job))
		goto oom;
	pthread_mutex_unlock(&lock);

	module = modcache_load(engine, key, &rejected);
	pthread_mutex_lock(&lock);
	stats.rejected += rejected;
	stats.loaded += module != NULL;
	pthread_mutex_unlock(&lock);
	if (module) {
		finish(e, module, "");
		free(wasm);
		return false;
	}
	/* Compiling: the bytes go with the job, to the compile threads. */
	job->wasm = wasm;
	job->len = len;
	job->entry = e;
	enqueue(&compiles, job);
	return true;
oom:
	pthread_mutex_unlock(&lock);
	job->done(job->ctx, NULL, "out of memory");
	free(wasm);
	return false;
}

/* A compile: the helper, then the artifact into both caches. */
static void compile(struct job *job)
{
	wasmtime_module_t *module = NULL;
	wasmtime_error_t *error;
	size_t artifact_len = 0;
	char *artifact = NULL, err[ERROR_MAX] = "";

	if (run_helper(job->wasm, job->len, &artifact, &artifact_len, err,
		       sizeof(err)) == 0) {
		error = wasmtime_module_deserialize(engine, (uint8_t *)artifact,
						    artifact_len, &module);
		if (error) {
			engine_message(error, NULL, err, sizeof(err));
			module = NULL;
		} else {
			modcache_store(job->entry->key, artifact, artifact_len);
			pthread_mutex_lock(&lock);
			stats.compiled++;
			pthread_mutex_unlock(&lock);
		}
		free(artifact);
	}
	finish(job->entry, module, err);
}

static void *lookup_worker(void *unused)
{
	(void)unused;
	for (;;) {
		struct job *job = dequeue(&lookups);

		if (!look_up(job)) {
			free(job->path);
			free(job);
		}
	}
	return NULL;
}

static void *compile_worker(void *unused)
{
	(void)unused;
	for (;;) {
		struct job *job = dequeue(&compiles);

		compile(job);
		free(job->path);
		free(job->wasm);
		free(job);
	}
	return NULL;
}

int compile_init(wasm_engine_t *e, const char *exe,
		 const struct compile_limits *l)
{
	int i;

	engine = e;
	limits = *l;
	snprintf(helper_exe, sizeof(helper_exe), "%s", exe);
	for (i = 0; i < 2 * WORKERS; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, i < WORKERS ? lookup_worker :
				   compile_worker, NULL) != 0)
			return -1;
		pthread_detach(t);
	}
	return 0;
}

void compile_request(const char *path, compile_done_fn done, void *ctx)
{
	struct job *job = calloc(1, sizeof(*job));

	if (!job || !(job->path = strdup(path))) {
		free(job);
		done(ctx, NULL, "out of memory");
		return;
	}
	job->done = done;
	job->ctx = ctx;
	enqueue(&lookups, job);
}

void compile_stats(struct compile_stats *out)
{
	pthread_mutex_lock(&lock);
	*out = stats;
	pthread_mutex_unlock(&lock);
}

/* ---- the helper process itself ------------------------------------------ */

static int helper_fail(const char *fmt, const char *detail)
{
	fprintf(stderr, fmt, detail);
	fputc('\n', stderr);
	return 1;
}

int compile_helper_main(int argc, char **argv)
{
	struct rlimit mem, cpu, core = { 0, 0 };
	wasm_byte_vec_t artifact;
	wasmtime_module_t *module;
	wasmtime_error_t *error;
	wasm_engine_t *e;
	size_t max, len = 0, expanded_len;
	uint64_t n;
	uint8_t *expanded;
	char *wasm, msg[512];

	if (argc != 5)
		return helper_fail("%s", "usage: --compile-module MODULE_MAX "
				   "MEMORY SECONDS");
	max = strtoull(argv[2], NULL, 10);
	mem.rlim_cur = mem.rlim_max = strtoull(argv[3], NULL, 10);
	cpu.rlim_cur = strtoull(argv[4], NULL, 10);
	cpu.rlim_max = cpu.rlim_cur + 1;
	/* Bounded before a byte of the module is read. */
	if ((!UNDER_ASAN && setrlimit(RLIMIT_AS, &mem)) ||
	    setrlimit(RLIMIT_CPU, &cpu) || setrlimit(RLIMIT_CORE, &core))
		return helper_fail("cannot limit the compiler: %s",
				   strerror(errno));
#if UNDER_ASAN
	/* A one-shot process: what it holds at exit, the exit returns, so
	 * LeakSanitizer's report would only turn a compilation into a
	 * failure. */
	__lsan_disable();
#endif
	wasm = malloc(max + 1);
	if (!wasm)
		return helper_fail("%s", "out of memory");
	for (;;) {
		ssize_t got = read(0, wasm + len, max + 1 - len);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
		if (len > max)
			return helper_fail("%s", "module too large");
	}
	/* The apps' short import names, back to the linker's (importnames.h):
	 * here, under the helper's limits, as the module's first reader. */
	switch (importnames_expand((uint8_t *)wasm, len, &expanded,
				   &expanded_len)) {
	case 1:
		free(wasm);
		wasm = (char *)expanded;
		len = expanded_len;
		break;
	case -1:
		return helper_fail("%s", "out of memory");
	}
	e = wasm_engine_new_with_config(engine_config(true));
	if (!e)
		return helper_fail("%s", "cannot create the Wasmtime engine");
	error = wasmtime_module_new(e, (uint8_t *)wasm, len, &module);
	if (error) {
		engine_message(error, NULL, msg, sizeof(msg));
		return helper_fail("%s", msg);
	}
	error = wasmtime_module_serialize(module, &artifact);
	if (error) {
		engine_message(error, NULL, msg, sizeof(msg));
		return helper_fail("%s", msg);
	}
	n = artifact.size;
	if (!write_all(1, &n, 8) ||
	    !write_all(1, artifact.data, artifact.size))
		return 1;
	return 0;
}
