"""base (apps/tools/base): numbers in each base, checked against
Python's own formatting; malformed and too-big numbers refused."""
import os

import harness
from command import run_command
from harness import check


def expect(v):
    return f"{v} {v:#x} {v:#o} {v:#b}\n".encode()


def test_base_converts_and_refuses_what_does_not_fit():
    apps = os.path.join(harness.BUILD, "apps")
    values = [0, 1, 255, 4096, 0xDEADBEEF, 2**63, 2**64 - 1]
    words = ["0", "0b1", "0xff", "0o10000", "0xdead_beef",
             "9223372036854775808", "0xFFFFFFFFFFFFFFFF"]
    rc, out, err = run_command("base " + " ".join(words), apps=apps)
    check(rc == 0 and out == b"".join(expect(v) for v in values),
          "each number in all four bases, as Python writes them", out + err)
    rc, out, err = run_command("base -x 0755", apps=apps)
    check(rc == 0 and out == b"0x1ed\n",
          "a leading 0 is octal; -x prints hex alone", out + err)
    for bad in ("18446744073709551616", "0x1g", "12a", "0b102", "_1",
                "1__0", "1_", "0x", ""):
        rc, out, err = run_command(f"base 7 {bad} 8" if bad else "base",
                                   apps=apps)
        if bad:
            check(rc == 1 and out == expect(7) + expect(8) and
                  b"not a number" in err,
                  f"{bad!r} refused, the others printed", out + err)
        else:
            check(rc == 1 and b"missing number" in err, "no number",
                  out + err)
    rc, out, err = run_command("base --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: base"), "--help", out + err)
