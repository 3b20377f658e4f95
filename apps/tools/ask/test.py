"""ask (apps/tools/ask): one line to a service, its answer printed; the
power driver is the service here (hosted it has no button and no
battery, and still answers status)."""
import re

from console import Console, PROMPT
from harness import check


def test_ask_sends_a_line_and_prints_the_answer():
    """An answer on stdout with status 0; a service's error on stderr
    with status 1; no such service, bad options and no words refused."""
    c = Console(tools=("sh", "ask", "power"))
    try:
        check(c.expect(re.escape(PROMPT)) is not None, "the console is up")
        got = {}
        for line in ("ask power status", "ask power bogus words",
                     "ask nosuch ping", "ask -t 0 power status",
                     "ask power", "ask --help"):
            c.send(line.encode() + b"; echo status $?\r")
            m = c.expect(re.escape(line.encode()) +
                         rb"; echo status \$\?\r?\n(.*?)status (\d+)\r?\n")
            got[line] = (m.group(1).decode(), int(m.group(2))) if m else None
    finally:
        c.close()
    out, rc = got["ask power status"] or ("", -1)
    check(rc == 0 and re.match(r"status ac=\w+ battery=\w+ state=", out),
          "the answer is printed", out)
    out, rc = got["ask power bogus words"] or ("", -1)
    check(rc == 1 and "ask: power: unknown request" in out,
          "the service's error, with status 1", out)
    out, rc = got["ask nosuch ping"] or ("", -1)
    check(rc == 1 and "nosuch: is not installed" in out,
          "no such service", out)
    for line in ("ask -t 0 power status", "ask power"):
        out, rc = got[line] or ("", -1)
        check(rc == 1 and ("Usage: ask" in out or "--help" in out),
              f"{line}: refused with the usage", out)
    out, rc = got["ask --help"] or ("", -1)
    check(rc == 0 and out.startswith("Usage: ask [-t MS] SERVICE WORD..."),
          "--help", out)
