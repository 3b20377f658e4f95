"""expand (apps/tools/expand): run beside the host's GNU expand on the
same input and options; stdout and the exit status must match."""
import os

import harness
from command import matches_gnu, run_command
from harness import check

TEXT = (b"\tone\n  \ttwo\tthree\n12345678\tx\ny\t\tz\t\n"
        b"a\bb\tc\n\t\t \tdeep\tend\nno newline\t")


def both(args, stdin=TEXT):
    return matches_gnu("expand", args, stdin, stderr=False)


def test_expand_matches_gnu():
    """Default stops, -t N, -t LIST (commas and blanks, past its end),
    -i, the old -N form; bad lists refused."""
    for args in ("", "-t 4", "-t1", "-t 3,7,12", "-t 2 -t 5", "-i",
                 "-i -t 3", "-4", "-2,6", "-t 13 -", ""):
        both(args)
    # GNU's expand ends an old-form number with its argument (unexpand
    # does not): "-1 -2" is the stops 1 and 2, "-12" is 12.
    for args in ("-1 -2", "-12", "-2 -4,8", "-1 -t3", "-i4", "-1,,2"):
        both(args)
    both("", b"")
    both("-t 3", bytes(range(256)) * 2)
    for bad in ("-t 0", "-t 4,2", "-t 3,x", "-z", "-,3", "-1i", "-8 -4"):
        rc, out, err = both(bad)
        check(rc == 1 and err, f"{bad}: refused on stderr", err)
    rc, out, err = run_command("expand --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: expand"), "--help", out)


def test_expand_reads_files_as_gnu():
    """FILE operands from a home mounted as /home/user, "-" among them;
    a missing one reported, the others still read (status 1)."""
    for args in ("-t 4 f", "f - f", "nosuch f"):
        matches_gnu("expand", args, b"x y\n", files={"f": b"a\tb\n\tc\n"})
