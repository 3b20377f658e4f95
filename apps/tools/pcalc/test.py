"""pcalc (apps/tools/pcalc): typed expressions evaluated as Python
evaluates them with every operation wrapped to 64 bits; bad expressions
refused with the reason."""
import re

from harness import Run, check

M = (1 << 64) - 1
TEXT = 0xE6E9EF
DANGER = 0xE5484D


class U(int):
    """An unsigned 64-bit integer: each operation wraps as pcalc's."""
    def _w(f):
        return lambda a, b=None: U(f(int(a), None if b is None else int(b))
                                   & M)
    __add__ = _w(lambda a, b: a + b)
    __sub__ = _w(lambda a, b: a - b)
    __mul__ = _w(lambda a, b: a * b)
    __floordiv__ = _w(lambda a, b: a // b)
    __mod__ = _w(lambda a, b: a % b)
    __and__ = _w(lambda a, b: a & b)
    __or__ = _w(lambda a, b: a | b)
    __xor__ = _w(lambda a, b: a ^ b)
    __lshift__ = _w(lambda a, b: a << b if b < 64 else 0)
    __rshift__ = _w(lambda a, b: a >> b if b < 64 else 0)
    __invert__ = _w(lambda a, b: ~a)
    __neg__ = _w(lambda a, b: -a)


def py_eval(expr, ans=0):
    e = re.sub(r"0[xob][0-9a-fA-F]+|\d+", lambda m: f"U({m.group(0)})",
               expr).replace("/", "//")
    return int(eval(e, {"U": U, "ans": U(ans)}))


EXPRS = [
    "0xff << 4 | 0b1010",
    "-1",
    "~0 >> 60",
    "(123456789 * 987654321) % 1000007",
    "0xdeadbeef ^ 0o777 & 0x0f0f",
    "1 << 63 + 1",
    "0xffffffffffffffff * 0xffffffffffffffff",
    "1 - 2 - 3",
    "100 / 7 * 7 + 100 % 7",
    "(1 << 62) * 4 + 5",
    "~(0x0f & 0x3c) + 2 * (3 + 4)",
    "ans * 3 - 1",
    "0xfedcba9876543210 + 0",
    "ans >> 32 ^ ans",
    "0xfedcba9876543210 + 0",
]
BAD = [("7 / (3 - 3)", "division by zero"), ("2 +", "number expected"),
       ("0x1ffffffffffffffff", "number too big"), ("(1 + 2", "')' expected"),
       ("3 4", "operator expected")]


def test_pcalc_matches_python_with_64_bit_wrap():
    script, t = "", 500
    for e in EXPRS + [b for b, _ in BAD]:
        script += f"{t} type {e}\n{t + 150} key Enter\n{t + 250} key Escape\n"
        t += 350
    r = Run(["pcalc"], script=script, started=True, size="800x600",
            until=[lambda lines: sum("] pcalc: " in x for x in lines)
                   >= len(EXPRS) + len(BAD)])
    check(not r.timed_out, "pcalc answered every expression",
          r.out[-1500:])
    said = [x.split("] pcalc: ", 1)[1] for x in r.lines if "] pcalc: " in x]
    ans = 0
    for e, got in zip(EXPRS, said):
        ans = py_eval(e, ans)
        check(got == f"= {ans}", f"{e} = {ans}", got)
    for (e, why), got in zip(BAD, said[len(EXPRS):]):
        check(got.startswith("error " + why), f"{e!r}: {why}", got)
    check(r.count(DANGER) > 50, "the last error shown in the status row",
          r.count(DANGER))
    check(r.count(TEXT) > 1500, "the four bases drawn", r.count(TEXT))
    r.cleanup()
