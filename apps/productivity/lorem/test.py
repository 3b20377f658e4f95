"""lorem (apps/productivity/lorem): word and paragraph counts exact, the
text Python's textwrap.fill of the classic words run on; bad counts
refused."""
import os
import textwrap

import harness
from command import run_command
from harness import check

CLASSIC = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
           "eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut "
           "enim ad minim veniam, quis nostrud exercitation ullamco laboris "
           "nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor "
           "in reprehenderit in voluptate velit esse cillum dolore eu fugiat "
           "nulla pariatur. Excepteur sint occaecat cupidatat non proident, "
           "sunt in culpa qui officia deserunt mollit anim id est laborum.")


def expect(words, paras):
    src, at, out = CLASSIC.split(), 0, []
    for _ in range(paras):
        ws = [src[(at + i) % len(src)] for i in range(words)]
        at += words
        ws[0] = ws[0][0].upper() + ws[0][1:]
        ws[-1] = ws[-1].rstrip(",.") + "."
        out.append(textwrap.fill(" ".join(ws), 72) + "\n")
    return "\n".join(out).encode()


def lorem(args):
    return run_command(("lorem " + args).strip(),
                       apps=os.path.join(harness.BUILD, "apps"))


def test_lorem_counts_words_and_paragraphs():
    rc, out, err = lorem("")
    check(rc == 0 and out == textwrap.fill(CLASSIC, 72).encode() + b"\n",
          "the classic paragraph", out + err)
    for w, p in ((1, 1), (5, 2), (69, 3), (70, 1), (100, 4), (1000, 1),
                 (3, 25)):
        rc, out, err = lorem(f"-w {w} -p {p}")
        paras = out.decode().split("\n\n")
        check(rc == 0 and len(paras) == p and
              all(len(x.split()) == w for x in paras),
              f"{p} paragraphs of {w} words", out[:200] + err)
        check(out == expect(w, p), f"-w {w} -p {p}: the text as Python "
              "wraps it", out[:300])
        check(all(len(line) <= 72 for line in out.decode().splitlines()),
              "no line over 72 columns")
    for args, why in (("-w 0", b"words"), ("-w -3", b"words"),
                      ("-w 1000001", b"words"), ("-w x", b"words"),
                      ("-p 0", b"paragraphs"), ("-p 10001", b"paragraphs"),
                      ("-p 1.5", b"paragraphs"), ("-q", b"invalid option"),
                      ("more", b"extra operand")):
        rc, out, err = lorem(args)
        check(rc == 1 and out == b"" and why in err, f"lorem {args} refused",
              out + err)
    rc, out, err = lorem("--help")
    check(rc == 0 and out.startswith(b"Usage: lorem"), "--help", out + err)
