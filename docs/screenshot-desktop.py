#!/usr/bin/env python3
"""Makes the desktop screenshots in docs/: the hosted supervisor (headless,
1280x800) with every app of build/apps installed, a prepared home, and an
input script that uses the desktop as a person would: the launcher
(Super+Space, a few letters, Enter), title bars dragged, corners dragged,
keys typed into the apps.

  docs/screenshot-launcher.png      the launcher open over two windows
  docs/screenshot-files-editor.png  the file manager and the editor
  docs/screenshot-apps.png          six everyday apps side by side
  docs/screenshot-desktop.png       three windows and a notification

Run from the repository root after `make apps test-apps`:
python3 docs/screenshot-desktop.py [NAME...] (default: all four). Each run
checks the supervisor's log for the apps it started, in order, so a
launcher query that starts the wrong app fails instead of making a wrong
picture.
"""
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

W, H = 1280, 800
BAR = 32            # the desktop's taskbar (desktop reserve 0 32)
GAP, TITLE, FOCUS = 12, 20, 3   # supervisor/wm.c, wm.h


def png(path, w, h, pixel):
    """A w x h RGB PNG; pixel(x, y) gives (r, g, b)."""
    rows = b"".join(b"\0" + bytes(c for x in range(w) for c in pixel(x, y))
                    for y in range(h))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" +
                chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def mix(a, b, t):
    t = max(0.0, min(1.0, t))
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def sunset(x, y, w=320, h=200):
    """An evening sky, a sun, two ranges of hills and a lake."""
    u, v = x / w, y / h
    sky = mix((38, 44, 92), (236, 132, 84), v / 0.62) if v < 0.62 else None
    far = 0.50 + 0.06 * math.sin(u * 7.0 + 1.0) + 0.03 * math.sin(u * 17.0)
    near = 0.60 + 0.05 * math.sin(u * 4.0 + 2.5) + 0.02 * math.sin(u * 23.0)
    if v >= 0.66:                       # the lake: the sky, darker, rippled
        m = 0.66 - (v - 0.66)
        c = mix((38, 44, 92), (236, 132, 84), m / 0.62)
        ripple = 0.85 + 0.15 * math.sin(y * 1.7 + math.sin(x * 0.21) * 2)
        return tuple(int(k * 0.7 * ripple) for k in c)
    if v > near:
        return mix((44, 30, 60), (24, 18, 40), (v - near) * 8)
    if v > far:
        return mix((92, 58, 96), (60, 40, 78), (v - far) * 6)
    d = math.hypot(u - 0.68, (v - 0.44) * h / w)
    if d < 0.07:
        return mix((255, 236, 170), (252, 196, 110), d / 0.07)
    glow = max(0.0, 1 - d / 0.30) ** 2 * 0.5
    return mix(sky, (255, 214, 140), glow)


def prepare_home(home):
    """A home a person might have: notes, a list, photos, projects."""
    def put(rel, text):
        path = os.path.join(home, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    put("notes.txt", "Call with Priya, Tuesday 10:00\n"
        "- the release goes out on the 14th\n"
        "- Arun reviews the installer\n"
        "- book the room for the demo\n")
    put("todo.md", "# This week\n\n"
        "- [x] Write the release notes\n"
        "- [x] Fix the launcher's search\n"
        "- [ ] Review the file manager's copy dialog\n"
        "- [ ] Try the image viewer on the new photos\n"
        "- [ ] Back up ~/projects\n\n"
        "## Groceries\n\n"
        "- rice, dal, ginger\n"
        "- tea (the good one)\n"
        "- mangoes if they are ripe\n\n"
        "## Ideas\n\n"
        "A small weather app for the taskbar: one line, the\n"
        "temperature and the sky, refreshed every ten minutes.\n")
    put("budget.csv", "month,rent,food,travel\n"
        "jan,900,310,45\nfeb,900,290,120\nmar,900,335,60\n")
    put("projects/weather/main.c", "#include \"vyoma.h\"\n\n"
        "int main(void)\n{\n\tvy_print(\"28 C, clear\");\n\treturn 0;\n}\n")
    put("projects/weather/vyoma.toml", "[app]\nname = \"weather\"\n")
    put("projects/README.md", "Things I am building on VyomaOS.\n")
    os.makedirs(os.path.join(home, "photos"), exist_ok=True)
    png(os.path.join(home, "photos", "lake.png"), 320, 200, sunset)
    png(os.path.join(home, "sunset.png"), 320, 200, sunset)
    put("photos/captions.txt", "lake.png: the lake at Bhimtal, evening\n")


class Session:
    """An input script being written, and where each window is.

    Windows are placed as supervisor/wm.c's wm_place_new() does (the
    n-th new window cascades from the work area's top-left); moves and
    resizes are drags of the title bar and of the bottom-right corner,
    so the script always knows each window's frame.
    """

    def __init__(self):
        self.t = 300
        self.lines = []
        self.n = 0
        self.win = {}
        self.launched = []  # started from the launcher, in order
        self.opened = []    # started by open (a file)

    def at(self, dt, line):
        self.t += dt
        self.lines.append(f"{self.t} {line}")

    def wait(self, dt):
        self.t += dt

    def placed(self, name, w, h):
        """Records the frame the next new window gets (wm_place_new)."""
        step = TITLE + 8
        room_w = W - 2 * GAP - 2 - 2 * FOCUS
        room_h = H - BAR - 2 * GAP - TITLE - 1 - 2 * FOCUS
        w = w if w > 0 else room_w * 2 // 3    # none asked: two thirds
        h = h if h > 0 else room_h * 2 // 3
        w = w if w < room_w else room_w
        h = h if h < room_h else room_h
        x = GAP + 1 + FOCUS + (self.n % 8) * step * 2
        y = GAP + TITLE + FOCUS + (self.n % 8) * step
        x = min(x, W - GAP - w)
        y = min(y, H - BAR - GAP - h)
        self.win[name] = [x, y, w, h]
        self.n += 1

    def launch(self, query, app, w, h, settle=1500):
        """Super+Space, type query, Enter: the first match starts."""
        self.at(200, "key Super+Space")
        self.at(400, f"type {query}")
        self.at(300, "key Enter")
        self.launched.append(app)
        self.placed(app, w, h)
        self.wait(settle)

    def move(self, name, x, y):
        """Drags the window's title bar so that its content is at x, y."""
        fx, fy = self.win[name][:2]
        gx = fx + 40
        gy = fy - TITLE // 2
        self.at(100, f"drag {gx} {gy} {gx + x - fx} {gy + y - fy}")
        self.win[name][:2] = [x, y]
        self.wait(300)

    def resize(self, name, w, h):
        """Drags the bottom-right corner so that the content is w x h."""
        x, y, fw, fh = self.win[name]
        gx, gy = x + fw + 2, y + fh + 2
        self.at(100, f"drag {gx} {gy} {gx + w - fw} {gy + h - fh}")
        self.win[name][2:] = [w, h]
        self.wait(400)

    def click(self, x, y):
        self.at(150, f"click {x} {y}")

    def key(self, k, dt=120):
        self.at(dt, f"key {k}")

    def type(self, s, dt=150):
        self.at(dt, f"type {s}")
        self.wait(len(s) * 8)

    def text(self):
        return "\n".join(self.lines) + "\n"


def right_of(s, name, gap=20):
    """The content x of a window right of name's frame, gap between."""
    x, _, w, _ = s.win[name]
    return x + w + 4 + gap + 4


def below(s, name, gap=16):
    _, y, _, h = s.win[name]
    return y + h + 4 + gap + TITLE + FOCUS


def shot_launcher(s, home):
    # A terminal on the right, having listed the home...
    s.launch("terminal", "terminal", 640, 384)
    s.move("terminal", 620, 52)     # below the wallpaper's "VyomaOS"
    s.resize("terminal", 640, 496)
    s.type("uname -a")
    s.key("Enter")
    s.type("ls -l --color=always")
    s.key("Enter")
    s.type("cat notes.txt | head -3")
    s.key("Enter")
    # ...the calendar top left, then the launcher under it.
    s.launch("calendar", "calendar", 300, 300)
    s.move("calendar", 16, 52)
    s.resize("calendar", 300, 280)
    s.key("Super+Space", 300)
    s.wait(900)


def shot_files_editor(s, home):
    s.launch("browse", "files", 560, 400)
    s.move("files", 16, 52)
    s.resize("files", 520, 560)
    # Folders first, then by name: photos projects budget.csv notes.txt
    # sunset.png todo.md.
    for _ in range(5):
        s.key("Down", 100)
    s.key("Enter")
    s.opened.append("editor")
    s.placed("editor", 640, 440)
    s.wait(1500)
    s.move("editor", right_of(s, "files"), 52)
    s.resize("editor", W - 16 - right_of(s, "files"), 560)
    # A selection: the three open tasks of the first list.
    for _ in range(4):
        s.key("Down", 80)
    s.key("Shift+Down", 120)
    s.key("Shift+Down", 120)
    s.key("Shift+End", 120)
    s.wait(800)


def shot_apps(s, home):
    """Three columns, two rows: every window's edges on a grid."""
    col = [16, 336, 916]            # content x of each column
    row, top_h = 52, 384            # below the wallpaper's "VyomaOS"
    low = row + top_h + 4 + GAP + TITLE + FOCUS
    low_h = H - BAR - GAP - low
    # The terminal opens the photo in the viewer, and later keeps the CPU
    # busy for the monitor's graph.
    s.launch("terminal", "terminal", 640, 384)
    s.type("open ~/sunset.png")
    s.key("Enter")
    s.opened.append("viewer")
    s.placed("viewer", 480, 400)
    s.wait(1200)
    s.move("viewer", col[2], row)
    s.resize("viewer", W - GAP - col[2], top_h)
    s.click(s.win["terminal"][0] + 20, s.win["terminal"][1] - TITLE // 2)
    s.move("terminal", col[2], low)
    s.resize("terminal", W - GAP - col[2], low_h)
    s.launch("calculator", "calculator", 264, 340)
    s.move("calculator", col[0], row)
    s.resize("calculator", 300, top_h)
    s.type("1234*5.5-78=")
    s.launch("calendar", "calendar", 300, 300)
    s.move("calendar", col[0], low)
    s.resize("calendar", 300, low_h)
    s.launch("system monitor", "monitor", 560, 400)
    s.move("monitor", col[1], row)
    s.resize("monitor", 560, top_h)
    s.launch("wallpaper", "settings", 520, 380)
    s.move("settings", col[1], low)
    s.resize("settings", 560, low_h)
    # Some work for the monitor to draw: one process at a time, so that
    # the monitor keeps a core for its samples on a two-core machine.
    with open(os.path.join(home, "primes.awk"), "w") as f:
        f.write(PRIMES)
    s.click(s.win["terminal"][0] + 20, s.win["terminal"][1] - TITLE // 2)
    for n, seconds in (("150000", 3), ("60000", 2), ("200000", 4)):
        s.type(f"awk -v n={n} -f primes.awk")
        s.key("Enter")
        s.wait(seconds * 1000 + 800)
    s.wait(600)


PRIMES = """# Counts the primes below n: awk -v n=50000 -f primes.awk
BEGIN {
\tfor (k = 2; k < n; k++) {
\t\tfor (d = 2; d * d <= k && k % d; d++)
\t\t\t;
\t\tif (d * d > k)
\t\t\tc++
\t}
\tprint c " primes below " n
}
"""


def shot_desktop(s, home):
    """Three windows, and a notification from an app the terminal starts
    (tests/apps/notifier, installed with autostart off)."""
    s.launch("clock", "clock", 0, 0)
    s.resize("clock", 464, 180)
    s.move("clock", 768, 72)
    s.launch("calculator", "calculator", 264, 340)
    s.move("calculator", 768, below(s, "clock"))
    s.type("12*12=")
    s.launch("terminal", "terminal", 640, 384)
    s.move("terminal", 48, 72)
    s.resize("terminal", 672, 384)
    s.type("uname -a")
    s.key("Enter")
    s.type("ls --color=always")
    s.key("Enter")
    s.type("cat notes.txt")
    s.key("Enter")
    s.type("start notifier")
    s.key("Enter")
    s.wait(1500)


SHOTS = {
    "launcher": (shot_launcher, "screenshot-launcher.png", []),
    "files-editor": (shot_files_editor, "screenshot-files-editor.png", []),
    "apps": (shot_apps, "screenshot-apps.png", []),
    "desktop": (shot_desktop, "screenshot-desktop.png", ["notifier"]),
}


def run(name):
    make, png_name, test_apps = SHOTS[name]
    tmp = tempfile.mkdtemp(prefix="vyoma-shot-")
    apps = os.path.join(tmp, "apps")
    shutil.copytree("build/apps", apps)
    for app in test_apps:
        shutil.copytree(os.path.join("build/test-apps", app),
                        os.path.join(apps, app))
        with open(os.path.join(apps, app, "vyoma.toml"), "a") as f:
            f.write("\n[lifecycle]\nautostart = false\n")
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    prepare_home(home)
    s = Session()
    make(s, home)
    script = os.path.join(tmp, "input.txt")
    with open(script, "w") as f:
        f.write(s.text())
    out = os.path.join("docs", png_name)
    cmd = ["timeout", "120", "build/bin/vyoma-supervisor", "--apps", apps,
           "--data", os.path.join(tmp, "data"), "--home", home,
           "--display", "headless", "--size", f"{W}x{H}",
           "--input", script, "--exit-after", str(s.t + 500),
           "--screenshot", out]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    log = r.stdout
    started = re.findall(r"\[desktop\] starting (\S+)", log)
    shutil.rmtree(tmp)
    if r.returncode != 0:
        sys.exit(f"{name}: the supervisor exited with {r.returncode}:\n"
                 + log[-2000:])
    if started != s.launched:
        sys.exit(f"{name}: the launcher should have started {s.launched}, "
                 f"it started {started}")
    shot = log.split("screenshot written")[0]
    if test_apps and ("toast shown: notifier" not in shot or
                      "toast hidden" in shot.split("toast shown")[-1]):
        sys.exit(f"{name}: the notification was not on the screen")
    for app in s.opened:
        if not re.search(rf"vyoma: {app}(#\d+)?: first frame", log):
            sys.exit(f"{name}: {app} was not opened")
    print(f"{out}: {os.path.getsize(out)} bytes")


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    for name in sys.argv[1:] or list(SHOTS):
        run(name)


if __name__ == "__main__":
    main()
