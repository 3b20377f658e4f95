"""@NAME@ (apps/@CATEGORY@/@NAME@), as `vyoma new` made its test: the
service started with the console's shell, asked with `ask`."""
import re

from console import Console, PROMPT
from harness import check


def test_@IDENT@_answers_requests():
    """ping gets pong, count counts, anything else is an error."""
    c = Console(tools=("sh", "ask", "@NAME@"))
    try:
        check(c.expect(re.escape(PROMPT)) is not None, "the console is up")
        c.send(b"ask @NAME@ ping; ask @NAME@ count; ask @NAME@ what\r")
        m = c.expect(rb"what\r?\n(.*?)" + re.escape(PROMPT))
        got = m.group(1).decode() if m else None
    finally:
        c.close()
    check(got is not None and got.startswith("pong\r\ncount 2\r\n"),
          "ping is answered pong, count says 2", got)
    check(got is not None and "@NAME@: unknown request" in got,
          "anything else is an error", got)
