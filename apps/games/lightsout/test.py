"""lightsout (apps/games/lightsout): the first puzzle solved by keys,
with presses found in Python by chasing the lights down the board;
every lit count the app says is checked against a Python model."""
import re

from harness import Run, check, said

LEVEL1 = 0x1C638A3  # bit row * 5 + col: the first puzzle
TEXT = 0xE6E9EF     # a light that is on
RAISED = 0x2B3345   # a light that is off


def press(board, i):
    r, c = divmod(i, 5)
    for rr, cc in ((r, c), (r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
        if 0 <= rr < 5 and 0 <= cc < 5:
            board ^= 1 << (rr * 5 + cc)
    return board


def solve(board):
    """Presses that switch board off: each first row, then chase."""
    for first in range(32):
        b, presses = board, [i for i in range(5) if first >> i & 1]
        for i in presses:
            b = press(b, i)
        for i in range(5, 25):
            if b >> (i - 5) & 1:
                b = press(b, i)
                presses.append(i)
        if b == 0:
            return presses
    return None


def test_lightsout_solves_the_first_puzzle():
    presses = solve(LEVEL1)
    keys, cur = ["Left"] * 3 + ["Up"] * 3, 0   # off the corner: stays
    for i in presses:
        dr, dc = i // 5 - cur // 5, i % 5 - cur % 5
        keys += (["Down"] * dr if dr > 0 else ["Up"] * -dr) + \
                (["Right"] * dc if dc > 0 else ["Left"] * -dc) + ["Space"]
        cur = i
    script = "".join(f"{400 + 15 * n} key {k}\n" for n, k in enumerate(keys))
    r = Run(["lightsout"], script=script, started=True,
            until=["lightsout: solved in"])
    check(not r.timed_out, "lightsout was solved", r.out[-1500:])
    got = [x[len("lightsout: "):] for x in said(r, "lightsout")]
    want, b = [f"level 1 lit {bin(LEVEL1).count('1')} moves 0"], LEVEL1
    for n, i in enumerate(presses, 1):
        b = press(b, i)
        want.append(f"level 1 lit {bin(b).count('1')} moves {n}")
    want.append(f"solved in {len(presses)} moves")
    check(got == want, "each press lights what the model lights",
          (got, want))
    x0, y0, x1, y1 = r.bbox(RAISED)
    check(r.count(TEXT, (x0, y0, x1, y1)) == 0 and
          r.count(RAISED) >= 25 * 48 * 48 - 100, "all 25 lights are off",
          r.count(RAISED))
    r.cleanup()
