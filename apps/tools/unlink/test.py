"""unlink (apps/tools/unlink): compared with the host's GNU unlink in
twin homes, file bytes and link counts included (the fixture is link's:
apps/tools/link/link_fixture.py)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "link"))
from harness import check  # noqa: E402
from link_fixture import fill, matches_gnu  # noqa: E402


def fill_more(home):
    fill(home)
    with open(os.path.join(home, "d", "c"), "wb") as f:
        f.write(b"third\n")
    os.link(os.path.join(home, "a"), os.path.join(home, "a2"))


def only_d(ours):
    check(sorted(os.listdir(ours)) == ["d"], "all but d removed",
          os.listdir(ours))


def test_unlink_matches_gnu():
    """A file removed, one in a directory, one of two hard links; a
    missing file, a directory, wrong operand counts and an option
    refused."""
    matches_gnu("unlink", fill_more, ("b", "d/c", "a2", "nosuch", "d", "",
                                      "a x", "-f a", "../user/a"), only_d)
