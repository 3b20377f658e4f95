"""shuf (apps/tools/shuf): the output is random, so its properties are
checked (a permutation of the input, COUNT lines, numbers within the
range, repeats only with -r, runs that differ) and, where GNU's output is
fixed (empty or one-line inputs, errors), it is compared with the host's
GNU shuf's."""
import os
import shutil
import subprocess
import tempfile

import harness
from command import run_command
from harness import check


def ours(args, stdin=b"", home=None):
    extra = ["--home", home, "--env", "PWD=/home/user"] if home else []
    return run_command("shuf " + args, stdin=stdin, extra=extra,
                       apps=os.path.join(harness.BUILD, "apps"))


def test_shuf_permutes_and_matches_gnu():
    lines = [b"line %d" % i for i in range(200)]
    data = b"\n".join(lines) + b"\n"
    outs = set()
    for _ in range(3):
        rc, out, err = ours("", data)
        check(rc == 0 and sorted(out.split(b"\n")[:-1]) == sorted(lines),
              "stdin: a permutation of its lines", out[:200] + err)
        outs.add(out)
    check(len(outs) > 1, "runs differ", len(outs))
    rc, out, err = ours("-n 5", data)
    got = out.split(b"\n")[:-1]
    check(rc == 0 and len(got) == 5 and len(set(got)) == 5 and
          set(got) <= set(lines), "-n 5: five distinct lines", out)
    rc, out, err = ours("-i 10-99")
    nums = [int(x) for x in out.split()]
    check(rc == 0 and sorted(nums) == list(range(10, 100)),
          "-i: every number once", out[:200])
    rc, out, err = ours("-i 1-3 -r -n 300")
    nums = [int(x) for x in out.split()]
    check(rc == 0 and len(nums) == 300 and set(nums) == {1, 2, 3},
          "-r: repeats, within the range", out[:100])
    rc, out, err = ours("-i 1000000-18446744073709551614 -n 50")
    nums = [int(x) for x in out.split()]
    check(rc == 0 and len(set(nums)) == 50 and
          all(1000000 <= v < 2**64 - 1 for v in nums),
          "a vast range, sampled", out[:200])
    rc, out, err = ours("-e -z a b c d")
    check(rc == 0 and sorted(out.split(b"\0")) == [b"", b"a", b"b", b"c",
                                                   b"d"], "-e -z", out)
    home = tempfile.mkdtemp(prefix="vyoma-shuf-")
    with open(os.path.join(home, "f"), "wb") as f:
        f.write(b"x\ny\nno newline")
    try:
        rc, out, err = ours("f", home=home)
        check(rc == 0 and sorted(out.split(b"\n")) ==
              [b"", b"no newline", b"x", b"y"], "a file", out)
        for args, stdin in (("", b""), ("", b"one"), ("-n 0", data),
                            ("-i 5-5", b""), ("-i 5-4", b""),
                            ("-e only", b""), ("-e", b""), ("-r -e", b""),
                            ("-i 5-3", b""), ("-i 3", b""), ("-i a-b", b""),
                            ("-i 0-18446744073709551615", b""),
                            ("-i 1-3 -e a", b""), ("-n x", data),
                            ("-i 1-3 extra", b""), ("nosuch", b""),
                            ("f g", b""), ("-q", b"")):
            rc, out, err = ours(args, stdin, home)
            p = subprocess.run(["shuf"] + args.split(), input=stdin,
                               cwd=home, capture_output=True,
                               env={"LC_ALL": "C"})
            check((rc, out, bool(err)) ==
                  (p.returncode, p.stdout, bool(p.stderr)),
                  f"shuf {args} {stdin[:20]!r}: as GNU's", f"{rc} {out!r} "
                  f"{err!r} vs {p.returncode} {p.stdout!r} {p.stderr!r}")
    finally:
        shutil.rmtree(home)
    rc, out, err = ours("--help")
    check(rc == 0 and out.startswith(b"Usage: shuf"), "--help", out)
