"""tty (apps/tools/tty): with stdin a pipe, ours and the host's GNU tty
must agree ("not a tty", status 1; -s silent); with stdin a terminal (a
pty), ours names one with status 0; bad options and operands are GNU's
status 2."""
import os
import pty
import subprocess

import harness
from command import matches_gnu, run_command
from harness import check


def both(args):
    return matches_gnu("tty", args, b"x\n")


def test_tty_matches_gnu():
    """A pipe is not a tty; a pty is; -s, --silent, bad options."""
    rc, out, err = both("")
    check((rc, out) == (1, b"not a tty\n"), "a pipe", out)
    for args in ("-s", "--silent", "--quiet", "-ss", "-- ", "-z", "-sz",
                 "--bogus", "extra", "-s extra"):
        both(args)
    master, slave = pty.openpty()
    try:
        p = subprocess.run([harness.supervisor_binary(), "--apps",
                            os.path.join(harness.BUILD, "apps"), "--env",
                            "TTY=/dev/pts/7", "--run", "tty"], stdin=slave,
                           capture_output=True, timeout=60)
        check((p.returncode, p.stdout) == (0, b"/dev/pts/7\n"),
              "a terminal is named, status 0", p.stdout + p.stderr)
        p = subprocess.run([harness.supervisor_binary(), "--apps",
                            os.path.join(harness.BUILD, "apps"),
                            "--run", "tty -s"], stdin=slave,
                           capture_output=True, timeout=60)
        check((p.returncode, p.stdout) == (0, b""), "-s: status 0 alone",
              p.stdout + p.stderr)
    finally:
        os.close(master)
        os.close(slave)
    rc, out, err = run_command("tty --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: tty"), "--help", out)
