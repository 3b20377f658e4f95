"""csplit (apps/tools/csplit): the same commands run by ours in one copy
of a home (mounted as /home/user) and by the host's GNU csplit in
another; after each, stdout (the pieces' sizes), the exit status,
whether stderr spoke, and every file must match."""
import os
import shutil
import subprocess
import tempfile

import harness
from command import run_command
from harness import check

TEXT = (b"intro\n## one\nbody 1\nmore\n## two\nbody 2\n## three\n"
        b"x*y\n[tag] end\nchapter 10\nno newline")


def tree(home):
    out = {}
    for name in sorted(os.listdir(home)):
        with open(os.path.join(home, name), "rb") as f:
            out[name] = f.read()
    return out


def test_csplit_matches_gnu():
    """Line numbers, /RE/ and %RE% with offsets, {N} and {*}, -f -n -s
    -z -k, brackets, anchors, stars; errors (no match, out of range,
    going back, bad patterns and counts) remove the pieces."""
    top = tempfile.mkdtemp(prefix="vyoma-csplit-")
    try:
        for args in ("in 3 5", "in /##/ {*}", "in /^##/ {1}", "in 4 {1}",
                     "in 2 {*}", "in /##/+1 {*}", "in /##/-1 {*}",
                     "in %one% /three/", "in %##%+2 /^[#]/", "-s in 5",
                     "-z in /intro/ /##/", "-f part -n 3 in /##/ {*}",
                     "in /x\\*y/", "in /^[a-c][a-z]*$/", "in /t.g\\]/",
                     "in /0$/", "in /*y/", "in 1", "in 11", "in 12",
                     "in /nomatch/", "-k in 2 /nomatch/", "in 5 3",
                     "in /##/ {9}", "in 4 {3}", "in 0", "in x", "in /[/",
                     "in /one/x", "in 2 {x}", "in", "nosuch 2", "-q in 2",
                     "- 3"):
            for side in ("ours", "host"):
                home = os.path.join(top, side)
                shutil.rmtree(home, ignore_errors=True)
                os.makedirs(home)
                with open(os.path.join(home, "in"), "wb") as f:
                    f.write(TEXT)
            rc, out, err = run_command(
                "csplit " + args, apps=os.path.join(harness.BUILD, "apps"),
                stdin=TEXT, extra=["--home", os.path.join(top, "ours"),
                                   "--env", "PWD=/home/user"])
            p = subprocess.run(["csplit"] + args.split(), input=TEXT,
                               cwd=os.path.join(top, "host"),
                               capture_output=True, env={"LC_ALL": "C"})
            check((rc, out, bool(err)) ==
                  (p.returncode, p.stdout, bool(p.stderr)),
                  f"csplit {args}: as GNU's", f"{rc} {out!r} {err!r} vs "
                  f"{p.returncode} {p.stdout!r} {p.stderr!r}")
            check(tree(os.path.join(top, "ours")) ==
                  tree(os.path.join(top, "host")), f"csplit {args}: files",
                  sorted(tree(os.path.join(top, "ours"))))
    finally:
        shutil.rmtree(top)
    rc, out, err = run_command("csplit --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: csplit"), "--help", out)
