"""printenv (apps/tools/printenv): against GNU printenv with the same
environment: all of it, chosen names, unset names, -0, a bad option."""
import os
import subprocess

import harness
from command import run_command
from harness import check

ENV = {"HOME": "/home/user", "LANG": "C", "EMPTY": "", "A_B": "x=y z",
       "PATH": "/bin"}


def test_printenv_agrees_with_gnu():
    apps = os.path.join(harness.BUILD, "apps")
    for args in ("", "HOME", "A_B EMPTY HOME", "NOPE HOME", "HOME=x",
                 "-0", "-0 A_B LANG", "-x", "-0 NOPE"):
        rc, out, err = run_command("printenv " + args, apps=apps,
                                   env=[f"{k}={v}" for k, v in ENV.items()])
        # The supervisor gives every app its id (VYOMA_ID): the command
        # run is the first app, 1.
        p = subprocess.run(["printenv"] + args.split(),
                           env=dict(ENV, VYOMA_ID="1"), capture_output=True)
        if args in ("", "-0"):
            sep = b"\0" if args else b"\n"
            check(rc == 0 and sorted(out.split(sep)) ==
                  sorted(p.stdout.split(sep)),
                  f"printenv {args!r}: every variable, as GNU's", out)
            continue
        check((rc, out, bool(err)) == (p.returncode, p.stdout,
                                       bool(p.stderr)),
              f"printenv {args!r}: as GNU's",
              f"{rc} {out!r} {err!r} vs {p.returncode} {p.stdout!r}")
    rc, out, err = run_command("printenv --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: printenv"), "--help", out)
