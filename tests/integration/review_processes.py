"""Review 2 of the process model (issue 12): a hostile parent (`rv2`,
tests/apps/rv2) and the host attack the new spawn/wait/kill/pipe code.

Each test says what must hold; the ones that fail on 2dcaba3 are the
review's findings (see the commit message of this file).
"""
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time

from command import run_command
from harness import app_wasm, check, install_app
import harness


def supervisor(line, apps=None):
    return [harness.supervisor_binary(), "--apps",
            apps or os.path.join(harness.BUILD, "test-apps"), "--run", line]


def test_review2_kill_right_after_spawn_is_not_lost():
    """vy_kill() of a child whose start the main thread has not yet taken
    (state LOADED) is refused by the lifecycle table, yet kill returns 0:
    the child runs on (a spinner forever; its parent's wait never ends)."""
    rc, out, err = run_command("rv2 kill-early", timeout=300)
    check(out.endswith(b"kills lost: 0 of 20\n"),
          "a kill right after the spawn stops the child (status 137 within 3 s)",
          f"{out!r} {err[-300:]!r}")


def test_review2_orphans_of_a_parent_that_ends_at_once_are_killed():
    """A parent that spawns and returns at once: its children are killed
    by instance_run_ended, but a kill of a child still LOADED is refused,
    so the orphans run forever (holding the pipe, a slot, a CPU)."""
    rc, out, err = run_command("rv2 orphan 8 300", timeout=60)
    check(out == b"middle ended\norphans gone\n",
          "control: orphans that had started are killed with their parent",
          f"{out!r} {err[-300:]!r}")
    rc, out, err = run_command("rv2 orphan 8 0", timeout=60)
    check(out == b"middle ended\norphans gone\n",
          "orphans of a parent that ends right after spawning are killed",
          f"{out!r} {err[-300:]!r}")


def thread_wchans(pid):
    out = set()
    for t in glob.glob(f"/proc/{pid}/task/*/wchan"):
        try:
            with open(t) as f:
                out.add(f.read())
        except OSError:
            pass
    return out


def test_review2_sigterm_stops_a_command_blocked_in_a_host_write():
    """--run's stdout is a host pipe with one page of room (the reader
    took 4 KiB, then stopped reading): poll says POLLOUT, and the blocking
    write() of a 64 KiB piece sleeps in the kernel, where no kill reaches
    it. SIGTERM must still end the run (143)."""
    p = subprocess.Popen(supervisor("cmdprobe zeros 100000000000"),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.read(4096)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and \
            not any("pipe_write" in w for w in thread_wchans(p.pid)):
        time.sleep(0.01)
    blocked = any("pipe_write" in w for w in thread_wchans(p.pid))
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        rc = None
    check(rc == 143, "SIGTERM stops a command whose host write blocks "
          "(a thread was in pipe_write: %s)" % blocked, f"status {rc}")


def test_review2_one_app_cannot_take_every_slot_for_good():
    """An app with `spawn` builds a tree (62 middles x 64 children x 2
    grandchildren) and so fills all REGISTRY_MAX slots: no app can be
    loaded while it lives, and, since a vacant instance slot is never
    given back to an installed app, none can be loaded after it is gone
    either (rv2b, installed, never loaded: ENOENT for the supervisor's
    whole life)."""
    rc, out, err = run_command("rv2 fill 24 64", timeout=300)
    lines = out.decode().splitlines()
    # As many middles as the tree's bound let the root spawn (24 unless
    # the middles' children filled it first).
    check(len(lines) == 3 and " middles full, spawn one more: " in lines[0] and
          int(lines[0].split()[0]) >= 1,
          "the tree was built", f"{out!r} {err[-300:]!r}")
    check(len(lines) == 3 and
          "Too many open files in system" not in lines[0],
          "one app's descendants do not fill every slot of the supervisor",
          lines[0] if lines else out)
    check(len(lines) == 3 and lines[2] == "after: rv2 Success, rv2b Success (status 7)",
          "once the tree is gone, an installed command never loaded before "
          "can still be started", f"{out!r} {err[-300:]!r}")


def test_review2_hostile_descriptor_games_hold():
    rc, out, err = run_command("rv2 fds", timeout=60)
    want = [
        "pipe 0x40000003 0x40000004",
        "spawn stdin=write end: 8, stdout=read end: 8",
        "spawn stdio a number near the pipes: 8",
        "renumber onto itself: 0",
        "renumber onto a preopen-less 3: 8",
        "renumber onto 9999: 8",
        "renumber stdout onto a pipe end: 8",
        "write end onto 0: 0",
        "read end onto 2: 0",
        "write to 0 (a write end now): 1",
        "read from 2 (a read end now): 1 z",
        "spawn stdin=0: 8",
        "spawn stdin=2: 0",
        "0",
        "count child: 0",
        "poll 2048: 0, 2048 events, first errno 8, second errno 0",
        "write with no reader: -1 Broken pipe",
        "close twice: 0 -1",
    ]
    check(rc == 0 and out.decode().splitlines() == want,
          "pipe ends moved onto stdio, direction confusion, 2048 polls, EPIPE",
          f"{out!r} {err[-300:]!r}")


def test_review2_ids_reach_only_ones_own_children():
    rc, out, err = run_command("rv2 ids", timeout=60)
    want = [
        "wait 0: 12, wait ~0: 12, kill 0: 12, kill ~0: 12",
        "first 3",
        "same slot 1, new id 1, stale wait: 12, stale kill: 12",
        "second 4",
        "kill a grandchild guess: 12 12 12",
        "middle 0",
    ]
    check(rc == 0 and out.decode().splitlines() == want,
          "ids 0 and ~0, a recycled slot's stale id and a grandchild's are ECHILD",
          f"{out!r} {err[-300:]!r}")


def test_review2_many_readers_of_one_pipe():
    rc, out, err = run_command("rv2 watchers 40", timeout=60)
    check(out == b"40 of 40 readers ended at EOF\n",
          "40 readers (more than PIPE_WATCHERS) of one pipe all see its end",
          f"{out!r} {err[-300:]!r}")


def test_review2_user_files_narrow_through_grandchildren():
    """The user's files reach a grandchild no wider than the narrowest
    app between: a writing root, a read-only middle, a writing leaf."""
    tmp = tempfile.mkdtemp(prefix="vyoma-rv2-")
    apps, home = os.path.join(tmp, "apps"), os.path.join(tmp, "home")
    os.makedirs(home)
    spawner, probe = app_wasm("spawner"), app_wasm("cmdprobe")
    head = '[app]\nname = "{0}"\nversion = "1"\nentry = "{1}.wasm"\nkind = "command"\n'

    def user(mode):
        return f'[capabilities.filesystem]\ndata = false\nuser = "{mode}"\n'
    install_app(apps, "pa", spawner, head.format("pa", "spawner") +
                "[capabilities]\nspawn = true\n" + user("rw"))
    install_app(apps, "mid", spawner, head.format("mid", "spawner") +
                "[capabilities]\nspawn = true\n" + user("ro"))
    install_app(apps, "wa", probe, head.format("wa", "cmdprobe") + user("rw"))
    extra = ["--home", home]
    rc, out, _ = run_command("pa run mid run wa touch /home/user/z", apps=apps, extra=extra)
    check(not os.path.exists(os.path.join(home, "z")),
          "a grandchild through a read-only middle cannot write", out)
    rc, out, _ = run_command("pa run wa touch /home/user/w", apps=apps, extra=extra)
    check(os.path.exists(os.path.join(home, "w")),
          "control: the child of the writing parent may write", out)
    shutil.rmtree(tmp)
