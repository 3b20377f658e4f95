"""tictactoe (apps/games/tictactoe): X plays the first free cell of
5, 1, 2, ... 9 by number keys; the computer answers every turn and never
loses; N starts again."""
import re

from harness import Run, check

DANGER = 0xE5484D   # the computer's O


def test_tictactoe_plays_to_the_end_and_never_loses():
    keys = "5123467892"
    script = "".join(f"{500 + 200 * i} type {k}\n" for i, k in
                     enumerate(keys))
    script += f"{500 + 200 * len(keys) + 300} type n\n"
    r = Run(["tictactoe"], script=script,
            started=True,
            until=["[tictactoe] tictactoe: new game"])
    check(not r.timed_out, "the game ended and a new one began",
          r.out[-1500:])
    turns = [m.groups() for m in
             (re.search(r"tictactoe: X (\d) O ([\d-])$", x) for x in r.lines)
             if m]
    cells = [c for t in turns for c in t if c != "-"]
    check(3 <= len(turns) <= 5 and len(cells) == len(set(cells)),
          "a turn per X move, every cell played once", turns)
    check(all(o != "-" for _, o in turns[:-1]),
          "the computer answers every turn but the last", turns)
    ends = [x for x in r.lines if re.search(r"tictactoe: (X wins|O wins|"
                                            r"draw)$", x)]
    check(len(ends) == 1 and not ends[0].endswith("X wins"),
          "one result, never a win for X", ends)
    check(r.count(DANGER) == 0, "N cleared the board",
          r.count(DANGER))
    r.cleanup()
