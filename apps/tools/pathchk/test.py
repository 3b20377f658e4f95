"""pathchk (apps/tools/pathchk): names that do not exist, checked as GNU
pathchk checks them (status; stderr or not), at the limits' edges."""
import os
import subprocess

import harness
from command import run_command
from harness import check

NAMES = ["a", "/x/y/z", "x" * 14, "x" * 15, "d/" + "x" * 15,
         "/nope/" + "x" * 255, "/nope/" + "x" * 256,
         "/nope/" + "/".join(["x" * 200] * 19) + "/" + "x" * 94,
         "/nope/" + "/".join(["x" * 200] * 19) + "/" + "x" * 95,
         "/" + "/".join(["abcdefghijklm"] * 18) + "/ab",
         "/" + "/".join(["abcdefghijklm"] * 18) + "/abc",
         "a-b_c.d", "a:b", "t~il", "caf\u00e9", "-lead", "d/-x", "./a", "..", "//a//"]


def test_pathchk_agrees_with_gnu_at_the_limits():
    apps = os.path.join(harness.BUILD, "apps")
    for opts in ("", "-p", "-P", "-p -P"):
        for name in NAMES:
            rc, out, err = run_command(f"pathchk {opts} {name}", apps=apps)
            p = subprocess.run(["pathchk"] + opts.split() + [name],
                               capture_output=True, env={"LC_ALL": "C"})
            check((rc, out, bool(err)) == (p.returncode, p.stdout,
                                           bool(p.stderr)),
                  f"pathchk {opts} {name[:30]!r}... ({len(name)}): as GNU's",
                  f"{rc} {err!r} vs {p.returncode} {p.stderr!r}")
    rc, out, err = run_command("pathchk -p a:b", apps=apps)
    check(err == b"pathchk: nonportable character ':' in file name: a:b\n",
          "the character said", err)
    rc, out, err = run_command("pathchk a " + "x" * 300 + " b", apps=apps)
    check(rc == 1 and b"limit 255 exceeded by length 300" in err,
          "one bad name among good ones: status 1, said", err[:200])
    for bad in ("", "-x a"):
        rc, out, err = run_command("pathchk " + bad, apps=apps)
        p = subprocess.run(["pathchk"] + bad.split(), capture_output=True)
        check(rc == p.returncode == 1 and err, f"{bad!r} refused", err)
    rc, out, err = run_command("pathchk --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: pathchk"), "--help", out)
