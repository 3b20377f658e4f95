"""timer (apps/productivity/timer): a 2 s countdown set by digits, paused
for a second on the way, reaches zero no sooner than 3 s after it
started, saying each second once; at zero the window is the accent."""
import re

from harness import Run, check

ACCENT = 0x3B82F6   # vyoma_ui.h's VY_UI_ACCENT: the flash at zero


def test_timer_counts_down_pauses_and_flashes():
    script = ("400 type 9\n500 key Backspace\n600 type 2\n700 key Enter\n"
              "1200 key Space\n2200 key Space\n")
    r = Run(["timer"], script=script, started=True,
            until=["[timer] timer: done"])
    check(not r.timed_out, "the countdown reached zero", r.out[-1500:])
    said = [x.split("[timer] timer: ", 1)[1] for x in r.lines
            if x.startswith("[timer] timer: ")]
    check(said == ["set 9", "set 0", "set 2", "start 2", "paused 2",
                   "resumed 2", "1", "done"],
          "set, take back, set 2 s, start, pause, resume, 1, done", said)
    start = r.seen_at("timer: start 2")
    pause = r.seen_at("timer: paused")
    resume = r.seen_at("timer: resumed")
    done = r.seen_at("timer: done")
    check(None not in (start, pause, resume, done) and
          resume - pause >= 0.8 and
          done - start >= 2.0 + (resume - pause) - 0.15,
          "the pause held: zero came 2 s of running after the start",
          (start, pause, resume, done))
    check(r.count(ACCENT) > 240 * 90,
          "the window flashes in the accent at zero", r.count(ACCENT))
    r.cleanup()


def test_timer_digits_shift_in_unclamped():
    """9 0 0 is 9:00 (the 90 on the way was once clamped to 59, making
    5:59); four 9s are the most, 99:59."""
    script = "".join(f"{400 + 100 * i} type {c}\n"
                     for i, c in enumerate("9009999"))
    r = Run(["timer"], script=script, started=True,
            until=lambda lines: sum("timer: set" in x for x in lines) == 7)
    check(not r.timed_out, "every digit was taken", r.out[-1500:])
    said = [x.split("[timer] timer: ", 1)[1] for x in r.lines
            if x.startswith("[timer] timer: ")]
    # MMSS as typed, the oldest digit shifting out: 9009, 0099, 0999, 9999
    check(said == ["set 9", "set 90", "set 540", "set 5409", "set 99",
                   "set 639", "set 5999"],
          "seconds as typed; 99:99 held to 99:59", said)
    r.cleanup()
