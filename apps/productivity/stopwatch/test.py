"""stopwatch (apps/productivity/stopwatch): started, two laps, stopped,
reset by keys. Its times are the machine's, so the test checks their
order and their form, never their size."""
import re

from harness import Run, check

TIME = r"(\d+):(\d\d)\.(\d\d)"


def hundredths(m):
    return (int(m.group(1)) * 60 + int(m.group(2))) * 100 + int(m.group(3))


def test_stopwatch_laps_stops_and_resets():
    script = ("500 key Space\n900 type l\n1300 key Enter\n1700 key Space\n"
              "1900 type l\n2100 type r\n")
    r = Run(["stopwatch"], script=script,
            started=True,
            until=["[stopwatch] stopwatch: reset"])
    check(not r.timed_out, "the stopwatch was reset at the end",
          r.out[-1500:])
    said = [x.split("stopwatch: ", 1)[1] for x in r.lines
            if x.startswith("[stopwatch] stopwatch: ")]
    kinds = [s.split()[0] for s in said]
    check(kinds == ["started", "lap", "lap", "stopped", "reset"],
          "start, two laps, stop; a lap when stopped does nothing; reset",
          said)
    times = [hundredths(m) for m in (re.search(TIME + "$", s) for s in said)
             if m]
    check(len(times) == 3 and times[0] <= times[1] <= times[2],
          "the laps and the stop come in order of time", said)
    check(all(re.fullmatch(r"lap \d " + TIME, s) for s in said[1:3]),
          "laps are numbered and timed m:ss.cc", said)
    r.cleanup()
