"""cal (apps/productivity/cal): months and whole years compared byte for
byte with Python's calendar.TextCalendar(6) (Debian's cal/ncal is not
installed here); months and years out of range or malformed refused."""
import calendar
import datetime
import os

import harness
from command import run_command
from harness import check

PY = calendar.TextCalendar(6)


def cal(args):
    return run_command(("cal " + args).strip(),
                       apps=os.path.join(harness.BUILD, "apps"))


def test_cal_matches_python():
    for y in (1, 1752, 1900, 2000, 2024, 2026, 9999):
        rc, out, err = cal(str(y))
        check(rc == 0 and out.decode() == PY.formatyear(y),
              f"the year {y}", out[:400] + err)
    for m, y in ((2, 2024), (9, 1752), (1, 1), (12, 9999), (2, 2015),
                 (8, 2027), (5, 99)):
        rc, out, err = cal(f"{m} {y}")
        check(rc == 0 and out.decode() == PY.formatmonth(y, m),
              f"{m} {y}", out + err)
    before = datetime.datetime.now(datetime.timezone.utc)
    rc, out, err = cal("")
    after = datetime.datetime.now(datetime.timezone.utc)
    check(rc == 0 and out.decode() in (PY.formatmonth(before.year,
                                                      before.month),
                                       PY.formatmonth(after.year,
                                                      after.month)),
          "this month", out + err)


def test_cal_refuses_bad_dates():
    for args, why in (("0 2024", b"invalid month"), ("13 2024",
                      b"invalid month"), ("x 2024", b"invalid month"),
                      ("-1 2024", b"invalid month"),
                      ("+3 2024", b"invalid month"),
                      ("1 0", b"invalid year"), ("1 10000", b"invalid year"),
                      ("2024x", b"invalid year"), ("99999999999999999999",
                      b"invalid year"), ("1 2 3", b"too many arguments")):
        rc, out, err = cal(args)
        check(rc == 1 and out == b"" and why in err, f"cal {args} refused",
              out + err)
    rc, out, err = cal("--help")
    check(rc == 0 and out.startswith(b"Usage: cal"), "--help", out + err)
