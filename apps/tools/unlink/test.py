"""unlink (apps/tools/unlink): the same commands run by ours in one copy
of a home (mounted as /home/user) and by the host's GNU unlink in
another; after each, the exit status, whether stderr spoke, and every
file's bytes and link count must match."""
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
        f.write(b"first\n")
    with open(os.path.join(home, "b"), "wb") as f:
        f.write(b"second\n")
    with open(os.path.join(home, "d", "c"), "wb") as f:
        f.write(b"third\n")
    os.link(os.path.join(home, "a"), os.path.join(home, "a2"))


def tree(home):
    out = {}
    for top, dirs, files in os.walk(home):
        for name in dirs + files:
            path = os.path.join(top, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, home)
            if os.path.isdir(path):
                out[rel] = "dir"
            else:
                with open(path, "rb") as f:
                    out[rel] = (f.read(), st.st_nlink)
    return out


def test_unlink_matches_gnu():
    """A file removed, one in a directory, one of two hard links; a
    missing file, a directory, wrong operand counts and an option
    refused."""
    top = tempfile.mkdtemp(prefix="vyoma-unlink-")
    ours, host = os.path.join(top, "ours"), os.path.join(top, "host")
    fill(ours)
    fill(host)
    try:
        for args in ("b", "d/c", "a2", "nosuch", "d", "", "a x", "-f a",
                     "../user/a"):
            rc, out, err = run_command(
                "unlink " + args, apps=os.path.join(harness.BUILD, "apps"),
                extra=["--home", ours, "--env", "PWD=/home/user/"])
            p = subprocess.run(["unlink"] + args.replace("user", "host")
                               .split(), cwd=host, capture_output=True,
                               env={"LC_ALL": "C"})
            check((rc, out, bool(err)) ==
                  (p.returncode, p.stdout, bool(p.stderr)),
                  f"unlink {args}: status as GNU's",
                  f"{rc} {out!r} {err!r} vs {p.returncode} {p.stderr!r}")
            check(tree(ours) == tree(host), f"unlink {args}: the files",
                  tree(ours))
        check(sorted(os.listdir(ours)) == ["d"], "all but d removed",
              os.listdir(ours))
    finally:
        shutil.rmtree(top)
    rc, out, err = run_command("unlink --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: unlink"), "--help", out)
