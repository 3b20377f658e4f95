"""mktemp (apps/tools/mktemp): ours in a home mounted as /home/user and
the host's GNU mktemp in a directory of its own, given the same
templates: the printed names must have the same shape (the X's replaced
by letters and digits, the rest kept), the same kind of thing must
appear, and errors must have the same status."""
import os
import re
import shutil
import subprocess
import tempfile

import harness
from command import run_command
from harness import check


def made(home):
    out = {}
    for top, dirs, files in os.walk(home):
        for name in dirs + files:
            path = os.path.join(top, name)
            out[os.path.relpath(path, home)] = (
                "dir" if os.path.isdir(path) else os.path.getsize(path))
    return out


def test_mktemp_makes_unique_names_as_gnu():
    top = tempfile.mkdtemp(prefix="vyoma-mktemp-")
    ours, host = os.path.join(top, "ours"), os.path.join(top, "host")
    for home in (ours, host):
        os.makedirs(os.path.join(home, "t"))
    cases = (("-p /home/user", r"/home/user/tmp\.[A-Za-z0-9]{10}"),
             ("-d -p /home/user dir.XXXX", r"/home/user/dir\.[A-Za-z0-9]{4}"),
             ("fooXXXXXX.txt", r"foo[A-Za-z0-9]{6}\.txt"),
             ("--suffix=.c -p /home/user", r"/home/user/tmp\.\w{10}\.c"),
             ("-t x.XXX", r"/home/user/t/x\.[A-Za-z0-9]{3}"),
             ("-u -p /home/user", r"/home/user/tmp\.[A-Za-z0-9]{10}"),
             ("--tmpdir a.XXXXX", r"/home/user/t/a\.[A-Za-z0-9]{5}"))
    try:
        for args, shape in cases:
            rc, out, err = run_command(
                "mktemp " + args, apps=os.path.join(harness.BUILD, "apps"),
                extra=["--home", ours, "--env", "PWD=/home/user",
                       "--env", "TMPDIR=/home/user/t"])
            p = subprocess.run(["mktemp"] + args.replace("/home/user", host)
                               .split(), cwd=host, capture_output=True,
                               env={"LC_ALL": "C",
                                    "TMPDIR": os.path.join(host, "t")})
            got = p.stdout.decode().replace(host, "/home/user")
            check(rc == 0 and re.fullmatch(shape + "\n", out.decode()),
                  f"mktemp {args}: the name's shape", out + err)
            check(p.returncode == 0 and re.fullmatch(shape + "\n", got),
                  f"mktemp {args}: the host's name has it too", got)
            check(sorted(made(ours).values(), key=str) ==
                  sorted(made(host).values(), key=str),
                  f"mktemp {args}: the same things made", made(ours))
        names = set()
        for _ in range(12):
            rc, out, err = run_command(
                "mktemp -p /home/user/t uXXX",
                apps=os.path.join(harness.BUILD, "apps"),
                extra=["--home", ours])
            names.add(out)
        check(len(names) == 12, "each name unique", names)
        rc, out, err = run_command("mktemp",
                                   apps=os.path.join(harness.BUILD, "apps"))
        check(rc == 0 and re.fullmatch(rb"/tmp/tmp\.[A-Za-z0-9]{10}\n", out),
              "the default: in /tmp", out + err)
        for args in ("fooXX", "a b", "-t a/XXX", "-p /home/user/nosuch",
                     "-q -p /home/user/nosuch", "/home/user/nosuch/XXX",
                     "-p /home/user /home/user/abs.XXX", "-z"):
            rc, out, err = run_command(
                "mktemp " + args, apps=os.path.join(harness.BUILD, "apps"),
                extra=["--home", ours, "--env", "PWD=/home/user"])
            p = subprocess.run(["mktemp"] + args.replace("/home/user", host)
                               .split(), cwd=host, capture_output=True,
                               env={"LC_ALL": "C"})
            check((rc, out, bool(err)) ==
                  (p.returncode, p.stdout, bool(p.stderr)),
                  f"mktemp {args}: refused as GNU's", f"{rc} {err!r} vs "
                  f"{p.returncode} {p.stderr!r}")
    finally:
        shutil.rmtree(top)
    rc, out, err = run_command("mktemp --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: mktemp"), "--help", out)
