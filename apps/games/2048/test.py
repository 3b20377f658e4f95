"""2048 (apps/games/2048): driven with the arrow keys and WASD, then N
for a new game; checked on the moves it reports and on its pixels."""
import re

from harness import Run, check, counted

TWO = 0x36507A     # the colour of a 2 tile
SURFACE = 0x202736  # the board


def test_2048_slides_merges_and_starts_again():
    """Moves that change the board are counted and scored (never less
    than before), a tile comes after each, N starts afresh."""
    keys = ["key Left", "key Right", "type a", "type d", "key Left",
            "key Right", "type a", "type d"]
    script = "".join(f"{400 + 150 * i} {k}\n" for i, k in enumerate(keys))
    script += f"{400 + 150 * len(keys) + 300} type n\n"
    r = Run(["2048"], script=script,
            started=True,
            until=[counted("[2048] 2048: left", 2),
                   counted("[2048] 2048: right", 2),
                   "[2048] 2048: new score 0"])
    check(not r.timed_out, "2048 took the moves and the new game",
          r.out[-1500:])
    moves = [tuple(map(int, m.groups())) for m in
             (re.search(r"2048: (?:left|right|up|down) score (\d+) best "
                        r"(\d+) tiles (\d+)$", line) for line in r.lines)
             if m]
    check(len(moves) >= 4, "most alternating moves change the board", moves)
    scores = [s for s, _, _ in moves]
    check(scores == sorted(scores), "the score never goes down", scores)
    check(all(2 <= b <= 64 and 2 <= t <= 2 + i + 1
              for i, (_, b, t) in enumerate(moves)),
          "one tile comes per move; the best tile is small yet", moves)
    new = [line for line in r.lines if "2048: new score 0" in line]
    check(new and re.search(r"best [24] tiles 2$", new[-1]),
          "N: a new board with two tiles", new)
    check(r.count(SURFACE) > 1000 and r.count(TWO) + r.count(0x3B6EB8) > 0,
          "the board and its tiles are drawn",
          (r.count(SURFACE), r.count(TWO)))
    r.cleanup()
