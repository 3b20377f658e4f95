"""life (apps/creative/life): a glider placed with G, stepped four
generations with Space, keeps its five cells and moves one cell down
and right - on the console and on the screen (two runs compared)."""

from harness import Run, check

LIVE = 0x30A46C     # VY_UI_OK


def glider_after(steps):
    script = "500 type g\n" + "".join(f"{700 + 150 * i} key Space\n"
                                      for i in range(steps))
    want = f"[life] life: generation {steps} cells 5"
    r = Run(["life"], script=script,
            started=True,
            until=[want])
    return r, want


def test_life_glider_glides():
    r0, want0 = glider_after(0)
    r4, want4 = glider_after(4)
    check(not r0.timed_out and not r4.timed_out,
          "the glider was placed, then stepped four times",
          r4.out[-1500:])
    steps = [x for x in r4.lines if "life: generation" in x]
    check(steps == [f"[life] life: generation {g} cells 5"
                    for g in range(5)],
          "five live cells in every generation", steps)
    a, b = r0.bbox(LIVE), r4.bbox(LIVE)
    check(a is not None and b is not None and
          (b[0] - a[0], b[1] - a[1]) == (8, 8) and
          (a[2] - a[0], a[3] - a[1]) == (b[2] - b[0], b[3] - b[1]),
          "the same shape, one cell (8 px) down and right", (a, b))
    r0.cleanup()
    r4.cleanup()
