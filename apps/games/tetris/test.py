"""tetris (apps/games/tetris): pieces steered by the arrow keys and hard
dropped by Space land, clear rows and score exactly as a Python copy of
the rules says, given the kinds the game logged; a paused game ignores
the keys; a game chosen by its number deals the pieces a Python copy of
its generator says, so a row is cleared on purpose."""
import re

from harness import Run, check

SELECT = 0x2D4F8A   # a locked cell (14x14 pixels)

# The pieces' cells as in main.c: bits y * 4 + x of the box.
SHAPES = {"I": 0x00F0, "O": 0x0660, "T": 0x0072, "S": 0x0036, "Z": 0x0063,
          "J": 0x0071, "L": 0x0074}
# (quarter turns, columns to move) for each piece, then Space.
PLAN = [(0, -4), (0, 4), (1, -2), (0, 0), (1, 2), (2, -3), (0, 3), (3, 1),
        (0, -1), (1, 4), (0, -5), (2, 0), (1, -4), (0, 5)]


def kinds(game, n):
    """The first n kinds game number `game` deals (main.c's spawn)."""
    out, deal = [], game
    for _ in range(n):
        deal = (deal * 1103515245 + 12345) % 2 ** 32
        out.append("IOTSZJL"[(deal >> 16) % 7])
    return "".join(out)


def cells(mask):
    return [(i & 3, i >> 2) for i in range(16) if mask >> i & 1]


def turn(kind, mask):
    n = 4 if kind in "IO" else 3
    return sum(1 << (x * 4 + n - 1 - y) for x, y in cells(mask))


def fits(board, mask, px, py):
    return all(0 <= px + x < 10 and 0 <= py + y < 20 and
               not board[py + y][px + x] for x, y in cells(mask))


def play(board, kind, turns, move):
    """Where the piece lands, the rows it clears."""
    mask, px, py = SHAPES[kind], 3, 0
    for _ in range(turns):
        if fits(board, turn(kind, mask), px, py):
            mask = turn(kind, mask)
    step = 1 if move > 0 else -1
    for _ in range(abs(move)):
        if fits(board, mask, px + step, py):
            px += step
    while fits(board, mask, px, py + 1):
        py += 1
    for x, y in cells(mask):
        board[py + y][px + x] = 1
    full = [row for row in board if all(row)]
    rest = [row for row in board if not all(row)]
    board[:] = [[0] * 10 for _ in full] + rest
    return px, py, len(full)


def test_tetris_drops_pieces_by_the_rules():
    script, t = "", 500
    for turns, move in PLAN:
        keys = ["Up"] * turns + ["Right" if move > 0 else "Left"] * abs(move)
        for k in keys + ["Space"]:
            script += f"{t} key {k}\n"
            t += 40
    # Paused, the piece neither moves nor drops; then it drops unmoved.
    for k in ["type p", "key Left", "key Space", "type p", "key Space"]:
        script += f"{t} {k}\n"
        t += 40
    plan = PLAN + [(0, 0)]
    r = Run(["tetris"], script=script, started=True,
            until=lambda lines: sum("tetris: piece " in x
                                    for x in lines) >= len(plan))
    check(not r.timed_out, "every piece locked", r.out[-1500:])
    logged = [m.groups() for m in
              (re.search(r"\[tetris\] tetris: piece (\d+) ([IOTSZJL]) at "
                         r"(-?\d+),(\d+) lines (\d+) score (\d+)$", x)
               for x in r.lines) if m]
    check([int(n) for n, *_ in logged] == list(range(1, len(plan) + 1)),
          "each piece counted once", logged)
    board = [[0] * 10 for _ in range(20)]
    lines = score = 0
    want = []
    for (n, kind, *_), (turns, move) in zip(logged, plan):
        px, py, cleared = play(board, kind, turns, move)
        score += [0, 100, 300, 500, 800][cleared] * (lines // 10 + 1)
        lines += cleared
        want.append((n, kind, str(px), str(py), str(lines), str(score)))
    check(logged == want, "pieces land, clear and score by the rules",
          f"\n got {logged}\nwant {want}")
    filled = sum(map(sum, board))
    check(filled > 0 and r.count(SELECT) == filled * 14 * 14,
          "the well shows every locked cell", (filled, r.count(SELECT)))
    check(not r.has("tetris: game over"), "no game over yet")
    r.cleanup()


def test_tetris_game_number_deals_known_pieces_and_clears_a_row():
    """The first game numbered to deal I, I, O: the two Is flat in
    columns 0-3 and 4-7, the O in 8-9, fill the bottom row; it clears
    (100 points) and the O's top half drops to the floor."""
    game = next(g for g in range(1, 10000) if kinds(g, 3) == "IIO")
    plan = [(0, -3), (0, 1), (0, 4)]
    board = [[0] * 10 for _ in range(20)]
    want = [play(board, kind, *move) for kind, move in zip("IIO", plan)]
    check([c for _, _, c in want] == [0, 0, 1],
          "the plan clears the bottom row with the O", want)
    script, t = "500 type g\n", 540
    for k in ["type " + str(game), "key Enter"]:
        script += f"{t} {k}\n"
        t += 40
    for turns, move in plan:
        keys = ["Right" if move > 0 else "Left"] * abs(move)
        for k in keys + ["Space"]:
            script += f"{t} key {k}\n"
            t += 40
    # Nothing locks in the first, random game before G at 500 ms (a
    # row falls in 800), so a third piece is the chosen game's.
    r = Run(["tetris"], script=script, started=True,
            until=["tetris: piece 3 "])
    check(r.has(f"[tetris] tetris: game {game}"), f"game {game} started",
          r.out[-800:])
    after = r.out.split(f"tetris: game {game}", 1)[-1]
    logged = re.findall(r"tetris: piece (\d+) ([IOTSZJL]) at (-?\d+),(\d+) "
                        r"lines (\d+) score (\d+)", after)
    check([k for _, k, *_ in logged] == list("IIO"),
          "its pieces are the generator's", logged)
    check(logged and logged[-1][4:] == ("1", "100"),
          "the bottom row cleared: one line, 100 points", logged)
    check(r.count(SELECT) == 2 * 14 * 14,
          "what is left is the O's top half, on the floor",
          r.count(SELECT))
    r.cleanup()
