"""strings (apps/tools/strings): run beside the host's GNU strings on the
same binary input, from stdin and from files in a home mounted as
/home/user; stdout and the exit status must match."""
import os
import random
import shutil
import subprocess
import tempfile

import harness
from command import run_command
from harness import check


def blob(seed, size):
    rng = random.Random(seed)
    out = bytearray(rng.randbytes(size))
    for _ in range(size // 200):
        at = rng.randrange(size - 40)
        word = bytes(rng.choice(b"abcdefgh XYZ\t0123456789.,-\n\r\x0b")
                     for _ in range(rng.randrange(1, 30)))
        out[at:at + len(word)] = word
    return bytes(out)


def test_strings_matches_gnu():
    """Runs of each length across read boundaries; -n, -N, -t o/d/x, -o,
    -f, -w, -s, files and stdin; bad lengths, radix and options refused."""
    home = tempfile.mkdtemp(prefix="vyoma-strings-")
    data = blob(20, 70000)
    for name, seed in (("one.bin", 1), ("two.bin", 2)):
        with open(os.path.join(home, name), "wb") as f:
            f.write(blob(seed, 5000) + b"tail without end")
    try:
        for args in ("", "-a", "-n 2", "-8", "-n 1 -t x", "-t d -f", "-o",
                     "-w", "-w -n 6", "-s , -n 5", "-f one.bin two.bin",
                     "-t x one.bin", "-n 0", "-n x", "-t q", "-z",
                     "nosuch one.bin"):
            rc, out, err = run_command(
                "strings " + args, apps=os.path.join(harness.BUILD, "apps"),
                stdin=data, extra=["--home", home, "--env", "PWD=/home/user"])
            p = subprocess.run(["strings"] + args.split(), cwd=home,
                               input=data, capture_output=True,
                               env={"LC_ALL": "C"})
            check((rc, out) == (p.returncode, p.stdout),
                  f"strings {args}: as GNU's", f"{rc} {out[:300]!r} "
                  f"{err!r} vs {p.returncode} {p.stdout[:300]!r}")
            check(bool(err) == bool(p.stderr), f"strings {args}: stderr",
                  f"{err!r} vs {p.stderr[:200]!r}")
    finally:
        shutil.rmtree(home)
    rc, out, err = run_command("strings --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: strings"), "--help", out)
