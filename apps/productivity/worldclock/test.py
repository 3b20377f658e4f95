"""worldclock (apps/productivity/worldclock): the time said for each
city chosen equals Python's, from the same UTC now and the city's
standard offset (either side of a minute's turn)."""
import datetime
import re

from harness import Run, check

SELECT = 0x2D4F8A   # the chosen row

CITIES = [("Honolulu", -600), ("Anchorage", -540), ("Los Angeles", -480),
          ("Denver", -420), ("Chicago", -360), ("New York", -300),
          ("St. John's", -210), ("Sao Paulo", -180), ("UTC", 0),
          ("London", 0), ("Paris", 60), ("Cairo", 120), ("Moscow", 180),
          ("Dubai", 240), ("Karachi", 300), ("Delhi", 330),
          ("Kathmandu", 345), ("Dhaka", 360), ("Bangkok", 420),
          ("Singapore", 480), ("Tokyo", 540), ("Adelaide", 570),
          ("Sydney", 600), ("Auckland", 720)]


def said_for(name, minutes, now):
    t = now + datetime.timedelta(minutes=minutes)
    a = abs(minutes)
    return (f"{name:<16}{t:%a %H:%M} UTC{'-' if minutes < 0 else '+'}"
            f"{a // 60}:{a % 60:02d}")


def names(lines):
    """The cities said, in order, a repeat (a minute's turn) once."""
    out = []
    for x in lines:
        if x.startswith("[worldclock] worldclock: "):
            name = x.split(": ", 1)[1][:16].rstrip()
            if not out or out[-1] != name:
                out.append(name)
    return out


def test_worldclock_agrees_with_python():
    utc = datetime.timezone.utc
    steps = ["key Home"] + ["key Down"] * 23 + ["key Down", "key Up",
                                                 "key End"]
    script = "".join(f"{400 + 40 * i} {s}\n" for i, s in enumerate(steps))
    want = [CITIES[i][0] for i in [8, 0] + list(range(1, 24)) + [22, 23]]
    before = datetime.datetime.now(utc)
    r = Run(["worldclock"], script=script, started=True,
            until=lambda lines: names(lines) == want)
    after = datetime.datetime.now(utc)
    check(not r.timed_out, "worldclock took every key", r.out[-1500:])
    said = [x.split("[worldclock] worldclock: ", 1)[1] for x in r.lines
            if x.startswith("[worldclock] worldclock: ")]
    check(len(said) >= 28, "a line for each move", said)
    offsets = dict(CITIES)
    for got in said:
        name = got[:16].rstrip()
        minutes = offsets.get(name, 0)
        ok = name in offsets and got in (said_for(name, minutes, before),
                                         said_for(name, minutes, after))
        check(ok, f"{name}'s time as Python has it",
              (got, said_for(name, minutes, before)))
    check(r.count(SELECT) > 300 * 20, "the chosen row shows",
          r.count(SELECT))
    r.cleanup()
