"""units (apps/productivity/units): conversions of every kind checked
against Python's arithmetic from the units' definitions (a mile is
5280 feet of 12 inches of 2.54 cm, a US gallon 231 cubic inches);
unknown units, units of two kinds and malformed numbers refused."""
import os

import harness
from command import run_command
from harness import check

INCH = 0.0254
GAL = 231 * INCH ** 3 * 1000          # litres
LB = 0.45359237
SI = {"m": 1, "km": 1000, "cm": .01, "mm": .001, "um": 1e-6, "nm": 1e-9,
      "mi": 5280 * 12 * INCH, "yd": 36 * INCH, "ft": 12 * INCH, "in": INCH,
      "nmi": 1852,
      "kg": 1, "g": 1e-3, "mg": 1e-6, "t": 1000, "lb": LB, "oz": LB / 16,
      "st": 14 * LB,
      "l": 1, "ml": 1e-3, "m3": 1000, "gal": GAL, "qt": GAL / 4,
      "pt": GAL / 8, "cup": GAL / 16, "floz": GAL / 128,
      "tbsp": GAL / 256, "tsp": GAL / 768,
      "B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "KiB": 2 ** 10,
      "MiB": 2 ** 20, "GiB": 2 ** 30, "TiB": 2 ** 40, "bit": 1 / 8}
KINDS = [["m", "km", "cm", "mm", "um", "nm", "mi", "yd", "ft", "in", "nmi"],
         ["kg", "g", "mg", "t", "lb", "oz", "st"],
         ["l", "ml", "m3", "gal", "qt", "pt", "cup", "floz", "tbsp", "tsp"],
         ["B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB", "bit"]]
TO_K = {"C": lambda v: v + 273.15, "F": lambda v: (v - 32) * 5 / 9 + 273.15,
        "K": lambda v: v}
FROM_K = {"C": lambda k: k - 273.15, "F": lambda k: (k - 273.15) * 9 / 5 + 32,
          "K": lambda k: k}


def units(args):
    return run_command("units " + args,
                       apps=os.path.join(harness.BUILD, "apps"))


def agree(out, want, units_to):
    lines = out.decode().splitlines()
    if len(lines) != len(want):
        return False
    for line, w, u in zip(lines, want, units_to):
        num, unit = line.split(" ")
        tol = (0.51 if abs(w) >= 1e12 else 1.01e-6) + abs(w) * 1e-12
        if unit != u or abs(float(num) - w) > tol:
            return False
        if "." in num and (num.endswith("0") or len(num.split(".")[1]) > 6):
            return False
    return True


def test_units_agree_with_python():
    for i, kind in enumerate(KINDS):
        for value in ("1", "12.5", "-3", "0.001"):
            v = float(value)
            for frm in kind[::3] + kind[1:2]:
                want = [v * SI[frm] / SI[to] for to in kind]
                rc, out, err = units(f"{value} {frm} " + " ".join(kind))
                check(rc == 0 and agree(out, want, kind),
                      f"{value} {frm} in every unit of its kind",
                      out + err)
    for value in ("98.6", "-40", "0", "451", "-459.67"):
        for frm in "CFK":
            k = TO_K[frm](float(value))
            want = [FROM_K[to](k) for to in "CFK"]
            rc, out, err = units(f"{value} {frm} C F K")
            check(rc == 0 and agree(out, want, "CFK"),
                  f"{value} {frm} in C, F and K", out + err)
    rc, out, err = units("10 km mi")
    check(rc == 0 and out == b"6.213712 mi\n", "the example", out + err)


def test_units_refuses_what_it_cannot_convert():
    for args, why in (("1 km kg", b"cannot convert between kinds: kg"),
                      ("1 C B", b"cannot convert between kinds: B"),
                      ("1 furlong m", b"unknown unit: furlong"),
                      ("1 m parsec", b"unknown unit: parsec"),
                      ("1 M km", b"unknown unit: M"),
                      ("1x m km", b"not a number"),
                      ("1.2.3 m km", b"not a number"),
                      ("- m km", b"not a number"),
                      ("1e3 m km", b"not a number"),
                      ("'' m km", b"not a number"),
                      ("99999999999999999 km nm", b"result too large"),
                      ("1 m", b"missing operand")):
        rc, out, err = units(args)
        check(rc == 1 and out == b"" and why in err, f"{args!r} refused",
              out + err)
    rc, out, err = units("2 m cm kg mm")
    check(rc == 1 and out == b"200 cm\n2000 mm\n" and b"kg" in err,
          "a bad target refused, the others converted", out + err)
    rc, out, err = units("--help")
    check(rc == 0 and out.startswith(b"Usage: units"), "--help", out + err)
