"""unexpand (apps/tools/unexpand): run beside the host's GNU unexpand on the
same input and options; stdout and the exit status must match."""
import os
import shutil
import subprocess
import tempfile

import harness
from command import run_command
from harness import check

TEXT = (b"        one\n   \t  two    three   x\n1234567 x       y\n"
        b"a\bb      c\n \t    \t deep          end  \n"
        b"                       \n       \tq\n1234567  \t r\n"
        b"ab  cd     ef        gh\nno newline    ")


def both(args, stdin=TEXT):
    rc, out, err = run_command("unexpand " + args,
                               apps=os.path.join(harness.BUILD, "apps"),
                               stdin=stdin)
    p = subprocess.run(["unexpand"] + args.split(), input=stdin,
                       capture_output=True, env={"LC_ALL": "C"})
    check((rc, out) == (p.returncode, p.stdout),
          f"unexpand {args!r}: as GNU's", f"{rc} {out!r} {err!r} vs "
          f"{p.returncode} {p.stdout!r}")
    return rc, out, err


def test_unexpand_matches_gnu():
    """Default stops (leading only), -a, -t N, -t LIST (past its end),
    the old -N form; bad lists refused."""
    for args in ("", "-a", "-t 4", "-t1", "-t 3,7,12", "-t 2 -t 5",
                 "-a -t 3", "-4", "-2,6", "-a -3,9", "-t 13 -"):
        both(args)
    both("", b"")
    both("-t 3", bytes(range(256)) * 2)
    for bad in ("-t 0", "-t 4,2", "-t 3,x", "-z"):
        rc, out, err = both(bad)
        check(rc == 1 and err, f"{bad}: refused on stderr", err)
    rc, out, err = run_command("unexpand --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: unexpand"), "--help", out)


def test_unexpand_reads_files_as_gnu():
    """FILE operands from a home mounted as /home/user, "-" among them;
    a missing one reported, the others still read (status 1)."""
    home = tempfile.mkdtemp(prefix="vyoma-unexpand-")
    with open(os.path.join(home, "f"), "wb") as f:
        f.write(b"a       b\n        c\n")
    try:
        for args in ("-a f", "f - f", "nosuch f"):
            rc, out, err = run_command(
                "unexpand " + args, apps=os.path.join(harness.BUILD, "apps"),
                stdin=b"x y\n", extra=["--home", home, "--env",
                                       "PWD=/home/user"])
            p = subprocess.run(["unexpand"] + args.split(), cwd=home,
                               input=b"x y\n", capture_output=True,
                               env={"LC_ALL": "C"})
            check((rc, out, bool(err)) ==
                  (p.returncode, p.stdout, bool(p.stderr)),
                  f"unexpand {args}: as the host's", f"{rc} {out!r} "
                  f"{err!r} vs {p.returncode} {p.stdout!r}")
    finally:
        shutil.rmtree(home)
