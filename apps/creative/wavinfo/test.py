"""wavinfo (apps/creative/wavinfo): WAVs written by Python's wave module
described as wave reads them back (channels, rate, bits, frames,
duration cut to the millisecond); malformed headers, a zero channel
count, data before fmt and a truncated file refused with status 1."""
import os
import shutil
import struct
import tempfile
import wave

import harness
from command import run_command
from harness import check


def make(path, channels, width, rate, frames):
    with wave.open(path, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(bytes(i % 251 for i in range(frames * channels * width)))


def expect(path):
    with wave.open(path, "rb") as w:
        c, b, r, n = (w.getnchannels(), w.getsampwidth() * 8,
                      w.getframerate(), w.getnframes())
    ms = n * 1000 // r
    return (f"{os.path.basename(path)}: PCM, {c} channel{'s' * (c != 1)}, "
            f"{r} Hz, {b} bits, {ms // 1000}.{ms % 1000:03d} s "
            f"({n} frames)\n")


def test_wavinfo_reads_headers_and_refuses_bad_ones():
    apps = os.path.join(harness.BUILD, "apps")
    data = tempfile.mkdtemp(prefix="vyoma-wavinfo-")
    home = os.path.join(data, ".vyoma", "home", "user")
    os.makedirs(home)
    good = {"mono.wav": (1, 1, 8000, 12345), "stereo.wav": (2, 2, 44100, 66150),
            "three.wav": (3, 3, 48000, 1000)}
    for name, args in good.items():
        make(os.path.join(home, name), *args)
    with open(os.path.join(home, "stereo.wav"), "rb") as f:
        stereo = f.read()
    fmt = stereo[12:36]
    bad = {"cut.wav": stereo[:1000], "text.wav": b"RIFF....AVI LIST",
           "zero.wav": stereo[:22] + b"\0\0" + stereo[24:],
           "nodata.wav": stereo[:36],
           "order.wav": stereo[:12] + stereo[36:44] + b"" + fmt}
    for name, blob in bad.items():
        with open(os.path.join(home, name), "wb") as f:
            f.write(blob)

    def run(line, stdin=b""):
        return run_command(line, apps=apps, stdin=stdin,
                           env=["PWD=/home/user"], extra=["--data", data])

    try:
        rc, out, err = run("wavinfo " + " ".join(good))
        want = "".join(expect(os.path.join(home, n)) for n in good)
        check(rc == 0 and out.decode() == want and err == b"",
              "each WAV as Python's wave reads it", out + err + want.encode())
        check(b"stereo.wav: PCM, 2 channels, 44100 Hz, 16 bits, 1.500 s" in out,
              "66150 frames at 44100 Hz is 1.5 s", out)
        rc, out, err = run("wavinfo", stdin=stereo)
        check(rc == 0 and out.startswith(b"-: PCM, 2 channels"), "stdin",
              out + err)
        for name, why in (("cut.wav", b"truncated"),
                          ("text.wav", b"not a RIFF WAVE"),
                          ("zero.wav", b"bad fmt"),
                          ("nodata.wav", b"no data chunk"),
                          ("order.wav", b"data before the fmt")):
            rc, out, err = run(f"wavinfo {name} mono.wav")
            check(rc == 1 and err.startswith(f"wavinfo: {name}: ".encode())
                  and why in err and out.startswith(b"mono.wav: PCM"),
                  f"{name} refused ({why.decode()})", out + err)
        rc, out, err = run("wavinfo --help")
        check(rc == 0 and out.startswith(b"Usage: wavinfo"), "--help",
              out + err)
    finally:
        shutil.rmtree(data, ignore_errors=True)
