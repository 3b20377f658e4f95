"""sprite (apps/creative/sprite): paints a few pixels by keyboard, saves
them as a P6 PPM in its /data, and the file holds exactly those pixels
in the CGA colours; a truncated sprite.ppm left there is ignored."""
import os

from harness import Run, check

RED, YELLOW = (0xAA, 0, 0), (0xFF, 0xFF, 0x55)


def parse_ppm(data):
    """(width, height, pixels) of a binary PPM, by its own grammar."""
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6" and parts[3] == b"255", parts[:4]
    w, h = int(parts[1]), int(parts[2])
    px = parts[4]
    assert len(px) == w * h * 3, len(px)
    return w, h, [tuple(px[i:i + 3]) for i in range(0, len(px), 3)]


def test_sprite_paints_and_saves_ppm():
    def prepare(r):
        d = r.app_data("sprite")
        os.makedirs(d)
        with open(os.path.join(d, "sprite.ppm"), "wb") as f:
            f.write(b"P6\n16 16\n255\n\xff\xff")  # truncated: not loaded

    keys = ["type 4", "type  ", "key Right", "type  ", "type e", "key Down",
            "type  ", "type s"]
    script = "".join(f"{600 + 150 * i} {k}\n" for i, k in enumerate(keys))
    r = Run(["sprite"], script=script, started=True, prepare=prepare,
            until=["sprite: saved sprite.ppm"])
    check(not r.timed_out, "sprite saved", r.out[-1500:])
    said = [x.split("sprite: ", 1)[1] for x in r.lines if "[sprite] " in x]
    check(said == ["colour 4", "paint 0 0 4", "cursor 1 0", "paint 1 0 4",
                   "colour 14", "cursor 1 1", "paint 1 1 14",
                   "saved sprite.ppm"], "each key logged as done", said)
    with open(r.app_data("sprite", "sprite.ppm"), "rb") as f:
        w, h, px = parse_ppm(f.read())
    want = [(0, 0, 0)] * 256
    want[0] = want[1] = RED
    want[17] = YELLOW
    check((w, h) == (16, 16) and px == want,
          "the PPM holds the painted pixels, the rest black", px[:20])
    swatch = 12 * 12  # every colour's swatch is on screen too
    check(r.count(0xAA0000) >= swatch + 2 * 10 * 10 and
          r.count(0xFFFF55) >= swatch + 10 * 10,
          "the painted cells show on screen beside the swatches",
          (r.count(0xAA0000), r.count(0xFFFF55)))
    r.cleanup()
