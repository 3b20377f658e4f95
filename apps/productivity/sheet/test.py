"""sheet (apps/productivity/sheet): numbers and formulas typed into
cells, each value checked against Python's arithmetic (thousandths, a
division truncated); a cycle shows #CYCLE, malformed formulas #ERR, a
division by zero #DIV/0; a change is seen by the cells that read it;
the sheet is saved in /data/sheet.txt."""
import os
from fractions import Fraction as F

from harness import Run, check

DANGER = 0xE5484D   # an error's text


def fmt(x):
    """Thousandths, truncated toward zero, as the sheet writes them."""
    v = int(x * 1000)
    s = ("-" if v < 0 else "") + str(abs(v) // 1000)
    if abs(v) % 1000:
        s += "." + f"{abs(v) % 1000:03d}".rstrip("0")
    return s


def test_sheet_computes_formulas_and_finds_errors():
    a1, a2 = F(10), F(10) * 2
    a3 = a1 + a2 + F(1, 2)
    a4 = (a1 + a2 + a3) / 3
    a5 = (a1 + 2) * 3 - a2 / 4 - F(-125, 100)
    a6 = F(2, 3) * 3          # 0.666 * 3 in thousandths
    # Column A down from A1, then B from B1 (Enter moves down).
    col_a = ["10", "=A1*2", "=SUM(A1:A2)+0.5", "=sum(a1:a3)/3",
             "=(A1 + 2)*3-a2/4--1.25", "=2/3*3", "apples", "=A7+1"]
    col_b = ["=B2+1", "=B1", "=1+", "=A1/0", "=SUM(A1)", "=A21", "=2*(3",
             "=I1", "=B9", "=SUM(A1:B2)", "=.", "-7.5"]
    steps = ["key Home"]
    for text in col_a:
        steps += [f"type {text}", "key Enter"]
    steps += ["key Home", "key Right"]
    for text in col_b:
        steps += [f"type {text}", "key Enter"]
    # A1 becomes 4; A3 is edited without change, to show it followed.
    steps += ["key Home", "type 4", "key Enter", "key Down", "key Enter",
              "key Enter", "key Up", "key Up", "key Right",
              "key Delete"]
    script = "".join(f"{400 + 50 * i} {s}\n" for i, s in enumerate(steps))
    r = Run(["sheet"], script=script, started=True, size="800x600",
            until=lambda lines: any(x.rstrip().endswith("sheet: B2 =")
                                    for x in lines))
    check(not r.timed_out, "sheet took every key", r.out[-1500:])
    said = [x.split("[sheet] sheet: ", 1)[1] for x in r.lines
            if x.startswith("[sheet] sheet: ")]
    want = [f"A1 = {fmt(a1)}", f"A2 = {fmt(a2)}", f"A3 = {fmt(a3)}",
            f"A4 = {fmt(int(a4 * 1000) / F(1000))}",
            f"A5 = {fmt(a5)}", f"A6 = {fmt(F(666, 1000) * 3)}",
            "A7 = apples", "A8 = 1",
            "B1 = 1", "B2 = #CYCLE", "B3 = #ERR", "B4 = #DIV/0",
            "B5 = #ERR", "B6 = #ERR", "B7 = #ERR", "B8 = #ERR",
            "B9 = #CYCLE", "B10 = #CYCLE", "B11 = #ERR", "B12 = -7.5",
            "A1 = 4", f"A3 = {fmt(F(4) + 8 + F(1, 2))}", "B2 ="]
    check([x.rstrip() for x in said] == want,
          "each cell's value as Python works it out", said)
    path = r.app_data("sheet", "sheet.txt")
    kept = open(path).read() if os.path.exists(path) else ""
    check(kept.startswith("A1\t4\nB1\t=B2+1\nA2\t=A1*2\nA3\t=SUM") and
          "B2\t" not in kept and "B12\t-7.5\n" in kept,
          "saved: a line a cell, the emptied one left out", kept)
    check(r.count(DANGER) > 100, "errors show in the danger colour",
          r.count(DANGER))
    r.cleanup()


def test_sheet_an_arrow_keeps_the_edit_and_moves():
    """Typing, then an arrow: the text is kept in the cell typed into and
    the arrow moves from it (the edit once went on into the next cell)."""
    steps = ["type 5", "key Right", "type 7", "key Down", "type =A1+B1",
             "key Left", "type x", "key Escape", "key Up", "key Enter",
             "key Backspace", "type 9", "key Enter"]
    script = "".join(f"{400 + 60 * i} {s}\n" for i, s in enumerate(steps))
    r = Run(["sheet"], script=script, started=True,
            until=["sheet: A1 = 9"])
    check(not r.timed_out, "sheet took every key", r.out[-1500:])
    said = [x.split("[sheet] sheet: ", 1)[1] for x in r.lines
            if x.startswith("[sheet] sheet: ")]
    check(said == ["A1 = 5", "B1 = 7", "B2 = 12", "A1 = 9"],
          "Right keeps A1, Down keeps B1, Left keeps B2, Escape drops A2's "
          "x; Up to A1, Enter edits it", said)
    kept = open(r.app_data("sheet", "sheet.txt")).read()
    check(sorted(kept.split("\n")) == ["", "A1\t9", "B1\t7", "B2\t=A1+B1"],
          "saved as kept", kept)
    r.cleanup()
