"""The file manager (apps/system/files), driven with keys and clicks
through input scripts, on a home prepared beforehand
(<data>/.vyoma/home/user, which the app sees as /home/user).

The app says on its console what it has just put on the screen, after
the frame that shows it: "files: /home/user 3 entries" for a listing,
"files: <status row>" for what an operation did or why it could not. A
run ends when the line it waits for arrives, and its screenshot shows
what the line says. The app waits for the launcher (autostart = false);
the tests' copies start at boot. Clicks and pixel boxes are placed from
the window's position in the supervisor's log and the app's layout: a
32 px header (the path, then Up, Home, Tmp at the right), a 32 px tool
bar, 24 px rows from y 64, a 32 px status row at the bottom.
"""
import os
import re
import subprocess

from harness import check, home_of, home_run
import harness

__all__ = ["test_files_lists_the_home",
           "test_files_says_when_a_folder_holds_more_than_it_lists",
           "test_files_folder_rename_copy_and_refusals",
           "test_files_delete_asks_first",
           "test_files_mouse_double_click_buttons_and_scroll_bar",
           "test_files_opens_a_text_file_in_the_editor",
           "test_files_relayouts_on_resize",
           "test_files_fits_its_budget"]

SELECT = 0x2D4F8A       # vyoma_ui.h's VY_UI_SELECT: the selected row
ACCENT = 0x3B82F6       # VY_UI_ACCENT: a folder's square
BORDER = 0x3A4457       # VY_UI_BORDER: a file's square, the scroll thumb
SURFACE = 0x202736      # VY_UI_SURFACE: bars, the scroll bar's track
DANGER = 0xE5484D       # VY_UI_DANGER: errors and questions
TEXT = 0xE6E9EF         # VY_UI_TEXT
DIM = 0x98A2B3          # VY_UI_DIM: sizes
W, H = 560, 400
TOP, ROW = 64, 24
VISIBLE = (H - TOP - 32) // ROW   # rows shown at the asked size


def files_run(files, script, until, apps=(), timeout=60):
    """files started at boot over a home holding files (see
    harness.put_files), the script (an input script's lines after
    `focus files`) typed."""
    return home_run("files", files, script, until, apps, timeout)


def window_of(r, app="files"):
    return harness.window_of(r, app)


def said(r):
    return harness.said(r, "files", "files: ")


def listing(path, n):
    return f"[files] files: {path} {n} entries"


def test_files_lists_the_home():
    """Folders first, then files, by name, with sizes; the first row
    selected; a square before each name (the accent for a folder); the
    path in the header; no scroll bar when everything fits. Names with
    Latin-1, other characters (one too long for its row, cut between
    characters) and a control character are drawn without a single draw
    line refused."""
    r = files_run({"docs": None, "b.txt": "x" * 2000, "a.txt": "hello\n",
                   ".hidden": "h", "caf\u00e9.txt": "", "ctl\x01.txt": "",
                   "\u65e5" * 80 + ".txt": ""}, "",
                  until=[listing("/home/user", 7)])
    check(r.has(listing("/home/user", 7)),
          "the listing is said with its count", r.out[-1500:])
    # The shutdown summary (after the run) counts refused lines.
    check(any(re.search(r"vyoma: files: stopped;.* lines rejected 0;", line)
              for line in r.lines), "no draw line of files was refused",
          r.out[-1500:])
    win = window_of(r)
    check(win is not None and win[2:] == (W, H), "a 560x400 window", win)
    if win:
        x, y = win[0], win[1]
        row = lambda i: y + TOP + i * ROW           # noqa: E731
        check(r.count(SELECT, (x, row(0), x + W, row(1))) > W * 10,
              "the first row is selected")
        check(r.count(ACCENT, (x + 8, row(0), x + 22, row(1))) == 64,
              "the first row is the folder (an accent square)")
        for i in (1, 2, 3):
            check(r.count(BORDER, (x + 8, row(i), x + 22, row(i + 1))) == 64
                  and r.count(ACCENT, (x + 8, row(i), x + 22, row(i + 1)))
                  == 0, f"row {i} is a file (a border square)")
        check(r.count(DIM, (x + W - 80, row(1), x + W, row(4))) > 40 and
              r.count(DIM, (x + W - 80, row(0), x + W, row(1))) == 0,
              "file sizes at the rows' right, none for the folder")
        check(r.count(TEXT, (x, y, x + 100, y + 32)) > 60,
              "the path in the header")
        check(r.count(SURFACE, (x + W - 8, row(0), x + W, row(VISIBLE)))
              == 0, "no scroll bar: everything fits")
    r.cleanup()


def test_files_says_when_a_folder_holds_more_than_it_lists():
    """A folder of more entries than the window keeps (1024) is listed
    as far as it goes and the status row says the rest is not shown:
    once, a cut list looked whole."""
    many = {f"f{i:04d}.txt": "" for i in range(1100)}
    cut = ("[files] files: Only the first entries are shown: /home/user "
           "holds more than this window lists")
    r = files_run(many, "", until=[cut], timeout=120)
    check(r.has(listing("/home/user", 1024)), "1024 entries listed",
          r.out[-1500:])
    check(r.has(cut), "and the rest said to be missing", r.out[-1500:])
    r.cleanup()
    r = files_run({f"f{i:04d}.txt": "" for i in range(10)}, "",
                  until=[listing("/home/user", 10)])
    check(not any("Only the first" in line for line in r.lines),
          "a folder that fits is not said to be cut", r.out[-1500:])
    r.cleanup()


def test_files_folder_rename_copy_and_refusals():
    """F7 makes a folder with the typed name; a name with '/' (and '..')
    is refused on the status row and nothing is made; F2 renames; Ctrl+C
    then Ctrl+V copies a file bigger than a copy's 64 KB chunk to
    "name (copy).ext" with the same bytes, leaving no temporary file;
    Ctrl+N makes an empty file; Ctrl+X then Ctrl+V in a folder moves;
    Ctrl+Shift+N makes a folder as F7 does."""
    data = os.urandom(200_000)
    script = ("200 key F7\n"
              "250 type new folder\n"
              "300 key Enter\n"
              "400 key F7\n"
              "450 type a/b\n"
              "500 key Enter\n"
              "550 key Backspace\n"
              "560 key Backspace\n"
              "570 key Backspace\n"
              "580 type ..\n"
              "600 key Enter\n"
              "650 key Escape\n"
              # the rows: docs, new folder, a.bin
              "700 key End\n"
              "750 key F2\n"
              + "".join(f"{800 + 10 * i} key Backspace\n" for i in range(5))
              + "900 type data.bin\n"
              "950 key Enter\n"
              "1000 key Ctrl+c\n"
              "1050 key Ctrl+v\n"
              "1100 key Ctrl+n\n"
              "1150 type empty.txt\n"
              "1200 key Enter\n"
              "1250 key Ctrl+x\n"
              "1300 key Home\n"
              "1350 key Enter\n"
              "1400 key Ctrl+v\n"
              "1450 key Ctrl+Shift+n\n"
              "1500 type sub\n"
              "1550 key Enter\n")
    r = files_run({"docs": None, "a.bin": data}, script,
                  until=["[files] files: Created folder sub"])
    got = said(r)
    home = home_of(r)
    check(os.path.isdir(os.path.join(home, "new folder")),
          "F7 and a typed name made the folder", got)
    check("Created folder new folder" in got, "and said so", got)
    refused = [s for s in got if s.startswith("Refused")]
    check(len(refused) == 2, "'a/b' and '..' refused, in words", got)
    check(sorted(os.listdir(home)) ==
          ["data (copy).bin", "data.bin", "docs", "new folder"],
          "renamed, copied, moved: nothing else made",
          sorted(os.listdir(home)))
    for name in ("data.bin", "data (copy).bin"):
        with open(os.path.join(home, name), "rb") as f:
            check(f.read() == data, f"{name} holds the original bytes")
    check(sorted(os.listdir(os.path.join(home, "docs"))) ==
          ["empty.txt", "sub"] and
          os.path.getsize(os.path.join(home, "docs", "empty.txt")) == 0,
          "Ctrl+N made an empty file, Ctrl+X and Ctrl+V moved it, "
          "Ctrl+Shift+N made a folder", os.listdir(os.path.join(home, "docs")))
    check(listing("/home/user/docs", 1) in r.out and
          listing("/home/user/docs", 2) in r.out,
          "the folder's listing shows them", got)
    r.cleanup()


def test_files_delete_asks_first():
    """Delete asks on the status row; Escape keeps the file, Enter
    deletes it. A folder with things in it asks a second time, saying
    how many entries go (all of them, nested ones too)."""
    files = {"full/x": "1", "full/y": "2", "full/sub/z": "3",
             "gone.txt": "g", "keep.txt": "k"}
    # the rows: full, gone.txt, keep.txt
    script = ("200 key Down\n"
              "250 key Down\n"
              "300 key Delete\n"
              "350 key Escape\n"
              "400 key Up\n"
              "450 key Delete\n"
              "500 key Enter\n"
              "600 key Home\n"
              "650 key Delete\n"
              "700 key Enter\n"
              "750 key Escape\n"
              "800 key F5\n"
              "850 key Delete\n"
              "900 key Enter\n"
              "950 key Enter\n")
    r = files_run(files, script, until=["[files] files: Deleted full"])
    got = said(r)
    home = home_of(r)
    q = "? Enter = yes, Escape = no"
    check("Delete keep.txt" + q in got and "Delete gone.txt" + q in got,
          "each delete asked first", got)
    check(os.path.exists(os.path.join(home, "keep.txt")) and
          "Deleted keep.txt" not in got, "Escape kept the file", got)
    check(not os.path.exists(os.path.join(home, "gone.txt")),
          "Enter deleted it")
    check(got.count("Delete all 4 entries in it" + q) == 2,
          "a full folder asks again, with its 4 entries", got)
    check(listing("/home/user", 2) in r.out and
          os.path.isdir(os.path.join(home, "full")) is False,
          "Escape at the second question kept it; Enter removed it all",
          got)
    check(sorted(os.listdir(home)) == ["keep.txt"], "only keep.txt is left",
          os.listdir(home))
    r.cleanup()


def test_files_mouse_double_click_buttons_and_scroll_bar():
    """Two clicks on a folder's row open it; the Up and Tmp buttons go
    where they say, and so do Alt+Home and Alt+T; the tool bar's New folder opens the name field; a
    click low on the scroll bar shows the end of a long list."""
    files = {"dir": None}
    files.update({f"f{i:02}.dat": "" for i in range(40)})
    win = placed(files)
    check(win is not None and win[2:] == (W, H), "placed", win)
    if not win:
        return
    x, y = win[0], win[1]
    row0 = y + TOP + ROW // 2
    scroll_y = TOP + VISIBLE * ROW - 8     # near the track's bottom
    script = (f"200 click {x + 100} {row0}\n"
              f"250 click {x + 100} {row0}\n"
              f"600 click {x + 440} {y + 16}\n"          # Up
              f"900 click {x + W - 4} {y + scroll_y}\n"
              "1000 key Delete\n"
              "1050 key Escape\n"
              f"1200 click {x + W - 30} {y + 16}\n"      # Tmp
              "1300 key Alt+Home\n"
              "1400 key Alt+t\n"
              f"1500 click {x + 40} {y + 32 + 16}\n"     # New folder
              "1600 type made by a click\n"
              "1700 key Enter\n")
    r = files_run(files, script,
                  until=["[files] files: Created folder made by a click"])
    got = said(r)
    check(listing("/home/user/dir", 0) in r.out,
          "a double click opened the folder", got)
    lines = [line for line in r.lines if line.startswith("[files] files: /")]
    inside = lines.index(listing("/home/user/dir", 0)) \
        if listing("/home/user/dir", 0) in lines else len(lines)
    check(listing("/home/user", 41) in lines[inside + 1:],
          "Up went back", lines)
    # The click shows the list's end: the selection moves into view.
    first = (scroll_y - TOP) * (41 - VISIBLE) // (VISIBLE * ROW)
    check(f"Delete f{first - 1:02}.dat? Enter = yes, Escape = no" in got,
          f"the scroll bar click showed row {first} on", got)
    check(listing("/tmp", 0) in r.out, "Tmp went to /tmp", got)
    tmp = [i for i, line in enumerate(lines) if line == listing("/tmp", 0)]
    check(len(tmp) == 2 and listing("/home/user", 41) in
          lines[tmp[0]:tmp[1]], "Alt+Home went home, Alt+T to /tmp again",
          lines)
    check(os.path.isdir(os.path.join(r.data_dir, ".vyoma", "tmp", "user",
                                     "made by a click")),
          "New folder, clicked, made a folder there")
    r.cleanup()


def placed(files):
    """Where the supervisor puts the window (a short run)."""
    r = files_run(files, "", until=["vyoma: files: first frame"])
    r.cleanup()
    return window_of(r)


def test_files_opens_a_text_file_in_the_editor():
    """Enter on a file asks the supervisor to open it: a type no app
    opens is an error on the status row; a .txt starts an editor on it,
    whose edit, saved with Ctrl+S, another program then reads."""
    files = {"note.txt": "hello\n", "x.bin": "b"}
    # the rows: note.txt, x.bin
    script = ("200 key Down\n"
              "250 key Enter\n"
              "500 key Up\n"
              "550 key Enter\n"
              # the editor's new window has the keyboard now
              "3000 type abc \n"
              "3100 key Ctrl+s\n")
    saved = re.compile(r"\[editor#\d+\] saved /home/user/note.txt")
    r = files_run(files, script, apps=["editor", "cat"],
                  until=[saved, "[files] files: Opened /home/user/note.txt "])
    got = said(r)
    check("no app opens '.bin' files" in got,
          "no app for .bin: the supervisor's reason on the status row", got)
    check(any(re.match(r"Opened /home/user/note.txt editor#\d+$",
                       s) for s in got), "note.txt opened in an editor", got)
    check(any(re.search(r"\[editor#\d+\] opened /home/user/note.txt", line)
              for line in r.lines), "the editor started on the file",
          r.out[-2000:])
    check(any(saved.search(line) for line in r.lines),
          "and saved the typed edit", r.out[-2000:])
    p = subprocess.run([harness.supervisor_binary(), "--apps", r.apps_dir,
                        "--data", r.data_dir, "--run",
                        "cat /home/user/note.txt"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    check(p.returncode == 0 and p.stdout == b"abc hello\n",
          "cat /home/user/note.txt prints the edit",
          (p.returncode, p.stdout, p.stderr[-500:]))
    r.cleanup()


def test_files_relayouts_on_resize():
    """Maximised (Super+Up), the window lays itself out again: rows as
    wide as the new width, the status row (here a question, which is
    printed after the frame that shows it) at the new bottom."""
    r = files_run({"a.txt": "a", "b.txt": "b"},
                  "200 key Super+Up\n400 key Delete\n",
                  until=["[files] files: Delete a.txt?"])
    win = window_of(r)
    row = r.bbox(SELECT) if r.rows else None
    check(win is not None and row is not None and
          row[2] - row[0] > win[2] + 300,
          "the selected row spans the maximised width", (win, row))
    question = r.bbox(DANGER, (0, r.height // 2, r.width, r.height)) \
        if r.rows else None
    check(win is not None and question is not None and
          question[1] > win[1] + win[3] + 200,
          "the question is on the status row at the new bottom",
          (win, question))
    r.cleanup()


def test_files_fits_its_budget():
    """An app's budget: 10 KB of .wasm."""
    size = os.path.getsize(os.path.join(harness.BUILD, "apps", "files",
                                        "files.wasm"))
    check(size <= 10240, "files.wasm is at most 10240 bytes", size)
