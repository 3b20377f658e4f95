"""mines (apps/games/mines): flag and unflag a cell, open the corner
(never a mine, and none next to it, so it opens a patch), start again;
checked on what it reports and on its pixels."""
import re

from harness import Run, check

CLOSED = 0x3A4457   # a closed cell (VY_UI_BORDER)


def test_mines_flags_opens_and_starts_again():
    script = "500 type f\n700 type f\n900 key Space\n1400 type n\n"
    r = Run(["mines"], script=script,
            started=True,
            until=[lambda lines: sum("[mines] mines: opened" in x
                                     for x in lines) >= 4])
    check(not r.timed_out, "mines reported four changes", r.out[-1500:])
    said = [tuple(map(int, m.groups())) for m in
            (re.search(r"mines: opened (\d+) flags (\d+)$", x)
             for x in r.lines) if m]
    check(said[:2] == [(0, 1), (0, 0)], "F flags the cell, F again unflags",
          said)
    check(len(said) >= 3 and 4 <= said[2][0] <= 71 and said[2][1] == 0,
          "the first opening is safe and opens the patch around it", said)
    check(not any("mines: lost" in x for x in r.lines), "no mine went off")
    check(said[-1] == (0, 0), "N: a new field, all closed", said)
    check(r.count(CLOSED) > 9 * 9 * 200, "the new field's closed cells",
          r.count(CLOSED))
    r.cleanup()
