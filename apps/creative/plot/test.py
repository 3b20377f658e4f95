"""plot (apps/creative/plot): "x*x" plotted, every column's point where
Python computes it; a sine counted right; malformed expressions refused
with an error line naming the column; huge powers do not crash it."""
import math
import re

from harness import Run, check, settler, window_of, windows_in

ACCENT = 0x3B82F6
PW, PH, UNIT = 320, 240, 16
HEADER = 32


def rows_of(f):
    """{column: pixel row} of f's points inside the view, as the app
    rounds them (half away from zero)."""
    out = {}
    for c in range(PW):
        v = f((c - PW // 2) / UNIT) * UNIT
        y = PH // 2 - (int(v - 0.5) if v < 0 else int(v + 0.5))
        if 0 <= y < PH:
            out[c] = y
    return out


def test_plot_draws_x_squared_and_refuses_bad_input():
    steps = ["type x*x", "key Enter", "key Escape", "type 3*sin(x)",
             "key Enter", "key Escape", "type (x+2", "key Enter",
             "key Escape", "type 2*$", "key Enter", "key Escape",
             "type sin(x^99)", "key Enter", "key Escape",
             "type 2^(x*999)", "key Enter", "key Escape",
             "type x*x", "key Enter"]
    script = "".join(f"{600 + 200 * i} {k}\n" for i, k in enumerate(steps))
    r = Run(["plot"], script=script, started=True,
            until=[lambda ls: sum("plot: y = x*x" in x for x in ls) >= 2])
    check(not r.timed_out, "plot plotted twice", r.out[-1500:])
    said = [x.split("[plot] plot: ", 1)[1] for x in r.lines
            if "[plot] plot: " in x]
    huge = [x for x in said if "^" in x]
    check(len(huge) == 2 and
          not r.has("trapped"),
          "huge powers and angles plotted (as gaps), not a trap", said)
    said = [x for x in said if x not in huge]
    sq, sine = rows_of(lambda x: x * x), rows_of(lambda x: 3 * math.sin(x))
    check(said == [f"y = x*x points {len(sq)}",
                   f"y = 3*sin(x) points {len(sine)}",
                   "error ) expected at 5 in (x+2",
                   "error unexpected character at 3 in 2*$",
                   f"y = x*x points {len(sq)}"],
          "points counted as Python's; errors named with their column", said)
    x0, y0, _, _ = window_of(r, "plot")
    px, py = x0 + 8, y0 + HEADER + 8 + 24 + 8
    bad = []
    prev = None
    for c in range(PW):
        col = [y for y in range(PH) if r.rows[py + y][px + c] == ACCENT]
        want = sq.get(c)
        if want is None:
            prev = None
            if col:
                bad.append((c, col))
            continue
        lo = min(want, prev if prev is not None else want)
        hi = max(want, prev if prev is not None else want)
        if not col or want not in col or min(col) < lo or max(col) > hi:
            bad.append((c, want, col[:3], col[-3:]))
        prev = want
    check(not bad, "every curve pixel lies where Python puts x*x", bad[:5])
    r.cleanup()


def test_plot_keeps_the_curve_over_a_resize():
    """Maximised and restored, plot draws the curve it had again, not a
    blank view (a resize redraws the whole window)."""
    clones = settler("plot")
    first = Run(["plot"], clones=clones, started=True, until=["vyoma: ready:"])
    wins = windows_in(first.lines)
    first.cleanup()
    x0, y0, _, _ = wins["plot"]
    qx, qy, _, _ = wins["settle-plot"]
    r = Run(["plot"], clones=clones, started=True, script=f"""
100 click {x0 + 10} {y0 + 10}
200 type x*x
400 key Enter
600 key Super+Up
700 key Super+Up
800 click {qx + 10} {qy + 10}
""", until=["[settle-plot] plot settled 2"])
    px, py = x0 + 8, y0 + HEADER + 8 + 24 + 8
    drawn = [c for c, y in rows_of(lambda x: x * x).items()
             if r.rows[py + y][px + c] == ACCENT]
    check(len(drawn) == len(rows_of(lambda x: x * x)) and
          any("plot: y = x*x" in x for x in r.lines),
          "every point of x*x is drawn again after the resize",
          (len(drawn), r.out[-600:]))
    r.cleanup()
