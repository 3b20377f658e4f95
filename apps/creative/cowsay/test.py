"""cowsay (apps/creative/cowsay): the balloon and cow byte for byte as
Debian's /usr/games/cowsay draws them (when installed; else the exact
layout written out here), for arguments, stdin paragraphs, long words and
-W; bad widths and options refused."""
import os
import subprocess

import harness
from command import run_command
from harness import check

REAL = "/usr/games/cowsay"
COW = (b"        \\   ^__^\n"
       b"         \\  (oo)\\_______\n"
       b"            (__)\\       )\\/\\\n"
       b"                ||----w |\n"
       b"                ||     ||\n")

CASES = [  # (arguments, stdin, what Debian's cowsay prints)
    ("hello", b"", b" _______\n< hello >\n -------\n" + COW),
    ("-W 10 a  b    ccccccccccccccc d", b"",
     b" ___________\n/ a b       \\\n| ccccccccc |\n\\ cccccc d  /\n"
     b" -----------\n" + COW),
    ("", b"one\n\ntwo\tthree  \n",
     b" ____________\n/ one        \\\n|            |\n\\ two three  /\n"
     b" ------------\n" + COW),
    ("", b"the quick brown fox jumps over the lazy dog and runs\n",
     b" _________________________________________\n"
     b"/ the quick brown fox jumps over the lazy \\\n"
     b"\\ dog and runs                            /\n"
     b" -----------------------------------------\n" + COW),
    ("", b"", b" __\n<  >\n --\n" + COW),
    ("-W 5", b" \n\n xxxxxxxxxxxx  \n\tcc\n\n\n", None),
]


def test_cowsay_matches_debian():
    apps = os.path.join(harness.BUILD, "apps")
    real = os.path.exists(REAL)
    for args, stdin, want in CASES:
        if real:
            want = subprocess.run([REAL] + args.split(), input=stdin,
                                  stdout=subprocess.PIPE).stdout
        elif want is None:
            continue
        rc, out, err = run_command(("cowsay " + args).strip(), apps=apps,
                                   stdin=stdin)
        check(rc == 0 and out == want,
              f"cowsay {args!r} {stdin!r} as Debian's", out + err)
    rc, out, err = run_command("cowsay --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: cowsay"), "--help", out + err)
    for bad in ("-W 1 hi", "-W x hi", "-q hi"):
        rc, out, err = run_command("cowsay " + bad, apps=apps)
        check(rc == 1 and out == b"" and b"cowsay: " in err,
              f"{bad!r} refused", out + err)
