"""img2txt (apps/creative/img2txt): a grey gradient made here maps to
the ramp " .:-=+*#%@" in order; a colour PPM's cells take the characters
Python computes from their mean luma; malformed headers and truncated
samples refused with status 1."""
import os
import random
import shutil
import tempfile

import harness
from command import run_command
from harness import check

RAMP = " .:-=+*#%@"


def art(w, h, depth, px, cols, maxval=255):
    """The picture by the documented rule, in exact integers."""
    cols = min(cols, w)
    rows = max(1, h * cols // w // 2)
    out = ""
    for r in range(rows):
        y0, y1 = r * h // rows, (r + 1) * h // rows
        for c in range(cols):
            x0, x1 = c * w // cols, (c + 1) * w // cols
            total = 0
            for y in range(y0, y1):
                for x in range(x0, x1):
                    s = px[(y * w + x) * depth:(y * w + x + 1) * depth]
                    total += (s[0] * 1000 if depth == 1 else
                              299 * s[0] + 587 * s[1] + 114 * s[2])
            cnt = (x1 - x0) * (y1 - y0)
            out += RAMP[total * 255 // (cnt * 1000 * maxval) * 10 // 256]
        out += "\n"
    return out.encode()


def test_img2txt_gradient_colour_and_bad_headers():
    apps = os.path.join(harness.BUILD, "apps")
    data = tempfile.mkdtemp(prefix="vyoma-img2txt-")
    home = os.path.join(data, ".vyoma", "home", "user")
    os.makedirs(home)
    grad = bytes(i * 255 // 9 for i in range(10)) * 2
    random.seed(4)
    colour = bytes(random.randrange(256) for _ in range(16 * 8 * 3))
    files = {
        "grad.pgm": b"P5\n# a gradient\n10 2\n255\n" + grad,
        "colour.ppm": b"P6 16 8 255\n" + colour,
        "ascii.pgm": b"P2\n2 1\n255\n0 255\n",
        "noheight.pgm": b"P5\n10\n255\n" + grad,
        "max0.pgm": b"P5\n10 2\n0\n" + grad,
        "max300.pgm": b"P5\n10 2\n300\n" + grad,
        "cut.ppm": b"P6\n16 8\n255\n" + colour[:100],
        "noblank.pgm": b"P5\n10 2\n255",
    }
    for name, blob in files.items():
        with open(os.path.join(home, name), "wb") as f:
            f.write(blob)

    def run(line, stdin=b""):
        return run_command(line, apps=apps, stdin=stdin,
                           env=["PWD=/home/user"], extra=["--data", data])

    try:
        rc, out, err = run("img2txt -w 10 grad.pgm")
        check(rc == 0 and out == RAMP.encode() + b"\n",
              "a 10-step gradient is the ramp, dark to bright", out + err)
        check(art(10, 2, 1, grad, 10) == out, "as the rule computes", out)
        rc, out, err = run("img2txt -w 5 -", stdin=files["grad.pgm"])
        check(rc == 0 and out == art(10, 2, 1, grad, 5) == b" :=#@\n",
              "five columns: pairs averaged; stdin", out + err)
        for cols in (4, 8, 80):
            rc, out, err = run(f"img2txt -w {cols} colour.ppm")
            check(rc == 0 and out == art(16, 8, 3, colour, cols),
                  f"colour cells by their mean luma, {cols} columns",
                  out + err + art(16, 8, 3, colour, cols))
        for name, why in (("ascii.pgm", b"not a binary"),
                          ("noheight.pgm", b"bad header"),
                          ("max0.pgm", b"bad header"),
                          ("max300.pgm", b"bad header"),
                          ("cut.ppm", b"truncated"),
                          ("noblank.pgm", b"bad header"),
                          ("none.pgm", b"No such file")):
            rc, out, err = run(f"img2txt {name}")
            check(rc == 1 and out == b"" and err.startswith(b"img2txt: ") and
                  why in err, f"{name} refused ({why.decode()})", out + err)
        rc, out, err = run("img2txt -w 0 grad.pgm")
        check(rc == 1 and b"invalid column count" in err, "-w 0", out + err)
        rc, out, err = run("img2txt --help")
        check(rc == 0 and out.startswith(b"Usage: img2txt"), "--help",
              out + err)
    finally:
        shutil.rmtree(data, ignore_errors=True)
