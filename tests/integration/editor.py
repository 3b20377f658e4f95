"""The text editor (apps/productivity/editor), typed into and clicked on
through input scripts, on files in the run's home directory
(<data>/.vyoma/home/user, which the editor sees as /home/user).

The editor says on its console what it has just put on the screen
("opened /home/user/x 3 lines", "saved ...", "found ..."), after the
frame that shows it, so a run ends when the line arrives and its
screenshot shows what the line says. It waits for the launcher
(autostart = false); the tests' copies start at boot. Clicks and pixel
boxes are placed from the window's position in the supervisor's log
(from a short run first) and the editor's layout: a 32 px header, text
from y 36 in 16 px rows, and with fewer than 1000 lines a 40 px gutter,
so column c starts at x 44 + 8c.
"""
import os
import re
import subprocess

from harness import Run, check, home_of, home_run
import harness

__all__ = ["test_editor_types_saves_undoes_and_redoes",
           "test_editor_says_why_it_cannot_open_or_save",
           "test_editor_mouse_selection_and_find",
           "test_editor_large_file",
           "test_editor_copy_and_paste",
           "test_editor_opened_by_the_open_command",
           "test_editor_relayouts_on_resize",
           "test_editor_copy_pastes_into_the_terminal"]

SELECT = 0x2D4F8A       # vyoma_ui.h's VY_UI_SELECT: selected text
BORDER = 0x3A4457       # VY_UI_BORDER: the scroll bar's thumb
ACCENT = 0x3B82F6       # VY_UI_ACCENT: the cursor
DANGER = 0xE5484D       # VY_UI_DANGER: errors on the status row
SURFACE = 0x202736      # VY_UI_SURFACE: the header and the status row
RAISED = 0x2B3345       # VY_UI_RAISED: a button
TEXT = 0xE6E9EF         # VY_UI_TEXT
TEXT_Y, ROW, TEXT_X = 36, 16, 44
W, H = 640, 440


def editor_run(files, script, until, apps=(), timeout=60):
    """The editor started at boot, files (name: text) in the home, the
    script (an input script's lines after `focus editor`) typed."""
    return home_run("editor", files, script, until, apps, timeout)


def window_of(r):
    return harness.window_of(r, "editor")


def placed():
    """Where the supervisor puts the editor's window (a short run),
    checked to be of the manifest's size: None if it is not."""
    r = editor_run({}, "", until=["vyoma: editor: first frame"])
    r.cleanup()
    win = window_of(r)
    sized = win is not None and win[2:] == (W, H)
    check(sized, "the editor has a window of the manifest's size", win)
    return win if sized else None


def read(r, name):
    try:
        with open(os.path.join(home_of(r), name)) as f:
            return f.read()
    except OSError:
        return None


def said(r):
    return harness.said(r, "editor")


def open_keys(t, name):
    """Ctrl+O, the file's name after the default /home/user/, Enter."""
    return f"{t} key Ctrl+o\n{t + 50} type {name}\n{t + 100} key Enter\n"


def test_editor_types_saves_undoes_and_redoes():
    """Typed text is saved over the file (atomically: no temporary file
    is left), and another program reads it; undo takes the whole typed
    word back, redo puts it back; a missing file is an error on the
    status row, not a crash."""
    original = "hello world\nsecond line\n"
    script = (open_keys(200, "hello.txt") +
              "500 type abc \n"
              "600 key Ctrl+s\n"
              "700 key Ctrl+z\n"
              "800 key Ctrl+Shift+s\n"
              "850 type undone.txt\n"
              "900 key Enter\n"
              "1000 key Ctrl+y\n"
              "1100 key Ctrl+Shift+s\n"
              "1150 type redone.txt\n"
              "1200 key Enter\n" +
              open_keys(1300, "missing.txt"))
    r = editor_run({"hello.txt": original}, script, apps=["cat"],
                   until=["[editor] cannot open /home/user/missing.txt"])
    got = said(r)
    check("opened /home/user/hello.txt 2 lines" in got,
          "the typed path opened, its lines counted", got)
    check(read(r, "hello.txt") == "abc " + original,
          "Ctrl+S wrote the typed text into the file",
          repr(read(r, "hello.txt")))
    check("saved /home/user/hello.txt 28 bytes" in got, "and said so", got)
    check(read(r, "undone.txt") == original,
          "Ctrl+Z took the typed word back whole", repr(read(r, "undone.txt")))
    check(read(r, "redone.txt") == "abc " + original,
          "Ctrl+Y put it back", repr(read(r, "redone.txt")))
    check(sorted(os.listdir(home_of(r))) ==
          ["hello.txt", "redone.txt", "undone.txt"],
          "a save leaves no temporary file behind", os.listdir(home_of(r)))
    check("cannot open /home/user/missing.txt: no such file or directory"
          in got, "a missing file is said, in words", got)
    win = window_of(r)
    if win:
        x, y = win[0], win[1] + H - 24
        check(r.count(DANGER, (x, y, x + W, y + 24)) > 50,
              "on the status row, in the danger colour")
    check(r.has("vyoma: editor: exited with status 0") or
          r.has("vyoma: editor: stopped"), "the editor ran to the end",
          r.out[-1500:])
    # Another program (a command run by a new supervisor over the same
    # data) sees what the editor saved.
    p = subprocess.run([harness.supervisor_binary(), "--apps", r.apps_dir,
                        "--data", r.data_dir, "--run",
                        "cat /home/user/hello.txt"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    check(p.returncode == 0 and p.stdout == ("abc " + original).encode(),
          "cat prints the saved file", (p.returncode, p.stdout, p.stderr[-500:]))
    r.cleanup()


def save_as_keys(t, path):
    """Ctrl+Shift+S, the field's "/home/user/" rubbed out, path, Enter."""
    rub = "".join(f"{t + 20 + 5 * i} key Backspace\n" for i in range(11))
    return (f"{t} key Ctrl+Shift+s\n{rub}{t + 100} type {path}\n"
            f"{t + 150} key Enter\n")


def test_editor_says_why_it_cannot_open_or_save():
    """The editor reaches files through WASI's calls itself (file.h):
    a folder is not opened, a path under no folder the editor was given
    is not saved (refused, as wasi-libc refused it: not capable), a save over a folder fails without harm; each says
    why on the status row, and none leaves its temporary file behind.
    What it can save it still saves."""
    script = (open_keys(200, "folder") +
              "350 key Escape\n400 type abc\n" +
              save_as_keys(500, "/nowhere/x.txt") +
              save_as_keys(800, "/home/user/folder") +
              save_as_keys(1100, "/home/user/ok.txt"))
    r = editor_run({"folder/a.txt": "inside\n"}, script,
                   until=["[editor] saved /home/user/ok.txt"])
    got = said(r)
    check("cannot open /home/user/folder: is a directory" in got,
          "a folder is not opened, and the editor says so", got)
    check("cannot save /nowhere/x.txt: permission denied" in got,
          "a path outside the editor's folders is not saved", got)
    check("cannot save /home/user/folder: is a directory" in got,
          "a save over a folder fails", got)
    check(read(r, "ok.txt") == "abc", "a good save still writes",
          repr(read(r, "ok.txt")))
    check(sorted(os.listdir(home_of(r))) == ["folder", "ok.txt"] and
          os.listdir(os.path.join(home_of(r), "folder")) == ["a.txt"] and
          read(r, "folder/a.txt") == "inside\n",
          "the folder is as it was and no temporary file is left",
          os.listdir(home_of(r)))
    r.cleanup()


def test_editor_mouse_selection_and_find():
    """A drag across a word selects it and typing replaces it; Ctrl+F
    finds the next match, selected in the selection colour on its row."""
    win = placed()
    if not win:
        return
    x, y = win[0] + TEXT_X, win[1] + TEXT_Y + ROW // 2
    text = "hello world\nplain line\nthe needle here\nlast\n"
    script = (open_keys(200, "find.txt") +
              f"500 drag {x + 1} {y} {x + 5 * 8 + 1} {y}\n"
              "700 type X\n"
              "800 key Ctrl+s\n"
              "900 key Ctrl+f\n"
              "950 type needle\n"
              "1000 key Enter\n")
    r = editor_run({"find.txt": text}, script,
                   until=["[editor] found needle at line 3"])
    check(read(r, "find.txt") == "X world\n" + text.split("\n", 1)[1],
          "the dragged-over word was selected and replaced by typing",
          repr(read(r, "find.txt")))
    check(window_of(r) == win, "the window is where it was", window_of(r))
    row = (win[0], win[1] + TEXT_Y + 2 * ROW, win[0] + W,
           win[1] + TEXT_Y + 3 * ROW)
    box = r.bbox(SELECT, (win[0], win[1], win[0] + W, win[1] + H))
    want = (win[0] + TEXT_X + 4 * 8, row[1], win[0] + TEXT_X + 10 * 8, row[3])
    # The cursor (2 px, at the match's end) covers its last pixel column.
    check(box is not None and box[:2] == want[:2] and box[3] == want[3] and
          want[2] - 1 <= box[2] <= want[2],
          "the match (columns 4-9 of line 3) is selected, and nothing else",
          (box, want))
    check(r.count(ACCENT, row) >= ROW, "the cursor is at the match's end")
    r.cleanup()


def test_editor_large_file():
    """A file of 50,000 lines opens at once and edits without delay:
    Ctrl+End goes to its end (the scroll bar's thumb at the bottom),
    typing there and at the top is saved."""
    win = placed()
    if not win:
        return
    lines = "".join(f"line {i}\n" for i in range(1, 50001))
    script = (open_keys(200, "big.txt") +
              "600 key Ctrl+Home\n"
              "700 type top \n"
              "900 key Ctrl+End\n"
              "1000 type the end\n"
              "1100 key Ctrl+s\n")
    r = editor_run({"big.txt": lines}, script,
                   until=["[editor] saved /home/user/big.txt"])
    got = said(r)
    check("opened /home/user/big.txt 50000 lines" in got,
          "the editor said it opened 50,000 lines", got)
    check(read(r, "big.txt") == "top " + lines + "the end",
          "the edits at the top and at the end were saved",
          repr((read(r, "big.txt") or "")[-40:]))
    # The scroll bar: its thumb ends at the bottom of the text area.
    sx = win[0] + W - 8
    area = (sx, win[1] + TEXT_Y, sx + 8, win[1] + H - 24)
    thumb = r.bbox(BORDER, area)
    check(thumb is not None and thumb[3] == area[3] and thumb[1] > area[1],
          "the scroll bar shows the view at the end", (thumb, area))
    # The cursor is on the last row of the view (23 rows fit).
    last = (win[0], win[1] + TEXT_Y + 22 * ROW, win[0] + W - 8,
            win[1] + TEXT_Y + 23 * ROW)
    check(r.count(ACCENT, last) >= ROW,
          "the cursor is on the last row shown", r.bbox(ACCENT, area))
    cpu = [float(m.group(1)) for line in r.lines
           for m in [re.search(r"vyoma: editor: stopped; cpu ([\d.]+) s", line)]
           if m]
    check(cpu and cpu[0] < 2.0, "the whole session took under 2 s of CPU",
          cpu)
    r.cleanup()


def test_editor_copy_and_paste():
    """Shift+End selects a line, Ctrl+C copies it to the system
    clipboard, Ctrl+V pastes it back at the line's end."""
    script = (open_keys(200, "copy.txt") +
              "500 key Shift+End\n"
              "600 key Ctrl+c\n"
              "700 key End\n"
              "800 key Ctrl+v\n"
              "1000 key Ctrl+s\n")
    r = editor_run({"copy.txt": "copy me\nand not me\n"}, script,
                   until=["[editor] saved /home/user/copy.txt"])
    got = said(r)
    check("copied 7 bytes" in got and "pasted 7 bytes" in got,
          "the clipboard took the selection and gave it back", got)
    check(read(r, "copy.txt") == "copy mecopy me\nand not me\n",
          "the pasted text duplicates the line", repr(read(r, "copy.txt")))
    r.cleanup()


def test_editor_opened_by_the_open_command():
    """`open FILE` (asked by tests/apps/open-file, as the file manager
    does) starts an editor instance that opens the file at once, its
    lines drawn and its name in the header."""
    def prepare(run):
        home = home_of(run)
        os.makedirs(home, exist_ok=True)
        with open(os.path.join(home, "notes.md"), "w") as f:
            f.write("# Notes\n\nopened by the open event\n")
        os.makedirs(run.app_data("open-file"), exist_ok=True)
        with open(run.app_data("open-file", "open.txt"),
                  "w") as f:
            f.write("/home/user/notes.md\n")

    opened = "] opened /home/user/notes.md 3 lines"
    r = Run(["editor", "open-file"], size="1024x768", prepare=prepare,
            until=[opened])
    check(any(line.startswith("[editor#") and opened in line
              for line in r.lines),
          "an editor instance opened the file it was started on",
          r.out[-1500:])
    win = None
    for line in r.lines:
        m = re.search(r"vyoma: window editor#\d+: (\d+),(\d+) (\d+)x(\d+)",
                      line)
        if m:
            win = tuple(int(v) for v in m.groups())
    check(win is not None and win[2:] == (W, H), "with its own window", win)
    if win:
        x, y = win[0], win[1]
        check(r.count(TEXT, (x, y, x + 200, y + 32)) > 40,
              "its name in the header")
        check(r.count(TEXT, (x + TEXT_X, y + TEXT_Y + 2 * ROW,
                             x + W, y + TEXT_Y + 3 * ROW)) > 100,
              "its third line drawn")
    r.cleanup()


def test_editor_relayouts_on_resize():
    """Made smaller (Super+Ctrl+Left and Up), the editor lays itself out
    again: the Save button at the new right edge, the status row at the
    new bottom, and Ctrl+End keeps the cursor in view."""
    win = placed()
    if not win:
        return
    lines = "".join(f"line {i}\n" for i in range(1, 101))
    script = (open_keys(200, "r.txt") +
              "500 key Super+Ctrl+Left\n"
              "600 key Super+Ctrl+Up\n"
              "700 key Ctrl+End\n"
              "800 key Ctrl+s\n")
    r = editor_run({"r.txt": lines}, script,
                   until=["[editor] saved /home/user/r.txt"])
    x, y = win[0], win[1]
    # The new size: the screen's frame of the window, less its title bar.
    frame = r.bbox(SURFACE, (x, y, x + W, y + H))
    check(frame is not None and frame[2] < x + W and frame[3] < y + H,
          "the window is smaller", (frame, win))
    if not frame:
        r.cleanup()
        return
    nw, nh = frame[2] - x, frame[3] - y
    buttons = r.bbox(RAISED, (x, y, x + nw, y + 32))
    check(buttons is not None and buttons[2] == x + nw - 8,
          "the Save button at the new right edge", (buttons, x + nw))
    status = (x, y + nh - 23, x + nw, y + nh)
    check(r.count(SURFACE, status) > nw * 10,
          "the status row at the new bottom", r.count(SURFACE, status))
    rows = (nh - TEXT_Y - 24) // ROW
    last = (x, y + TEXT_Y + (rows - 1) * ROW, x + nw,
            y + TEXT_Y + rows * ROW)
    check(r.count(ACCENT, last) >= ROW,
          "the cursor on the last row that fits", r.bbox(ACCENT, (x, y, x + nw, y + nh)))
    r.cleanup()


def test_editor_copy_pastes_into_the_terminal():
    """Text copied in the editor (Ctrl+A, Ctrl+C) is pasted into the
    terminal (Ctrl+V), whose shell runs it: the clipboard between two
    apps, each holding only the `clipboard` capability for it."""
    command = "echo pasted from the editor > /home/user/pasted.txt"

    def done(lines):
        """The shell has written the file (the run's data folder is in
        the supervisor's first lines)."""
        for line in lines:
            m = re.search(r"data in (\S+),", line)
            if m:
                path = os.path.join(m.group(1), ".vyoma", "home", "user",
                                    "pasted.txt")
                try:
                    with open(path) as f:
                        return f.read() == "pasted from the editor\n"
                except OSError:
                    return False
        return False

    script = (open_keys(200, "cmd.txt") +
              "600 key Ctrl+a\n"
              "700 key Ctrl+c\n"
              "1500 focus terminal\n"
              "1600 key Ctrl+v\n"
              "1800 key Enter\n")
    r = editor_run({"cmd.txt": command}, script,
                   apps=["terminal", "sh", "echo"], until=done)
    check(any(s.startswith("copied ") for s in said(r)),
          "the editor copied the text", said(r)[-3:])
    check(read(r, "pasted.txt") == "pasted from the editor\n",
          "the terminal's shell ran what was pasted", read(r, "pasted.txt"))
    r.cleanup()
