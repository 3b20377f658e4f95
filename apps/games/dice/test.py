"""dice (apps/games/dice): thousands of rolls with -v, each die checked
within its faces and each total against the sum Python makes of them;
the faces come out evenly; a seed repeats the rolls; malformed specs
are refused before anything is rolled."""
import os
import re

import harness
from command import run_command
from harness import check


def apps():
    return os.path.join(harness.BUILD, "apps")


def test_dice_rolls_within_bounds_and_sum():
    rc, out, err = run_command("dice -v -n 3000 -s 11 3d6+2 d20 2d4-3",
                               apps=apps())
    lines = out.decode().splitlines()
    check(rc == 0 and len(lines) == 9000, "3000 rolls of each spec",
          err)
    for spec, part in (("3d6+2", lines[:3000]), ("d20", lines[3000:6000]),
                       ("2d4-3", lines[6000:])):
        n, m, k = re.fullmatch(r"(\d*)d(\d+)([+-]\d+)?", spec).groups()
        n, m, k = int(n or 1), int(m), int(k or 0)
        bad, seen, total = [], set(), 0
        for line in part:
            terms, result = line.split(" = ")
            nums = re.split(r" ([+-]) ", terms)
            dice = [int(v) for v in nums[:2 * n:2]]
            extra = (int(nums[-1]) * (-1 if nums[-2] == "-" else 1)
                     if k else 0)
            if len(dice) != n or extra != k or \
                    not all(1 <= d <= m for d in dice) or \
                    sum(dice) + k != int(result):
                bad.append(line)
            seen.update(dice)
            total += int(result)
        check(not bad, f"{spec}: {n} dice of 1..{m}, plus {k}, summed",
              bad[:3])
        check(seen == set(range(1, m + 1)), f"{spec}: every face came up",
              seen)
        mean, want = total / 3000, n * (m + 1) / 2 + k
        check(abs(mean - want) < 0.1 * n * m / 2,
              f"{spec}: the mean is near {want}", mean)
    rc, out, _ = run_command("dice -n 6000 -s 3 d6", apps=apps())
    faces = [out.split().count(str(f).encode()) for f in range(1, 7)]
    check(all(850 < c < 1150 for c in faces), "a fair d6", faces)
    rc, again, _ = run_command("dice -n 6000 -s 3 d6", apps=apps())
    check(again == out, "the same seed, the same rolls")
    rc, other, _ = run_command("dice -n 6000 -s 4 d6", apps=apps())
    check(other != out, "another seed, other rolls")
    rc, out, _ = run_command("dice", apps=apps())
    check(rc == 0 and out.strip() in [str(i).encode() for i in range(1, 7)],
          "no spec: one d6", out)


def test_dice_refuses_malformed_specs():
    for bad in ("2d", "d", "0d6", "2d0", "2d6+", "abc", "2d6x", "1001d6",
                "2d6+-1", "2d6 +1", "d1000001", "3d6 1d20 x"):
        rc, out, err = run_command(f"dice {bad}", apps=apps())
        check(rc == 1 and out == b"" and b"not dice like 2d6+1" in err,
              f"dice {bad} is refused, nothing rolled", out + err)
    rc, out, err = run_command("dice --help", apps=apps())
    check(rc == 0 and out.startswith(b"Usage: dice"), "--help", out + err)
    for bad in ("-x", "-n 0", "-n", "-s abc"):
        rc, out, err = run_command(f"dice {bad} d6", apps=apps())
        check(rc == 1 and out == b"" and err.startswith(b"dice: "),
              f"dice {bad} is refused", err)
