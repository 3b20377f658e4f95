"""turtle (apps/creative/turtle): "repeat 4 [fd 100 rt 90]" draws a
100x100 square where Python puts it; malformed lines are reported and
draw nothing; a repeat of none runs nothing; pen up moves without
drawing."""
from harness import Run, check, window_of

TEXT = 0xE6E9EF
CW, CH = 320, 240


def test_turtle_draws_a_square_and_reports_errors():
    lines = ["repeat 4 [fd 100 rt 90]", "fd x", "repeat 2 [fd 10",
             "jump 5", "fd 10 ]", "repeat 0 [fd 50 repeat 2 [rt 90]]",
             "pu bk 50 pd rt 90 fd 30"]
    script, t = "", 600
    for text in lines:
        script += f"{t} type {text}\n{t + 40 * len(text) + 100} key Enter\n"
        script += f"{t + 40 * len(text) + 200} key Escape\n"
        t += 40 * len(text) + 400
    r = Run(["turtle"], script=script, started=True,
            until=["turtle: segments 5"])
    check(not r.timed_out, "turtle ran every line", r.out[-1500:])
    said = [x.split("[turtle] turtle: ", 1)[1] for x in r.lines
            if "[turtle] turtle: " in x]
    check(said == ["segments 4",
                   "error number expected at 4 in fd x",
                   "error ] expected at 16 in repeat 2 [fd 10",
                   "error unknown command at 1 in jump 5",
                   "error unexpected ] at 7 in fd 10 ]",
                   "segments 4", "segments 5"],
          "segments counted (none for repeat 0, which once ran once); each "
          "bad line named with its column", said)
    x0, y0, _, _ = window_of(r, "turtle")
    cx, cy = x0 + 8, y0 + 32 + 8 + 24 + 8
    canvas = (cx, cy, cx + CW, cy + CH)
    # From the middle (160, 120) facing up: a square up and to the right,
    # then a pen-up jump 50 below the middle and 30 to the right, drawn.
    check(r.bbox(TEXT, canvas) == (cx + 160, cy + 20, cx + 261, cy + 171),
          "the square and the last line where Python puts them",
          (r.bbox(TEXT, canvas), (cx, cy)))
    top = sum(r.rows[cy + 20][cx + x] == TEXT for x in range(CW))
    jump = sum(r.rows[cy + 120 + y][cx + 160] == TEXT for y in range(1, 50))
    check(top == 101 and jump == 0,
          "the square's top edge is 101 pixels, the pen-up jump blank",
          (top, jump))
    r.cleanup()
