"""fifteen (apps/games/fifteen): moves by the arrow keys and by letters,
counted one by one; N deals again."""
import re

from harness import Run, check

ACCENT = 0x3B82F6   # a tile in its place
RAISED = 0x2B3345   # a tile out of place


def test_fifteen_moves_and_deals_again():
    keys = ["key Left", "key Right", "key Up", "key Down", "type a",
            "type d", "type w", "type s"]
    script = "".join(f"{500 + 150 * i} {k}\n" for i, k in enumerate(keys))
    script += f"{500 + 150 * len(keys) + 300} type n\n"
    r = Run(["fifteen"], script=script,
            started=True,
            until=[lambda lines: sum("[fifteen] fifteen: shuffled" in x
                                     for x in lines) >= 2])
    check(not r.timed_out, "fifteen dealt twice", r.out[-1500:])
    said = [tuple(map(int, m.groups())) for m in
            (re.search(r"fifteen: moves (\d+) in place (\d+)$", x)
             for x in r.lines) if m]
    check(len(said) >= 4, "most keys moved a tile", said)
    check([m for m, _ in said] == list(range(1, len(said) + 1)),
          "each move counted once", said)
    check(all(0 <= p <= 15 for _, p in said), "tiles in place: 0 to 15",
          said)
    check(r.count(ACCENT) + r.count(RAISED) > 10 * 56 * 56,
          "fifteen tiles are drawn", (r.count(ACCENT), r.count(RAISED)))
    r.cleanup()
