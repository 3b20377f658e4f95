"""column (apps/tools/column): run beside the host's util-linux column on
the same input and options; stdout and the exit status must match."""
import os
import random

import harness
from command import matches_gnu, run_command
from harness import check

TABLE = (b"name size  kind\n  notes.txt 1200 text\n\n   \nlogo.png 88231 "
         b"image extra cells here\nz\na b \n")
SEPS = b"a:b::c\nxx:y\n:lead:\n  sp:ace  \n\nlast:\n"


def both(args, stdin, env=()):
    return matches_gnu("column", args, stdin, env, stderr=False,
                       host="util-linux's")


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
    for args in ("-t f", "f - f", "nosuch f"):
        matches_gnu("column", args, b"x y\n", files={"f": b"a b\nccc d\n"},
                    host="util-linux's")
