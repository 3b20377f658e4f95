"""maze (apps/games/maze): maze 1 carved again in Python (the same
generator, seeded with 1), checked cell by cell against the screenshot,
then walked out of by the shortest path a Python BFS finds, after one
step into the outer wall, which is refused."""
from collections import deque

from harness import Run, check, said, window_of

CW, CH, U, TOP = 10, 8, 12, 40
BORDER = 0x3A4457  # a wall
BG = 0x161B26      # a passage
STEPS = {"Up": (0, -1), "Down": (0, 1), "Left": (-1, 0), "Right": (1, 0)}


def carve(num):
    """The walls of maze num: 1 wall, 0 passage, grid (2*CH+1) rows."""
    m = 0xFFFFFFFF
    seed = (num * 2654435761 & m) ^ 0x9E3779B9
    wall = [[1] * (2 * CW + 1) for _ in range(2 * CH + 1)]
    order = [(0, -1), (0, 1), (-1, 0), (1, 0)]
    stack, wall[1][1] = [(0, 0)], 0
    while stack:
        x, y = stack[-1]
        can = [(dx, dy) for dx, dy in order
               if 0 <= x + dx < CW and 0 <= y + dy < CH and
               wall[2 * (y + dy) + 1][2 * (x + dx) + 1]]
        if not can:
            stack.pop()
            continue
        seed ^= seed << 13 & m
        seed ^= seed >> 17
        seed ^= seed << 5 & m
        dx, dy = can[seed % len(can)]
        wall[2 * y + 1 + dy][2 * x + 1 + dx] = 0
        wall[2 * y + 1 + 2 * dy][2 * x + 1 + 2 * dx] = 0
        stack.append((x + dx, y + dy))
    return wall


def bfs(wall):
    """The shortest walk from the top-left cell to the bottom-right."""
    prev, q = {(0, 0): None}, deque([(0, 0)])
    while q:
        x, y = q.popleft()
        for k, (dx, dy) in STEPS.items():
            n = (x + dx, y + dy)
            if n not in prev and not wall[2 * y + 1 + dy][2 * x + 1 + dx]:
                prev[n] = ((x, y), k)
                q.append(n)
    keys, at = [], (CW - 1, CH - 1)
    while prev[at]:
        at, k = prev[at]
        keys.append(k)
    return keys[::-1]


def test_maze_walls_block_and_the_way_out_works():
    wall = carve(1)
    keys = bfs(wall)
    script = "400 key Up\n" + "".join(
        f"{450 + 20 * i} key {k}\n" for i, k in enumerate(keys))
    r = Run(["maze"], script=script, started=True,
            until=["maze: escaped in"])
    check(not r.timed_out, "maze 1 was escaped", r.out[-1500:])
    got = [x[len("maze: "):] for x in said(r, "maze")]
    want, x, y = ["1 at 0 0 moves 0", "blocked"], 0, 0
    for i, k in enumerate(keys, 1):
        x, y = x + STEPS[k][0], y + STEPS[k][1]
        want.append(f"1 at {x} {y} moves {i}")
    want.append(f"escaped in {len(keys)} moves")
    check(got == want, "each step as the Python maze has it", (got, want))
    wx, wy, _, _ = window_of(r, "maze")
    drawn = [[r.rows[wy + TOP + gy * U + 6][wx + 8 + gx * U + 6] == BORDER
              for gx in range(2 * CW + 1)] for gy in range(2 * CH + 1)]
    check(drawn == [[bool(c) for c in row] for row in wall],
          "the walls drawn are the Python maze's walls")
    r.cleanup()
