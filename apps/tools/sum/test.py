"""sum (apps/tools/sum): run beside the host's GNU sum on the same bytes,
from stdin and from files in a home mounted as /home/user; stdout and the
exit status must match."""
import os
import random
import shutil
import subprocess
import tempfile

import harness
from command import run_command
from harness import check


def test_sum_matches_gnu():
    """BSD (default, -r) and System V (-s) sums of empty, small, odd-sized
    and 300 KiB inputs, with and without names; a missing file and a bad
    option refused."""
    home = tempfile.mkdtemp(prefix="vyoma-sum-")
    rng = random.Random(20)
    for name, size in (("empty", 0), ("one", 1), ("odd", 1023),
                       ("k", 1024), ("big", 300 * 1024 + 7)):
        with open(os.path.join(home, name), "wb") as f:
            f.write(b"\xff" * size if name == "odd" else rng.randbytes(size))
    data = rng.randbytes(70001)
    try:
        for args in ("", "-s", "-r", "-r -s", "-s -r", "empty one odd k big",
                     "-s empty one odd k big", "-", "-s - one",
                     "nosuch one", "-s nosuch", "-x", "-rx one"):
            rc, out, err = run_command(
                "sum " + args, apps=os.path.join(harness.BUILD, "apps"),
                stdin=data, extra=["--home", home, "--env", "PWD=/home/user"])
            p = subprocess.run(["sum"] + args.split(), cwd=home, input=data,
                               capture_output=True, env={"LC_ALL": "C"})
            check((rc, out, bool(err)) ==
                  (p.returncode, p.stdout, bool(p.stderr)),
                  f"sum {args}: as GNU's", f"{rc} {out!r} {err!r} vs "
                  f"{p.returncode} {p.stdout!r} {p.stderr!r}")
    finally:
        shutil.rmtree(home)
    rc, out, err = run_command("sum --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: sum"), "--help", out)
