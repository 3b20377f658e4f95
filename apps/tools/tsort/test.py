"""tsort (apps/tools/tsort): run beside the host's GNU tsort on the same
input; stdout and the exit status must match, loops included."""
import os
import random

import harness
from command import matches_gnu, run_command
from harness import check


def both(args, stdin):
    return matches_gnu("tsort", args, stdin, stderr=False,
                       note=f" {stdin[:60]!r}")


def test_tsort_matches_gnu():
    """Chains, ties, self pairs, a random DAG, loops (named on stderr,
    status 1), an odd count of words and extra operands refused."""
    both("", b"a b\nb c\na c\nx y\nq q\n")
    both("-", b"  shirts ties\tties shoes pants shoes\n"
         b"socks shoes\nshorts pants pants belt\nbelt jacket\n")
    rng = random.Random(20)
    words = [f"w{i}" for i in range(60)]
    pairs = []
    for _ in range(150):
        a, b = sorted(rng.sample(range(60), 2))
        pairs.append(f"{words[a]} {words[b]}")
    both("", "\n".join(pairs).encode())
    rc, out, err = both("", b"a b b c c a d e e d c f\n")
    check(rc == 1 and b"input contains a loop:" in err, "a loop named", err)
    both("", b"")
    rc, out, err = both("", b"a b c\n")
    check(rc == 1 and out == b"" and b"odd number" in err, "odd count", err)
    rc, out, err = both("a b", b"")
    check(rc == 1 and b"extra operand" in err, "two files", err)
    rc, out, err = both("-z", b"")
    check(rc == 1 and b"invalid option" in err, "a bad option", err)
    rc, out, err = run_command("tsort --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: tsort"), "--help", out)


def test_tsort_reads_files_as_gnu():
    """FILE operands from a home mounted as /home/user, "-" among them;
    a missing one reported, the others still read (status 1)."""
    for args in ("f", "nosuch", "-"):
        matches_gnu("tsort", args, b"x y\n", files={"f": b"a b\nb c\n"})
