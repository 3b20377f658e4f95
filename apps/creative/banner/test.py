"""banner (apps/creative/banner): letters of the 5x7 font laid out one
blank column apart, trailing blanks dropped, wrapped at -w; lower case as
upper, unknown characters as '?'; stdin lines; bad widths refused."""
import os

import harness
from command import run_command
from harness import check

# The glyphs the test spells, as the classic 5x7 font draws them.
GLYPH = {
    "H": ["#   #", "#   #", "#   #", "#####", "#   #", "#   #", "#   #"],
    "I": [" ### ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### "],
    "2": [" ### ", "#   #", "    #", "   # ", "  #  ", " #   ", "#####"],
    "?": [" ### ", "#   #", "    #", "   # ", "  #  ", "     ", "  #  "],
    " ": ["     "] * 7,
}


def big(text, width=80):
    """The banner of text by the rule: glyphs joined by a blank column,
    (width + 1) // 6 to a block, blocks apart by a blank line."""
    per = (width + 1) // 6
    blocks = []
    for at in range(0, len(text), per):
        part = text[at:at + per]
        rows = [" ".join(GLYPH[c][r] for c in part).rstrip() + "\n"
                for r in range(7)]
        blocks.append("".join(rows))
    return "\n".join(blocks).encode()


def test_banner_letters_wrapping_and_errors():
    apps = os.path.join(harness.BUILD, "apps")
    rc, out, err = run_command("banner HI", apps=apps)
    check(rc == 0 and out == big("HI"), "HI in big letters", out + err)
    check(out.split(b"\n")[3] == b"#####   #", "H's bar beside I's stem", out)
    rc, out, err = run_command("banner -w 11 hi 2", apps=apps)
    check(rc == 0 and out == big("HI 2", 11),
          "lower case as capitals, wrapped two letters a block", out + err)
    rc, out, err = run_command("banner", apps=apps, stdin=b"I~\nH\n")
    check(rc == 0 and out == big("I?") + big("H"),
          "each stdin line a banner; '~' shown as '?'", out + err)
    rc, out, err = run_command("banner --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: banner"), "--help", out + err)
    for bad in ("-w 4 x", "-w abc x", "-x"):
        rc, out, err = run_command("banner " + bad, apps=apps)
        check(rc == 1 and out == b"" and b"banner: " in err,
              f"{bad!r} refused", out + err)
