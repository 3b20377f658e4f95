"""The terminal emulator window (issue 13): a program's bytes through its
VT100 parser onto the screen, keys back to the program as a VT100 sends
them, scrollback, resizes, and survival of any byte stream.

The terminal runs the program named on the first line of
/home/user/.terminal-program (default `sh -i`); these tests run
`vtprobe` (tests/apps/vtprobe, which says at its top what each mode
does), which paints a known picture and writes what the terminal told
it to /home/user/vtprobe.out. The checks are on the screenshot's pixels,
cell by cell: the 8x16 font puts column c, row r of the grid at
(x + 8c, y + 16r) of the window's content.
"""
import os
import re
import tempfile
import time

from harness import Run, check

BG = 0x0B1020           # the default background
FG = 0xD1D5DB           # the default foreground
PALETTE = [0x000000, 0xCD3131, 0x0DBC79, 0xE5E510, 0x2472C8, 0xBC3FBC,
           0x11A8CD, 0xE5E5E5, 0x666666, 0xF14C4C, 0x23D18B, 0xF5F543,
           0x3B8EEA, 0xD670D6, 0x29B8DB, 0xFFFFFF]


def home_of(run):
    return os.path.join(run.data_dir, ".vyoma", "home", "user")


def terminal_running(program, script=None, until=None, timeout=60):
    """Runs the terminal with `program` (its words) as what it runs,
    and vtprobe installed; returns the Run and what vtprobe wrote."""
    def prepare(run):
        home = home_of(run)
        os.makedirs(home, exist_ok=True)
        with open(os.path.join(home, ".terminal-program"), "w") as f:
            f.write(program + "\n")

    extra = []
    if script:
        f = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
        f.write(script)
        f.close()
        extra = ["--input", f.name]
    r = Run(["terminal", "vtprobe"], size="800x600", extra=extra,
            prepare=prepare, until=until, timeout=timeout)
    if script:
        os.unlink(f.name)
    try:
        with open(os.path.join(home_of(r), "vtprobe.out")) as f:
            report = f.read()
    except OSError:
        report = ""
    return r, report


def content_origin(r):
    """(x, y, w, h) of the terminal window's content."""
    for line in r.lines:
        m = re.search(r"vyoma: window terminal: (\d+),(\d+) (\d+)x(\d+)", line)
        if m:
            return tuple(int(v) for v in m.groups())
    return (0, 0, 0, 0)


class Grid:
    """The screenshot seen as the terminal's cells."""

    def __init__(self, r):
        self.r = r
        self.x, self.y, self.w, self.h = content_origin(r)

    def box(self, col, row, ncols=1, nrows=1):
        return (self.x + 8 * col, self.y + 16 * row,
                self.x + 8 * (col + ncols), self.y + 16 * (row + nrows))

    def count(self, rgb, col, row, ncols=1, nrows=1):
        if not self.r.rows:
            return 0
        return self.r.count(rgb, self.box(col, row, ncols, nrows))

    def filled(self, rgb, col, row, ncols=1):
        """Every pixel of the cells is rgb (a background, no glyph)."""
        return self.count(rgb, col, row, ncols) == 8 * 16 * ncols

    def mostly(self, rgb, col, row, ncols=1):
        """Most pixels are rgb (a background with glyphs on it)."""
        return self.count(rgb, col, row, ncols) > 8 * 16 * ncols // 2

    def bbox(self, rgb):
        if not self.r.rows:
            return None
        return self.r.bbox(rgb, (self.x, self.y, self.x + self.w, self.y + self.h))


def after_ready(seconds):
    """An until= function: true once `seconds` have passed since the
    supervisor said it was ready (input script times count from then)."""
    seen = []

    def done(lines):
        if not seen and any(line.startswith("vyoma: ready:") for line in lines):
            seen.append(time.monotonic())
        return bool(seen) and time.monotonic() - seen[0] > seconds
    return done


def exited(status):
    return f"[terminal] [process exited with status {status}]"


def test_terminal_renders_vt100_output():
    """vtprobe show: SGR colours (8, bright, bold, reverse, 256-colour),
    erase in line and display, ECH, DCH, a scrolling region, cursor
    moves, autowrap, sequences and UTF-8 split across writes, and a
    cursor position report answered on the program's stdin."""
    r, report = terminal_running("vtprobe show", until=[exited(3)])
    g = Grid(r)
    check(r.has(exited(3)), "the program ran and its status is shown",
          r.out[-1500:])
    check("size 24 80" in report,
          "the program was told the window's size in cells (640x384: 80x24)",
          report)
    check("cursor 23 5" in report,
          "ESC [ 6 n was answered with the cursor's row and column", report)
    check((g.w, g.h) == (640, 384), "the window is 640x384", (g.w, g.h))
    check(g.count(0xCD3131, 0, 0, 3) > 20, "red text (SGR 31) on row 1")
    check(g.filled(0x0DBC79, 0, 1, 10) and g.filled(BG, 10, 1),
          "a green background (SGR 42) under ten spaces, and no further")
    check(g.count(0x3B8EEA, 0, 2, 4) > 20,
          "bold blue is drawn bright (SGR 1;34)")
    check(g.bbox(0xBC3FBC) == g.box(0, 3, 10),
          "EL 0 erased the magenta line from column 11 on",
          (g.bbox(0xBC3FBC), g.box(0, 3, 10)))
    check(g.filled(FG, 0, 4, 4), "reverse video: the foreground as background")
    check(g.filled(0xF14C4C, 0, 5, 2) and g.filled(0x0DBC79, 2, 5, 2),
          "256 colours map to the nearest of 16 (9 -> bright red, 46 -> green)")
    check(g.mostly(0xCD3131, 0, 6, 4) and g.mostly(0xCD3131, 0, 10, 4),
          "the rows around the scrolling region stay put")
    check(g.mostly(0x2472C8, 0, 7, 4) and g.mostly(0x11A8CD, 0, 8, 4) and
          g.filled(BG, 0, 9, 4) and g.bbox(0xE5E510) is None,
          "a line feed at the region's bottom scrolled only the region")
    check(g.bbox(0xF5F543) == g.box(0, 12, 8),
          "DCH deleted two characters, pulling the rest left",
          (g.bbox(0xF5F543), g.box(0, 12, 8)))
    check(g.filled(0xD670D6, 0, 13, 2) and g.filled(BG, 2, 13, 3) and
          g.filled(0xD670D6, 5, 13, 5), "ECH blanked three cells in place")
    check(g.bbox(0x29B8DB) == g.box(0, 14, 5),
          "ED 0 erased from the cursor to the end of the screen",
          (g.bbox(0x29B8DB), g.box(0, 14, 5)))
    check(g.filled(0xE5E5E5, 22, 17, 2),
          "CUP then CUU 2 and CUF 3 put the white block at row 18, column 23")
    check(g.mostly(0x666666, 78, 20, 2) and g.mostly(0x666666, 0, 21, 2),
          "text past the last column wraps to the next line")
    check(g.count(0x23D18B, 2, 22) > 5,
          "a CSI and a UTF-8 character split across writes still arrive whole")
    check(g.count(FG, 0, 23, 30) > 100, "the exit line is drawn on the last row")
    check(r.has("vyoma: terminal: stopped") and
          re.search(r"vyoma: terminal: stopped;.* lines rejected 0;", r.out),
          "every draw line the terminal printed was well formed")
    check(not any(line.startswith("[terminal]") and "exited" not in line
                  for line in r.lines),
          "the program's output is not copied to the log")
    r.cleanup()


def test_terminal_sends_keys_as_a_vt100():
    """Keys become the bytes a VT100 sends; Shift+PgUp stays local; the
    terminal does not echo (vtprobe prints nothing while it reads)."""
    r, report = terminal_running("vtprobe keys", script="""
100 focus terminal
1000 type ab
1050 key Enter
1100 key Backspace
1150 key Tab
1200 key Ctrl+c
1250 key Escape
1300 key Up
1350 key Down
1400 key Right
1450 key Left
1500 key Home
1550 key End
1600 key Delete
1650 key PageUp
1700 key PageDown
1750 key Shift+PageUp
1800 key Alt+x
1850 key Ctrl+Shift+D
1900 type Z
1950 type q
""", until=[exited(0)])
    want = ("keys 61 62 0d 7f 09 03 1b 1b 5b 41 1b 5b 42 1b 5b 43 1b 5b 44 "
            "1b 5b 48 1b 5b 46 1b 5b 33 7e 1b 5b 35 7e 1b 5b 36 7e 1b 78 04 5a")
    check(want in report, "each key reached the program as a VT100's bytes",
          report)
    g = Grid(r)
    check(g.count(FG, 0, 0, 30) > 100 and g.filled(BG, 0, 1, 80),
          "the terminal echoed nothing: its exit line is on the first row")
    r.cleanup()


def test_terminal_scrollback():
    """Shift+PgUp shows the history a page (rows - 1 lines) at a time,
    Shift+PgDn comes back down. vtprobe flood 200: line i has a block
    in colour i % 8 before it; 200 lines and the cursor's empty row fill
    a 24-row screen from line 178, so one page up shows line 155 on top."""
    r, report = terminal_running("vtprobe flood 200", script="""
100 focus terminal
2500 key Shift+PageUp
2700 key Shift+PageUp
2900 key Shift+PageDown
""", until=after_ready(4.0))
    g = Grid(r)
    check("flooded" in report, "the program printed its lines", report)
    rows = [next((i for i in range(8) if g.filled(PALETTE[i], 0, row, 2)), None)
            for row in range(23)]
    want = [(155 + row) % 8 for row in range(23)]
    check(rows == want, "one page up: lines 155-177 are shown", (rows, want))
    r.cleanup()
    # A key the program gets (vtprobe then exits) brings the view back.
    r, report = terminal_running("vtprobe flood 200", script="""
100 focus terminal
2500 key Shift+PageUp
2700 type x
""", until=[exited(0)])
    g = Grid(r)
    rows = [next((i for i in range(8) if g.filled(PALETTE[i], 0, row, 2)), None)
            for row in range(23)]
    want = [(178 + row) % 8 for row in range(23)]
    check(rows == want, "a typed key returns to the bottom: lines 178-200",
          (rows, want))
    r.cleanup()


def test_terminal_follows_a_resize():
    """Super+Up maximises the terminal: the program is told the new size
    in cells (ESC [ 8 ; rows ; cols t) and can draw in the new corner."""
    r, report = terminal_running("vtprobe resize", script="""
100 focus terminal
1500 key Super+Up
""", until=[exited(4)])
    sizes = [tuple(int(v) for v in line.split()[1:])
             for line in report.splitlines() if line.startswith("size ")]
    check(len(sizes) >= 1 and sizes[0] == (24, 80), "told its size at the start",
          sizes)
    check(len(sizes) >= 2 and sizes[-1][0] > 24 and sizes[-1][1] > 80,
          "and the larger size after the maximise", sizes)
    x, y, w, h = content_origin(r)
    box = r.bbox(0xCD3131) if r.rows else None
    check(box is not None and box[2] - box[0] == 16 and box[3] - box[1] == 16 and
          box[2] > x + w and box[3] > y + h,
          "the red corner block is drawn where the new size puts it",
          (box, (x, y, w, h)))
    r.cleanup()


def test_terminal_survives_garbage():
    """Two megabytes of noise (broken escapes, every C0 and C1 byte,
    bad UTF-8, huge parameters), then a reset and a clean line: the
    terminal keeps running, shows the line and prints only well-formed
    draw lines."""
    r, report = terminal_running("vtprobe garbage 2000000", until=[exited(0)],
                                 timeout=120)
    g = Grid(r)
    check(r.has(exited(0)), "the terminal outlived the noise", r.out[-1500:])
    check(g.count(FG, 0, 0, 5) > 20, "and shows the clean line after it")
    check(re.search(r"vyoma: terminal: stopped;.* lines rejected 0;", r.out),
          "no malformed draw line", r.out[-800:])
    r.cleanup()


def test_terminal_outlasts_a_program_that_never_reads():
    """A program asks for the cursor's position 200000 times and never
    reads an answer: the answers fill its stdin pipe, and the terminal
    drops the rest instead of blocking on it (which would deadlock it
    with a program blocked writing to it)."""
    r, _ = terminal_running("vtprobe asker 200000", until=[exited(0)],
                            timeout=120)
    g = Grid(r)
    check(r.has(exited(0)), "the program wrote everything and ended",
          r.out[-1500:])
    check(g.count(FG, 0, 0, 5) > 20, "its last line is shown")
    r.cleanup()


def test_terminal_without_its_program():
    """A program that is not installed is said on the screen and in the
    log; then any key closes the window."""
    r, _ = terminal_running("nosuchprogram --flag", script="""
100 focus terminal
1500 key Shift+PageUp
1600 type x
""", until=["vyoma: terminal: exited with status 0"])
    check(r.has("[terminal] [cannot start nosuchprogram: no such command]"),
          "the missing program is named", r.out[-1500:])
    check(r.has("vyoma: terminal: exited with status 0"),
          "a key closed the terminal after its program could not run")
    r.cleanup()


def test_terminal_runs_the_shell_as_a_person_would():
    """sh in the terminal window, typed into by an input script: Ctrl-C
    stops `yes`, Up brings back a line, Tab completes a command, and a
    maximise reaches the shell as COLUMNS and LINES. The shell's state
    is read back from the files it wrote; the screen from its pixels."""
    script = """
100 focus terminal
300 type yes
350 key Enter
1500 key Ctrl+c
2000 type echo $? > status.txt
2050 key Enter
2300 type echo one >> hist.txt
2350 key Enter
2600 key Up
2650 key Enter
2900 type ech
2950 key Tab
3000 type tab > tab.txt
3050 key Enter
3300 key Super+Up
3800 type echo $COLUMNS $LINES > size.txt
3850 key Enter
4100 type exit
4150 key Enter
"""
    f = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    f.write(script)
    f.close()
    r = Run(["terminal", "sh", "yes", "echo"], size="800x600",
            extra=["--input", f.name], until=[exited(0)], timeout=120)
    os.unlink(f.name)
    home = home_of(r)

    def read(name):
        try:
            with open(os.path.join(home, name)) as fh:
                return fh.read()
        except OSError:
            return None
    check(read("status.txt") == "130\n",
          "Ctrl-C stopped yes, whose status is 130", repr(read("status.txt")))
    check(read("hist.txt") == "one\none\n",
          "Up and Enter ran the last line again", repr(read("hist.txt")))
    check(read("tab.txt") == "tab\n", "Tab completed ech to echo",
          repr(read("tab.txt")))
    size = (read("size.txt") or "").split()
    check(len(size) == 2 and int(size[0]) > 80 and int(size[1]) > 24,
          "after the maximise the shell's COLUMNS and LINES are the larger "
          "window's", size)
    g = Grid(r)
    check(g.count(FG, 0, 0, 80, 20) > 500,
          "the window shows the session's text", g.count(FG, 0, 0, 80, 20))
    check(r.has(exited(0)), "exit ended the shell with status 0")
    r.cleanup()
