"""unexpand (apps/tools/unexpand): run beside the host's GNU unexpand on the
same input and options; stdout and the exit status must match."""
import os

import harness
from command import matches_gnu, run_command
from harness import check

TEXT = (b"        one\n   \t  two    three   x\n1234567 x       y\n"
        b"a\bb      c\n \t    \t deep          end  \n"
        b"                       \n       \tq\n1234567  \t r\n"
        b"ab  cd     ef        gh\nno newline    ")


def both(args, stdin=TEXT):
    return matches_gnu("unexpand", args, stdin, stderr=False)


def test_unexpand_matches_gnu():
    """Default stops (leading only), -a, -t N, -t LIST (past its end),
    the old -N form; bad lists refused."""
    for args in ("", "-a", "-t 4", "-t1", "-t 3,7,12", "-t 2 -t 5",
                 "-a -t 3", "-4", "-2,6", "-a -3,9", "-t 13 -"):
        both(args)
    # GNU's unexpand joins old-form digits across arguments ("-8 -4" is
    # 84), unlike its expand; a comma alone ends a number.
    for args in ("-1 -2", "-8 -4", "-a -1 -2", "-,3"):
        both(args)
    both("", b"")
    both("-t 3", bytes(range(256)) * 2)
    for bad in ("-t 0", "-t 4,2", "-t 3,x", "-z",
                "-99999999999999999999"):
        rc, out, err = both(bad)
        check(rc == 1 and err, f"{bad}: refused on stderr", err)
    rc, out, err = run_command("unexpand --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: unexpand"), "--help", out)


def test_unexpand_reads_files_as_gnu():
    """FILE operands from a home mounted as /home/user, "-" among them;
    a missing one reported, the others still read (status 1)."""
    for args in ("-a f", "f - f", "nosuch f"):
        matches_gnu("unexpand", args, b"x y\n",
                    files={"f": b"a       b\n        c\n"})
