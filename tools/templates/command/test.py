"""@NAME@ (apps/@CATEGORY@/@NAME@), as `vyoma new` made its test: run
with arguments through `vyoma-supervisor --run`, its output checked."""
import os

import harness
from command import run_command
from harness import check


def test_@IDENT@_greets_its_arguments():
    """Each argument greeted, -u in capitals, --help the usage, a bad
    option refused with status 1."""
    apps = os.path.join(harness.BUILD, "apps")
    rc, out, err = run_command("@NAME@ -u ada bob", apps=apps)
    check(rc == 0 and out == b"Hello, ADA!\nHello, BOB!\n",
          "@NAME@ greets each name, -u in capitals", out + err)
    rc, out, err = run_command("@NAME@", apps=apps)
    check(rc == 0 and out == b"Hello, world!\n", "or the world", out + err)
    rc, out, err = run_command("@NAME@ --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: @NAME@"), "--help", out + err)
    rc, out, err = run_command("@NAME@ -x", apps=apps)
    check(rc == 1 and b"invalid option" in err, "a bad option", out + err)
