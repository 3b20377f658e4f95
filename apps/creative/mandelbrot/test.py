"""mandelbrot (apps/creative/mandelbrot): zoom and pan keys change the
logged view by exact amounts; zoomed into the main cardioid, the black
(in-set) pixels grow and cover what Python's cardioid formula says."""
import re

from harness import Run, check, window_of

ONE = 1 << 28
HEADER, ROW = 32, 24


def in_cardioid(x, y):
    """The main cardioid and the period-2 bulb: points surely in the set."""
    q = (x - 0.25) ** 2 + y * y
    return q * (q + (x - 0.25)) <= y * y / 4 or (x + 1) ** 2 + y * y <= 1 / 16


def test_mandelbrot_zoom_pan_and_inset_pixels():
    keys = ["type +", "type +", "type +", "key Up", "key Down", "type -",
            "type +"]
    script = "".join(f"{600 + 200 * i} {k}\n" for i, k in enumerate(keys))
    r = Run(["mandelbrot"], script=script, started=True,
            until=[lambda ls: sum("mandelbrot: view" in x for x in ls) >= 8])
    check(not r.timed_out, "mandelbrot drew 8 frames", r.out[-1500:])
    views = [tuple(int(v) for v in m.groups()) for m in
             (re.search(r"mandelbrot: view (-?\d+) (-?\d+) scale (\d+) "
                        r"inset (\d+)$", x) for x in r.lines) if m]
    step0 = 3 * ONE // 320
    want = [(-ONE // 2, 0, step0), (-ONE // 2, 0, step0 // 2),
            (-ONE // 2, 0, step0 // 4), (-ONE // 2, 0, step0 // 8),
            (-ONE // 2, -40 * (step0 // 8), step0 // 8),
            (-ONE // 2, 0, step0 // 8), (-ONE // 2, 0, step0 // 8 * 2),
            (-ONE // 2, 0, step0 // 8)]
    check([v[:3] for v in views] == want, "each key moved the view as said",
          views)
    check(views and views[3][3] > 2 * views[0][3],
          "zoomed into the interior: many more in-set pixels",
          [v[3] for v in views])
    x0, y0, w, h = window_of(r, "mandelbrot")
    vh = h - HEADER - ROW
    box = (x0, y0 + HEADER, x0 + w, y0 + HEADER + vh)
    black = r.count(0x000000, box)
    cx, cy, step = (v / ONE for v in want[-1])
    sure = sum(in_cardioid(cx + (x - w // 2) * step, cy + (y - vh // 2) * step)
               for y in range(vh) for x in range(w))
    check(views and black == views[-1][3], "the screen shows what it logged",
          (black, views[-1:]))
    check(sure - w <= black <= sure + w * vh // 20,
          "black pixels cover the cardioid Python computes", (black, sure))
    r.cleanup()
