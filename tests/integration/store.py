"""The app store (apps/system/store), hosted, against a repository served
on this machine: packages.py's Repo makes the keys, the packages, the
served repository and the pkg app granted the loopback; the store is put
next to pkg and started at boot, its /data/repository names the served
URL, and every run of a scenario shares Repo's --data (a run is a boot).

The store says on its console what it has just put on the screen, after
the frame that shows it: "listed 5 apps", "list tools: memo tac",
"page tac", "it may: <words>", "installed memo 1.0", "approval asked for
memo: connect to example.org:80", ... A run ends when the line it waits
for arrives, and its screenshot shows what the line says. Keys and
clicks are an input script; clicks are placed from the window's
position in the supervisor's log (the same for every run at one screen
size) and the store's layout: a 32 px header, the categories' column
136 px wide, the search field at y 40, 40 px items from y 72, the
page's buttons 96 px wide a row above the 24 px status row.

Set VYOMA_STORE_SHOTS=docs to write the window of two runs as
docs/store-app.png (an app's page, what it may do in words) and
docs/store-approval.png (an upgrade asking for approval).
"""
import os
import shutil
import struct
import tempfile
import zlib

from harness import check
from packages import Repo
import harness

__all__ = ["test_store_lists_by_category_and_searches",
           "test_store_page_says_what_an_app_may_do",
           "test_store_installs_from_the_page",
           "test_store_upgrade_asks_for_approval_first",
           "test_store_removes_after_asking_twice",
           "test_store_lists_the_trusted_index_without_network",
           "test_store_installs_are_for_admins",
           "test_store_fits_its_budget"]

SIZE = "800x560"
TEXT = 0xE6E9EF         # vyoma_ui.h's VY_UI_TEXT
ACCENT = 0x3B82F6       # VY_UI_ACCENT: the focused button, "update available"
OK = 0x30A46C           # VY_UI_OK: "installed", what went well
DANGER = 0xE5484D       # VY_UI_DANGER: the approval panel's edge, errors
SURFACE = 0x202736      # VY_UI_SURFACE: the categories, the panel
CATS_W, PX, TOP, LIST_Y, ITEM_H = 136, 144, 40, 72, 40
BUTTON_W, GAP = 96, 8
START = 2500            # ms after ready: the update is done, the list shown
STEP = 2500             # ms for a pkg child to download and install

MANIFEST = """[app]
name = "{name}"
version = "{version}"
entry = "{name}.wasm"
description = "{description}"
category = "{category}"
kind = "command"

[capabilities]
stdio = true
{caps}"""

NET = '[capabilities.network]\nhosts = ["example.org:80"]\n'


def package(r, name, version, module, category="tools", caps="",
            description=None):
    """build/apps/<module>'s module packed as app name of a category."""
    src = os.path.join(r.tmp, "src", f"{name}-{version}-store", name)
    os.makedirs(src)
    shutil.copy(os.path.join(harness.BUILD, "apps", module, module + ".wasm"),
                os.path.join(src, name + ".wasm"))
    with open(os.path.join(src, "vyoma.toml"), "w") as f:
        f.write(MANIFEST.format(name=name, version=version, caps=caps,
                                category=category,
                                description=description or
                                f"{name} for the tests"))
    out = os.path.join(r.built, "store")
    os.makedirs(out, exist_ok=True)
    r.tool("pack", src, r.keys, "repository", out)
    return os.path.join(out, f"{name}-{version}.vpk")


def store_repo(*vpks):
    """A Repo serving vpks (index version 1), the store beside its pkg."""
    r = Repo()
    store = os.path.join(r.apps, "store")
    shutil.copytree(os.path.join(harness.BUILD, "apps", "store"), store)
    harness.start_at_boot(store)
    if vpks:
        r.publish(list(vpks), 1)
    return r


def store_run(r, script, until, user="user", url=None, timeout=60):
    """The store (as user) over r's apps and data, its /data/repository
    naming url (r's served repository unless given), the script typed."""
    data = os.path.join(r.data, ".vyoma", "appdata", user, "store")
    os.makedirs(data, exist_ok=True)
    with open(os.path.join(data, "repository"), "w") as f:
        f.write((url or f"http://127.0.0.1:{r.port}") + "\n")
    f = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    f.write(script)
    f.close()
    extra = ["--input", f.name, "--apps", r.apps, "--data", r.data,
             "--trust-root", os.path.join(r.keys, "root.pub")]
    extra += ["--user", user] if user != "user" else []
    try:
        run = harness.Run([], size=SIZE, extra=extra, until=until,
                          timeout=timeout)
    finally:
        os.unlink(f.name)
    _runs.append(run)
    return run


_runs = []


def done(r):
    """The scenario's runs' files and r's, removed."""
    while _runs:
        _runs.pop().cleanup()
    r.close()


_layout = []


def window(r):
    """The store's content (x, y, w, h) at SIZE: one short run, once."""
    if not _layout:
        run = store_run(r, "", ["[store] listed"])
        _layout.append(harness.window_of(run, "store"))
    return _layout[0]


def said(run):
    return harness.said(run, "store")


def button_at(win, i):
    """The script's point on the page's i-th button."""
    x, y, w, h = win
    return (x + PX + GAP + i * (BUTTON_W + GAP) + BUTTON_W // 2,
            y + h - 24 - 8 - 12)


def item_at(win, i):
    """The script's point on the list's i-th item (from the top)."""
    x, y, w, h = win
    return x + PX + 120, y + LIST_Y + i * ITEM_H + ITEM_H // 2


def box(win, x0, y0, x1, y1):
    """A box given in the window's content, on the screen."""
    return win[0] + x0, win[1] + y0, win[0] + x1, win[1] + y1


def write_shot(run, win, name):
    """The store's window (with its frame) of run's screenshot, as
    $VYOMA_STORE_SHOTS/name."""
    out = os.environ.get("VYOMA_STORE_SHOTS")
    if not out or not run.rows:
        return
    x0, y0 = win[0] - 3, win[1] - 22
    x1, y1 = win[0] + win[2] + 3, win[1] + win[3] + 3
    raw = b"".join(b"\0" + b"".join(struct.pack(">I", p)[1:]
                                    for p in run.rows[y][x0:x1])
                   for y in range(y0, y1))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    with open(os.path.join(out, name), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" +
                chunk(b"IHDR", struct.pack(">IIBBBBB", x1 - x0, y1 - y0, 8,
                                           2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def five(r):
    """Five apps in four categories; fetch may do the most."""
    return [package(r, "memo", "1.0", "echo"),
            package(r, "tac", "0.1.0", "tac", caps='[capabilities.filesystem]'
                    '\nuser = "ro"\n', description="lines in reverse order"),
            package(r, "snake", "1.0", "echo", "games",
                    description="eat the apples, do not bite your tail"),
            package(r, "fetch", "1.0", "echo", "network",
                    caps='filesystem = { data = true, user = "rw" }\n' + NET,
                    description="download a web page into your files"),
            package(r, "calendar", "1.0", "echo", "productivity",
                    description="the month at a glance")]


def test_store_lists_by_category_and_searches():
    """The update runs first (pkg, a child, reaching the repository),
    then the list: every app, by name; the categories present, "All"
    first; Down in the categories shows one; typing in the search field
    filters by name and description; Escape clears it."""
    r = store_repo()
    r.publish(five(r), 1)
    script = (f"{START} key Tab\n"          # the search field
              f"{START + 100} key Tab\n"    # the categories
              f"{START + 200} key Down\n"
              f"{START + 300} key Down\n"
              f"{START + 400} key Down\n"
              f"{START + 500} key Down\n"
              f"{START + 600} key Up\n"
              f"{START + 700} key Up\n"
              f"{START + 800} key Up\n"
              f"{START + 900} key Up\n"
              f"{START + 1000} key Tab\n"   # the list
              f"{START + 1100} key Tab\n"   # the search field
              f"{START + 1200} type APPLE\n"
              f"{START + 1500} key Escape\n")
    run = store_run(r, script, ["[store] list all matching APPLE: snake",
                                harness.counted("[store] list all:", 3)])
    lines = said(run)
    check("progress updated version=1 packages=5" in lines,
          "the update ran first, as pkg says it", lines)
    check("listed 5 apps" in lines, "the five apps are listed", lines)
    check(lines.count("list all: calendar fetch memo snake tac") == 3,
          "all of them, by name (at the start, back from the categories, "
          "and once the search is cleared)", lines)
    wanted = ["list productivity: calendar", "list games: snake",
              "list network: fetch", "list tools: memo tac"]
    got = [line for line in lines if line.startswith("list ") and
           "all" not in line]
    check(got[:4] == wanted and got[4:7] == wanted[2::-1],
          "Down and Up walk the categories in the catalogue's order: "
          "productivity, games, network, tools", got)
    check("list all matching APPLE: snake" in lines,
          "the search finds snake by its description, ignoring case", lines)
    win = window(r)
    check(run.count(SURFACE, box(win, 0, 32, CATS_W, win[3] - 24)) > 1000,
          "the categories' column is drawn")
    check(run.count(TEXT, box(win, 0, TOP, CATS_W, TOP + 5 * 24)) > 100,
          "with the names of five categories")
    done(r)


def test_store_page_says_what_an_app_may_do():
    """A click on an app opens its page: name, version, size,
    description, and "It may:" with its capabilities in words."""
    r = store_repo()
    r.publish(five(r), 1)
    win = window(r)
    x, y = item_at(win, 1)                 # calendar fetch ...
    run = store_run(r, f"{START} click {x} {y}\n", ["[store] page fetch"])
    lines = said(run)
    may = [line[len("it may: "):] for line in lines
           if line.startswith("it may: ")]
    for words in ("connect to example.org:80", "keep its own files",
                  "read and change your files (home folder and /tmp)"):
        check(words in may, f"fetch's page says it may {words}", may)
    check(run.count(TEXT, box(win, PX, TOP, win[2], TOP + 40)) > 200,
          "the name, in large letters")
    top = TOP + 120 + 24
    check(run.count(TEXT, box(win, PX + 8, top, win[2] - 8,
                              top + len(may) * 20)) > 150 * len(may),
          "a line of words for each capability", may)
    check(run.count(ACCENT, box(win, PX, win[3] - 56, PX + 2 * BUTTON_W,
                                win[3] - 32)) > 1500,
          "Install, focused, in the accent colour")
    write_shot(run, win, "store-app.png")
    done(r)


def test_store_installs_from_the_page():
    """i on an app's page installs it: pkg downloads it, the supervisor
    checks and installs it, the page then says it is installed, and the
    app runs after a reboot."""
    r = store_repo()
    r.publish([package(r, "memo", "1.0", "echo")], 1)
    run = store_run(r, f"{START} key Enter\n{START + 200} key i\n",
                    ["[store] installed memo 1.0", "[store] listed 1 apps"])
    lines = said(run)
    check("page memo" in lines, "Enter opens the first app's page", lines)
    check("progress pkg: downloading memo-1.0.vpk" in lines,
          "pkg's progress is shown as it comes", lines)
    check("installed memo 1.0" in lines, "installed, pkg says", lines)
    win = window(r)
    check(run.count(OK, box(win, 0, win[3] - 24, win[2], win[3])) > 50,
          "and the status row says so in green")
    rc, out, err = r.run("memo a/b")
    check(rc == 0 and out == "a/b\n", "the installed app runs", out + err)
    rc, out, err = r.run("pkg list")
    check("memo 1.0" in out, "pkg lists it", out)
    done(r)


def test_store_upgrade_asks_for_approval_first():
    """An upgrade that may also connect to example.org asks, in words;
    nothing changes until Approve is clicked: Escape cancels, and the
    old version stays; Approve upgrades."""
    r = store_repo()
    about = "short notes, kept in one place"
    one = package(r, "memo", "1.0", "echo", description=about)
    two = package(r, "memo", "2.0", "basename", caps=NET, description=about)
    r.publish([one], 1)
    check(r.run("pkg update")[0] == 0 and
          r.run("pkg install memo")[0] == 0, "1.0 is installed")
    r.publish([two], 2)
    check(r.run("pkg update")[0] == 0, "the index naming 2.0")
    win = window(r)
    before = r.state()
    run = store_run(r, "", ["[store] listed 1 apps"])
    x0, y0 = item_at(win, 0)
    check(run.count(ACCENT, (x0, y0 - 20, win[0] + win[2], y0 + 20)) > 200,
          "the list says an update is available, in the accent colour")
    run = store_run(r, f"{START} key Enter\n{START + 200} key i\n",
                    ["[store] approval asked for memo"])
    lines = said(run)
    check("approval asked for memo: connect to example.org:80" in lines,
          "the store asks, saying what 2.0 would add", lines)
    check(not any(line.startswith("upgraded") for line in lines),
          "and upgrades nothing by itself", lines)
    panel = box(win, PX + 8, TOP + 120, PX + 12, win[3] - 40)
    check(run.count(DANGER, panel) > 200, "the approval panel is drawn")
    check(run.count(TEXT, box(win, PX + 24, TOP + 152, win[2] - 8,
                              TOP + 172)) > 100,
          "with what it adds, in words")
    check(run.count(ACCENT, box(win, PX, win[3] - 56, win[2],
                                win[3] - 32)) > 1500,
          "Cancel focused, in the accent colour")
    write_shot(run, win, "store-approval.png")
    check(r.state() == before, "nothing changed on disk")

    run = store_run(r, f"{START} key Enter\n{START + 200} key i\n"
                    f"{START + STEP} key Escape\n",
                    ["[store] approval cancelled for memo"])
    check(r.state() == before, "cancelled: nothing changed on disk",
          said(run))
    check(r.run("memo a/b")[1] == "a/b\n", "1.0 still runs")

    x, y = button_at(win, 0)
    run = store_run(r, f"{START} key Enter\n{START + 200} key i\n"
                    f"{START + STEP} click {x} {y}\n",
                    ["[store] upgraded memo 2.0", "[store] listed 1 apps"])
    lines = said(run)
    check("upgraded memo 2.0" in lines, "Approve upgrades", lines)
    rc, out, err = r.run("memo a/b")
    check(out == "b\n", "2.0 runs", out + err)
    done(r)


def test_store_removes_after_asking_twice():
    """r on an installed app's page asks first (the button turns red);
    a second r removes it."""
    r = store_repo()
    r.publish([package(r, "memo", "1.0", "echo")], 1)
    check(r.run("pkg update")[0] == 0 and
          r.run("pkg install memo")[0] == 0, "1.0 is installed")
    win = window(r)
    run = store_run(r, f"{START} key Enter\n{START + 200} key r\n"
                    f"{START + 300} key Escape\n{START + 400} key Enter\n"
                    f"{START + 500} key r\n{START + 600} key r\n",
                    ["[store] removed memo"])
    lines = said(run)
    asked = [i for i, line in enumerate(lines)
             if line == "remove? once more removes memo"]
    pages = [i for i, line in enumerate(lines) if line == "page memo"]
    check(len(asked) == 2 and len(pages) == 2 and "removed memo" in lines and
          lines.index("removed memo") > pages[1] > asked[0],
          "one r only asks; the second one removes", lines)
    check(r.run("memo a/b")[0] == 127, "removed: no such command")
    check(run.count(OK, box(win, 0, win[3] - 24, win[2], win[3])) > 50,
          "the status row says so in green")
    done(r)


def test_store_lists_the_trusted_index_without_network():
    """With no way to the repository the update fails, saying why, and
    the store lists what the supervisor already trusts."""
    r = store_repo()
    r.publish([package(r, "memo", "1.0", "echo")], 1)
    check(r.run("pkg update")[0] == 0, "the index, trusted before")
    win = window(r)
    run = store_run(r, "", ["[store] listed 1 apps"],
                    url="http://127.0.0.1:1")
    lines = said(run)
    failed = [line for line in lines if line.startswith("update failed: ")]
    check(failed and "127.0.0.1:1" in failed[0],
          "the update fails, saying where it could not reach", lines)
    check("list all: memo" in lines, "memo is listed all the same", lines)
    check(run.count(DANGER, box(win, 0, win[3] - 24, win[2], win[3])) > 50,
          "the error is in the status row, in red")
    done(r)


def test_store_installs_are_for_admins():
    """A user who is not an admin may look, not install: the
    supervisor refuses and the store shows why."""
    r = store_repo()
    r.publish([package(r, "memo", "1.0", "echo")], 1)
    check(r.run("pkg update", user="alice")[0] == 0,
          "alice, the first user, an admin, updates")
    before = r.state()
    run = store_run(r, f"{START} key Enter\n{START + 200} key i\n",
                    ["[store] failed: "], user="bob")
    lines = said(run)
    check("listed 1 apps" in lines and "page memo" in lines, "bob may look",
          lines)
    failed = [line for line in lines if line.startswith("failed: ")]
    check(failed and "for admins" in failed[0],
          "installing is refused, and the store says why", lines)
    check(r.state() == before, "nothing changed on disk")
    done(r)


def test_store_fits_its_budget():
    """The store's budget: 16 KB of .wasm."""
    size = os.path.getsize(os.path.join(harness.BUILD, "apps", "store",
                                        "store.wasm"))
    check(size <= 16384, "store.wasm is at most 16384 bytes", size)


if __name__ == "__main__":
    import sys
    sys.exit(harness.run_alone("store", __all__, globals()))
