"""uuidgen (apps/tools/uuidgen): version 4 UUIDs, parsed back by
Python's uuid module; all different; bad counts refused."""
import os
import re
import uuid

import harness
from command import run_command
from harness import check


def test_uuidgen_makes_distinct_version_4_uuids():
    apps = os.path.join(harness.BUILD, "apps")
    rc, out, err = run_command("uuidgen -r -C 500", apps=apps)
    lines = out.decode().splitlines()
    check(rc == 0 and len(lines) == 500, "-C 500: 500 lines", out[:200] + err)
    form = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                      r"[0-9a-f]{12}")
    check(all(form.fullmatch(x) for x in lines),
          "each in util-linux's lower-case form", lines[:3])
    parsed = [uuid.UUID(x) for x in lines]
    check(all(u.version == 4 and u.variant == uuid.RFC_4122 and
              str(u) == x for u, x in zip(parsed, lines)),
          "Python reads each back as version 4, RFC variant", lines[:3])
    check(len(set(lines)) == 500, "all different", len(set(lines)))
    # Each of the 122 random bits is set in some UUID and clear in another.
    ors = ands = 0
    for u in parsed:
        ors |= u.int
        ands = ands & u.int if ands else u.int
    check(bin(ors).count("1") == 128 - 4 and ands == (4 << 76 | 2 << 62),
          "the random bits vary; version and variant bits are fixed",
          (hex(ors), hex(ands)))
    rc, out, err = run_command("uuidgen", apps=apps)
    check(rc == 0 and len(out) == 37, "one by default", out + err)
    for bad in ("-C x", "-C", "-C 1x", "extra", "-z"):
        rc, out, err = run_command("uuidgen " + bad, apps=apps)
        check(rc == 1 and out == b"", f"{bad!r} refused", out + err)
    rc, out, err = run_command("uuidgen --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: uuidgen"), "--help", out + err)
