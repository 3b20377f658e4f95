"""charmap (apps/creative/charmap): arrows, End and a typed character
move the selection (wrapping at the ends); each logged code and its hex
match what Python computes, and the selected cell is where it should be."""
import re

from harness import Run, check, window_of

SELECT = 0x2D4F8A


def test_charmap_moves_and_logs_codes():
    keys = ["key Right", "key Down", "key Left", "key Up", "key Up",
            "key End", "key Right", "key Left", "type z"]
    script = "".join(f"{600 + 150 * i} {k}\n" for i, k in enumerate(keys))
    r = Run(["charmap"], script=script, started=True,
            until=["charmap: code 122 "])
    check(not r.timed_out, "charmap reached z", r.out[-1500:])
    got = [m.groups() for m in (re.search(r"charmap: code (\d+) (0x\w+)$", x)
                                for x in r.lines) if m]
    codes = [65, 66, 82, 81, 65, 49, 126, 32, 126, 122]
    check(got == [(str(c), f"0x{c:02X}") for c in codes],
          "each move logged with its code in decimal and hex", got)
    x0, y0, _, _ = window_of(r, "charmap")
    i = 122 - 32
    cell = (x0 + 8 + i % 16 * 24, y0 + 40 + i // 16 * 24)
    box = r.bbox(SELECT)
    check(box == (cell[0], cell[1], cell[0] + 24, cell[1] + 24),
          "the selected cell is z's", (box, cell))
    r.cleanup()
