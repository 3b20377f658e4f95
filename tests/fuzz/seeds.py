#!/usr/bin/env python3
"""Writes the binary seeds of the fuzz targets whose input is a packed
structure rather than text (evdev, guest, queue, vpk), and the user
database's files (text, but sealed with a BLAKE2b sum), into corpus/<name>/, so
each seed says in code what it holds. Run it from anywhere after changing
a target's input layout; the text seeds are written by hand.
"""
import hashlib
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- evdev: screen, two axis ranges, then (type, code, value) records ----
EV_SYN, EV_KEY, EV_REL, EV_ABS = 0, 1, 2, 3
SYN_REPORT, SYN_DROPPED = 0, 3
KEY_2, KEY_A, KEY_LEFTCTRL, KEY_LEFTSHIFT, KEY_POWER = 3, 30, 29, 42, 116
BTN_LEFT, BTN_RIGHT, BTN_MIDDLE = 0x110, 0x111, 0x112


def evdev(w, h, ax, ay, records):
    head = struct.pack("<HHiiii", w - 1, h - 1, ax[0], ax[1], ay[0], ay[1])
    return head + b"".join(struct.pack("<HHi", *r) for r in records)


SYN = (EV_SYN, SYN_REPORT, 0)
TABLET = (0, 32767)
write("evdev", "keyboard", evdev(1280, 800, TABLET, TABLET, [
    (EV_KEY, KEY_LEFTSHIFT, 1), SYN, (EV_KEY, KEY_A, 1), SYN,
    (EV_KEY, KEY_A, 2), SYN, (EV_KEY, KEY_A, 0), SYN,
    (EV_KEY, KEY_LEFTSHIFT, 0), SYN, (EV_KEY, KEY_LEFTCTRL, 1),
    (EV_KEY, KEY_2, 1), SYN, (EV_KEY, KEY_POWER, 1), SYN]))
write("evdev", "tablet", evdev(1280, 800, TABLET, TABLET, [
    (EV_ABS, 0, 16384), (EV_ABS, 1, 32767), SYN,
    (EV_KEY, BTN_LEFT, 1), SYN,
    (EV_ABS, 0, 0), (EV_KEY, BTN_LEFT, 0), SYN,
    (EV_KEY, BTN_RIGHT, 1), (EV_KEY, BTN_MIDDLE, 1), (EV_KEY, BTN_RIGHT, 0),
    (EV_KEY, BTN_LEFT, 1), SYN]))
write("evdev", "mouse", evdev(640, 480, (0, 0), (0, 0), [
    (EV_REL, 0, -5000), (EV_REL, 1, 30), SYN,
    (EV_REL, 0, 100), (EV_KEY, BTN_LEFT, 1), SYN, (EV_KEY, BTN_LEFT, 0),
    (EV_SYN, SYN_DROPPED, 0), SYN]))
# Found by fuzz_evdev: values past the declared range, huge motions.
write("evdev", "out-of-range", evdev(7996, 256, (-65792, -1), (0, 1), [
    (EV_ABS, 0, 14336), (EV_ABS, 1, -2**31), SYN,
    (EV_REL, 0, 2**31 - 1), (EV_REL, 1, -2**31), SYN]))


# ---- guest: offsets, counts, clocks, the memory, then events to write ----
def off(o):
    """An offset the target keeps as it is (see offset() there)."""
    return o << 1


def raw(o):
    return o | 1


def cnt(n):
    return n << 3


def guest(mem, iov=(0, 0), sub=(0, 0), ev=(0, 0), rw=(0, 0),
          clocks=(0, 0, 0), events=()):
    head = struct.pack("<H", len(mem))
    head += struct.pack("<8I", iov[0], iov[1], sub[0], sub[1], ev[0], ev[1],
                        rw[0], rw[1])
    head += struct.pack("<3Q", *clocks)
    tail = b"".join(struct.pack("<QHBQB", *e) for e in events)
    return head + bytes(mem) + tail


def iovec(buf, length):
    return struct.pack("<II", buf, length)


def sub_clock(userdata, clock_id, timeout, absolute):
    return struct.pack("<QB7xIIQQH6x", userdata, 0, clock_id, 0, timeout, 0,
                       1 if absolute else 0)


def sub_fd(userdata, tag, fd):
    return struct.pack("<QB7xI28x", userdata, tag, fd)


mem = bytearray(256)
mem[16:32] = iovec(64, 5) + iovec(80, 6)
mem[64:69] = b"hello"
mem[80:86] = b"world\n"
write("guest", "fd_write", guest(mem, iov=(off(16), cnt(2)), rw=(off(64), 5)))
mem = bytearray(256)
subs = sub_clock(1, 1, 1000000, False) + sub_fd(2, 1, 0) + sub_fd(3, 2, 1)
mem[0:len(subs)] = subs
write("guest", "poll_oneoff", guest(
    mem, sub=(off(0), cnt(3)), ev=(off(160), cnt(3)),
    clocks=(5 * 10**9, 1700000000 * 10**9, 10**9),
    events=[(1, 0, 0, 0, 0), (2, 0, 1, 12, 1), (3, 8, 2, 0, 0)]))
mem = bytearray(96)
subs = sub_clock(7, 0, 1800000000 * 10**9, True) + sub_clock(8, 1, 2**64 - 1, True)
mem[0:len(subs)] = subs
write("guest", "clocks_absolute", guest(
    mem, sub=(off(0), cnt(2)), clocks=(5 * 10**9, 1700000000 * 10**9, 10**9)))
mem = bytearray(64)
mem[0:16] = iovec(0xFFFFFFF8, 16) + iovec(60, 5)
write("guest", "wrapping", guest(
    mem, iov=(off(0), cnt(2)), sub=(raw(0xFFFFFFF1), cnt(1)),
    ev=(off(48), cnt(1)), rw=(raw(0xFFFFFFFF), 8), events=[(9, 0, 0, 0, 0)]))


# ---- queue: two bounds, then operations with their operands ----
def push(data, tag):
    return struct.pack("<BHB", 0, len(data), tag) + data


def pop(n):
    return struct.pack("<BH", 3, n)


def pop_small(n):
    return bytes([5 + 8 * (n - 1)])


CLOSE, REOPEN = bytes([6]), bytes([7])


def queue(max_bytes, max_count, ops):
    return struct.pack("<HB", max_bytes, max_count) + b"".join(ops)


write("queue", "in_order", queue(4096, 16, [
    push(b"@hello: hi", 1), push(b"@clock: tick", 2), pop(3), pop(100),
    push(b"VYOMA_EVENT:resize:640,480", 0), pop(8192)]))
write("queue", "full", queue(64, 2, [
    push(b"x" * 40, 1), push(b"y" * 40, 2), push(b"z", 3), push(b"w", 4),
    pop(41), push(b"v" * 20, 5), pop(100)]))
write("queue", "bytewise", queue(512, 8, [
    push(b"@a: one", 1), push(b"@b: two", 2)] + [pop_small(1)] * 10 +
    [pop_small(4)] * 3))
write("queue", "close_reopen", queue(1024, 4, [
    push(b"@a: before", 1), pop(3), CLOSE, push(b"@b: refused", 2), pop(2),
    REOPEN, push(b"@c: after", 3), pop(1000)]))


# ---- pipe: operations, one byte each plus a u32 size for writes/reads ----
def pwrite(n):
    return bytes([0]) + struct.pack("<I", n)


def pread(n):
    return bytes([1]) + struct.pack("<I", n)


HOLD_W, HOLD_R, DROP_W, DROP_R = bytes([2]), bytes([2 | 8]), bytes([3]), bytes([3 | 8])
READABLE, WRITABLE = bytes([4]), bytes([5])

write("pipe", "fill_and_drain", b"".join([
    pwrite(70000), WRITABLE, pwrite(10), pread(100), pwrite(4096), pwrite(99),
    READABLE, pread(200000), READABLE]))
write("pipe", "ends", b"".join([
    HOLD_W, pwrite(5), DROP_W, READABLE, DROP_W, READABLE, pread(3), pread(9),
    READABLE]))
write("pipe", "broken", b"".join([
    pwrite(65536), HOLD_R, DROP_R, WRITABLE, DROP_R, WRITABLE, pwrite(1)]))


# ---- image: files for the viewer's decoders (tests/integration/viewer.py
# writes the same kinds and checks them pixel for pixel) ----
import sys  # noqa: E402
import zlib  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "integration"))
from viewer import bmp, png  # noqa: E402

QUAD = [[0xFF0000, 0x00FF00], [0x0000FF, 0xFFFFFF]]
write("image", "bottom_up.bmp", bmp(QUAD))
write("image", "top_down.bmp", bmp(QUAD, topdown=True))
write("image", "alpha.bmp", bmp(QUAD, bpp=32))
write("image", "rgb.ppm", b"P6\n# c\n2 1\n255\n" + bytes(range(6)))
write("image", "grey.pgm", b"P5 2 2 255\n" + bytes([0, 64, 128, 255]))
PIX = [[(x * 40 + y, y * 50, (x ^ y) * 30, 200 - x) for x in range(5)]
       for y in range(6)]
write("image", "dynamic.png", png([[p[:3] for p in r] for r in PIX], 2))
write("image", "stored.png", png([[p[:3] for p in r] for r in PIX], 2,
                                 level=0))
write("image", "fixed.png", png([[p[:3] for p in r] for r in PIX], 2,
                                strategy=zlib.Z_FIXED))
write("image", "rgba_split.png", png(PIX, 6, split=5))
write("image", "grey.png", png([[p[:1] for p in r] for r in PIX], 0))
write("image", "grey_alpha.png", png([[p[:2] for p in r] for r in PIX], 4))


# ---- userdb: the users file, "seal <BLAKE2b-256 of the text above>" last ----
def sealed(body):
    return body + b"seal " + hashlib.blake2b(
        body, digest_size=32).hexdigest().encode() + b"\n"


USERS_HEADER = b"vyoma-users 1\n"
HASH = b"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$" + \
    b"aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"
ALICE = b"user alice 1000 admin " + HASH + b"\n"
write("userdb", "empty", sealed(USERS_HEADER))
write("userdb", "one", sealed(USERS_HEADER + ALICE))
write("userdb", "several", sealed(
    USERS_HEADER + b"user zed 4294967294 user !\n" + ALICE +
    b"user bob_2 1001 user !\nuser x-y 1003 admin !\n"))
write("userdb", "bad_seal", sealed(USERS_HEADER + ALICE).replace(
    b"seal ", b"seal 0")[:-2] + b"\n")
write("userdb", "truncated", sealed(USERS_HEADER + ALICE)[:40])
write("userdb", "duplicate_uid", sealed(
    USERS_HEADER + ALICE + b"user bob 1000 user !\n"))
write("userdb", "after_seal", sealed(USERS_HEADER + ALICE) + b"user x 1 a !\n")
write("userdb", "bad_fields", sealed(
    USERS_HEADER + b"user  root 0999 wheel $argon2i$x extra\n"))


# ---- vpk: packages (docs/packages.md), headers built here, not by vpk.c ----
def vpk_header(name, size):
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = b"0000644\0"
    h[108:116] = h[116:124] = b"0000000\0"
    h[124:136] = b"%011o\0" % size
    h[136:148] = b"00000000000\0"
    h[156:157] = b"0"
    h[257:265] = b"ustar\x0000"
    h[329:337] = h[337:345] = b"0000000\0"
    h[148:156] = b" " * 8
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def vpk(members, end=b"\0" * 1024):
    out = b""
    for name, data in members:
        out += vpk_header(name, len(data)) + data
        out += b"\0" * (-len(data) % 512)
    return out + end


TOML = b'[app]\nname = "hello"\nversion = "1.0"\nentry = "hello.wasm"\n'
WASM = b"\0asm\x01\0\0\0"
SIG = b"vyoma-signature 1\nkey " + b"ab" * 32 + b"\nsha256 " + b"cd" * 32 + \
    b"\nsignature " + b"ef" * 64 + b"\n"
write("vpk", "manifest_only", vpk([(b"vyoma.toml", TOML)]))
write("vpk", "signed", vpk([(b"vyoma.toml", TOML), (b"hello.wasm", WASM),
                            (b"icon.png", b"\x89PNG" * 150),
                            (b"readme.txt", b""), (b".signature", SIG)]))
write("vpk", "unsorted", vpk([(b"vyoma.toml", TOML), (b"hello.wasm", WASM),
                              (b"b", b"2"), (b"a", b"1")]))
write("vpk", "symlink", vpk([(b"vyoma.toml", TOML)])[:512].replace(
    b"0\0\0\0\0", b"2/etc", 1) + vpk([(b"vyoma.toml", TOML)])[512:])
write("vpk", "no_end", vpk([(b"vyoma.toml", TOML)], end=b""))
