"""tail (apps/tools/tail): against GNU tail for the last lines and bytes;
-f follows each file as it grows, naming the file whenever the output
moves to another (it once followed only a single file, and with several
ended at once)."""
import os
import select
import shutil
import subprocess
import tempfile
import time

import harness
from command import matches_gnu
from harness import check

__all__ = ["test_tail_matches_gnu", "test_tail_follows_several_files"]

TEXT = b"".join(b"line %d\n" % i for i in range(1, 31))


def test_tail_matches_gnu():
    files = {"a.txt": TEXT, "b.txt": b"one\ntwo"}
    for args in ("a.txt", "-n 3 a.txt", "-n +28 a.txt", "-c 12 a.txt",
                 "-n 2 a.txt b.txt", "-q -n 1 a.txt b.txt",
                 "-v -n 1 b.txt", "-n 1 nosuch a.txt"):
        matches_gnu("tail", args, files=files)


def read_until(p, want, timeout=30):
    """What p has printed by the time want is in it (or timeout)."""
    got = b""
    end = time.monotonic() + timeout
    while want not in got and time.monotonic() < end:
        ready, _, _ = select.select([p.stdout], [], [], 0.2)
        if ready:
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            got += chunk
    return got


def test_tail_follows_several_files():
    home = tempfile.mkdtemp(prefix="vyoma-tail-")
    for name, data in (("a.txt", b"a1\na2\n"), ("b.txt", b"b1\n")):
        with open(os.path.join(home, name), "wb") as f:
            f.write(data)
    p = subprocess.Popen([harness.supervisor_binary(), "--apps",
                          os.path.join(harness.BUILD, "apps"), "--home", home,
                          "--env", "PWD=/home/user", "--run",
                          "tail -n 1 -f a.txt b.txt"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        start = read_until(p, b"==> b.txt <==\nb1\n")
        check(start == b"==> a.txt <==\na2\n\n==> b.txt <==\nb1\n",
              "the last line of each, with GNU's headers", start)
        with open(os.path.join(home, "a.txt"), "ab") as f:
            f.write(b"a3\n")
        grown = read_until(p, b"a3\n")
        check(grown == b"\n==> a.txt <==\na3\n",
              "a line added to the first is printed under its name", grown)
        with open(os.path.join(home, "b.txt"), "ab") as f:
            f.write(b"b2\n")
        grown = read_until(p, b"b2\n")
        check(grown == b"\n==> b.txt <==\nb2\n",
              "then one added to the second, under its name", grown)
        check(p.poll() is None, "tail -f is still following", p.poll())
    finally:
        p.kill()
        p.wait()
        shutil.rmtree(home, ignore_errors=True)
