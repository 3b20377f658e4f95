"""Spawning and pipes (issue 12): instances of command apps started by
another app (`spawner`, a test app with the spawn capability, run with
--run), connected by the supervisor's pipes.

What `cmdprobe` and `spawner` do for each word is said at the top of
their main.c.
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

from command import run_command
from harness import Run, app_wasm, check, install_app, rss_kib
import harness


def xorshift_fnv(n):
    """What `cmdprobe gen n | cmdprobe sum` prints, computed here."""
    x, h, mask = 88172645463325252, 14695981039346656037, (1 << 64) - 1
    for _ in range(n):
        x ^= (x << 13) & mask
        x ^= x >> 7
        x ^= (x << 17) & mask
        h = ((h ^ (x & 0xFF)) * 1099511628211) & mask
    return f"{n} {h:016x}\n".encode()


def supervisor(line, apps=None):
    return [harness.supervisor_binary(), "--apps",
            apps or os.path.join(harness.BUILD, "test-apps"), "--run", line]


def run_measured(line, stdin=subprocess.DEVNULL, apps=None, sample=False, timeout=120):
    """Runs one command; returns (status, stdout, stderr, peak RSS in KiB
    as the kernel counted it, RSS samples every 20 ms)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(supervisor(line, apps), stdin=stdin, stdout=out, stderr=err)
        samples, done = [], threading.Event()

        def sampler():
            while not done.is_set():
                samples.append(rss_kib(p.pid))
                time.sleep(0.02)
        if sample:
            threading.Thread(target=sampler, daemon=True).start()
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                p.kill()
            time.sleep(0.01)
        done.set()
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return p.returncode, out.read(), err.read(), usage.ru_maxrss, samples


def test_spawn_argv_status_and_shared_stdio():
    rc, out, err = run_command("spawner run cmdprobe args one two")
    check(rc == 0 and re.fullmatch(rb"argv\[0\]=cmdprobe\nargv\[1\]=args\n"
                                   rb"argv\[2\]=one\nargv\[3\]=two\n"
                                   rb"env VYOMA_ID=\d+\nstatus 0\n", out),
          "a child gets its argv (and only its own id in its environment) "
          "and shares its parent's stdout; the parent gets its status",
          f"{out!r} {err!r}")
    rc, out, _ = run_command("spawner run cmdprobe exit 42")
    check(out == b"status 42\n", "the child's exit value is its status", out)
    rc, out, err = run_command("spawner hostile", timeout=120)
    check(rc == 0 and out == b"trap 134\nmembomb 134\nspin nohang Resource temporarily "
          b"unavailable\nkill 0\nspin 137\nagain No child process\n",
          "children that trap, bomb memory or spin harm only themselves; "
          "their parent sees each status, and a status is taken once", f"{out!r} {err[-300:]!r}")


def test_pipeline_moves_100_mb():
    """gen | cat | sum inside the supervisor against gen | sum through a
    host pipe: the same 100 MB, the same checksum. The generator itself
    is checked against this file's own computation on 100 KB."""
    rc, out, _ = run_command("spawner pipeline 100000", timeout=60)
    check(out.startswith(xorshift_fnv(100000)), "100 KB through two pipes, as computed here",
          out)
    rc, out, err = run_command("spawner pipeline 100000000", timeout=300)
    gen = subprocess.Popen(supervisor("cmdprobe gen 100000000"), stdout=subprocess.PIPE)
    host = subprocess.run(supervisor("cmdprobe sum"), stdin=gen.stdout,
                          stdout=subprocess.PIPE, timeout=300)
    gen.wait()
    check(rc == 0 and out.endswith(b"statuses 0 0 0\n") and
          out.split(b"\n")[0] + b"\n" == host.stdout and host.stdout.startswith(b"100000000 "),
          "a three-stage pipeline moves 100 MB intact", f"{out!r} vs {host.stdout!r} {err[-300:]!r}")


def test_pipe_backpressure_bounds_memory():
    """A fast writer into a slow reader (64 KiB a millisecond or less):
    the writer waits; the supervisor's memory does not grow with the data."""
    rc, out, _, peak, _ = run_measured("spawner run cmdprobe exit 0")
    base = peak
    rc, out, err, peak, _ = run_measured("spawner slow 40000000")
    check(rc == 0 and out.endswith(b"statuses 0 0\n") and out.startswith(b"40000000 "),
          "40 MB arrived through a slow reader", f"{out!r} {err[-300:]!r}")
    check(peak - base < 8 * 1024, "the supervisor's peak memory grew by less than 8 MiB "
          "moving 40 MB", f"{base} KiB idle, {peak} KiB moving")


def test_pipe_end_of_file_and_broken_pipe():
    rc, out, err = run_command("spawner eof")
    check(out == b"abccat status 0\n" and err == b"bytes 3\n",
          "closing the last write end is end of file for the reader", f"{out!r} {err!r}")
    rc, out, err = run_command("spawner epipe", timeout=60)
    check(out == b"gen status 1\n" and b"gen: write: Broken pipe" in err,
          "a writer whose readers are gone gets EPIPE", f"{out!r} {err!r}")


def test_killing_a_blocked_pipeline():
    rc, out, err = run_command("spawner kill-blocked", timeout=60)
    check(out == b"kill 0 0\nstatuses 137 137\n",
          "a writer blocked on a full pipe and a reader asleep are both killed",
          f"{out!r} {err!r}")
    # The same pipeline, blocked, with the whole run stopped from the host.
    p = subprocess.Popen(supervisor("spawner slow 1000000000"), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    time.sleep(0.5)  # not a measurement: only so that the pipe has filled
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
    check(rc == 143, "SIGTERM stops the run, the parent and its blocked children", str(rc))


def test_a_thousand_spawns_do_not_leak():
    """Spawn-to-exit 1000 times against 100 times: the supervisor's peak
    memory may not grow with the count."""
    rc, small, _, peak_small, _ = run_measured("spawner many 100")
    rc, big, err, peak_big, _ = run_measured("spawner many 1000")
    check(b"spawned 1000 in" in big and b", 0 failed" in big,
          "1000 spawns, each waited for", f"{big!r} {err[-300:]!r}")
    check(peak_big - peak_small < 4 * 1024,
          "peak memory after 1000 spawns is within 4 MiB of after 100",
          f"{peak_small} KiB, {peak_big} KiB")


def test_spawn_calls_with_hostile_arguments():
    rc, out, err = run_command("spawner bad-calls")
    want = [
        "name out of memory: 21", "no such app: 44", "name too long: 44",
        "name with a NUL: 44", "not a command: 45", "args unterminated: 28",
        "args past memory: 21", "args too big: 1", "env without '=': 28",
        "stdio not ours: 8", "stdio past memory: 21", "cwd not absolute: 28",
        "cwd with a NUL: 28", "cwd too long: 1", "id past memory: 21",
        "wait for a stranger: 12", "wait with bad flags: 28",
        "kill a stranger: 12", "pipe past memory: 21",
        "write to the read end: -1", "read end closed twice: 0 -1",
    ]
    check(rc == 0 and out.decode().splitlines() == want,
          "every hostile argument is refused with its errno, and the parent runs on",
          f"{out!r} {err[-300:]!r}")


def test_spawning_needs_the_capability_and_only_narrows():
    """The rule of docs/processes.md: without `spawn` nothing is spawned;
    the user's files reach a child no wider than its parent holds them;
    a grant the child's own manifest names is its own."""
    tmp = tempfile.mkdtemp(prefix="vyoma-spawn-")
    apps, share, home = (os.path.join(tmp, d) for d in ("apps", "share", "home"))
    os.makedirs(share)
    os.makedirs(home)
    open(os.path.join(home, "notes.txt"), "w").close()
    spawner, probe = app_wasm("spawner"), app_wasm("cmdprobe")
    head = '[app]\nname = "{0}"\nversion = "1"\nentry = "{1}.wasm"\nkind = "command"\n'

    def user(mode):
        return f'[capabilities.filesystem]\ndata = false\nuser = "{mode}"\n'
    install_app(apps, "nospawn", spawner, head.format("nospawn", "spawner"))
    install_app(apps, "bare", spawner, head.format("bare", "spawner") +
                "[capabilities]\nspawn = true\n")
    install_app(apps, "reader", spawner, head.format("reader", "spawner") +
                "[capabilities]\nspawn = true\n" + user("ro"))
    install_app(apps, "owner", spawner, head.format("owner", "spawner") +
                "[capabilities]\nspawn = true\n" + user("rw"))
    install_app(apps, "cmdprobe", probe, head.format("cmdprobe", "cmdprobe"))
    install_app(apps, "writer", probe, head.format("writer", "cmdprobe") + user("rw"))
    install_app(apps, "lister", probe, head.format("lister", "cmdprobe") + user("ro"))
    install_app(apps, "keeper", probe, head.format("keeper", "cmdprobe") +
                '[capabilities.filesystem]\ndata = false\n'
                f'grant = [{{ path = "{share}", mount = "/share", mode = "rw" }}]\n')
    # One data directory for every run: /tmp lives there (a run with
    # none gets a scratch one, gone when it ends).
    home_opt = ["--home", home, "--data", os.path.join(tmp, "data")]

    def run(line):
        return run_command(line, apps=apps, extra=home_opt)[1]

    out = run("nospawn run cmdprobe exit 0")
    check(out == b"spawn cmdprobe: Capabilities insufficient\n",
          "without `spawn`, spawning is refused (ENOTCAPABLE)", out)
    out = run("writer touch /home/user/direct")
    check(out == b"touch /home/user/direct: ok\n" and
          os.path.exists(os.path.join(home, "direct")),
          "run by itself, an app with the user's files may write in their home", out)
    out = run("lister ls /home/user")
    check(out == b"direct\nnotes.txt\n",
          "another app sees the same files under the same names", out)
    run("writer touch /tmp/shared")
    out = run("lister ls /tmp")
    check(out == b"shared\n", "and the same /tmp", out)
    out = run("bare run writer touch /home/user/bare")
    check(b": ok" not in out and not os.path.exists(os.path.join(home, "bare")),
          "a child of a parent without the user's files gets none", out)
    out = run("reader run writer touch /home/user/reader")
    check(b"touch /home/user/reader: " in out and b": ok" not in out and
          not os.path.exists(os.path.join(home, "reader")),
          "a child of a parent that may only read them cannot write there", out)
    out = run("owner run writer touch /home/user/owner")
    check(out == b"touch /home/user/owner: ok\nstatus 0\n" and
          os.path.exists(os.path.join(home, "owner")),
          "a child of a parent that may write may write", out)
    out = run("owner in /home/user run lister ls .")
    check(out == b"direct\nnotes.txt\nowner\nstatus 0\n",
          "a child starts in the working directory its parent gives it", out)
    out = run("bare run keeper touch /share/own")
    check(out == b"touch /share/own: ok\nstatus 0\n" and
          os.path.exists(os.path.join(share, "own")),
          "a grant the child's own manifest names is its own, whoever spawns it", out)
    shutil.rmtree(tmp)


def test_window_app_instances():
    """`new green` twice: two more instances, each with its own id, state
    and window; a message reaches one by its instance name; a killed one
    is reaped, its window and its name gone; the installed app and the
    other instance run on."""
    r = Run(["green", "instancer"], until=["[instancer] done"], timeout=60)
    made = [line.split()[3] for line in r.lines if line.startswith("[instancer] reply: new green#")]
    check(len(made) == 2 and made[0] != made[1], "two instances, two ids", str(made))
    if len(made) == 2:
        one, two = made
        check(r.has(f"vyoma: window {one}: ") and r.has(f"vyoma: window {two}: "),
              "each has a window of its own", "\n".join(r.lines[:20]))
        check(r.has(f"reply: ps {two} state=running") and r.has(" parent=0 kind=window"),
              "ps lists each instance by its name, with its id, parent and kind")
        check(r.has("reply: error unknown app 'green#99999'"),
              "a message to no instance is refused")
        check(not r.has(f"error unknown app '{two}'"), "one to an instance is delivered")
        check(r.has(f"vyoma: window {one}: gone with its instance") and
              r.has(f"reply: error unknown app '{one}'"),
              "a killed instance is reaped: its window and its name are gone",
              "\n".join(line for line in r.lines if one in line))
    check(r.has("reply: error unknown app 'instancer-nothing'"), "new needs an installed app")
    check(r.rc == 0 and not r.has("vyoma: error"), "the supervisor ran on", r.out[-800:])
    r.cleanup()


def opener(mode, app="opener"):
    """Runs `opener MODE` over a home holding in.txt and a symbolic link
    out of it; returns (status, stdout lines, home)."""
    home = tempfile.mkdtemp(prefix="vyoma-open-")
    with open(os.path.join(home, "in.txt"), "w") as f:
        f.write("from a file\n")
    os.symlink("/etc/passwd", os.path.join(home, "escape"))
    rc, out, err = run_command(f"{app} {mode}", extra=["--home", home])
    return rc, out.decode().splitlines(), home, err


def test_a_user_file_as_a_childs_stdio():
    """vy_open: `> file`, `>> file` and `< file` for a child, as a shell
    needs them; only within the user's files, only as the app holds them."""
    rc, out, home, err = opener("redirect")
    check(rc == 0 and out[-5:-2] == ["/home/user/out.txt: [argv[0]=cmdprobe",
                                     "argv[1]=args", "argv[2]=x"] and
          re.fullmatch(r"env VYOMA_ID=\d+", out[-2]) and out[-1] == "]",
          "a child's stdout into a file, truncated each time", f"{out} {err!r}")
    rc, out, home, err = opener("append")
    check(rc == 0 and out.count("argv[2]=x") == 2 and
          open(os.path.join(home, "out.txt")).read().count("argv[0]=cmdprobe") == 2,
          "appending twice keeps both", f"{out} {err!r}")
    rc, out, home, err = opener("input")
    check(rc == 0 and out[:1] == ["from a file"] and "status 0" in out,
          "a file as a child's stdin", f"{out} {err!r}")
    rc, out, home, err = opener("redirect", app="opener-ro")
    check(out[:1] == ["open: 69"] and not os.path.exists(os.path.join(home, "out.txt")),
          "with the user's files read-only, nothing is opened for writing (EROFS)",
          f"{out} {err!r}")
    rc, out, home, err = opener("hostile")
    want = ["path past memory: 21", "path too long: 37", "relative path: 28",
            "path with a NUL: 28", "bad how: 28", "fd past memory: 21",
            "outside the user's files: 76", "dot-dot out: 76", "symlink out: 76",
            "a directory: 31", "a missing file: 44", "/dev/null: 0",
            "/dev/zero: 76", "exitfd of a stranger: 12",
            "exitfd past memory: 21", "commands past memory: 21",
            "commands len past memory: 21"]
    check(rc == 0 and out == want,
          "every hostile open, exitfd and commands call is refused with its errno "
          "(no way out of the tree by '..' or a link)", f"{out} {err!r}")


def test_a_failed_redirection_names_its_cause():
    """The shell says why `< FILE` or `> FILE` failed, in bash's words
    (dash's differ), and runs neither the command nor anything that
    depended on it."""
    home = tempfile.mkdtemp(prefix="vyoma-redir-")
    os.mkdir(os.path.join(home, "dir"))
    line = ("cd /home/user; cat < dir; echo x > dir; cat < nosuch; "
            "echo x > nodir/f; echo x >&7; echo done $?")
    p = subprocess.run([harness.supervisor_binary(), "--apps",
                        os.path.join(harness.BUILD, "apps"), "--home", home,
                        "--env", "PWD=/home/user", "--run", "sh", "-c", line],
                       capture_output=True, timeout=60)
    rc, out, err = p.returncode, p.stdout, p.stderr
    want = [b"sh: dir: Is a directory", b"sh: dir: Is a directory",
            b"sh: nosuch: No such file or directory",
            b"sh: nodir/f: No such file or directory",
            b"sh: 7: Bad file descriptor"]
    check(out == b"done 2\n" and err.splitlines() == want and
          sorted(os.listdir(home)) == ["dir"],
          "each failed redirection is reported with its cause and creates nothing",
          f"{rc} {out!r} {err!r}")


def test_exit_fd_ends_with_the_child():
    rc, out, home, err = opener("exitfd")
    check(rc == 0 and out == ["exitfd 0", "ready while it runs: 0",
                              "wait nohang while it runs: 6", "ready after: 1",
                              "read: 0", "wait: 0 status 0",
                              "exitfd of a reaped child: 12"],
          "the exit fd is quiet while the child runs and reads its end once it "
          "has ended; then its status is there", f"{out} {err!r}")


def test_installed_commands_are_listed_whole():
    rc, out, home, err = opener("commands")
    names = sorted(n for n in os.listdir(os.path.join(harness.BUILD, "test-apps"))
                   if 'kind = "command"' in open(os.path.join(
                       harness.BUILD, "test-apps", n, "vyoma.toml")).read())
    check(rc == 0 and out[0].startswith("small: 0, need ") and
          out[1] == f"all: 0, {len(names)} names, first {names[0]}",
          "vy_commands says how much room all names need and gives whole names",
          f"{out} {names[:3]}")


def test_supervisor_commands_as_command_apps_narrow_along_spawns():
    """ps and kill are command apps asking the supervisor (vy_supervise)
    with their manifests' shell grants; spawned by an app without the
    shell grant, they get none (manifest_narrow_shell)."""
    apps = os.path.join(harness.BUILD, "apps")
    tests = os.path.join(harness.BUILD, "test-apps")
    rc, out, err = run_command("ps", apps=apps)
    rows = out.decode().splitlines()
    check(rc == 0 and rows[0].split()[:5] == ["ID", "PARENT", "USER", "KIND", "STATE"] and
          any(r.split()[-1] == "ps" and " command " in r for r in rows[1:]),
          "ps lists itself as a running command", out + err)
    check(any(r.split()[-1] == "ps" and r.split()[2] == "user" for r in rows[1:]),
          "ps says the user it runs for (the hosted user)", out + err)
    rc, out, err = run_command("kill nosuch", apps=apps)
    check(rc == 1 and b"kill: nosuch: unknown app" in err,
          "kill names what it could not stop, status 1", out + err)
    # Signal 0 is POSIX's probe: scripts ask whether something lives, and
    # kill once stopped it instead.
    home = tempfile.mkdtemp(prefix="vyoma-kill0-")
    try:
        with open(os.path.join(home, "probe.sh"), "w") as f:
            f.write("kill -0 sh; echo sh=$?\nkill -s 0 1; echo one=$?\n"
                    "kill -s0 sh; echo s0=$?\nkill -n 0 1; echo n0=$?\n"
                    "kill -0 kill; echo kill=$?\nkill -0 nosuch; echo nosuch=$?\n")
        rc, out, err = run_command("sh probe.sh", apps=apps,
                                   extra=["--home", home,
                                          "--env", "PWD=/home/user"])
    finally:
        shutil.rmtree(home, ignore_errors=True)
    check(rc == 0 and out == b"sh=0\none=0\ns0=0\nn0=0\nkill=1\nnosuch=1\n" and
          b"kill: kill: not running" in err and b"unknown app 'nosuch'" in err,
          "kill -0 (-s 0, -s0, -n 0) only asks: the shell it probes (by "
          "name, by id) goes on; "
          "an app loaded but not running (kill's own, whose instance runs) "
          "or unknown is status 1, said", out + err)
    # $$ is the shell's own id (VYOMA_ID, the supervisor's, not one a
    # caller passes): kill $$ stops that shell and nothing else (it was
    # a fixed 100, whatever instance that was).
    home = tempfile.mkdtemp(prefix="vyoma-self-")
    try:
        with open(os.path.join(home, "self.sh"), "w") as f:
            f.write('echo "me=$$"\nps\nkill $$\necho after\n')
        rc, out, err = run_command("sh self.sh", apps=apps,
                                   extra=["--home", home, "--env",
                                          "PWD=/home/user", "--env",
                                          "VYOMA_ID=77"])
    finally:
        shutil.rmtree(home, ignore_errors=True)
    lines = out.decode().splitlines()
    me = lines[0][3:] if lines and lines[0].startswith("me=") else None
    check(me and me != "77" and
          any(r.split()[0] == me and r.split()[-1] == "sh" for r in lines[2:]),
          "$$ is the id ps shows for the shell, not the one passed in", out)
    check(rc != 0 and b"after" not in out, "kill $$ stops the shell",
          (rc, out, err))
    rc, out, err = run_command("spawner run kill spawner", apps=tests,
                               extra=["--apps", apps])
    check(b"permission denied" in err.lower() and b"status 1" in out,
          "kill spawned by an app without the shell grant may not kill "
          "(its grant narrows to its parent's)", out + err)
    rc, out, err = run_command("spawner run ps", apps=tests, extra=["--apps", apps])
    check(b"permission denied" in err.lower() and b"status 1" in out,
          "nor may ps ask", out + err)


def test_hashing_by_the_supervisor_survives_hostile_arguments():
    """vyoma_hash: the state is the app's bytes, copied in and out; any
    garbage there gives a wrong hash, never a fault of the supervisor's."""
    rc, out, home, err = opener("hash-hostile")
    check(rc == 0 and out == ["update on garbage: 0", "final on garbage: 0",
                              "state past memory: 21", "data past memory: 21",
                              "length wraps: 21", "digest past memory: 21",
                              "abc: ba7816bf"],
          "every hostile hash call is refused with EFAULT; a fair one is right",
          f"{out} {err!r}")


def test_supervise_survives_hostile_arguments():
    """vy_supervise: whole answer lines only, the grant per command, and
    every hostile line and pointer refused before the shell sees it."""
    rc, out, home, err = opener("supervise", app="opener-shell")
    check(rc == 0 and out == [
        "ps: 0, rows", "ps into 8 bytes: 0, need more: 1",
        "kill: 0, error permission denied: command 'kill' is not granted",
        "line past memory: 21", "line too long: 1",
        "line with a newline: 28", "line with a NUL: 28",
        "out past memory: 21", "len past memory: 21"],
        "each hostile supervise call is refused with its errno; an ungranted "
        "command is denied in the answer", f"{out} {err!r}")


def test_uptime_and_free_say_what_the_supervisor_measures():
    """uptime: the time of day (UTC, this machine's clock), how long the
    supervisor has run, and as many users as `users` names (it once said
    "1 user" whoever was there); -p the duration alone; an operand is a
    usage error. free: procps 4's header, /proc/meminfo's totals, used
    what is not available, as procps 4 counts it."""
    apps = os.path.join(harness.BUILD, "apps")
    before = time.time()
    rc, out, err = run_command("uptime", apps=apps)
    after = time.time()
    m = re.fullmatch(rb" (\d\d):(\d\d):(\d\d) up (\d+) min,  (\d+) users?\n",
                     out)
    check(rc == 0 and m, "uptime's line", out + err)
    if m:
        said = int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])
        check(any(int(t) % 86400 == said
                  for t in range(int(before), int(after) + 1)),
              "the time of day is this machine's, in UTC", (said, before))
        check(int(m[4]) <= 1, "a supervisor just started is up 0 min", out)
        _, names, _ = run_command("users", apps=apps)
        check(int(m[5]) == len(names.split()),
              "as many users as users names", (out, names))
    rc, out, err = run_command("uptime -p", apps=apps)
    check(rc == 0 and re.fullmatch(rb"up (0 minutes|1 minute)\n", out),
          "uptime -p: the duration alone", out + err)
    rc, out, err = run_command("uptime now", apps=apps)
    check(rc == 1 and out == b"" and b"extra operand" in err,
          "an operand is a usage error", out + err)

    def rows(text):
        return {line.split(":")[0]: line.split()[1:]
                for line in text.splitlines()[1:]}

    # The totals are /proc/meminfo's (what procps reads), which hold
    # still; the rest moves between two reads, so it is held to itself.
    with open("/proc/meminfo") as f:
        info = {line.split(":")[0]: int(line.split()[1]) for line in f}
    header = ("               total        used        free      shared"
              "  buff/cache   available")
    for flag, shift in (("-k", 0), ("-m", 10)):
        rc, out, err = run_command(f"free {flag}", apps=apps)
        got = rows(out.decode())
        check(rc == 0 and out.decode().splitlines()[0] == header,
              f"free {flag}: procps 4's header", out + err)
        check(got.get("Mem", [None])[0] == str(info["MemTotal"] >> shift) and
              got.get("Swap", [None])[0] == str(info["SwapTotal"] >> shift),
              f"free {flag}: MemTotal and SwapTotal", (out, info["MemTotal"]))
        check("Apps" in got, f"free {flag}: and what apps hold", out)
        mem = [int(v) for v in got.get("Mem", [])]
        check(len(mem) == 6 and (flag != "-k" or mem[1] + mem[5] == mem[0]),
              "used is total - available, as procps 4's", mem)
    rc, out, _ = run_command("free -h", apps=apps)
    check(rc == 0 and re.match(r"\d+(\.\d)?[KMGT]i$",
                               rows(out.decode())["Mem"][0]),
          "free -h: the total with its unit", out)

def test_df_reports_the_file_systems_under_the_apps_own_mounts():
    """df: the sizes the supervisor measures (statvfs) of the file system
    under each of the app's mounts, named by mount and never by host path;
    GNU's columns, -h and -P; an operand names the mount holding it."""
    apps = os.path.join(harness.BUILD, "apps")
    home = tempfile.mkdtemp(prefix="vyoma-df-")
    try:
        with open(os.path.join(home, "notes.txt"), "w") as f:
            f.write("x\n")
        run = dict(apps=apps, env=["PWD=/home/user"], extra=["--home", home])
        fs = os.statvfs(home)
        total = fs.f_blocks * fs.f_frsize // 1024
        avail = fs.f_bavail * fs.f_frsize // 1024
        rc, out, err = run_command("df", **run)
        lines = out.decode().splitlines()
        check(rc == 0 and lines[:1] == ["Filesystem     1K-blocks      Used "
                                        "Available Use% Mounted on"],
              "df: GNU's header", out + err)
        rows = {l.split()[-1]: l.split()[1:5] for l in lines[1:]}
        check(sorted(rows) == ["/home/user", "/tmp"],
              "a row for each mount it has, and no other", out)
        mine = rows.get("/home/user", ["0", "0", "0", "0%"])
        check(mine[0] == str(total), "the home's size is statvfs's",
              (mine, total))
        # used and available move as the machine writes; they are held to
        # statvfs's within 1% of the size, and to each other as GNU has it
        check(abs(int(mine[2]) - avail) <= total // 100,
              "what is available, as statvfs says", (mine, avail))
        used, room = int(mine[1]), int(mine[2])
        check(mine[3] == "%d%%" % -(-used * 100 // max(used + room, 1)),
              "Use% is used / (used + available), rounded up", mine)
        check(home.encode() not in out and home.encode() not in err,
              "the host's path is never shown", out)
        rc, out, err = run_command("df -h notes.txt", **run)
        lines = out.decode().splitlines()
        check(rc == 0 and len(lines) == 2 and
              lines[0] == "Filesystem      Size  Used Avail Use% Mounted on"
              and re.fullmatch(r"vyoma +\d+(\.\d)?[KMGTPE] .* /home/user",
                               lines[1]),
              "df -h FILE: the mount holding it, sizes with units", out + err)
        rc, out, err = run_command("df -P /tmp", **run)
        check(rc == 0 and out.decode().startswith(
            "Filesystem     1024-blocks      Used Available Capacity "
            "Mounted on\n") and out.decode().endswith(" /tmp\n"),
              "df -P: POSIX's header", out + err)
        rc, out, err = run_command("df nosuch /home/user", **run)
        check(rc == 1 and b"nosuch: No such file or directory" in err and
              out.decode().endswith(" /home/user\n"),
              "a missing operand is an error; the others are shown", out + err)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_the_other_supervisor_commands_are_command_apps_too():
    """start, stop, restart, new, caps, stats and version: one command
    app each, asking the supervisor with its own shell grant (uname -r
    asks version)."""
    apps = os.path.join(harness.BUILD, "apps")
    rc, out, err = run_command("version", apps=apps)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                           "..", "VERSION")) as f:
        build_version = f.read().strip()
    check(rc == 0 and out.decode() == f"version {build_version}\n",
          "version: hosted, without os-release, this build's VERSION", out + err)
    rc, out, err = run_command("uname -sr", apps=apps)
    check(rc == 0 and out.decode() == f"VyomaOS {build_version}\n",
          "uname -r: the same release, asked with its one grant", out + err)
    with tempfile.TemporaryDirectory() as tmp:
        release = os.path.join(tmp, "os-release")
        with open(release, "w") as f:
            f.write('NAME="VyomaOS"\nVERSION_ID=7.7.7\n')
        p = subprocess.run([harness.supervisor_binary(), "--apps", apps,
                            "--run", "version"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60,
                           env=dict(os.environ, VYOMA_OS_RELEASE=release))
        check(p.returncode == 0 and p.stdout == b"version 7.7.7\n",
              "version: the running system's, os-release's (a slot's)",
              p.stdout + p.stderr)
        p = subprocess.run([harness.supervisor_binary(), "--apps", apps,
                            "--run", "uname -r"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60,
                           env=dict(os.environ, VYOMA_OS_RELEASE=release))
        check(p.returncode == 0 and p.stdout == b"7.7.7\n",
              "uname -r: the running system's too", p.stdout + p.stderr)
    rc, out, err = run_command("caps", apps=apps)
    check(rc == 0 and b"shell(caps)" in out, "caps shows its own narrow grant",
          out + err)
    rc, out, err = run_command("stats", apps=apps)
    check(rc == 0 and out.startswith(b"stats apps="), "stats", out + err)
    rc, out, err = run_command("new nosuch", apps=apps)
    check(rc == 1 and b"new: unknown app 'nosuch'" in err,
          "an error answer goes to stderr with status 1", out + err)
    rc, out, err = run_command("start", apps=apps)
    check(rc == 1 and b"missing operand" in err, "a missing operand is a usage error",
          out + err)


def test_new_terminal_from_the_terminal():
    """`new terminal` typed into the terminal's shell opens a second
    terminal window, an instance with its own shell."""
    script = os.path.join(tempfile.mkdtemp(prefix="vyoma-nt-"), "in.txt")
    with open(script, "w") as f:
        f.write("100 focus terminal\n300 type new terminal\n350 key Enter\n")
    r = Run(["terminal", "sh", "new"], size="800x600", extra=["--input", script],
            until=[re.compile(r"vyoma: terminal#\d+: first frame")], timeout=60)
    check(any(re.search(r"vyoma: window terminal#\d+: ", line) for line in r.lines),
          "a second terminal window opened", r.out[-1500:])
    r.cleanup()


def test_a_window_app_started_on_request_gets_its_window_then():
    """autostart = false: no window at boot (nothing empty on the
    screen, nothing holding the focus), one when it is started."""
    script = os.path.join(tempfile.mkdtemp(prefix="vyoma-sw-"), "in.txt")
    with open(script, "w") as f:
        f.write("100 focus terminal\n300 type start titled-manual\n"
                "350 key Enter\n")
    r = Run(["terminal", "sh", "start", "titled-manual"], size="800x600",
            extra=["--input", script],
            until=["vyoma: titled-manual: first frame"], timeout=60)
    windows = [line for line in r.lines if "vyoma: window " in line]
    check(windows and "window terminal:" in windows[0] and
          "titled-manual" not in windows[0],
          "at boot only the terminal has a window", windows)
    started = [i for i, line in enumerate(r.lines)
               if "titled-manual: not started (autostart = false)" in line]
    placed = [i for i, line in enumerate(r.lines)
              if "vyoma: window titled-manual:" in line]
    check(placed and started and placed[0] > started[0],
          "its window is placed when it is started, after boot",
          r.out[-1500:])
    box = r.bbox(0x00C000)
    check(box is not None and (box[2] - box[0], box[3] - box[1]) == (100, 80),
          "and it draws there", str(box))
    r.cleanup()
