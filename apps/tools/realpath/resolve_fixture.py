"""What realpath's and readlink's tests share (apps/tools/realpath and
apps/tools/readlink): a home with files, directories and relative
symbolic links, mounted as /home/user; ours runs there and the host's
GNU tool in the same tree on the host, and each answer (the host's
directory named /home/user) and exit status must match. One fixture
because GNU's two tools resolve names with one function, and so do
ours (sdk/vytool_resolve.h)."""
import os
import subprocess
import tempfile

import harness
from command import run_command
from harness import check


def make_tree(top):
    """The home, as top/user: top stands for /home in the answers."""
    home = os.path.join(top, "user")
    os.makedirs(os.path.join(home, "d", "e"))
    for name in ("f", "d/g"):
        with open(os.path.join(home, name), "w") as f:
            f.write("x\n")
    for link, target in (("l", "d"), ("ll", "l/g"), ("loop1", "loop2"),
                         ("loop2", "loop1"), ("dangling", "nosuch"),
                         ("d/e/up", "../../f"), ("chain", "ll")):
        os.symlink(target, os.path.join(home, link))
    return home


def matches_gnu(tool, cases):
    """tool run with each of cases (its arguments, split at spaces) in
    the tree, against GNU's; then its --help."""
    with tempfile.TemporaryDirectory(prefix=f"vyoma-{tool}-") as tmp:
        top = os.path.realpath(tmp)
        home = make_tree(top)
        for args in cases:
            rc, out, err = run_command(
                f"{tool} " + args, apps=os.path.join(harness.BUILD, "apps"),
                extra=["--home", home, "--env", "PWD=/home/user"])
            p = subprocess.run(
                [tool] + args.replace("/home/user", home).split(),
                cwd=home, capture_output=True, env={"LC_ALL": "C"})
            want = p.stdout.replace(home.encode(), b"/home/user")
            want = want.replace(top.encode(), b"/home")
            check((rc, out) == (p.returncode, want),
                  f"{tool} {args}: as GNU's", f"{rc} {out!r} {err!r} vs "
                  f"{p.returncode} {want!r} {p.stderr!r}")
            check(bool(err) == bool(p.stderr), f"{tool} {args}: stderr",
                  f"{err!r} vs {p.stderr!r}")
    rc, out, err = run_command(f"{tool} --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(f"Usage: {tool}".encode()), "--help",
          out)
