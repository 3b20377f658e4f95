"""column (apps/tools/column): run beside the host's util-linux column on
the same input and options; stdout and the exit status must match."""
import os
import shutil
import random
import subprocess
import tempfile

import harness
from command import run_command
from harness import check

TABLE = (b"name size  kind\n  notes.txt 1200 text\n\n   \nlogo.png 88231 "
         b"image extra cells here\nz\na b \n")
SEPS = b"a:b::c\nxx:y\n:lead:\n  sp:ace  \n\nlast:\n"


def both(args, stdin, env=()):
    rc, out, err = run_command("column " + args, stdin=stdin, env=env,
                               apps=os.path.join(harness.BUILD, "apps"))
    p = subprocess.run(["column"] + args.split(), input=stdin,
                       capture_output=True,
                       env=dict([("LC_ALL", "C")] +
                                [e.split("=", 1) for e in env]))
    check((rc, out) == (p.returncode, p.stdout),
          f"column {args!r}: as util-linux's", f"{rc} {out!r} {err!r} vs "
          f"{p.returncode} {p.stdout!r}")
    return rc, out, err


def test_column_matches_util_linux():
    """Tables split at blanks or at -s characters, -o; lists filled in
    columns and (-x) rows for several widths, from -c and $COLUMNS; bad
    widths and options refused."""
    both("-t", TABLE)
    both("-t", b"")
    both("-t -s :", SEPS)
    both("-t -s :, -o |", SEPS + b"p,q:r\n")
    both("-t -s ' '", b"a  b c\n:x\n")
    rng = random.Random(20)
    words = b"\n".join(bytes(rng.choice(b"abcdefgh.") for _ in
                             range(rng.randrange(1, 14)))
                       for _ in range(57)) + b"\n"
    for width in (1, 16, 40, 79, 80, 132, 400):
        both(f"-c {width}", words)
        both(f"-x -c {width}", words)
    both("", words, env=["COLUMNS=60"])
    both("-x", words)
    both("-c 20", b"one\n\n  two\nthree\n")
    both("-c 0", words)
    for bad in ("-c -3", "-c x", "-q"):
        rc, out, err = both(bad, words)
        check(rc == 1 and err, f"{bad}: refused", err)
    rc, out, err = run_command("column --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: column"), "--help", out)


def test_column_reads_files_as_gnu():
    """FILE operands from a home mounted as /home/user, "-" among them;
    a missing one reported, the others still read (status 1)."""
    home = tempfile.mkdtemp(prefix="vyoma-column-")
    with open(os.path.join(home, "f"), "wb") as f:
        f.write(b"a b\nccc d\n")
    try:
        for args in ("-t f", "f - f", "nosuch f"):
            rc, out, err = run_command(
                "column " + args, apps=os.path.join(harness.BUILD, "apps"),
                stdin=b"x y\n", extra=["--home", home, "--env",
                                       "PWD=/home/user"])
            p = subprocess.run(["column"] + args.split(), cwd=home,
                               input=b"x y\n", capture_output=True,
                               env={"LC_ALL": "C"})
            check((rc, out, bool(err)) ==
                  (p.returncode, p.stdout, bool(p.stderr)),
                  f"column {args}: as the host's", f"{rc} {out!r} "
                  f"{err!r} vs {p.returncode} {p.stdout!r}")
    finally:
        shutil.rmtree(home)
