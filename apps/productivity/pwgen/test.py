"""pwgen (apps/productivity/pwgen): lengths and counts as asked, every
class asked for present and no other, no repeats, digits spread evenly;
bad lengths, counts and options refused."""
import collections
import os
import string

import harness
from command import run_command
from harness import check

SYMBOLS = set("!#$%&()*+,-./:;<=>?@[]^_{|}~")
CLASSES = {"l": set(string.ascii_lowercase), "u": set(string.ascii_uppercase),
           "d": set(string.digits), "s": SYMBOLS}


def pwgen(args):
    return run_command("pwgen " + args,
                       apps=os.path.join(harness.BUILD, "apps"))


def test_pwgen_lengths_classes_and_distinct():
    for args, length, count, want in (("", 16, 1, "lud"),
                                      ("-n 4 -c 50 -l -u -d -s", 4, 50,
                                       "luds"),
                                      ("-n 256 -c 3", 256, 3, "lud"),
                                      ("-c 200 -s", 16, 200, "s"),
                                      ("-n 12 -c 100 -ud", 12, 100, "ud"),
                                      ("-n 30 -c 20 -l", 30, 20, "l")):
        rc, out, err = pwgen(args)
        pws = out.decode().split("\n")
        check(rc == 0 and pws[-1] == "" and len(pws) == count + 1,
              f"pwgen {args}: {count} lines", out[:300] + err)
        pws = pws[:-1]
        allowed = set().union(*(CLASSES[c] for c in want))
        check(all(len(p) == length for p in pws), f"{args}: {length} long",
              pws[:3])
        check(all(set(p) <= allowed and
                  all(set(p) & CLASSES[c] for c in want) for p in pws),
              f"{args}: each of {want} and nothing else", pws[:3])
        check(len(set(pws)) == len(pws), f"{args}: no two the same", pws[:3])
    rc, out, err = pwgen("-n 16 -c 1000 -d")
    counts = collections.Counter(out.decode().replace("\n", ""))
    check(rc == 0 and sorted(counts) == list(string.digits) and
          all(1200 < n < 2000 for n in counts.values()),
          "16000 digits spread evenly (1600 each, give or take)", counts)


def test_pwgen_refuses_bad_arguments():
    for args, why in (("-n 3", b"length"), ("-n 257", b"length"),
                      ("-n x", b"length"), ("-n ''", b"length"),
                      ("-c 0", b"count"), ("-c 1001", b"count"),
                      ("-c -1", b"count"), ("-x", b"invalid option"),
                      ("-n", b"requires an argument"),
                      ("extra", b"extra operand")):
        rc, out, err = pwgen(args)
        check(rc == 1 and out == b"" and why in err, f"pwgen {args} refused",
              out + err)
    rc, out, err = pwgen("--help")
    check(rc == 0 and out.startswith(b"Usage: pwgen"), "--help", out + err)
