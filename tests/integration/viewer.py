"""The image viewer and the system monitor (the pixels draw command).

The viewer is started the way the file manager starts it: an app with
the `open` command (tests/apps/open-file, which opens the paths listed
in its /data/open.txt) asks for a file under the user's home, and the
supervisor starts a viewer instance with the open event. Images are
written here, PNGs with Python's zlib, so the decoder is checked
against another implementation; each is small, so the viewer shows it
at 4x, centred below its 32-pixel header, and every source pixel is
read back from the centre of its 4x4 block in the screenshot.
"""
import os
import re
import struct
import zlib

from harness import Run, check

HEADER = 32
BG = 0x161B26  # VY_UI_BG


def bmp(pix, topdown=False, bpp=24):
    h, w = len(pix), len(pix[0])
    stride = (w * bpp // 8 + 3) & ~3
    rows = []
    for row in pix:
        r = b"".join(bytes([c & 0xFF, c >> 8 & 0xFF, c >> 16]) +
                     (b"\x80" if bpp == 32 else b"") for c in row)
        rows.append(r + b"\0" * (stride - len(r)))
    data = b"".join(rows if topdown else rows[::-1])
    head = struct.pack("<2sIHHI", b"BM", 54 + len(data), 0, 0, 54)
    dib = struct.pack("<IiiHHIIiiII", 40, w, -h if topdown else h, 1, bpp,
                      0, len(data), 2835, 2835, 0, 0)
    return head + dib + data


def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data)))


def _filter(raw, prev, ftype, bpp):
    out = bytearray()
    for i, x in enumerate(raw):
        a = raw[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if ftype == 1:
            x -= a
        elif ftype == 2:
            x -= b
        elif ftype == 3:
            x -= (a + b) // 2
        elif ftype == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            x -= a if pa <= pb and pa <= pc else b if pb <= pc else c
        out.append(x & 0xFF)
    return bytes([ftype]) + bytes(out)


def png(samples, ctype, level=9, strategy=zlib.Z_DEFAULT_STRATEGY,
        split=0):
    """samples[y] = a list of channel tuples; rows cycle filters 0-4."""
    ch = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    h, w = len(samples), len(samples[0])
    prev, raw = bytes(w * ch), b""
    for y, row in enumerate(samples):
        line = bytes(v for px in row for v in px)
        raw += _filter(line, prev, y % 5, ch)
        prev = line
    z = zlib.compressobj(level, zlib.DEFLATED, 15, 9, strategy)
    data = z.compress(raw) + z.flush()
    idats = [data[i:i + split] for i in range(0, len(data), split)] \
        if split else [data]
    return (b"\x89PNG\r\n\x1a\n" +
            _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, ctype, 0, 0, 0)) +
            b"".join(_chunk(b"IDAT", d) for d in idats) +
            _chunk(b"IEND", b""))


def open_files(files):
    """A prepare= that writes files into the home and lists them."""
    def prepare(run):
        home = os.path.join(run.data_dir, ".vyoma", "home", "user")
        os.makedirs(home, exist_ok=True)
        os.makedirs(run.app_data("open-file"), exist_ok=True)
        for name, data in files.items():
            with open(os.path.join(home, name), "wb") as f:
                f.write(data)
        with open(run.app_data("open-file", "open.txt"),
                  "w") as f:
            f.write("".join(f"/home/user/{n}\n" for n in files))
    return prepare


def view(name, data, want_line=None):
    want = want_line or f"viewer: showing {name}"
    return Run(["viewer", "open-file"], size="1024x768",
               prepare=open_files({name: data}),
               until=[want], timeout=30)


def window_origin(r):
    """The viewer instance's content origin, from the transcript."""
    m = re.search(r"window viewer#\d+: (\d+),(\d+) (\d+)x(\d+)", r.out)
    return tuple(map(int, m.groups())) if m else None


def image_pixels(r, w, h, scale=4):
    """The shown image's pixels, read at the centre of each block."""
    o = window_origin(r)
    if not o:
        return None
    ox, oy, ww, wh = o
    x0 = ox + (ww - w * scale) // 2
    y0 = oy + HEADER + (wh - HEADER - h * scale) // 2
    return [[r.rows[y0 + y * scale + scale // 2][x0 + x * scale + scale // 2]
             for x in range(w)] for y in range(h)]


def rgb(t):
    return t[0] << 16 | t[1] << 8 | t[2]


def test_viewer_shows_a_bmp_with_pixels():
    quad = [[0xFF0000, 0x00FF00], [0x0000FF, 0xFFFFFF]]
    for topdown, bpp in ((False, 24), (True, 24), (False, 32)):
        r = view("quad.bmp", bmp(quad, topdown, bpp))
        o = window_origin(r)
        check(r.has("viewer: showing quad.bmp 2x2"), "viewer showed the BMP",
              r.out[-2000:])
        check(o is not None, "the viewer's window is in the transcript")
        if o:
            check(image_pixels(r, 2, 2) == quad,
                  f"BMP ({bpp}-bit, top-down {topdown}) at 4x, in place",
                  str(image_pixels(r, 2, 2)))
            # Exactly an 8x8 block of each colour, centred: nothing else
            # of them anywhere on the screen.
            ox, oy, ww, wh = o
            x0 = ox + (ww - 8) // 2
            y0 = oy + HEADER + (wh - HEADER - 8) // 2
            check(r.bbox(0xFF0000) == (x0, y0, x0 + 4, y0 + 4),
                  "the red pixel covers exactly its 4x4 block",
                  str((r.bbox(0xFF0000), x0, y0)))
            check(r.count(0x0000FF) == 16, "16 blue pixels on the screen")
            check(r.rows[y0 - 1][x0] == BG and r.rows[y0][x0 - 1] == BG,
                  "the palette's background around the image")
        check("pixel data is" not in r.out and "bad base64" not in r.out,
              "no draw line of the viewer was refused")
        r.cleanup()


def _samples(w, h, ch):
    return [[tuple((x * 37 + y * 91 + c * 53 + (x * y * 7)) & 0xFF
                   for c in range(ch)) for x in range(w)] for y in range(h)]


def test_viewer_decodes_pngs_written_by_zlib():
    w, h = 7, 10   # ten rows: every filter twice
    cases = [
        ("rgb-dynamic.png", 2, dict(level=9)),
        ("rgb-stored.png", 2, dict(level=0)),
        ("rgb-fixed.png", 2, dict(strategy=zlib.Z_FIXED)),
        ("rgb-split.png", 2, dict(split=7)),
        ("grey.png", 0, {}),
        ("rgba.png", 6, {}),
        ("grey-alpha.png", 4, {}),
    ]
    for name, ctype, opts in cases:
        ch = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
        s = _samples(w, h, ch)
        r = view(name, png(s, ctype, **opts))
        check(r.has(f"viewer: showing {name} {w}x{h}"),
              f"viewer decoded {name}", r.out[-1500:])

        def expect(px):
            if ch < 3:
                c, a = (px[0],) * 3, px[1] if ch == 2 else 255
            else:
                c, a = px[:3], px[3] if ch == 4 else 255
            bg = (BG >> 16, BG >> 8 & 0xFF, BG & 0xFF)
            return rgb(tuple((c[i] * a + bg[i] * (255 - a) + 127) // 255
                             for i in range(3)))
        want = [[expect(px) for px in row] for row in s]
        got = image_pixels(r, w, h)
        check(got == want, f"{name}: every pixel as zlib wrote it",
              f"got {got}\nwant {want}")
        r.cleanup()


def test_viewer_refuses_hostile_files():
    good = bmp([[0xFF0000, 0x00FF00], [0x0000FF, 0xFFFFFF]])
    huge = bytearray(good)
    huge[18:26] = struct.pack("<ii", 4096, -4096)   # no pixels for it
    wide = bytearray(good)
    wide[18:22] = struct.pack("<i", 100000)
    deep = bytearray(good)
    deep[22:26] = struct.pack("<i", -2**31)
    offs = bytearray(good)
    offs[10:14] = struct.pack("<I", 0xFFFFFFF0)
    s = _samples(3, 3, 3)
    ok_png = png(s, 2)
    cut_png = ok_png[:len(ok_png) - 20]
    bad_zlib = bytearray(ok_png)
    bad_zlib[41 + 2:41 + 6] = b"\xff\xff\xff\xff"   # inside the deflate data
    cases = {
        "cut.bmp": (good[:60], "truncated BMP pixel data"),
        "huge.bmp": (bytes(huge), "truncated BMP pixel data"),
        "wide.bmp": (bytes(wide), "larger than 4096x4096"),
        "deep.bmp": (bytes(deep), "bad BMP size"),
        "offset.bmp": (bytes(offs), "truncated BMP pixel data"),
        "short.bmp": (b"BM\0\0", "truncated BMP header"),
        "cut.png": (cut_png, "truncated"),
        "garbage.png": (bytes(bad_zlib), "Cannot show garbage.png"),
        "text.ppm": (b"P6\n2 2\n65535\n", "only maxval 255"),
        "cut.ppm": (b"P6\n2 2\n255\n\xff\xff", "truncated PPM pixel data"),
        "nothing.png": (b"hello", "not a BMP, PPM, PGM or PNG file"),
    }
    for name, (data, reason) in cases.items():
        r = view(name, data, want_line=f"viewer: Cannot show {name}: ")
        line = next((ln for ln in r.lines if "Cannot show" in ln), "")
        check(reason in line, f"{name}: refused with '{reason}'", line)
        check(not re.search(r"trap|viewer#\d+: failed", r.out),
              f"{name}: the viewer did not trap", r.out[-1500:])
        check(r.rc == 0 and r.has("shutdown complete"),
              f"{name}: the supervisor kept running and shut down cleanly")
        r.cleanup()
    # The error is on the screen, in the danger colour.
    r = view("cut.bmp", good[:60], want_line="viewer: Cannot show cut.bmp")
    check(r.count(0xE5484D) > 20, "the reason is drawn in the window")
    r.cleanup()


def test_viewer_shows_a_pgm_and_a_ppm():
    ppm = b"P6\n# a comment\n2 1\n255\n" + bytes([10, 20, 30, 200, 100, 50])
    r = view("two.ppm", ppm)
    check(image_pixels(r, 2, 1) == [[0x0A141E, 0xC86432]], "P6 pixels",
          str(image_pixels(r, 2, 1)))
    r.cleanup()
    r = view("two.pgm", b"P5 2 1 255\n" + bytes([0x40, 0xC0]))
    check(image_pixels(r, 2, 1) == [[0x404040, 0xC0C0C0]], "P5 pixels",
          str(image_pixels(r, 2, 1)))
    r.cleanup()


def monitor_run(apps, until, keys=None):
    """A run with the monitor started at boot, and keys typed into it."""
    extra = []

    def prepare(run):
        path = os.path.join(run.apps_dir, "monitor", "vyoma.toml")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace("autostart = false", "autostart = true"))
        if keys:
            script = os.path.join(run.tmp, "input")
            with open(script, "w") as f:
                f.write("100 focus monitor\n" + keys)
            extra.extend(["--input", script])   # read when the run starts
    return Run(apps, size="1024x768", prepare=prepare, extra=extra,
               until=until, timeout=30)


def test_monitor_lists_apps_and_ends_one():
    r = monitor_run(["monitor", "sleeper", "hello", "clock"],
                    ["monitor: 4 instances"])
    check(r.has("[monitor] monitor: 4 instances"),
          "monitor counted the four running apps", r.out[-1500:])
    r.cleanup()
    # s selects sleeper (the only name starting so), Delete asks to end
    # it, Enter confirms; sleeper sleeps through its stdin closing, so
    # the supervisor interrupts it.
    r = monitor_run(["monitor", "sleeper"],
                    ["sleeper: stopped", "monitor: 1 instances"],
                    keys="1500 type s\n1600 key Delete\n1700 key Enter\n")
    check(r.has("monitor: 2 instances"), "monitor listed monitor and sleeper",
          r.out[-1500:])
    check(r.has("vyoma: sleeper: stopped"), "End stopped the sleeper")
    check(r.has("monitor: 1 instances"), "and the monitor saw it go")
    check(r.seen_at("monitor: 2 instances") < r.seen_at("sleeper: stopped")
          if r.has("sleeper: stopped") else False,
          "the sleeper ran until it was ended")
    r.cleanup()
