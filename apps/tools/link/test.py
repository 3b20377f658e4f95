"""link (apps/tools/link): the same commands run by ours in one copy of a
home (mounted as /home/user) and by the host's GNU link in another;
after each, the exit status, whether stderr spoke, and every file's bytes
and link count must match."""
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


def test_link_matches_gnu():
    """A link made (same bytes, two names), into a directory; an existing
    name, a missing file, a directory, wrong operand counts and an option
    refused."""
    top = tempfile.mkdtemp(prefix="vyoma-link-")
    ours, host = os.path.join(top, "ours"), os.path.join(top, "host")
    fill(ours)
    fill(host)
    try:
        for args in ("a a2", "b d/b2", "a b", "nosuch c", "d d2", "a",
                     "", "a x y", "-f a z", "a2 ../user/a3"):
            rc, out, err = run_command(
                "link " + args, apps=os.path.join(harness.BUILD, "apps"),
                extra=["--home", ours, "--env", "PWD=/home/user/"])
            p = subprocess.run(["link"] + args.replace("user", "host")
                               .split(), cwd=host, capture_output=True,
                               env={"LC_ALL": "C"})
            check((rc, out, bool(err)) ==
                  (p.returncode, p.stdout, bool(p.stderr)),
                  f"link {args}: status as GNU's",
                  f"{rc} {out!r} {err!r} vs {p.returncode} {p.stderr!r}")
            check(tree(ours) == tree(host), f"link {args}: the files",
                  tree(ours))
        with open(os.path.join(ours, "a"), "ab") as f:
            f.write(b"more\n")
        with open(os.path.join(ours, "a2"), "rb") as f:
            check(f.read() == b"first\nmore\n", "a hard link: one file")
    finally:
        shutil.rmtree(top)
    rc, out, err = run_command("link --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: link"), "--help", out)
