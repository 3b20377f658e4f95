"""readlink (apps/tools/readlink): compared with the host's GNU readlink
in a tree of files, directories and symbolic links (the fixture is
realpath's: apps/tools/realpath/resolve_fixture.py)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "realpath"))
from resolve_fixture import matches_gnu  # noqa: E402


def test_readlink_matches_gnu():
    """Links read plainly; -f -e -m resolving as realpath (chains, loops,
    "..", missing parts, files used as directories); -n -v -q -z."""
    matches_gnu("readlink", (
        "l", "ll", "chain d/e/up", "f", "nosuch", "-v f",
        "-v nosuch l", "-n l", "-n l ll", "-z l ll", "",
        "-f . f d/../f l/g ll l/.. chain d/e/up d/e/../../l",
        "-f nosuch", "-f nosuch/x", "-fv f/x", "-fv f/",
        "-f f/.. l/", "-f dangling", "-fv loop1", "-fn l",
        "-f .. ../user/l", "-f /home/user/ll", "-e dangling",
        "-ev f d nosuch", "-m nosuch/x/../y", "-m f/x dangling/q",
        "-fq nosuch/x f", "-fz f d", "-k f"))
