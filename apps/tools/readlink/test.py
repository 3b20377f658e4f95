"""readlink (apps/tools/readlink): a home with files, directories and
relative symbolic links is mounted as /home/user; ours runs there and the
host's GNU readlink in the same tree on the host, and each answer (the
host's directory named /home/user) and exit status must match."""
import os
import shutil
import subprocess
import tempfile

import harness
from command import run_command
from harness import check


def make_tree():
    top = os.path.realpath(tempfile.mkdtemp(prefix="vyoma-readlink-"))
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


def test_readlink_matches_gnu():
    """Links read plainly; -f -e -m resolving as realpath (chains, loops,
    "..", missing parts, files used as directories); -n -v -q -z."""
    top, home = make_tree()
    try:
        for args in ("l", "ll", "chain d/e/up", "f", "nosuch", "-v f",
                     "-v nosuch l", "-n l", "-n l ll", "-z l ll", "",
                     "-f . f d/../f l/g ll l/.. chain d/e/up d/e/../../l",
                     "-f nosuch", "-f nosuch/x", "-fv f/x", "-fv f/",
                     "-f f/.. l/", "-f dangling", "-fv loop1", "-fn l",
                     "-f .. ../user/l", "-f /home/user/ll", "-e dangling",
                     "-ev f d nosuch", "-m nosuch/x/../y", "-m f/x dangling/q",
                     "-fq nosuch/x f", "-fz f d", "-k f"):
            rc, out, err = run_command(
                "readlink " + args, apps=os.path.join(harness.BUILD, "apps"),
                extra=["--home", home, "--env", "PWD=/home/user"])
            p = subprocess.run(
                ["readlink"] + args.replace("/home/user", home).split(),
                cwd=home, capture_output=True, env={"LC_ALL": "C"})
            want = p.stdout.replace(home.encode(), b"/home/user")
            want = want.replace(top.encode(), b"/home")
            check((rc, out) == (p.returncode, want),
                  f"readlink {args}: as GNU's", f"{rc} {out!r} {err!r} vs "
                  f"{p.returncode} {want!r} {p.stderr!r}")
            check(bool(err) == bool(p.stderr), f"readlink {args}: stderr",
                  f"{err!r} vs {p.stderr!r}")
    finally:
        shutil.rmtree(top)
    rc, out, err = run_command("readlink --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: readlink"), "--help", out)
