"""realpath (apps/tools/realpath): compared with the host's GNU realpath
in a tree of files, directories and symbolic links (resolve_fixture.py,
shared with readlink's test)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from resolve_fixture import matches_gnu  # noqa: E402


def test_realpath_matches_gnu():
    """Plain, "..", links (chains, dangling, loops, through directories),
    -e -m -s -z -q, missing parts and files used as directories."""
    matches_gnu("realpath", (
        ". f d/../f l/g ll l/.. chain d/e/up d/e/../../l",
        "nosuch", "nosuch/x", "f/x", "f/", "f/..", "l/",
        "dangling", "loop1", ".. ../user/l", "/home/user/ll",
        "-s ll l/..", "-s nosuch/x", "-s f/x", "-s nosuch/x/..",
        "-e dangling", "-e f d nosuch", "-m nosuch/x/../y",
        "-m f/x dangling/q", "-sm l/../q", "-q nosuch/x f",
        "-z f d", "-se l/g", "-se nosuch", "", "-k f"))
