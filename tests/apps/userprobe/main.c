/*
 * userprobe - the apps of the users tests (tests/integration/users.py):
 * one module the test installs under several manifests, each doing what
 * its name (argv[0]) says. alice is logged in on the screen; bob is the
 * other user, whose password is BOB_PASSWORD.
 *
 *   uservictim   a service: says who it runs for and what its /data
 *                holds (alice's has diary.txt), leaves /tmp/alice-tmp.txt
 *                when it is alice's, then prints each message it gets
 *   userlaunch   alice's service: starts usersleep as alice, `su bob`,
 *                then runs each phase of userprobe as bob, one after
 *                another; then, as an admin, stops two of bob's apps
 *   usersleep    a command that sleeps until it is stopped
 *   userprobe    a command, run as bob: argv[1] is the phase
 *                  fs           reach alice's files through WASI
 *                  open         the same through the supervisor's opens
 *                  cwd          spawn children in her directories
 *                  manage ID    stop and kill her apps (ID: her sleeper)
 *                  ipc          start bob's usersender and uservictim
 *                  child        (cwd's children) read from where it is
 *   usersender   bob's service (`new`): messages to alice's apps, to his
 *                own uservictim, and a broadcast
 *   userguess    a command (--run, as bob): times su with wrong passwords
 *   grant-*      a service whose manifest grants what it must not have
 *
 * Every verdict is one console line (stderr), "ok <what>" or
 * "denied <what>" and the errno; userguess prints to stdout.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "vyoma.h"
#include "vyoma_command.h"
#include "vyoma_process.h"

#define BOB_PASSWORD "bob-secret"
#define NO_STDIO ((const int[3]){ VY_STDIO_DEFAULT, VY_STDIO_DEFAULT, \
				  VY_STDIO_DEFAULT })

static char reply[16384];

/* One console line; newlines in it become " | ". */
static void say(const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	for (int i = 0; i < n; i++)
		if (line[i] == '\n')
			line[i] = '|';
	line[n++] = '\n';
	(void)!write(2, line, (size_t)n);
}

/* A supervisor command's answer, its lines joined by '\n'. */
static const char *ask(const char *line)
{
	size_t len = 0;
	int rc = vy_supervise(line, reply, sizeof(reply) - 1, &len);

	if (rc) {
		snprintf(reply, sizeof(reply), "errno %d", rc);
		return reply;
	}
	if (len > sizeof(reply) - 1)
		len = sizeof(reply) - 1;
	reply[len] = '\0';
	while (len && reply[len - 1] == '\n')
		reply[--len] = '\0';
	return reply;
}

static const char *askf(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	return ask(line);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Polls `ps label` until its state is (or, with !is, is no longer)
 * state, for at most ms; true if it got there. */
static int wait_state(const char *label, const char *state, int is, int ms)
{
	char want[64];
	double end = now_ms() + ms;

	snprintf(want, sizeof(want), " state=%s ", state);
	while (now_ms() < end) {
		const char *r = askf("ps %s", label);

		if ((strstr(r, want) != NULL) == is)
			return 1;
		vy_sleep_ms(20);
	}
	return 0;
}

static void hex(const char *s, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (; *s; s++) {
		*out++ = digits[(unsigned char)*s >> 4];
		*out++ = digits[(unsigned char)*s & 15];
	}
	*out = '\0';
}

/* ---- files --------------------------------------------------------------- */

static void verdict(int ok, const char *what, int err)
{
	say("%s %s (errno %d)", ok ? "ok" : "denied", what, ok ? 0 : err);
}

/* 1 and what it read (a leak shows), or 0 with errno. */
static int try_read(const char *path, char *got, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	got[0] = '\0';
	if (fd < 0)
		return 0;
	n = read(fd, got, cap - 1);
	close(fd);
	if (n < 0)
		return 0;
	got[n] = '\0';
	if (n && got[n - 1] == '\n')
		got[n - 1] = '\0';
	return 1;
}

static void read_verdict(const char *path, const char *what)
{
	char got[128];
	int ok;

	errno = 0;
	ok = try_read(path, got, sizeof(got));
	if (ok)
		say("ok %s: read '%s'", what, got);
	else
		verdict(0, what, errno);
}

static int try_write(const char *path, int flags, const char *text)
{
	int fd = open(path, O_WRONLY | flags, 0644);
	int ok;

	if (fd < 0)
		return 0;
	ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
	close(fd);
	return ok;
}

static void write_verdict(const char *path, int flags, const char *what)
{
	errno = 0;
	verdict(try_write(path, flags, "written by bob\n"), what, errno);
}

/* The preopened directory WASI mounts at name, or -1. */
static int preopen(const char *name)
{
	for (__wasi_fd_t fd = 3; fd < 64; fd++) {
		__wasi_prestat_t ps;
		char buf[128];
		size_t n;

		if (__wasi_fd_prestat_get(fd, &ps) != 0 ||
		    ps.tag != __WASI_PREOPENTYPE_DIR)
			continue;
		n = ps.u.dir.pr_name_len;
		if (n >= sizeof(buf) ||
		    __wasi_fd_prestat_dir_name(fd, (uint8_t *)buf, n) != 0)
			continue;
		buf[n] = '\0';
		if (strcmp(buf, name) == 0)
			return (int)fd;
	}
	return -1;
}

/* path_open itself, under the preopen dir, with no libc in between. */
static void raw_read(int dir, const char *path, const char *what)
{
	__wasi_fd_t fd;
	__wasi_errno_t e;

	if (dir < 0) {
		say("denied %s (no such preopen)", what);
		return;
	}
	e = __wasi_path_open((__wasi_fd_t)dir,
			     __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, 0,
			     __WASI_RIGHTS_FD_READ, 0, 0, &fd);
	if (!e)
		close((int)fd);
	verdict(!e, what, e);
}

static int phase_fs(void)
{
	int home = preopen("/home/bob");

	say("preopen /home/bob %s", home >= 0 ? "found" : "missing");
	/* What is his: the controls. */
	write_verdict("/home/bob/mine.txt", O_CREAT | O_TRUNC,
		      "write own home");
	read_verdict("/home/bob/own.txt", "read own home");
	write_verdict("/data/own.txt", O_CREAT | O_TRUNC, "write own data");
	/* What is hers, every way there. */
	read_verdict("/home/alice/secret.txt", "absolute path");
	read_verdict("/home/bob/../alice/letter.txt", "dotdot from home");
	if (chdir("/home/bob") == 0)
		read_verdict("../alice/plans.txt", "dotdot from cwd");
	else
		say("denied dotdot from cwd (chdir failed %d)", errno);
	read_verdict("/data/../../alice/uservictim/diary.txt",
		     "dotdot from data");
	raw_read(home, "/home/alice/raw.txt", "raw absolute path");
	raw_read(home, "../alice/raw2.txt", "raw dotdot");
	read_verdict("/home/bob/link-abs", "host symlink absolute");
	read_verdict("/home/bob/link-rel", "host symlink relative");
	read_verdict("/home/bob/link-dir/todo.txt", "host symlink to her home");
	read_verdict("/home/bob/link-data/diary.txt",
		     "host symlink to her app data");
	write_verdict("/home/bob/link-write", O_TRUNC, "write through symlink");
	write_verdict("/home/bob/link-dir/planted.txt", O_CREAT,
		      "create through symlinked dir");
	errno = 0;
	say("made link-made: %s (errno %d)",
	    symlink("../alice/secret.txt", "/home/bob/link-made") == 0 ?
	    "yes" : "no", errno);
	read_verdict("/home/bob/link-made", "own symlink");
	read_verdict("/tmp/alice-tmp.txt", "her tmp");
	say("phase fs done");
	return 0;
}

static void open_verdict(const char *path, const char *what)
{
	int fd = -1, rc = vy_open(path, VY_OPEN_READ, &fd);

	if (!rc)
		close(fd);
	verdict(!rc, what, rc);
}

static int phase_open(void)
{
	open_verdict("/home/bob/own.txt", "vy_open own file");
	open_verdict("/home/alice/secret.txt", "vy_open absolute path");
	open_verdict("/home/bob/../alice/letter.txt", "vy_open dotdot");
	open_verdict("/home/bob/link-abs", "vy_open host symlink");
	open_verdict("/home/bob/link-dir/todo.txt", "vy_open symlinked dir");
	say("reply open own: %s", ask("open /home/bob/own.txt"));
	say("reply open hers: %s", ask("open /home/alice/plans.txt"));
	say("reply open link: %s", ask("open /home/bob/link-rel"));
	say("phase open done");
	return 0;
}

/* ---- spawning ------------------------------------------------------------ */

static int phase_cwd(void)
{
	static const char *const dirs[] = {
		"/home/bob", "/home/alice", "../alice", "/home/bob/../alice",
	};

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		uint32_t id;
		int status = -1,
		    rc = vy_spawn("userprobe",
				  (const char *[]){ "x", "child", NULL }, NULL,
				  dirs[i], NULL, &id);

		if (rc) {
			say("spawn refused in %s (errno %d)", dirs[i], rc);
			continue;
		}
		vy_wait(id, &status, 0);
		say("spawn ran in %s: status %d", dirs[i], status);
	}
	say("phase cwd done");
	return 0;
}

/* A child of phase_cwd: where it is, and what it reads from there. */
static int phase_child(void)
{
	const char *pwd = getenv("PWD");
	char cwd[256], got[128], what[320];
	static const char *const names[] = { "own.txt", "secret.txt" };

	if (!getcwd(cwd, sizeof(cwd)))
		snprintf(cwd, sizeof(cwd), "?");
	say("child in %s: cwd %s", pwd ? pwd : "-", cwd);
	for (size_t i = 0; i < 2; i++) {
		snprintf(what, sizeof(what), "child in %s read %s",
			 pwd ? pwd : "-", names[i]);
		if (try_read(names[i], got, sizeof(got)))
			say("ok %s: '%s'", what, got);
		else
			say("denied %s", what);
	}
	return 0;
}

/* ---- her apps ------------------------------------------------------------ */

static int phase_manage(const char *her_id)
{
	static const char *const cmds[] = {
		"stop uservictim", "kill uservictim", "restart uservictim",
		"stop userlaunch", "stop usersleep#%s", "kill usersleep#%s",
		"log uservictim",
	};
	char label[48], line[64];
	uint32_t mine;
	int status = -1, rc;

	snprintf(label, sizeof(label), "usersleep#%s", her_id);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		snprintf(line, sizeof(line), cmds[i], her_id);
		say("reply %s: %s", line, ask(line));
	}
	rc = vy_kill((uint32_t)atoi(her_id));
	verdict(!rc, "vy_kill her sleeper", rc);
	rc = vy_wait((uint32_t)atoi(her_id), &status, VY_WAIT_NOHANG);
	verdict(!rc, "vy_wait her sleeper", rc);
	/* His own: the same commands work. */
	rc = vy_spawn("usersleep", (const char *[]){ "x", NULL }, NULL, NULL,
		      NO_STDIO, &mine);
	if (rc) {
		say("spawn own sleeper failed %d", rc);
	} else {
		snprintf(line, sizeof(line), "usersleep#%u", (unsigned)mine);
		say("own sleeper %s running: %d", line,
		    wait_state(line, "running", 1, 20000));
		say("reply kill own: %s", askf("kill %s", line));
		vy_wait(mine, &status, 0);
		say("own sleeper ended: status %d", status);
	}
	say("after: %s", askf("ps %s", label));
	say("after: %s", ask("ps uservictim"));
	say("phase manage done");
	return 0;
}

/* Starts his own uservictim, then usersender, and waits for it to end. */
static int phase_ipc(void)
{
	char victim[48] = "", sender[48] = "";
	const char *r = ask("new uservictim");

	say("reply new uservictim: %s", r);
	sscanf(r, "new %47s requested", victim);
	say("own victim running: %d", wait_state(victim, "running", 1, 20000));
	r = ask("new usersender");
	say("reply new usersender: %s", r);
	sscanf(r, "new %47s requested", sender);
	say("sender running: %d", wait_state(sender, "running", 1, 20000));
	say("sender ended: %d", wait_state(sender, "running", 0, 30000));
	say("phase ipc done");
	return 0;
}

/* From ps's answer: the label of a uservictim instance bob runs. */
static void bobs_victim(const char *ps, char out[48])
{
	const char *row = ps, *nl, *u;

	out[0] = '\0';
	for (; row && *row; row = nl ? nl + 1 : NULL) {
		nl = strchr(row, '\n');
		u = strstr(row, " user=bob");
		if (!strncmp(row, "ps uservictim#", 14) && u && (!nl || u < nl))
			sscanf(row, "ps %47s", out);
	}
}

/* Bob's service: tries alice's apps, then his own, then everyone. */
static int sender(void)
{
	char own[48] = "";
	struct vy_event ev;
	const char *r = ask("ps");
	int errors = 0;
	double end;

	bobs_victim(r, own);
	say("own victim %s", own[0] ? own : "-");
	vy_send("uservictim", "unicast-from-bob");
	vy_send("userlaunch", "unicast-to-launcher");
	if (own[0])
		vy_send(own, "unicast-to-own");
	vy_send("broadcast", "broadcast-from-bob");
	end = now_ms() + 10000;
	while (errors < 2 && now_ms() < end) {
		if (vy_next_event(&ev, 200) == VY_EV_QUIT)
			break;
		if (ev.type != VY_EV_MESSAGE)
			continue;
		say("got %s: %s", ev.from, ev.text);
		errors += !strcmp(ev.from, "supervisor") &&
			  !strncmp(ev.text, "error", 5);
	}
	say("sender done");
	return 0;
}

/* ---- the launcher and its victim ----------------------------------------- */

static void idle(void)
{
	struct vy_event ev;

	while (vy_next_event(&ev, -1) != VY_EV_QUIT)
		if (ev.type == VY_EV_MESSAGE)
			say("got %s: %s", ev.from, ev.text);
}

static int victim(void)
{
	char me[64] = "", got[128];

	sscanf(ask("whoami"), "whoami %63s", me);
	say("me %s", me);
	if (try_read("/data/diary.txt", got, sizeof(got)))
		say("diary '%s'", got);
	else
		say("diary none");
	if (!strcmp(me, "alice"))
		say("tmp written: %d", try_write("/tmp/alice-tmp.txt",
						 O_CREAT | O_TRUNC,
						 "alice tmp\n"));
	say("victim ready");
	idle();
	return 0;
}

static uint32_t start(const char *name, const char *const *argv)
{
	uint32_t id = 0;
	int rc = vy_spawn(name, argv, NULL, NULL, NO_STDIO, &id);

	if (rc)
		say("spawn %s failed: errno %d", name, rc);
	return rc ? 0 : id;
}

static int launcher(void)
{
	static const char *const phases[] = { "fs", "open", "cwd", "manage",
					      "ipc" };
	char pw[2 * sizeof(BOB_PASSWORD)], line[256], hers[48], his[48];
	char bobs_victim_label[48] = "";
	uint32_t a, b;
	int status;

	say("launcher %s", ask("whoami"));
	a = start("usersleep", (const char *[]){ "x", NULL });
	snprintf(hers, sizeof(hers), "usersleep#%u", (unsigned)a);
	say("her sleeper %s running: %d", hers,
	    wait_state(hers, "running", 1, 20000));
	hex(BOB_PASSWORD, pw);
	say("su: %s", askf("su bob %s", pw));
	b = start("usersleep", (const char *[]){ "x", NULL });
	snprintf(his, sizeof(his), "usersleep#%u", (unsigned)b);
	say("his sleeper %s running: %d", his,
	    wait_state(his, "running", 1, 20000));
	for (size_t i = 0; i < sizeof(phases) / sizeof(phases[0]); i++) {
		char id[16];
		uint32_t p;

		snprintf(id, sizeof(id), "%u", (unsigned)a);
		p = start("userprobe", (const char *[]){ "x", phases[i], id,
							 NULL });
		status = -1;
		if (p)
			vy_wait(p, &status, 0);
		say("phase %s: userprobe#%u status %d", phases[i], (unsigned)p,
		    status);
	}
	say("her sleeper after: %s", askf("ps %s", hers));
	vy_send("uservictim", "hello-from-alice");
	/* An admin stops any user's apps. */
	bobs_victim(ask("ps"), bobs_victim_label);
	snprintf(line, sizeof(line), "stop %s", bobs_victim_label);
	say("admin %s: %s", line,
	    bobs_victim_label[0] ? ask(line) : "none found");
	say("bob's victim ended: %d",
	    bobs_victim_label[0] &&
	    wait_state(bobs_victim_label, "running", 0, 20000));
	say("admin stop %s: %s", his, askf("stop %s", his));
	status = -1;
	vy_wait(b, &status, 0);
	say("his sleeper ended: status %d", status);
	say("launcher done");
	idle();
	return 0;
}

static int sleeper(void)
{
	say("sleeping as %s", ask("whoami"));
	for (;;)
		vy_sleep_ms(1000);
	return 0;
}

/* ---- password guessing --------------------------------------------------- */

/* One su, timed: "<tag> <ms> <reply>" on stdout. */
static void guess(const char *tag, const char *user, const char *password)
{
	char pw[600], line[700];
	double t0, t1;

	hex(password, pw);
	snprintf(line, sizeof(line), "su %s %s", user, pw);
	t0 = now_ms();
	ask(line);
	t1 = now_ms();
	printf("%s %.3f %s\n", tag, t1 - t0, reply);
	fflush(stdout);
}

static int guesser(void)
{
	double t0, t1;

	for (int i = 0; i < 10; i++) {
		t0 = now_ms();
		ask("whoami");
		t1 = now_ms();
		printf("base %.3f %s\n", t1 - t0, reply);
	}
	guess("warm", "bob", BOB_PASSWORD);
	/* bob's own name, wrong then right (which clears its count), and a
	 * new unknown name each time, so none of these waits: a wrong
	 * password and no such user side by side. */
	for (int i = 0; i < 5; i++) {
		char name[16];

		snprintf(name, sizeof(name), "nosuch%d", i);
		guess("wrong", "bob", "not-bobs-password");
		guess("nosuch", name, "not-bobs-password");
		guess("right", "bob", BOB_PASSWORD);
	}
	/*
	 * Then bob guesses alice's password: three free failures, then the
	 * delay. His own right password between them clears nothing of
	 * hers. An unknown name is held back the same way.
	 */
	for (int i = 1; i <= 5; i++) {
		char tag[16];

		snprintf(tag, sizeof(tag), "guess%d", i);
		if (i == 4)
			guess("own", "bob", BOB_PASSWORD);
		guess(tag, "alice", "guess");
	}
	for (int i = 1; i <= 4; i++) {
		char tag[16];

		snprintf(tag, sizeof(tag), "unknown%d", i);
		guess(tag, "nosuch", "guess");
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *me = argc > 0 ? argv[0] : "";
	const char *phase = argc > 1 ? argv[1] : "";

	if (!strcmp(me, "uservictim"))
		return victim();
	if (!strcmp(me, "userlaunch"))
		return launcher();
	if (!strcmp(me, "usersleep"))
		return sleeper();
	if (!strcmp(me, "usersender"))
		return sender();
	if (!strcmp(me, "userguess"))
		return guesser();
	if (!strncmp(me, "grant-", 6)) {
		say("grant app ran");
		idle();
		return 0;
	}
	say("phase %s", phase);
	if (!strcmp(phase, "fs"))
		return phase_fs();
	if (!strcmp(phase, "open"))
		return phase_open();
	if (!strcmp(phase, "cwd"))
		return phase_cwd();
	if (!strcmp(phase, "child"))
		return phase_child();
	if (!strcmp(phase, "manage") && argc > 2)
		return phase_manage(argv[2]);
	if (!strcmp(phase, "ipc"))
		return phase_ipc();
	say("unknown phase");
	return 2;
}
