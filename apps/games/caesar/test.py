"""caesar (apps/games/caesar): rot13 by default, any shift, its inverse,
files and standard input; checked against Python's codecs rot13 and a
shift computed here."""
import codecs
import os
import tempfile

import harness
from command import run_command
from harness import check

TEXT = "The Quick Brown Fox, 1984: jumps over the lazy dog!\n"


def shifted(text, n):
    return "".join(chr((ord(c) - b + n) % 26 + b) if c.isalpha() and
                   c.isascii() else c for c in text
                   for b in [ord("a") if c.islower() else ord("A")])


def test_caesar_shifts_and_undoes():
    apps = os.path.join(harness.BUILD, "apps")
    rc, out, err = run_command("caesar", apps=apps, stdin=TEXT.encode())
    check(rc == 0 and out.decode() == codecs.encode(TEXT, "rot13"),
          "rot13 with no N, as Python's codec", out + err)
    for n in (3, 25, 27, -3, 1000):
        rc, out, err = run_command(f"caesar {n}", apps=apps,
                                   stdin=TEXT.encode())
        check(rc == 0 and out.decode() == shifted(TEXT, n), f"shift {n}",
              out + err)
    rc, out, err = run_command("caesar -7", apps=apps,
                               stdin=shifted(TEXT, 7).encode())
    check(rc == 0 and out.decode() == TEXT, "-7 undoes 7", out + err)
    d = tempfile.mkdtemp()
    with open(os.path.join(d, "a.txt"), "w") as f:
        f.write("abc\n")
    rc, out, err = run_command("caesar 1 /home/user/a.txt a.txt", apps=apps,
                               extra=["--home", d],
                               env=["PWD=/home/user"])
    check(rc == 0 and out == b"bcd\nbcd\n", "files after N", out + err)
    rc, out, err = run_command("caesar 1 -x", apps=apps)
    check(rc == 1 and b"--help" in err, "a bad option refused", out + err)
    rc, out, err = run_command("caesar --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: caesar"), "--help", out + err)
