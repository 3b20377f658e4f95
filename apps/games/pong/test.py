"""pong (apps/games/pong): the paddle moved to the top before a serve
that goes low, so the computer scores; then to the bottom, where the
next serve comes, and it is returned."""
from harness import Run, check, said, window_of

ACCENT = 0x3B82F6  # your paddle
HEADER, PH = 32, 40


def test_pong_scores_and_the_paddle_returns():
    script = "".join(f"{300 + 20 * i} key Up\n" for i in range(8))
    script += "500 key Space\n"
    # After the point: down to the bottom, then serve again.
    script += "".join(f"{2600 + 20 * i} key Down\n" for i in range(14))
    script += "3000 key Space\n"
    r = Run(["pong"], script=script, started=True,
            until=["pong: you 0 cpu 1", "pong: return"])
    check(not r.timed_out, "a point and a return", r.out[-1500:])
    got = [x[len("pong: "):] for x in said(r, "pong")]
    check(got[:3] == ["you 0 cpu 0", "you 0 cpu 1", "return"],
          "the paddle away: the computer scored; where the ball comes: "
          "returned", got)
    x, y, w, h = window_of(r, "pong")
    box = r.bbox(ACCENT, (x, y + HEADER, x + w // 2, y + h))
    check(box == (x + 8, y + h - PH, x + 14, y + h),
          "the paddle is drawn at the bottom", box)
    r.cleanup()
