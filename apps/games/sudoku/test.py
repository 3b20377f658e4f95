"""sudoku (apps/games/sudoku): the first deal's givens are as logged; a
solution found by a Python solver, typed cell by cell, is accepted as
solved; a given cannot be overwritten; a repeated digit is a conflict
shown in VY_UI_DANGER."""
import re

from harness import Run, check

DANGER = 0xE5484D
# Puzzle 1 as the app deals it (its log line is checked against this).
PUZZLE = ("654078203001605009087302046809234000070801030"
          "000567108460709380100406900705180624")


def solve(g):
    """Backtracking: the first grid (left to right) that keeps the rules."""
    g = list(g)

    def ok(i, d):
        r, c = divmod(i, 9)
        for j in range(81):
            rj, cj = divmod(j, 9)
            if g[j] == d and (rj == r or cj == c or
                              (rj // 3, cj // 3) == (r // 3, c // 3)):
                return False
        return True

    def go(i):
        if i == 81:
            return True
        if g[i] != "0":
            return go(i + 1)
        for d in "123456789":
            if ok(i, d):
                g[i] = d
                if go(i + 1):
                    return True
        g[i] = "0"
        return False

    return "".join(g) if go(0) else None


def test_sudoku_solves_and_shows_conflicts():
    sol = solve(PUZZLE)
    keys, typed = [], 0
    first_given = PUZZLE.index(next(d for d in PUZZLE if d != "0"))
    # A given cannot be changed: a digit typed on it is ignored.
    keys += ["key Right"] * first_given + ["type 9" if PUZZLE[first_given]
                                           != "9" else "type 1"]
    keys += ["key Left"] * first_given
    # Every row in a snake: left to right, then back.
    for r in range(9):
        cols = range(9) if r % 2 == 0 else range(8, -1, -1)
        for n, c in enumerate(cols):
            if PUZZLE[r * 9 + c] == "0":
                keys.append(f"type {sol[r * 9 + c]}")
                typed += 1
            if n < 8:
                keys.append("key Right" if r % 2 == 0 else "key Left")
        if r < 8:
            keys.append("key Down")
    # Then a wrong digit in the last blank of the bottom row.
    last = max(c for c in range(9) if PUZZLE[72 + c] == "0")
    wrong = next(d for d in "123456789" if d != sol[72 + last])
    keys += ["key Left"] * (8 - last) + [f"type {wrong}"]
    script = "".join(f"{500 + 25 * i} {k}\n" for i, k in enumerate(keys))
    r = Run(["sudoku"], script=script, started=True,
            until=lambda lines: sum(re.search(r"sudoku: \d\d \d filled", x)
                                    is not None for x in lines) >= typed + 1,
            timeout=30)
    check(not r.timed_out, "every digit was taken", r.out[-1500:])
    check(r.has(f"[sudoku] sudoku: puzzle 1 {PUZZLE}"),
          "puzzle 1's givens as the test solved them",
          [x for x in r.lines if "puzzle" in x])
    moves = [m.groups() for m in (re.search(
        r"sudoku: (\d)(\d) (\d) filled (\d+) conflicts (\d+)$", x)
        for x in r.lines) if m]
    check(len(moves) == typed + 1, "one line per typed blank, none for the "
          "given", len(moves))
    solved_at = [i for i, x in enumerate(r.lines)
                 if x.endswith("sudoku: solved")]
    check(len(solved_at) == 1, "solved once", solved_at)
    check(moves and moves[typed - 1][3:] == ("81", "0"),
          "the last right digit filled the grid", moves[typed - 1:])
    # The wrong digit: Python counts the cells that now repeat.
    g = list(sol)
    g[72 + last] = wrong
    clash = sum(any(g[j] == g[i] and j != i and
                    (j // 9 == i // 9 or j % 9 == i % 9 or
                     (j // 27, j % 9 // 3) == (i // 27, i % 9 // 3))
                    for j in range(81)) for i in range(81))
    check(moves and moves[-1] == ("9", str(last + 1), wrong, "81",
                                  str(clash)),
          "the wrong digit is a conflict", (moves[-1:], clash))
    n = r.count(DANGER)
    check(clash * (1024 - 512 - 300) <= n <= clash * 1024,
          "conflicting cells are drawn in VY_UI_DANGER", (n, clash))
    r.cleanup()
