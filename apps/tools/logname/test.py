"""logname (apps/tools/logname): the login's name from $LOGNAME; without
a login, ours and the host's GNU logname (run with no login records of
its terminal: a pipe) agree on the refusal, and on bad arguments."""
import os
import subprocess

import harness
from command import run_command
from harness import check


def ours(args, env=()):
    return run_command("logname " + args, env=env,
                       apps=os.path.join(harness.BUILD, "apps"))


def test_logname_prints_the_login_name():
    """$LOGNAME printed; none, an operand or an option refused (1)."""
    rc, out, err = ours("", env=["LOGNAME=alice", "USER=bob"])
    check((rc, out, err) == (0, b"alice\n", b""), "the login's name",
          out + err)
    for args in ("", "extra", "-x"):
        rc, out, err = ours(args)
        p = subprocess.run(["logname"] + args.split(), capture_output=True,
                           stdin=subprocess.DEVNULL, start_new_session=True,
                           env={"LC_ALL": "C"})
        if args or p.returncode:
            check((rc, out, bool(err)) ==
                  (p.returncode, p.stdout, bool(p.stderr)),
                  f"logname {args!r}: as GNU's", f"{rc} {out!r} {err!r} "
                  f"vs {p.returncode} {p.stdout!r} {p.stderr!r}")
        check(rc == 1 and out == b"" and err, f"logname {args!r}: refused",
              err)
    rc, out, err = ours("", env=["LOGNAME="])
    check(rc == 1 and b"no login name" in err, "an empty name", err)
    rc, out, err = ours("--help")
    check(rc == 0 and out.startswith(b"Usage: logname"), "--help", out)
