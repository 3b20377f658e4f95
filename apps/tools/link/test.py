"""link (apps/tools/link): compared with the host's GNU link in twin
homes, file bytes and link counts included (link_fixture.py, shared
with unlink's test)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import check  # noqa: E402
from link_fixture import fill, matches_gnu  # noqa: E402


def one_file(ours):
    with open(os.path.join(ours, "a"), "ab") as f:
        f.write(b"more\n")
    with open(os.path.join(ours, "a2"), "rb") as f:
        check(f.read() == b"first\nmore\n", "a hard link: one file")


def test_link_matches_gnu():
    """A link made (same bytes, two names), into a directory; an existing
    name, a missing file, a directory, wrong operand counts and an option
    refused."""
    matches_gnu("link", fill, ("a a2", "b d/b2", "a b", "nosuch c", "d d2",
                               "a", "", "a x y", "-f a z", "a2 ../user/a3"),
                one_file)
