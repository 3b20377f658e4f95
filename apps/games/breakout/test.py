"""breakout (apps/games/breakout): Space serves, the first rise of the
ball breaks a brick; the paddle then runs to the far left, away from
where the ball comes down, and a life is lost."""
import re

from harness import Run, check, window_of

ACCENT = 0x3B82F6  # the paddle
DANGER = 0xE5484D  # the top row of bricks


def test_breakout_breaks_bricks_and_loses_a_life():
    script = "400 key Space\n"
    script += "".join(f"{450 + 30 * i} key Left\n" for i in range(10))
    r = Run(["breakout"], script=script, started=True,
            until=["breakout: bricks 32 lives 3",
                   re.compile(r"breakout: bricks \d+ lives 2$")])
    check(not r.timed_out, "breakout lost a life", r.out[-1500:])
    said = [tuple(map(int, m.groups())) for m in
            (re.search(r"\[breakout\] breakout: bricks (\d+) lives (\d)$", x)
             for x in r.lines) if m]
    check(said[0] == (32, 3), "a new game: 32 bricks, 3 lives", said)
    bricks = [b for b, _ in said]
    check(bricks == sorted(bricks, reverse=True) and bricks[-1] < 32,
          "bricks only go, and the ball broke at least one", said)
    check([l for _, l in said] == [3] * (len(said) - 1) + [2],
          "one life lost, at the end", said)
    check(not r.has("game over"), "not over with two lives left")
    x, y, w, h = window_of(r, "breakout")
    box = r.bbox(ACCENT, (x, y + h - 24, x + w, y + h))
    check(box is not None and box[0] == x and box[2] == x + 48,
          "the paddle was moved to the far left", box)
    check(0 < r.count(DANGER, (x, y, x + w, y + h)) <= 8 * 38 * 12,
          "the top row is drawn",
          r.count(DANGER, (x, y, x + w, y + h)))
    r.cleanup()
