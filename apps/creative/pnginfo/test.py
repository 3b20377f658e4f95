"""pnginfo (apps/creative/pnginfo): PNGs built here with zlib and struct
(an RGB one with a text chunk, an RGBA one) described as their IHDR
says, chunk by chunk; a corrupted CRC, a truncated file, a bad IHDR and
a file that is no PNG each refused with status 1."""
import os
import shutil
import struct
import tempfile
import zlib

import harness
from command import run_command
from harness import check


def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data)))


def png(w, h, ctype, extra=()):
    bpp = {2: 3, 6: 4}[ctype]
    row = b"\0" + bytes(i % 256 for i in range(w * bpp))
    raw = row * h
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, ctype, 0, 0, 0)) +
            b"".join(extra) + chunk(b"IDAT", zlib.compress(raw)) +
            chunk(b"IEND", b""))


def test_pnginfo_describes_and_checks_pngs():
    apps = os.path.join(harness.BUILD, "apps")
    data = tempfile.mkdtemp(prefix="vyoma-pnginfo-")
    home = os.path.join(data, ".vyoma", "home", "user")
    os.makedirs(home)
    rgb = png(3, 2, 2, [chunk(b"tEXt", b"Title\0dot")])
    rgba = png(640, 1, 6)
    bad_crc = bytearray(rgb)
    bad_crc[-20] ^= 0xFF   # a byte inside IDAT's data
    files = {"rgb.png": rgb, "rgba.png": rgba, "crc.png": bytes(bad_crc),
             "cut.png": rgb[:40], "text.png": b"hello, world\n",
             "ihdr.png": rgb[:8] + chunk(b"IHDR", struct.pack(
                 ">IIBBBBB", 3, 2, 8, 5, 0, 0, 0)) + rgb[33:]}
    for name, blob in files.items():
        with open(os.path.join(home, name), "wb") as f:
            f.write(blob)

    def run(line, stdin=b""):
        return run_command(line, apps=apps, stdin=stdin,
                           env=["PWD=/home/user"], extra=["--data", data])

    def listing(name, blob):
        out, pos = [], 8
        while pos < len(blob):
            n, = struct.unpack(">I", blob[pos:pos + 4])
            out.append(f"  {blob[pos + 4:pos + 8].decode()} {n}\n")
            pos += 12 + n
        return "".join(out)

    try:
        rc, out, err = run("pnginfo rgb.png rgba.png")
        want = ("rgb.png: 3 x 2, bit depth 8, colour type 2 (RGB), "
                "interlace 0\n" + listing("rgb", rgb) +
                "rgba.png: 640 x 1, bit depth 8, colour type 6 (RGBA), "
                "interlace 0\n" + listing("rgba", rgba))
        check(rc == 0 and out.decode() == want and err == b"",
              "both PNGs described, every chunk listed", out + err)
        rc, out, err = run("pnginfo -", stdin=rgb)
        check(rc == 0 and out.startswith(b"-: 3 x 2,"), "stdin", out + err)
        for name, why in (("crc.png", b"bad CRC"), ("cut.png", b"truncated"),
                          ("text.png", b"not a PNG file"),
                          ("ihdr.png", b"bad IHDR"),
                          ("none.png", b"No such file")):
            rc, out, err = run(f"pnginfo {name} rgb.png")
            check(rc == 1 and err.startswith(f"pnginfo: {name}: ".encode())
                  and why in err and b"rgb.png: 3 x 2" in out,
                  f"{name} refused ({why.decode()}), the next file still read",
                  out + err)
        rc, out, err = run("pnginfo --help")
        check(rc == 0 and out.startswith(b"Usage: pnginfo"), "--help",
              out + err)
        rc, out, err = run("pnginfo -z")
        check(rc == 1 and b"invalid option" in err, "a bad option", out + err)
    finally:
        shutil.rmtree(data, ignore_errors=True)
