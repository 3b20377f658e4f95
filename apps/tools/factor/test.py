"""factor (apps/tools/factor): run beside the host's GNU factor with the
same arguments and stdin; stdout and the exit status must match."""
import os

import harness
from command import matches_gnu, run_command
from harness import check


def both(args, stdin=b""):
    return matches_gnu("factor", args, stdin, stderr=False)


def test_factor_matches_gnu():
    """Small, composite, 64-bit prime, semiprime of two 32-bit primes and
    2^64-1 from arguments and stdin; junk reported, the rest factored."""
    both("0 1 2 3 4 12 360 65537 4294967296 18446744073709551615 "
         "18446744073709551557 18446744030759878681 9223372036854775807 "
         "1000000016000000063")
    both("", b" 10 +7\t99\n\n600851475143\n")
    rc, out, err = both("12 abc 1x 5 -- 7")
    check(rc == 1 and b"'abc' is not a valid positive integer" in err,
          "junk is named on stderr", err)
    both("", b"8 -3 9\n")
    rc, out, err = run_command("factor --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: factor"), "--help", out)
    rc, out, err = run_command("factor -x 5",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 1 and out == b"" and b"invalid option" in err,
          "a bad option", out + err)
