"""What link's and unlink's tests share (apps/tools/link and
apps/tools/unlink): the same commands run by ours in one copy of a home
(mounted as /home/user) and by the host's GNU tool in another; after
each, the exit status, whether stderr spoke, and every file's bytes and
link count must match. Link counts are compared because a hard link is
what both tools make or break."""
import os
import subprocess
import tempfile

import harness
from command import run_command
from harness import check


def fill(home):
    """The home both tests start from: files a and b, directory d."""
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


def matches_gnu(tool, make, cases, after):
    """tool run with each of cases (its arguments, split at spaces) in a
    home that make(home) fills, against GNU's in a twin; after(ours)
    checks what is left before the copies go; then tool's --help."""
    with tempfile.TemporaryDirectory(prefix=f"vyoma-{tool}-") as top:
        ours, host = os.path.join(top, "ours"), os.path.join(top, "host")
        make(ours)
        make(host)
        for args in cases:
            rc, out, err = run_command(
                f"{tool} " + args, apps=os.path.join(harness.BUILD, "apps"),
                extra=["--home", ours, "--env", "PWD=/home/user/"])
            p = subprocess.run([tool] + args.replace("user", "host")
                               .split(), cwd=host, capture_output=True,
                               env={"LC_ALL": "C"})
            check((rc, out, bool(err)) ==
                  (p.returncode, p.stdout, bool(p.stderr)),
                  f"{tool} {args}: status as GNU's",
                  f"{rc} {out!r} {err!r} vs {p.returncode} {p.stderr!r}")
            check(tree(ours) == tree(host), f"{tool} {args}: the files",
                  tree(ours))
        after(ours)
    rc, out, err = run_command(f"{tool} --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(f"Usage: {tool}".encode()), "--help",
          out)
