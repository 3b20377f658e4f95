"""journal (apps/productivity/journal): entries for today and yesterday
written by keys and saved as /data/YYYY-MM-DD.txt; an entry emptied is
removed; days found by the arrows and Home; an entry longer than it holds is shown, read only."""
import datetime
import os

from harness import Run, check

ACCENT = 0x3B82F6   # the cursor


def test_journal_writes_two_days_and_moves_between_them():
    today = datetime.datetime.now(datetime.timezone.utc).date()
    day = lambda n: (today + datetime.timedelta(days=n)).isoformat()

    def prepare(r):
        d = r.app_data("journal")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, day(-1) + ".txt"), "w") as f:
            f.write("old\n")
        with open(os.path.join(d, day(-7) + ".txt"), "w") as f:
            f.write("a" * 16001)
    steps = ["type Dear diary", "key Enter", "type ok", "key Left",
             "type more", "key Right", "key Right", "type x",
             "key Backspace", "key Home", "key Up", "type z", "key Down"]
    script = "".join(f"{400 + 80 * i} {s}\n" for i, s in enumerate(steps))
    r = Run(["journal"], script=script, prepare=prepare, started=True,
            until=lambda lines: sum("[journal] journal: " in x
                                    for x in lines) >= 26)
    check(not r.timed_out, "journal took every key", r.out[-1500:])
    said = [x.split("[journal] journal: ", 1)[1] for x in r.lines
            if x.startswith("[journal] journal: ")]
    want = ([f"{day(0)} 0 bytes"] +
            [f"{day(0)} {n} bytes" for n in range(1, 14)] +
            [f"{day(-1)} 4 bytes"] +
            [f"{day(-1)} {n} bytes" for n in range(5, 9)] +
            [f"{day(0)} 13 bytes", f"{day(1)} 0 bytes", f"{day(1)} 1 bytes",
             f"{day(1)} 0 bytes", f"{day(0)} 13 bytes",
             f"{day(-7)} 16000 bytes", f"{day(0)} 13 bytes"])
    check(said == want, "each key said, days moved to and read back", said)
    d = r.app_data("journal")
    files = {n: open(os.path.join(d, n)).read() for n in os.listdir(d)}
    check(files == {day(0) + ".txt": "Dear diary\nok",
                    day(-1) + ".txt": "old\nmore",
                    day(-7) + ".txt": "a" * 16001},
          "two entries saved whole, the emptied one removed, the long one "
          "untouched (typing there changed nothing)", {k: v[:40] for k, v in files.items()})
    check(r.count(ACCENT) > 20, "the cursor shows", r.count(ACCENT))
    r.cleanup()
