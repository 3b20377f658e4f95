"""sum (apps/tools/sum): run beside the host's GNU sum on the same bytes,
from stdin and from files in a home mounted as /home/user; stdout and the
exit status must match."""
import os
import random

import harness
from command import matches_gnu, run_command
from harness import check


def test_sum_matches_gnu():
    """BSD (default, -r) and System V (-s) sums of empty, small, odd-sized
    and 300 KiB inputs, with and without names; a missing file and a bad
    option refused."""
    rng = random.Random(20)
    files = {name: b"\xff" * size if name == "odd" else rng.randbytes(size)
             for name, size in (("empty", 0), ("one", 1), ("odd", 1023),
                                ("k", 1024), ("big", 300 * 1024 + 7))}
    data = rng.randbytes(70001)
    for args in ("", "-s", "-r", "-r -s", "-s -r", "empty one odd k big",
                 "-s empty one odd k big", "-", "-s - one",
                 "nosuch one", "-s nosuch", "-x", "-rx one"):
        matches_gnu("sum", args, data, files=files)
    rc, out, err = run_command("sum --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: sum"), "--help", out)
