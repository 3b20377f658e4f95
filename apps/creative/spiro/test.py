"""spiro (apps/creative/spiro): keys change R, r and d as logged; each
curve's pixel count is what Python's own trace of the hypotrochoid (math
cos/sin, same sampling) gives, and the screen shows that many."""
import math
import re

from harness import Run, check, window_of

ACCENT = 0x3B82F6
S = 240


def curve_pixels(R, r, d):
    """Pixels of the closed hypotrochoid, sampled every 0.02 and joined
    by Bresenham lines, as the app is documented to draw it."""
    on = set()

    def line(x0, y0, x1, y1):
        dx, sx = abs(x1 - x0), 1 if x0 < x1 else -1
        dy, sy = -abs(y1 - y0), 1 if y0 < y1 else -1
        e = dx + dy
        while True:
            if 0 <= x0 < S and 0 <= y0 < S:
                on.add((x0, y0))
            if (x0, y0) == (x1, y1):
                return
            e2 = 2 * e
            if e2 >= dy:
                e += dy
                x0 += sx
            if e2 <= dx:
                e += dx
                y0 += sy

    def rnd(v):
        return int(v - 0.5) if v < 0 else int(v + 0.5)

    end = 2 * math.pi * r / math.gcd(R, r)
    t, prev = 0.0, None
    while True:
        t = min(t, end)
        k = (R - r) / r * t
        p = (S // 2 + rnd((R - r) * math.cos(t) + d * math.cos(k)),
             S // 2 + rnd((R - r) * math.sin(t) - d * math.sin(k)))
        if prev:
            line(*prev, *p)
        prev = p
        if t >= end:
            break
        t += 0.02
    return len(on)


def test_spiro_keys_change_params_and_pixels():
    keys = ["key Up", "key Right", "type +", "key Shift+Down", "type -"]
    script = "".join(f"{600 + 250 * i} {k}\n" for i, k in enumerate(keys))
    r = Run(["spiro"], script=script, started=True,
            until=[lambda ls: sum("spiro: R" in x for x in ls) >= 6])
    check(not r.timed_out, "spiro drew six curves", r.out[-1500:])
    got = [tuple(int(v) for v in m.groups()) for m in
           (re.search(r"spiro: R (\d+) r (\d+) d (\d+) pixels (\d+)$", x)
            for x in r.lines) if m]
    params = [(90, 35, 50), (91, 35, 50), (91, 36, 50), (91, 36, 51),
              (86, 36, 51), (86, 36, 50)]
    check([g[:3] for g in got] == params, "each key changed its parameter",
          got)
    counts = [g[3] for g in got]
    check(len(set(counts)) == len(counts), "every change changed the curve",
          counts)
    want = [curve_pixels(*p) for p in params]
    check(all(abs(a - b) <= b // 100 for a, b in zip(counts, want)),
          "pixel counts as Python traces them", (counts, want))
    x0, y0, _, _ = window_of(r, "spiro")
    shown = r.count(ACCENT, (x0 + 8, y0 + 40, x0 + 8 + S, y0 + 40 + S))
    check(counts and shown == counts[-1], "the screen shows the last curve",
          (shown, counts[-1:]))
    r.cleanup()
