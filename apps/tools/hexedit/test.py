"""hexedit (apps/tools/hexedit): a file opened as Files opens it, bytes
overwritten in the hex and the ASCII column, saved with Ctrl+S; the
file's bytes are then read back on the host."""
import os
import re

from harness import Run, check, home_of

SELECT = 0x2D4F8A   # the cursor's cell
ACCENT = 0x3B82F6   # the underline of the focused column


def test_hexedit_edits_and_saves_bytes():
    """A file over the 64 KiB limit opened first (refused), then x.bin,
    which the keys edit."""
    data = bytes(range(256)) * 2

    def prepare(run):
        home = home_of(run)
        os.makedirs(home, exist_ok=True)
        os.makedirs(run.app_data("open-file"), exist_ok=True)
        with open(os.path.join(home, "big.bin"), "wb") as f:
            f.write(b"\0" * 70000)
        with open(os.path.join(home, "x.bin"), "wb") as f:
            f.write(data)
        with open(run.app_data("open-file", "open.txt"), "w") as f:
            f.write("/home/user/big.bin\n/home/user/x.bin\n")

    keys = ["key Right", "key Right", "type 4", "type 1", "key Down",
            "key Tab", "type Z", "type !", "key Tab", "key Left",
            "type f", "key End", "key Ctrl+s"]
    script = "".join(f"{1500 + 100 * i} {k}\n" for i, k in enumerate(keys))
    r = Run(["hexedit", "open-file"], size="800x600", prepare=prepare,
            script=script, timeout=30,
            until=["hexedit: saved 512 bytes", "over 64 KiB"])
    check(not r.timed_out, "hexedit opened, edited and saved",
          r.out[-1500:])
    inst = dict(re.findall(r"reply: open /home/user/(\w+).bin "
                           r"(hexedit#\d+)", r.out))
    check(len(inst) == 2, "two instances started", r.out[-1500:])

    def said(name):
        tag = f"[{inst[name]}] hexedit: "
        return [x[len(tag):] for x in r.lines if x.startswith(tag)]

    check(said("big") == ["error: the file is over 64 KiB"],
          "a file over 64 KiB refused", said("big"))
    said = said("x")
    check(said[0] == "opened 512 bytes", "the file opened", said)
    cursors = [int(m.group(1)) for m in
               (re.match(r"cursor (\d+)", x) for x in said) if m]
    check(cursors == [1, 2, 2, 3, 19, 19, 20, 21, 21, 20, 20, 511],
          "each key moved the cursor as it should", cursors)
    check(said[-1] == "saved 512 bytes", "saved", said)
    want = bytearray(data)
    want[2] = 0x41
    want[19] = ord("Z")
    want[20] = ord("!")
    want[20] = (want[20] & 0x0F) | 0xF0
    with open(os.path.join(home_of(r), "x.bin"), "rb") as f:
        got = f.read()
    check(got == bytes(want), "the saved file has exactly those bytes",
          [i for i in range(len(got)) if got[i] != want[i]][:10])
    check(sorted(os.listdir(home_of(r))) == ["big.bin", "x.bin"],
          "no temporary file left", os.listdir(home_of(r)))
    check(r.count(SELECT) > 100 and r.count(ACCENT) >= 8,
          "the cursor's cell is shown", (r.count(SELECT), r.count(ACCENT)))
    r.cleanup()
