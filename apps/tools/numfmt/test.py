"""numfmt (apps/tools/numfmt): run beside the host's GNU numfmt with the
same arguments and stdin; stdout and the exit status must match."""
import os
import random

import harness
from command import matches_gnu, run_command
from harness import check


def both(args, stdin=b""):
    matches_gnu("numfmt", args, stdin, note=f" {stdin[:40]!r}")


def test_numfmt_matches_gnu():
    """--to si/iec/iec-i across scales and rounding edges, --from
    si/iec/iec-i/auto with decimals, --round, --suffix, --padding, lines
    from stdin; junk numbers (2) and bad options (1) refused."""
    rng = random.Random(20)
    nums = ["0", "1", "9", "999", "1000", "1001", "1023", "1024", "1500",
            "9999", "10000", "12345", "99999", "999999", "1000000",
            "123456789", "1048575", "1.5", "2.25", "0.04", "7.05",
            "999.5", "9.95", "99.95"] + \
        [str(rng.randrange(10 ** rng.randrange(1, 16))) for _ in range(40)]
    for to in ("si", "iec", "iec-i"):
        for rounding in ("", " --round=up", " --round=down",
                         " --round=towards-zero", " --round=nearest"):
            both(f"--to={to}{rounding} " + " ".join(nums))
    both(" ".join(nums))
    both("--to=si -- -1999 -1000 -999 -1.5 -12345")
    both("--to=si 18446744073709551615 1000000000000000000")
    both("--from=si 1K 1.5K 2M 1G 10 0.5K 1.2345K 1.25K")
    both("--from=iec 1K 1.5M 3G")
    both("--from=iec-i 1Ki 2Mi")
    both("--from=auto 1K 1Ki 3.2Mi 7")
    both("--from=si --to=iec 1M 5G")
    both("--from=iec --to=si --round=down 1M")
    both("--suffix=B --to=si 2000 3000B")
    both("--padding=8 --to=si 2000 30")
    both("--padding=-7 --to=iec 5000")
    both("--to=si", b"  1000 x y\n5000000 \n1000   x   y\n12\n")
    both("--from=si", b"4K rest\n")
    for bad in ("--to=si 2000 x 3000", "--from=si 1X", "--from=si 1Ki",
                "--from=iec-i 1K", "--to=si 1e3", "--to=si 1..5", "7K",
                "--to=bogus 1", "--round=bogus 1", "--padding=0 1",
                "--padding=x 1", "--bogus 1", "-q 1",
                "18446744073709551615"):
        both(bad)
    both("--to=si", b"1000\n\n2000\n")
    rc, out, err = run_command("numfmt --help",
                               apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.startswith(b"Usage: numfmt"), "--help", out)


def test_numfmt_fields_and_header_match_gnu():
    """--field lists and ranges over blank-split and -d fields (widths
    kept, a tab printed as a space), --header, and the bad field lists
    GNU refuses; numbers as given lose their leading zeros."""
    table = (b"Filesystem 1K-blocks Used Avail\n"
             b"root\t 1048576   524288  7340032\n"
             b"  tmp 2048 1000000000 3\n")
    for fields in ("2", "2,4", "2-", "-3", "-", "3 4", "2-3,4"):
        both(f"--header --to=iec --field={fields}", table)
    both("--header=2 --to=si --field 2-4", table)
    both("-d: --to=si --field=2,4", b"a:2000:b:3000000:c\n::\n")
    both("-d , --from=si --field 1-2", b"1K,2M,x\n")
    both("--field=2 --padding=-8 --to=si", b"x 123456 y\n")
    both("-- 007 -007 00.50 -0 .5 -.5 000")
    for bad in ("--field=0 1", "--field=3-2 1", "--field=1-2-3 1",
                "--field=x 1", "--field=1x 1", "--field=, 1",
                "--field=99999999999999999999 1", "--header=0 1",
                "-d ab 1", "-- 5."):
        both(bad)
    both("--field=2 --to=si", b"1000 x\n")
