"""realpath (apps/tools/realpath): a home with files, directories and
relative symbolic links is mounted as /home/user; ours runs there and the
host's GNU realpath in the same tree on the host, and each answer (the
host's directory named /home/user) and exit status must match."""
import os
import shutil
import subprocess
import tempfile

import harness
from command import run_command
from harness import check


def make_tree():
    top = os.path.realpath(tempfile.mkdtemp(prefix="vyoma-realpath-"))
    home = os.path.join(top, "user")
    os.makedirs(os.path.join(home, "d", "e"))
    for name in ("f", "d/g"):
        with open(os.path.join(home, name), "w") as f:
            f.write("x\n")
    for link, target in (("l", "d"), ("ll", "l/g"), ("loop1", "loop2"),
                         ("loop2", "loop1"), ("dangling", "nosuch"),
                         ("d/e/up", "../../f"), ("chain", "ll")):
        os.symlink(target, os.path.join(home, link))
    return top, home


def test_realpath_matches_gnu():
    """Plain, "..", links (chains, dangling, loops, through directories),
    -e -m -s -z -q, missing parts and files used as directories."""
    top, home = make_tree()
    try:
        for args in (". f d/../f l/g ll l/.. chain d/e/up d/e/../../l",
                     "nosuch", "nosuch/x", "f/x", "f/", "f/..", "l/",
                     "dangling", "loop1", ".. ../user/l", "/home/user/ll",
                     "-s ll l/..", "-s nosuch/x", "-s f/x", "-s nosuch/x/..",
                     "-e dangling", "-e f d nosuch", "-m nosuch/x/../y",
                     "-m f/x dangling/q", "-sm l/../q", "-q nosuch/x f",
                     "-z f d", "-se l/g", "-se nosuch", "", "-k f"):
            rc, out, err = run_command(
                "realpath " + args, apps=os.path.join(harness.BUILD, "apps"),
                extra=["--home", home, "--env", "PWD=/home/user"])
            p = subprocess.run(
                ["realpath"] + args.replace("/home/user", home).split(),
                cwd=home, capture_output=True, env={"LC_ALL": "C"})
            want = p.stdout.replace(home.encode(), b"/home/user")
            want = want.replace(top.encode(), b"/home")
            check((rc, out) == (p.returncode, want),
                  f"realpath {args}: as GNU's", f"{rc} {out!r} {err!r} vs "
                  f"{p.returncode} {want!r} {p.stderr!r}")
            check(bool(err) == bool(p.stderr), f"realpath {args}: stderr",
                  f"{err!r} vs {p.stderr!r}")
    finally:
        shutil.rmtree(top)
    rc, out, err = run_command("realpath --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: realpath"), "--help", out)
