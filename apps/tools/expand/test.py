"""expand (apps/tools/expand): run beside the host's GNU expand on the
same input and options; stdout and the exit status must match."""
import os
import shutil
import subprocess
import tempfile

import harness
from command import run_command
from harness import check

TEXT = (b"\tone\n  \ttwo\tthree\n12345678\tx\ny\t\tz\t\n"
        b"a\bb\tc\n\t\t \tdeep\tend\nno newline\t")


def both(args, stdin=TEXT):
    rc, out, err = run_command("expand " + args,
                               apps=os.path.join(harness.BUILD, "apps"),
                               stdin=stdin)
    p = subprocess.run(["expand"] + args.split(), input=stdin,
                       capture_output=True, env={"LC_ALL": "C"})
    check((rc, out) == (p.returncode, p.stdout),
          f"expand {args!r}: as GNU's", f"{rc} {out!r} {err!r} vs "
          f"{p.returncode} {p.stdout!r}")
    return rc, out, err


def test_expand_matches_gnu():
    """Default stops, -t N, -t LIST (commas and blanks, past its end),
    -i, the old -N form; bad lists refused."""
    for args in ("", "-t 4", "-t1", "-t 3,7,12", "-t 2 -t 5", "-i",
                 "-i -t 3", "-4", "-2,6", "-t 13 -", ""):
        both(args)
    both("", b"")
    both("-t 3", bytes(range(256)) * 2)
    for bad in ("-t 0", "-t 4,2", "-t 3,x", "-z"):
        rc, out, err = both(bad)
        check(rc == 1 and err, f"{bad}: refused on stderr", err)
    rc, out, err = run_command("expand --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: expand"), "--help", out)


def test_expand_reads_files_as_gnu():
    """FILE operands from a home mounted as /home/user, "-" among them;
    a missing one reported, the others still read (status 1)."""
    home = tempfile.mkdtemp(prefix="vyoma-expand-")
    with open(os.path.join(home, "f"), "wb") as f:
        f.write(b"a\tb\n\tc\n")
    try:
        for args in ("-t 4 f", "f - f", "nosuch f"):
            rc, out, err = run_command(
                "expand " + args, apps=os.path.join(harness.BUILD, "apps"),
                stdin=b"x y\n", extra=["--home", home, "--env",
                                       "PWD=/home/user"])
            p = subprocess.run(["expand"] + args.split(), cwd=home,
                               input=b"x y\n", capture_output=True,
                               env={"LC_ALL": "C"})
            check((rc, out, bool(err)) ==
                  (p.returncode, p.stdout, bool(p.stderr)),
                  f"expand {args}: as the host's", f"{rc} {out!r} "
                  f"{err!r} vs {p.returncode} {p.stdout!r}")
    finally:
        shutil.rmtree(home)
