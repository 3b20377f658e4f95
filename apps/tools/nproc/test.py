"""nproc (apps/tools/nproc): WASI has no CPU count, so ours says 1; with
OMP_NUM_THREADS / OMP_THREAD_LIMIT set, the host's GNU nproc and ours
must print the same, and refuse the same bad arguments."""
import os

import harness
from command import matches_gnu, run_command
from harness import check


def both(args, env=()):
    return matches_gnu("nproc", args, env=env, stderr=False, note=f" {env}")


def test_nproc_counts_and_matches_gnu():
    """1 alone; OMP_NUM_THREADS, OMP_THREAD_LIMIT and --ignore as GNU's;
    bad numbers, operands and options refused with status 1."""
    rc, out, err = run_command("nproc",
                               apps=os.path.join(harness.BUILD, "apps"))
    check((rc, out) == (0, b"1\n"), "one processing unit", out + err)
    rc, out, err = run_command("nproc --all --ignore=5",
                               apps=os.path.join(harness.BUILD, "apps"))
    check((rc, out) == (0, b"1\n"), "never less than 1", out + err)
    for args, env in (("", ["OMP_NUM_THREADS=6"]),
                      ("--ignore=2", ["OMP_NUM_THREADS=6"]),
                      ("--ignore 9", ["OMP_NUM_THREADS=6"]),
                      ("", ["OMP_NUM_THREADS=8,2", "OMP_THREAD_LIMIT=3"]),
                      ("", ["OMP_NUM_THREADS=12", "OMP_THREAD_LIMIT=40"])):
        both(args, env)
    for bad in ("--ignore=x", "--ignore=-1", "extra", "--bogus", "-z"):
        rc, out, err = both(bad)
        check(rc == 1 and out == b"" and err, f"{bad}: refused", err)
    rc, out, err = run_command("nproc --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: nproc"), "--help", out)
