"""truncate (apps/tools/truncate): the same commands run by ours in one
copy of a home (mounted as /home/user) and by the host's GNU truncate in
another; after each, the exit status, whether anything was said on
stderr, and every file's bytes must match."""
import os
import shutil
import subprocess
import tempfile

import harness
from command import run_command
from harness import check


def fill(home):
    os.makedirs(os.path.join(home, "d"))
    with open(os.path.join(home, "a"), "wb") as f:
        f.write(b"x" * 100)
    with open(os.path.join(home, "b"), "wb") as f:
        f.write(bytes(range(256)) * 20)


def tree(home):
    out = {}
    for name in sorted(os.listdir(home)):
        path = os.path.join(home, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                out[name] = f.read()
        else:
            out[name] = "dir"
    return out


def test_truncate_matches_gnu():
    """Absolute, relative (+ - < > / %), suffixes, -c, -r; a directory,
    a bad size, a missing size or file, /0 and a missing RFILE refused."""
    top = tempfile.mkdtemp(prefix="vyoma-truncate-")
    ours, host = os.path.join(top, "ours"), os.path.join(top, "host")
    fill(ours)
    fill(host)
    try:
        for args in ("-s 10 a", "-s +5 a b new1", "-s -3000 b", "-s 0 a",
                     "-s 2K a", "-s %1000 b", "-s /64 b", "-s <50 a",
                     "-s <9000 b", "-s >9000 b", "-s 1KB new2",
                     "-c -s 7 nosuch a", "-r b c", "-r a -s +1 c",
                     "-s 10 d a", "-s x a", "-s 3Q a", "a", "-s 5",
                     "-s /0 a", "-r nosuch a", "-r a -s <4 a", "-z a"):
            rc, out, err = run_command(
                "truncate " + args, apps=os.path.join(harness.BUILD, "apps"),
                extra=["--home", ours, "--env", "PWD=/home/user"])
            p = subprocess.run(["truncate"] + args.split(), cwd=host,
                               capture_output=True, env={"LC_ALL": "C"})
            check((rc, out, bool(err)) ==
                  (p.returncode, p.stdout, bool(p.stderr)),
                  f"truncate {args}: status as GNU's",
                  f"{rc} {out!r} {err!r} vs {p.returncode} {p.stderr!r}")
            check(tree(ours) == tree(host), f"truncate {args}: the files",
                  {k: len(v) for k, v in tree(ours).items()})
    finally:
        shutil.rmtree(top)
    rc, out, err = run_command("truncate --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: truncate"), "--help", out)
