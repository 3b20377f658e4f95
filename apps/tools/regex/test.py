"""regex (apps/tools/regex): patterns and text typed in; the logged
match count equals the count of Python's re.finditer over each line (for
patterns that mean the same in ERE and Python); a bad pattern reported."""
import re

from harness import Run, check

SELECT = 0x2D4F8A
DANGER = 0xE5484D

P1 = "[a-z]+[0-9]{2,}|fo+"
TEXT = ["foo bar42 baz7 qux123", "nothing here", "fooo fo f o99", "",
        "x00 y1 zz999"]
P2 = "^[A-Za-z]+|[0-9]+$|o"


def count(p):
    return sum(len(list(re.finditer(p, line))) for line in TEXT)


def test_regex_counts_matches_as_python():
    t = 500
    script = f"{t} type {P1}\n{t + 300} key Tab\n"
    t += 400
    for i, line in enumerate(TEXT):
        if i:
            script += f"{t} key Enter\n"
            t += 60
        if line:
            script += f"{t} type {line}\n"
            t += 40 * len(line) + 60
    script += (f"{t} key Tab\n{t + 100} key Escape\n{t + 200} type {P2}\n"
               f"{t + 1000} type (\n{t + 1300} key Backspace\n")
    text = "\n".join(TEXT)
    r = Run(["regex"], script=script, started=True, size="800x600",
            until=[lambda lines: sum(x.endswith(
                   f"(pattern {len(P2)} bytes, text {len(text)} bytes)")
                   for x in lines) == 2])
    check(not r.timed_out, "regex followed every key", r.out[-1500:])

    def said(plen):
        tail = f" (pattern {plen} bytes, text {len(text)} bytes)"
        return [x.split("] regex: ", 1)[1][:-len(tail)] for x in r.lines
                if "] regex: " in x and x.endswith(tail)]

    check(said(len(P1))[0] == f"{count(P1)} matches",
          f"{P1!r}: {count(P1)} matches, as Python finds", said(len(P1)))
    check(said(len(P2)) == [f"{count(P2)} matches"] * 2,
          f"{P2!r}: {count(P2)} matches, as Python finds", said(len(P2)))
    check(said(len(P2) + 1)[0].startswith("error Unmatched ( or \\("),
          "an unbalanced '(' is reported, Backspace mends it",
          said(len(P2) + 1))
    check(r.count(SELECT) > 8 * 16 * 10, "matches highlighted",
          r.count(SELECT))
    r.cleanup()
