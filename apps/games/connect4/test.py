"""connect4 (apps/games/connect4): the computer's every reply, replayed
in Python from the log, takes an immediate win when it has one and
otherwise blocks yours; the first game sets up a block and a win; a
drop into a full column is refused; the screen shows the discs."""
import re

from harness import Run, check, counted

ACCENT, DANGER = 0x3B82F6, 0xE5484D   # your discs, the computer's


def wins(cols, c, s):
    """Whether s dropping in column c (0-6) makes four."""
    if len(cols[c]) == 6:
        return False
    r = len(cols[c])

    def at(y, x):
        if x == c and y == r:
            return s
        return cols[x][y] if 0 <= x < 7 and 0 <= y < len(cols[x]) else 0

    for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
        n = 1
        for k in (-1, 1):
            i = 1
            while i < 4 and at(r + k * i * dy, c + k * i * dx) == s:
                n, i = n + 1, i + 1
        if n >= 4:
            return True
    return False


GAME1 = ["key Enter", "key Right", "key Down", "type 6", "type 3",
         "type 7", "type 2"]
GAME2 = [f"type {c}" for c in "1114111"]


def test_connect4_takes_and_blocks():
    keys = GAME1 + ["type n"] + GAME2 + ["type n"]
    script = "".join(f"{500 + 60 * i} {k}\n" for i, k in enumerate(keys))
    r = Run(["connect4"], script=script, started=True,
            until=[counted("connect4: new game", 2)])
    check(not r.timed_out, "both games were played", r.out[-1500:])
    said = [x.split("connect4: ", 1)[1] for x in r.lines
            if x.startswith("[connect4] connect4: ")]
    games = " ".join(said).split("new game")
    check(len(games) == 3, "two games", said)
    takes = blocks = 0
    bad = []
    for text in games[:2]:
        cols = [[] for _ in range(7)]
        for who, c in re.findall(r"(you|computer) (\d)", text):
            c, s = int(c) - 1, 1 if who == "you" else -1
            if s < 0:
                mine = [x for x in range(7) if wins(cols, x, -1)]
                theirs = [x for x in range(7) if wins(cols, x, 1)]
                if mine:
                    takes += 1
                    if c not in mine:
                        bad.append(("missed a win", text))
                elif theirs:
                    blocks += 1
                    if c not in theirs:
                        bad.append(("did not block", text))
            if len(cols[c]) == 6:
                bad.append(("dropped in a full column", text))
            cols[c].append(s)
    check(not bad and takes >= 1 and blocks >= 1,
          "the computer takes its wins and blocks yours",
          (bad, takes, blocks))
    check(said[:12] == ["you 4", "computer 4", "you 5", "computer 3",
                        "you 6", "computer 7", "you 3", "computer 4",
                        "you 7", "computer 4", "you 2", "computer 4"] and
          said[12] == "computer wins",
          "game 1: cursor and digits drop, the computer wins", said[:13])
    check("full 1" in said, "a drop into a full column is refused", said)
    ones = games[1].count("you 1") + games[1].count("computer 1")
    check(ones == 6, "column 1 filled, no more", games[1])
    check(r.count(ACCENT) == 28 * 28 and r.count(DANGER) == 0,
          "a new game shows an empty board and the cursor disc",
          (r.count(ACCENT), r.count(DANGER)))
    r.cleanup()
