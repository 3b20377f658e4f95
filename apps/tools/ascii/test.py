"""ascii (apps/tools/ascii): the table and the character lines checked
against Python's own ord() and number formatting; bad codes refused."""
import os

import harness
from command import run_command
from harness import check

CTL = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 "
       "DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US").split()


def name(c):
    return CTL[c] if c < 32 else "SP" if c == 32 else "DEL" if c == 127 \
        else chr(c)


def line(c):
    return f"{name(c):<3} {c:3d} 0x{c:02x} 0o{c:03o} 0b{c:07b}\n"


def test_ascii_table_and_codes():
    apps = os.path.join(harness.BUILD, "apps")
    rc, out, err = run_command("ascii", apps=apps)
    want = "   ".join(["Dec Hx Chr"] * 4) + "\n" + "".join(
        "   ".join(f"{c:3d} {c:02x} {name(c):<3}"
                   for c in range(r, 128, 32)).rstrip() + "\n"
        for r in range(32))
    check(rc == 0 and out == want.encode(), "the table", out + err)
    text = "Az~0!"
    rc, out, err = run_command("ascii Az~0! {", apps=apps)
    check(rc == 0 and out == "".join(line(ord(c)) for c in text + "{")
          .encode(), "each character of the arguments", out + err)
    rc, out, err = run_command("ascii -d 0 65 127 10 32 9", apps=apps)
    check(rc == 0 and out == "".join(line(c) for c in (0, 65, 127, 10, 32, 9))
          .encode(), "decimal codes", out + err)
    rc, out, err = run_command("ascii -x 7f 41 1B", apps=apps)
    check(rc == 0 and out == "".join(line(int(c, 16)) for c in
                                     ("7f", "41", "1B")).encode(),
          "hex codes", out + err)
    rc, out, err = run_command("ascii -d 65 128 x 1e9 66", apps=apps)
    check(rc == 1 and out == (line(65) + line(66)).encode() and
          err.count(b"ascii: ") == 3 and b"128: not ASCII" in err and
          b"x: not a code" in err, "bad codes refused, others printed",
          out + err)
    rc, out, err = run_command("ascii é", apps=apps)
    check(rc == 1 and out == b"" and b"not ASCII" in err,
          "a non-ASCII character refused", out + err)
    rc, out, err = run_command("ascii --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: ascii"), "--help", out + err)
    rc, out, err = run_command("ascii -q", apps=apps)
    check(rc == 1 and b"invalid option" in err, "a bad option", out + err)
