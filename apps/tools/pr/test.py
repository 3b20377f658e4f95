"""pr (apps/tools/pr): files with a fixed modification time in a home
mounted as /home/user, paginated by ours and by the host's GNU pr (TZ
UTC); stdout and the exit status must match, byte for byte."""
import os
import re
import shutil
import subprocess
import tempfile

import harness
from command import run_command
from harness import check

WHEN = 1709214300  # 2024-02-29 13:45:00 UTC


def both(args, home, stdin=b""):
    rc, out, err = run_command("pr " + args, stdin=stdin,
                               apps=os.path.join(harness.BUILD, "apps"),
                               extra=["--home", home, "--env",
                                      "PWD=/home/user"])
    p = subprocess.run(["pr"] + args.split(), cwd=home, input=stdin,
                       capture_output=True, env={"LC_ALL": "C", "TZ": "UTC"})
    return (rc, out, bool(err)), (p.returncode, p.stdout, bool(p.stderr))


def test_pr_matches_gnu():
    """Pages of 66 and of other lengths, -h, -w, -t, form feeds, a last
    line without a newline, several files, stdin; bad lengths, a missing
    file and a bad option refused."""
    home = tempfile.mkdtemp(prefix="vyoma-pr-")
    files = {"long": b"".join(b"line %d\n" % i for i in range(1, 150)),
             "exact": b"".join(b"%d\n" % i for i in range(56)),
             "ff": b"a\fb\nc\n\fd\n", "nonl": b"x\ny", "empty": b""}
    for name, data in files.items():
        path = os.path.join(home, name)
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (WHEN, WHEN))
    try:
        for args in ("long", "exact", "-l 20 long", "-l 11 long",
                     "-l 10 long", "-l 15 ff", "-t long", "-h Title long",
                     "-h A_very_long_title_that_goes_on_and_on_and_on_and_on_"
                     "and_on -l 14 long", "-w 40 -l 14 long",
                     "-l 12 nonl exact", "empty", "-l 0 long", "-l x long",
                     "-w 0 long", "nosuch long", "-q long"):
            ours, gnu = both(args, home)
            check(ours == gnu, f"pr {args}: as GNU's",
                  f"{ours!r:.600} vs {gnu!r:.600}")
        ours, gnu = both("-l 14 -h T", home, b"one\ntwo\n")
        date = rb"\d{4}-\d\d-\d\d \d\d:\d\d"
        check(re.sub(date, b"D", ours[1]) == re.sub(date, b"D", gnu[1]) and
              ours[0] == gnu[0] == 0, "stdin: dated now", ours)
    finally:
        shutil.rmtree(home)
    rc, out, err = run_command("pr --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: pr"), "--help", out)
