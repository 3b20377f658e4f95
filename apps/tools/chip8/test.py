"""chip8 (apps/tools/chip8): a ROM assembled here, opened as Files opens
it, waits for a key of the keypad, draws a font digit, a sprite, a digit
computed by 8xy4 and a sprite clipped at the corner; every cell of the
64x32 screen is compared with what Python computes."""
import os
import re

from harness import Run, check, home_of

TEXT = 0xE6E9EF     # a lit pixel
FONT = {5: [0xF0, 0x80, 0xF0, 0x10, 0xF0], 15: [0xF0, 0x80, 0xF0, 0x80,
                                                0x80]}
BOX = [0xFF, 0x81, 0x81, 0xFF]


def rom():
    words = [
        0xF60A, 0xF629, 0x6000, 0x6100, 0xD015,     # key -> V6, its digit
        0x600A, 0x610C, 0xA232, 0xD014,             # the box at (10, 12)
        0x6207, 0x6308, 0x8234, 0xF229,             # V2 = 7 + 8: "F"
        0x6428, 0x6514, 0xD455,                     # at (40, 20)
        0x3F00, 0x00E0,                             # no collision: no CLS
        0x2228, 0x1226,                             # call; halt at 0x226
        0x6A3E, 0x6B1E, 0xA232, 0xDAB4, 0x00EE,     # the box at (62, 30)
    ]
    b = b"".join(w.to_bytes(2, "big") for w in words)
    assert len(b) == 0x32
    return b + bytes(BOX)


def screen():
    s = [[0] * 64 for _ in range(32)]
    for x, y, rows in ((0, 0, FONT[5]), (10, 12, BOX), (40, 20, FONT[15]),
                       (62, 30, BOX)):
        for r, bits in enumerate(rows):
            for c in range(8):
                if bits & (0x80 >> c) and x + c < 64 and y + r < 32:
                    s[y + r][x + c] ^= 1
    return s


def test_chip8_runs_a_rom_and_draws_it():
    """Two hostile ROMs first: one too big for memory, one that calls
    itself until the stack overflows; then the real one."""
    roms = {"big": b"\x12\x00" * 2000, "deep": b"\x22\x00", "t": rom()}

    def prepare(run):
        home = home_of(run)
        os.makedirs(home, exist_ok=True)
        os.makedirs(run.app_data("open-file"), exist_ok=True)
        for name, data in roms.items():
            with open(os.path.join(home, name + ".ch8"), "wb") as f:
                f.write(data)
        with open(run.app_data("open-file", "open.txt"), "w") as f:
            f.write("".join(f"/home/user/{n}.ch8\n" for n in roms))

    r = Run(["chip8", "open-file"], size="800x600", prepare=prepare,
            script="1500 type w\n", timeout=30,
            until=["chip8: halted at 0x226", "chip8: bad opcode",
                   "chip8: cannot load"])
    check(not r.timed_out, "chip8 ran the ROMs", r.out[-1500:])
    inst = dict(re.findall(r"reply: open /home/user/(\w+).ch8 "
                           r"(chip8#\d+)", r.out))
    check(len(inst) == 3, "three instances started", r.out[-1500:])

    def said(name):
        tag = f"[{inst[name]}] chip8: "
        return [x[len(tag):] for x in r.lines if x.startswith(tag)]

    check(said("big") == ["cannot load the program"],
          "a ROM over 3584 bytes refused", said("big"))
    check(said("deep") == ["loaded 2 bytes",
                           "bad opcode 0x2200 at 0x200"],
          "the 17th nested call stops the program", said("deep"))
    said = said("t")
    check(said[0] == f"loaded {len(rom())} bytes", "the ROM loaded", said)
    draws = [int(m.group(1)) for m in
             (re.match(r"frame \d+ draws (\d+)$", x) for x in said) if m]
    check(sum(draws) == 4, "four DRW instructions, logged by frame", said)
    check(said[-1] == "halted at 0x226", "the program ended", said)
    win = re.search(inst["t"] + r": (\d+),(\d+) (\d+)x(\d+)", r.out)
    check(win is not None, "the window is in the transcript", r.out[-800:])
    x0, y0 = int(win.group(1)) + 8, int(win.group(2)) + 40
    got = [[int(r.rows[y0 + y * 8 + 4][x0 + x * 8 + 4] == TEXT)
            for x in range(64)] for y in range(32)]
    want = screen()
    check(got == want, "every cell of the screen as Python draws it",
          "\n".join("".join(".#"[c] for c in row) for row in got))
    check(r.count(TEXT, (x0, y0, x0 + 512, y0 + 256)) ==
          64 * sum(map(sum, want)), "each cell 8x8 pixels",
          r.count(TEXT, (x0, y0, x0 + 512, y0 + 256)))
    r.cleanup()
