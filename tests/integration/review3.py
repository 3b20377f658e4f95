"""Review 3 (an attacker's look at the process imports added with the
shell: open, exitfd, commands, pipe_tty, supervise, vyoma_hash, the
strerror call that later replaced the tools' tables of error words,
the
proc_exit/fd_fdstat_get/fd_filestat_get shims and the console getty).

Hostile test apps: tests/apps/rv3-hammer (every new call with hostile
arguments and races; modes at the top of its main.c) and
tests/apps/rv3-bomb (spawns copies of itself until refused).

The two tree tests fail on the code as reviewed: an instance with no
parent (the console's shell, or one the shell's `new` starts) has no
root, so its descendants escape INSTANCE_TREE_MAX and can take every
instance slot the supervisor has, after which no app can spawn.
"""
import os
import re
import shutil
import subprocess
import tempfile
import time

from harness import check, open_fds
import harness
import console as console_tests


def _run(*words, timeout=120):
    home = tempfile.mkdtemp(prefix="vyoma-rv3-")
    try:
        p = subprocess.run(
            [harness.supervisor_binary(), "--apps",
             os.path.join(harness.BUILD, "test-apps"), "--home", home,
             "--run", *words],
            stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), \
            p.stderr.decode("utf-8", "replace")
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_rv3_hostile_process_calls_hold():
    rc, out, err = _run("rv3-hammer", "supervise")
    check(rc == 0 and "ps bad out: 21" in out and "ps long line: 1" in out
          and "overlap: 0" in out and "ps cap 0: 0 need" in out,
          "supervise: bad buffers EFAULT, a long line E2BIG, overlaps and a "
          "zero cap are answered", out + err[-500:])
    rc, out, err = _run("rv3-hammer", "shims")
    check(rc == 0 and out.count(" 21\n") == 4 and "fdstat pipe 0" in out,
          "fd_fdstat_get/fd_filestat_get on streams: out-of-range pointers "
          "EFAULT", out + err[-500:])
    rc, out, err = _run("rv3-hammer", "hash")
    check(rc == 0 and "update wrap 21" in out and "state edge 21" in out and
          "final edge 21" in out and "update garbage 0" in out,
          "vyoma_hash: garbage state, overlaps and wrapping lengths are "
          "harmless", out + err[-500:])
    rc, out, err = _run("rv3-hammer", "commands")
    check(rc == 0 and "commands wrap: 21" in out and
          "commands huge cap: 21" in out,
          "commands: wrapping and huge buffers EFAULT", out + err[-500:])


def test_rv3_strerror_stays_in_its_buffer():
    """vyoma_process.strerror writes at most cap bytes, always a NUL,
    only inside the app's memory: every errno and numbers far past
    WASI's give printable text; cap 0 is EINVAL (nothing written), a
    short cap cuts the text; a buffer at the top fits exactly, one byte
    more, a wrapping one or a huge cap is EFAULT."""
    rc, out, err = _run("rv3-hammer", "strerror")
    want = ["strerror bad 0",
            "strerror 44 [No such file or directory]",
            "strerror past [Unknown error]",
            "strerror cap 0 28 [x]", "strerror cap 1 0 []",
            "strerror cap 5 0 [No s] x", "strerror top 0 [No ]",
            "strerror past top 21", "strerror at top 21",
            "strerror wrap 21", "strerror huge cap 21"]
    check(rc == 0 and out.split("\n")[:-1] == want,
          "strerror: bounded text, bad buffers refused", out + err[-500:])


def test_rv3_exitfd_and_file_streams_under_races():
    rc, out, err = _run("rv3-hammer", "exitrace", "200")
    check(rc == 0 and "exitrace 200 bad 0" in out,
          "exitfd raced with 200 children's ends: each reads EOF, status 3",
          out + err[-500:])
    rc, out, err = _run("rv3-hammer", "killrace", "60")
    check(rc == 0 and "killrace 60 bad 0" in out,
          "exitfd of killed children, given to another child as stdin",
          out + err[-500:])
    rc, out, err = _run("rv3-hammer", "files", "20")
    check(rc == 0 and "files 20 done" in out and "read file as stdout" not in out,
          "user files shared, renumbered onto stderr, closed in any order; a "
          "read-only one refused as stdout", out + err[-500:])


def test_rv3_proc_exit_any_status():
    for n in (0, 1, 126, 127, 200, 255):
        rc, out, err = _run("rv3-hammer", "exit", str(n))
        check(rc == n, f"proc_exit({n}) is the supervisor's status", err[-300:])


def test_rv3_parentless_instance_tree_is_bounded():
    """`new` starts a parentless instance; its descendants must still be
    a tree of at most 256, so another app can spawn afterwards."""
    rc, out, err = _run("rv3-hammer", "bomb-new")
    m = re.search(r"rv3-bomb instances: (\d+)", out)
    n = int(m.group(1)) if m else -1
    check(0 < n <= 256, "a tree under a parentless instance stays within "
          "INSTANCE_TREE_MAX", out + err[-300:])
    check("a spawn of this app's own now: 0" in out,
          "and another app can still spawn", out)


def test_rv3_console_shell_tree_is_bounded():
    """The console's shell is a parentless instance: what it runs must be
    bounded as any app's tree is."""
    # rv3-bomb is installed next to sh, before the supervisor loads apps.
    orig = console_tests.shutil.copytree

    def with_bomb(src, dst, *a, **k):
        r = orig(src, dst, *a, **k)
        if os.path.basename(dst) == "sh":
            orig(os.path.join(harness.BUILD, "test-apps", "rv3-bomb"),
                 os.path.join(os.path.dirname(dst), "rv3-bomb"))
        return r
    console_tests.shutil.copytree = with_bomb
    try:
        c = console_tests.Console()
    finally:
        console_tests.shutil.copytree = orig
    try:
        c.expect(re.escape(console_tests.PROMPT))
        c.send(b"rv3-bomb report\r")
        m = c.expect(rb"bombs (\d+)", timeout=60)
        n = int(m.group(1)) if m else -1
        check(0 < n <= 256, "the console shell's tree stays within "
              "INSTANCE_TREE_MAX", f"{n} instances")
    finally:
        c.close()


def test_rv3_doomed_childrens_stdio_is_released_at_once():
    """64 children spawned with three user files as stdio each and killed
    before they start: their files are closed when the kill is carried
    out, not when the parent waits (it never does here), so none of them
    sits in the supervisor uncounted (review 3, finding 2)."""
    home = tempfile.mkdtemp(prefix="vyoma-rv3-doomed-")
    open(os.path.join(home, "rv3-doomed.txt"), "w").close()
    cmd = [harness.supervisor_binary(), "--apps",
           os.path.join(harness.BUILD, "test-apps"), "--home", home,
           "--run", "rv3-hammer", "doomed", "64", "20000", "kill"]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = p.stdout.readline()
        check(line.startswith(b"doomed made 64"), "64 children doomed", line)
        # The kills are carried out by the main loop's next turns.
        deadline = time.monotonic() + 20
        while open_fds(p.pid) >= 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        fds = open_fds(p.pid)
        check(fds < 40, "while the parent still runs, the supervisor holds "
              "none of their 192 files", fds)
    finally:
        p.kill()
        p.wait()
