"""reversi (apps/games/reversi): a Python Othello plays black (the legal
move turning the fewest discs) against the app; every move of both sides
and every disc count must be what Python's own flipping says, with the
computer taking the move turning the most; illegal moves are refused;
the board on screen holds the counted discs."""
import re

from harness import Run, check, window_of

BLACK, WHITE = 0x161B26, 0xE6E9EF   # disc colours: VY_UI_BG, VY_UI_TEXT


def turned(b, sq, s):
    """The squares a disc of s at sq turns (a1 top-left is 0)."""
    if b[sq]:
        return []
    out = []
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            r, c, line = sq // 8 + dr, sq % 8 + dc, []
            while (dr or dc) and 0 <= r < 8 and 0 <= c < 8 and \
                    b[r * 8 + c] == -s:
                line.append(r * 8 + c)
                r, c = r + dr, c + dc
            if line and 0 <= r < 8 and 0 <= c < 8 and b[r * 8 + c] == s:
                out += line
    return out


def name(sq):
    return "abcdefgh"[sq % 8] + str(sq // 8 + 1)


def put(b, sq, s):
    for t in turned(b, sq, s) + [sq]:
        b[t] = s
    return f"black {b.count(1)} white {b.count(-1)}"


def moves(b, s):
    return [i for i in range(64) if turned(b, i, s)]


def test_reversi_flips_like_python():
    b = [0] * 64
    b[27] = b[36] = -1
    b[28] = b[35] = 1
    cur, keys, said = 19, [], []

    def goto(to):
        nonlocal cur
        dr, dc = to // 8 - cur // 8, to % 8 - cur % 8
        keys.extend(["Down" if dr > 0 else "Up"] * abs(dr) +
                    ["Right" if dc > 0 else "Left"] * abs(dc) + ["Enter"])
        cur = to

    goto(27)                        # taken by white
    said.append("illegal d4")
    goto(0)                         # turns nothing
    said.append("illegal a1")
    over = False
    for _ in range(14):
        mine = moves(b, 1)
        if not mine:
            break
        sq = min(mine, key=lambda i: (len(turned(b, i, 1)), i))
        goto(sq)
        said.append(f"you {name(sq)} " + put(b, sq, 1))
        while True:
            theirs = moves(b, -1)
            if theirs:
                m = max(theirs, key=lambda i: (len(turned(b, i, -1)), -i))
                said.append(f"computer {name(m)} " + put(b, m, -1))
            if moves(b, 1):
                if not theirs:
                    said.append("computer passes")
                break
            if not theirs or not moves(b, -1):
                said.append(f"game over black {b.count(1)} "
                            f"white {b.count(-1)}")
                over = True
                break
            said.append("you pass")
        if over:
            break
    script = "".join(f"{500 + 25 * i} key {k}\n" for i, k in enumerate(keys))
    r = Run(["reversi"], script=script, started=True,
            until=lambda lines: sum("[reversi] reversi: " in x
                                    for x in lines) >= len(said))
    check(not r.timed_out, "every move was answered", r.out[-1500:])
    got = [x.split("reversi: ", 1)[1] for x in r.lines
           if x.startswith("[reversi] reversi: ")]
    check(got == said, "moves and counts as Python flips them",
          f"\n got {got}\nwant {said}")
    check(sum(x.startswith("computer ") for x in said) >= 10,
          "the computer answered", said)
    x0, y0, _, _ = window_of(r, "reversi")
    box = (x0 + 8, y0 + 40, x0 + 8 + 320, y0 + 40 + 320)
    counts = (r.count(BLACK, box) // (28 * 28), r.count(WHITE, box) //
              (28 * 28))
    check(counts == (b.count(1), b.count(-1)), "the board shows the discs",
          (counts, b.count(1), b.count(-1)))
    r.cleanup()
