"""expenses (apps/productivity/expenses): expenses added, listed and
summed in whole cents, checked against Python's own sums; malformed
amounts, dates and commands refused without touching the ledger; junk
lines in the ledger skipped."""
import datetime
import os
import shutil
import tempfile

import harness
from command import run_command
from harness import check


def test_expenses_adds_lists_and_sums_exactly():
    tmp = tempfile.mkdtemp(prefix="vyoma-expenses-")
    ledger = os.path.join(tmp, ".vyoma", "appdata", "user", "expenses",
                          "expenses.txt")

    def run(args):
        return run_command("expenses " + args, extra=["--data", tmp],
                           apps=os.path.join(harness.BUILD, "apps"))

    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    adds = [(None, "12.50", "food", "lunch with Ana"),
            ("2026-01-31", "3", "bus", ""),
            ("2024-02-29", "0.05", "food", ""),
            (None, "999999999999.99", "house", "a castle"),
            ("2025-12-01", "7.4", "food", "tea")]
    for date, amount, cat, note in adds:
        rc, out, err = run("add " + (f"-d {date} " if date else "") +
                           f"{amount} {cat} {note}")
        check(rc == 0 and out == b"" and err == b"",
              f"added {amount} {cat}", out + err)
    cents = [round(float(a) * 100) if len(a) < 12 else 99999999999999
             for _, a, _, _ in adds]
    rows = [f"{d or today} {f'{c // 100}.{c % 100:02d}':>10} {cat}" +
            (f" {note}" if note else "")
            for (d, _, cat, note), c in zip(adds, cents)]
    rc, out, err = run("list")
    check(rc == 0 and out.decode() == "".join(r + "\n" for r in rows),
          "every expense listed, as added", out + err)
    rc, out, err = run("list food")
    check(rc == 0 and out.decode() == "".join(
        r + "\n" for r, a in zip(rows, adds) if a[2] == "food"),
        "food's listed", out + err)
    for cat in (None, "food", "bus", "house", "none"):
        total = sum(c for c, a in zip(cents, adds) if cat in (None, a[2]))
        rc, out, err = run("sum" + (f" {cat}" if cat else ""))
        check(rc == 0 and out == f"{total // 100}.{total % 100:02d}\n"
              .encode(), f"the sum of {cat or 'all'}", out + err)
    before = open(ledger, "rb").read()
    for args, why in (("add abc food", b"invalid amount"),
                      ("add -5 food", b"invalid amount"),
                      ("add 1.234 food", b"invalid amount"),
                      ("add 0 food", b"invalid amount"),
                      ("add 0.00 food", b"invalid amount"),
                      ("add 1,50 food", b"invalid amount"),
                      ("add 12. food", b"invalid amount"),
                      ("add 1.2.3 food", b"invalid amount"),
                      ("add 1000000000000 food", b"invalid amount"),
                      ("add 5", b"missing amount"),
                      ("add -d 2026-02-30 5 food", b"invalid date"),
                      ("add -d 2026-13-01 5 food", b"invalid date"),
                      ("add -d 26-01-01 5 food", b"invalid date"),
                      ("add -d 2026-01-011 5 food", b"invalid date"),
                      ("spend 5 food", b"unknown command"),
                      ("", b"missing command"),
                      ("sum a b", b"too many")):
        rc, out, err = run(args)
        check(rc == 1 and out == b"" and why in err, f"{args!r} refused",
              out + err)
    check(open(ledger, "rb").read() == before, "the ledger untouched")
    with open(ledger, "a") as f:
        f.write("junk\n2026-01-01\tx\tfood\t\n2026-01-01\t0\tfood\t\n"
                "2026\t100\tfood\t\n2026-01-02\t100\t\tnone\n"
                "2026-01-03\t250\tfood\tok")
    rc, out, err = run("sum food")
    total = sum(c for c, a in zip(cents, adds) if a[2] == "food") + 250
    check(rc == 0 and out == f"{total // 100}.{total % 100:02d}\n".encode(),
          "junk lines skipped, a last line without newline counted",
          out + err)
    rc, out, err = run("--help")
    check(rc == 0 and out.startswith(b"Usage: expenses"), "--help",
          out + err)
    shutil.rmtree(tmp, ignore_errors=True)
