#!/usr/bin/env python3
"""Boot test: the real image in QEMU (KVM if it works, else TCG).

A person's first minutes with VyomaOS, checked from outside the machine:
it boots to the desktop shell (its taskbar, no other window), the
taskbar's Apps button opens the launcher, typing filters it and Enter
starts the terminal; a click moves the focus, typed keys reach the
focused app (which reacts on screen and on the serial console), a drag
of a window's corner resizes it, apps started from the serial console's
shell open windows that the window manager moves, cycles (Alt+Tab) and
lists shortcuts over (F1); the power button shuts down cleanly, and what
apps wrote to /data is there on the next boot. Then the fallbacks: no
data disk still boots (with a warning), and a fatal error powers off
with the reason on the console instead of panicking. Then disk quotas:
an app that fills its /data stops at its own limit. Then the network:
the guest's DHCP address, a download from a server on the host, and the
host's curl reaching httpd in the guest. These boots log a user in at
once (--user on the kernel's command line). Then users, through the
greeter: the first boot's setup screen makes the first user, who logs
in on the serial console too and adds a second; the next boot's login
screen refuses a wrong password and times the right one; the second
user cannot read the first one's home. Then packages (boot 8) and
system updates on the disk image through GRUB (boot 9, tests/boot/ota.py:
A/B slots, signed bundles, power cuts, roll back). Also checks that the
initramfs build is reproducible. Ends with "N passed, N failed"; -k NAME runs
only the scenarios whose name contains NAME.
"""
import argparse
import contextlib
import functools
import hashlib
import http.server
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import qemu  # noqa: E402
from pngread import read_png  # noqa: E402
from run import windows_in  # noqa: E402
sys.path.insert(0, HERE)
import ota  # noqa: E402
import boot_drivers  # noqa: E402

# Upper bounds only: every wait ends as soon as what it waits for shows.
BOOT_TIMEOUT = 240  # seconds to the first frame; TCG on a loaded CI core
REACT_TIMEOUT = 120  # for the guest to react to an input or draw a frame
SHUTDOWN_TIMEOUT = 90
KERNEL_BUDGET = 1650000  # bytes of bzImage: DESIGN.md, 1.65 MB
FOCUS_RGB = 0xFACC15  # display.c's focus border
TITLE_BAR = 20
# supervisor/shell.c's accents, one for each app with a window.
TITLE_ACCENTS = (0x2563EB, 0x059669, 0xD97706, 0xDB2777, 0x7C3AED, 0x0891B2)
# vyoma_ui.h's palette, which the desktop draws with.
BG, SURFACE, RAISED = 0x161B26, 0x202736, 0x2B3345
ACCENT, SELECT, TEXT = 0x3B82F6, 0x2D4F8A, 0xE6E9EF
# The desktop's layout on the 1280x800 screen (apps/system/desktop):
# boxes are (x0, y0, x1, y1), inside what they name. The taskbar is the
# bottom 32 px (y 768-799, its top row a border); buttons are 24 px high
# from y 772: Apps at x 4-67, Power at x 1216-1275, the clock left of
# Power. The launcher is 480x420 on the taskbar's left end (x 0-479,
# y 348-767), its search field at (8, 356), 464 wide.
TASKBAR = (0, 769, 1280, 800)
APPS_BUTTON = (6, 774, 66, 794)
APPS_AT = (36, 784)
POWER_BUTTON = (1218, 774, 1274, 794)
CLOCK = (1160, 776, 1208, 792)
LAUNCHER = (1, 349, 479, 767)
LAUNCHER_LIST = (4, 388, 464, 767)
SEARCH_FIELD = (8, 356, 464, 24)  # (x, y, w, h)
# Where the centred shortcut overlay's heading and top edge are, in the
# focus colour, and no window's focus border is in this run.
OVERLAY_HEADING = (356, 100, 540, 700)
# The boots about the desktop log a user in at once (main.c's --user:
# on the screen and on the serial console), so the greeter is not in
# their way; boot 7 goes through it.
USER = "tester"
AS_USER = "-- --user " + USER

passed = failed = 0


def check(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("  ok   " + what)
    else:
        failed += 1
        print("  FAIL " + what + (": " + str(detail) if detail else ""))
    return cond


def shot(machine, path):
    machine.connect().screendump(path)
    return read_png(path)[2]


def focus_ring_at(rows, frame):
    """True if the focus colour surrounds the window's decorations."""
    x, y, w, h = frame
    top, left = y - TITLE_BAR - 2, x - 3
    probes = [(left, y + h // 2), (x + w + 2, y + h // 2),
              (x + w // 2, top), (x + w // 2, y + h + 2)]
    return all(rows[py][px] == FOCUS_RGB for px, py in probes)


def wait_for_screen(machine, path, predicate, timeout=REACT_TIMEOUT):
    """Takes screenshots until predicate(rows) holds; returns rows."""
    deadline = time.monotonic() + timeout
    while True:
        rows = shot(machine, path)
        if predicate(rows) or time.monotonic() > deadline:
            return rows
        time.sleep(0.25)


def screen_bytes(machine, path):
    """The screen as raw RGB bytes: a PPM screendump, quick to read."""
    machine.connect().execute("screendump", filename=os.path.abspath(path))
    with open(path, "rb") as f:
        magic, size, depth, pixels = f.read().split(b"\n", 3)
    return int(size.split()[0]), pixels


def region(screen, frame):
    """The bytes of frame (x, y, w, h) in a screen_bytes() screen."""
    width, pixels = screen
    x, y, w, h = frame
    return b"".join(pixels[((y + yy) * width + x) * 3:((y + yy) * width + x + w) * 3]
                    for yy in range(h))


def type_seen(machine, frame, text, path):
    """Types text one key at a time, each once the window at frame has
    changed after the key before: the guest has taken it (and handed
    back its input buffer, without which QEMU drops the next key)."""
    q = machine.connect()
    for ch in text:
        before = region(screen_bytes(machine, path), frame)
        q.press(*qemu.QCODES[ch])
        deadline = time.monotonic() + REACT_TIMEOUT
        while region(screen_bytes(machine, path), frame) == before:
            if time.monotonic() > deadline:
                raise TimeoutError("the window at %s did not change after %r"
                                   % (frame, ch))
            time.sleep(0.02)


def colours_in(rows, frame):
    """The colours of a grid of pixels inside a window's content."""
    x, y, w, h = frame
    return {rows[yy][xx] for yy in range(y + 4, y + h - 4, 7)
            for xx in range(x + 4, x + w - 4, 7)}


def share(rows, rgb, box):
    """The share of the box's pixels (x0, y0, x1, y1) that are rgb."""
    x0, y0, x1, y1 = box
    return sum(1 for y in range(y0, y1) for x in range(x0, x1)
               if rows[y][x] == rgb) / float((x1 - x0) * (y1 - y0))


def differing(a, b, frame):
    x, y, w, h = frame
    return sum(1 for yy in range(y, y + h) for xx in range(x, x + w)
               if a[yy][xx] != b[yy][xx])


@contextlib.contextmanager
def booted(what, build, disk, work, **kw):
    """A machine for the with-block; any failure in it is one FAIL."""
    m = qemu.Machine(build, disk, work, **kw)
    try:
        yield m
    except Exception as e:
        check(False, what, "%s\n%s" % (e, m.transcript(-30)))
    finally:
        m.kill()


def uptime_in(line):
    m = re.search(r"uptime ([0-9.]+) s", line)
    return float(m.group(1)) if m else None


def taskbar_checks(rows):
    """The desktop's taskbar along the bottom: the surface colour, the
    Apps and Power buttons, the clock between them."""
    check(share(rows, SURFACE, TASKBAR) > 0.5,
          "the desktop's taskbar runs along the bottom 32 px",
          "%.2f of it is the surface colour" % share(rows, SURFACE, TASKBAR))
    check(share(rows, RAISED, APPS_BUTTON) > 0.5 and
          share(rows, RAISED, POWER_BUTTON) > 0.5,
          "the taskbar has its Apps and Power buttons",
          (share(rows, RAISED, APPS_BUTTON),
           share(rows, RAISED, POWER_BUTTON)))
    check(share(rows, TEXT, CLOCK) > 0.05, "the clock is drawn left of Power")


def launcher_open(rows):
    """The launcher's panel is up, its button lit."""
    return (share(rows, BG, LAUNCHER) > 0.6 and
            share(rows, ACCENT, APPS_BUTTON) > 0.5)


def start_from_launcher(m, build, app, typed):
    """Apps button (the tablet), part of the name (keys), Enter: the
    window the app opens, (x, y, w, h)."""
    q = m.connect()
    q.click(*APPS_AT)
    rows = wait_for_screen(m, os.path.join(build, "boot-test", "launcher.png"),
                           launcher_open)
    check(launcher_open(rows), "a click on the taskbar's Apps button opens "
          "the launcher", (share(rows, BG, LAUNCHER),
                           share(rows, ACCENT, APPS_BUTTON)))
    # Each key once the search field shows the one before.
    type_seen(m, SEARCH_FIELD, typed,
              os.path.join(build, "boot-test", "searching.ppm"))
    rows = shot(m, os.path.join(build, "boot-test", "searched.png"))
    check(share(rows, SELECT, LAUNCHER_LIST) > 0.02,
          "typing %r filters the launcher to a selected entry" % typed,
          share(rows, SELECT, LAUNCHER_LIST))
    q.press("ret")
    m.wait_for(r"\[desktop\] starting %s$" % re.escape(app), REACT_TIMEOUT)
    _, win = m.wait_for(r"vyoma: window %s: (\d+),(\d+) (\d+)x(\d+)"
                        % re.escape(app), REACT_TIMEOUT)
    m.wait_for(r"vyoma: %s: first frame," % re.escape(app), REACT_TIMEOUT)
    check(True, "Enter in the launcher starts %s: its window comes" % app)
    return tuple(int(v) for v in win.groups())


def start_from_console(m, app, before=b""):
    """`start APP` on the serial console's shell, after the commands in
    before (on the same line: what is typed while a command runs goes
    to that command); its window once drawn."""
    m.type_console(before + b"start %s\r" % app.encode())
    m.wait_for(r"^start %s requested$" % re.escape(app), REACT_TIMEOUT)
    # The shell asks again once it has reaped `start`: typed before
    # that, the next line would be the ended job's input, and lost.
    m.wait_for_prompt("@vyoma:~$ ", REACT_TIMEOUT)
    _, win = m.wait_for(r"vyoma: window %s: (\d+),(\d+) (\d+)x(\d+)"
                        % re.escape(app), REACT_TIMEOUT)
    m.wait_for(r"vyoma: %s: first frame," % re.escape(app), REACT_TIMEOUT)
    return tuple(int(v) for v in win.groups())


def accent_of(rows, frame):
    """The colour of a window's title bar, left of its title."""
    x, y, w, h = frame
    return rows[y - TITLE_BAR // 2][x + 2]


def first_boot(build, disk, work, token):
    print("boot 1: desktop, launcher, click, keys, windows, power button "
          "(%s: %s)" % qemu.accel(os.path.join(build, "images", "bzImage")))
    with booted("first boot", build, disk, work,
                extra_cmdline=AS_USER) as m:
        _, frame = m.wait_for(r"vyoma: first frame: .*", BOOT_TIMEOUT)
        pid1 = [l for _, l in m.lines if "PID 1 started at uptime" in l]
        check(pid1, "the supervisor runs as PID 1")
        check(pid1 and uptime_in(frame.group(0)) is not None and
              uptime_in(frame.group(0)) >= uptime_in(pid1[0]),
              "it boots to its first frame (after PID 1 started)",
              (pid1, frame.group(0)))
        check(any("/data: ext4 on /dev/vda" in l for _, l in m.lines),
              "/data is the ext4 disk")
        check(any("scheduler: %d CPUs" % qemu.CPUS in l for _, l in m.lines),
              "the kernel runs the %d CPUs QEMU gives it" % qemu.CPUS)
        size = os.path.getsize(os.path.join(build, "images", "bzImage"))
        check(size <= KERNEL_BUDGET, "the kernel, %d bytes, is within its "
              "budget of %d (DESIGN.md)" % (size, KERNEL_BUDGET))
        check(any("session: %s logged in on the screen" % USER in l
                  for _, l in m.lines),
              "--user on the kernel's command line logs %s in" % USER)
        # Every app is compiled (the launcher starts none before) and
        # every app that starts at boot has started.
        m.wait_for(r"vyoma: ready: ", BOOT_TIMEOUT)
        desk = [l for _, l in m.lines if "vyoma: window desktop: " in l]
        check(desk == ["vyoma: window desktop: the desktop, %dx%d" %
                       qemu.SCREEN],
              "the desktop's window is the whole screen", desk)
        wins = windows_in(line for _, line in m.lines)
        check(not wins, "no other window at boot (the apps wait for the "
              "launcher)", sorted(wins))
        m.wait_for(r"vyoma: desktop: first frame,", REACT_TIMEOUT)
        png = os.path.join(build, "boot-test", "desktop.png")
        rows = wait_for_screen(
            m, png, lambda r: share(r, SURFACE, TASKBAR) > 0.5)
        width, height = len(rows[0]), len(rows)
        check((width, height) == qemu.SCREEN, "the screen is %dx%d" %
              qemu.SCREEN, (width, height))
        taskbar_checks(rows)

        term = start_from_launcher(m, build, "terminal", "term")
        png = os.path.join(build, "boot-test", "terminal.png")
        rows = wait_for_screen(
            m, png, lambda r: focus_ring_at(r, term) and
            len(colours_in(r, term)) >= 2 and not launcher_open(r))
        check(not launcher_open(rows), "the launcher closed")
        check(len(colours_in(rows, term)) >= 2,
              "the terminal's window shows its drawing")
        check(focus_ring_at(rows, term),
              "the window started from the launcher has the focus")
        accents = {"terminal": accent_of(rows, term)}

        # A click on the wallpaper takes the focus to the desktop, a
        # click on the terminal's title bar brings it back.
        q = m.connect()
        q.click(1000, 300)
        png = os.path.join(build, "boot-test", "unfocused.png")
        rows = wait_for_screen(m, png, lambda r: not focus_ring_at(r, term))
        check(not focus_ring_at(rows, term),
              "a click on the wallpaper takes the focus border away")
        x, y, w, h = term
        q.click(x + w // 2, y - TITLE_BAR // 2)
        png = os.path.join(build, "boot-test", "clicked.png")
        rows = wait_for_screen(m, png, lambda r: focus_ring_at(r, term))
        check(focus_ring_at(rows, term),
              "a click focuses the terminal (QMP pointer -> tablet)")

        # Keys reach the focused app: its shell echoes each one, and
        # Enter runs a pipeline into a file in the user's home.
        before = rows
        typed = "echo %s | tr a-z A-Z > boot.txt\n" % token
        type_seen(m, term, typed,
                  os.path.join(build, "boot-test", "typing.ppm"))
        png = os.path.join(build, "boot-test", "typed.png")
        rows = wait_for_screen(
            m, png, lambda r: differing(before, r, term) > 200)
        check(differing(before, rows, term) > 200,
              "the terminal's window shows what was typed")

        # The serial console has a shell of its own; what the terminal's
        # pipeline wrote is there, through another pipeline.
        m.wait_for(r"vyoma: console: sh#\d+ on the console for %s$" % USER,
                   REACT_TIMEOUT)
        m.type_console(b"cat boot.txt | rev\r")
        m.wait_for(re.escape(token.upper()[::-1]), REACT_TIMEOUT)
        check(True, "a pipeline typed on the serial console reads what "
              "the terminal's pipeline wrote")

        term = resize_terminal(m, build, term)

        # notes before hello, which greets it; paint last, on top.
        wins = {"terminal": term}
        for app in ("notes", "hello", "paint"):
            wins[app] = start_from_console(m, app)
        m.wait_for(r"\[notes\] hello: hello from hello", REACT_TIMEOUT)
        check(sorted(windows_in(l for _, l in m.lines)) == sorted(wins),
              "start on the console's shell opened notes', hello's and "
              "paint's windows", sorted(windows_in(l for _, l in m.lines)))
        said = [l for _, l in m.console]
        check(not any(l.startswith("vyoma:") for l in said),
              "no supervisor log line on the console (they go to ttyS1)",
              [l for l in said if l.startswith("vyoma:")][:3])

        window_manager(m, wins, accents, build)

        status = m.power_off(SHUTDOWN_TIMEOUT)
        check(status == 0, "the power button powers the machine off",
              status)
        text = m.transcript()
        check("vyoma: shutdown complete" in text and
              "powering off" in text, "the shutdown was the clean one")
        check("Kernel panic" not in text, "no kernel panic")


def resize_terminal(m, build, term):
    """Drags the terminal's bottom-right corner (the frame, outside the
    content) with the tablet: the window is bigger on the screen, its
    title bar wider, and the terminal has drawn the new part."""
    x, y, w, h = term
    rows = shot(m, os.path.join(build, "boot-test", "typed.png"))
    accent, bg = accent_of(rows, term), rows[y + h - 3][x + w - 3]
    dw, dh = 160, 96
    m.connect().drag(x + w + 2, y + h + 2, x + w + 2 + dw, y + h + 2 + dh)
    grown = (x, y, w + dw, h + dh)

    def redrawn(r):
        return (r[y - TITLE_BAR // 2][x + w + dw - 60] == accent and
                r[y + h + dh - 3][x + w + dw - 3] == bg and
                focus_ring_at(r, grown))
    rows = wait_for_screen(m, os.path.join(build, "boot-test", "resized.png"),
                           redrawn)
    check(rows[y - TITLE_BAR // 2][x + w + dw - 60] == accent and
          focus_ring_at(rows, grown),
          "dragging the terminal's corner made it %dx%d (its title bar is "
          "wider)" % (w + dw, h + dh))
    check(rows[y + h + dh - 3][x + w + dw - 3] == bg,
          "the terminal drew its window's new part",
          hex(rows[y + h + dh - 3][x + w + dw - 3]))
    return grown


def notes_greeting_in(rows, frame):
    """Pixels of notes' text colour in its first line under its header:
    the row (24 px) that starts 8 px below the 32 px header bar."""
    x, y, w, h = frame
    return sum(1 for yy in range(y + 40, y + 64)
               for xx in range(x + 8, x + 248)
               if rows[yy][xx] == TEXT)


def alt_tab_to(m, build, wins, app, name):
    """Alt+Tab, until app's window has the focus border: rows."""
    m.connect().press("alt", "tab")
    png = os.path.join(build, "boot-test", name)
    return wait_for_screen(m, png, lambda r: focus_ring_at(r, wins[app]))


def window_manager(m, wins, accents, build):
    """The window manager through QMP on the windows started: a paint
    stroke, Alt+Tab through the stack, a title bar drag, the overlay.
    Stacked bottom to top: terminal, notes, hello, paint."""
    q = m.connect()
    paint = wins["paint"]
    png = os.path.join(build, "boot-test", "windows.png")
    rows = wait_for_screen(m, png, lambda r: focus_ring_at(r, paint) and
                           len(colours_in(r, paint)) >= 2)
    check(focus_ring_at(rows, paint),
          "the window started last (paint) has the focus")
    check(len(colours_in(rows, paint)) >= 2, "paint's window shows its "
          "drawing", "%d colours" % len(colours_in(rows, paint)))
    accents["paint"] = accent_of(rows, paint)

    # Pointer events reach an app with `mouse`: a stroke in paint's
    # first colour.
    x, y, w, h = paint
    q.drag(x + 40, y + 120, x + w - 40, y + 120)
    png = os.path.join(build, "boot-test", "painted.png")
    rows = wait_for_screen(
        m, png, lambda r: sum(1 for xx in range(x + 40, x + w - 40)
                              if r[y + 120][xx] == 0x111827) > w // 2)
    painted = sum(1 for xx in range(x + 40, x + w - 40)
                  if rows[y + 120][xx] == 0x111827)
    check(painted > w // 2, "a drag in paint drew a stroke (pointer events)",
          painted)

    # Alt+Tab takes the bottom window to the top, focused: the terminal,
    # then notes, then hello.
    rows = alt_tab_to(m, build, wins, "terminal", "alt-tab.png")
    paint_right = (x + w + 2, y + h // 2)  # not under the terminal
    check(focus_ring_at(rows, wins["terminal"]) and
          rows[paint_right[1]][paint_right[0]] != FOCUS_RGB,
          "Alt+Tab moved the focus border from paint to the terminal")
    notes = wins["notes"]
    rows = alt_tab_to(m, build, wins, "notes", "alt-tab-notes.png")
    rows = wait_for_screen(
        m, os.path.join(build, "boot-test", "notes.png"),
        lambda r: focus_ring_at(r, notes) and
        notes_greeting_in(r, notes) > 100)
    check(focus_ring_at(rows, notes), "Alt+Tab again: notes")
    check(notes_greeting_in(rows, notes) > 100,
          "notes shows hello's greeting", notes_greeting_in(rows, notes))
    accents["notes"] = accent_of(rows, notes)
    hello = wins["hello"]
    rows = alt_tab_to(m, build, wins, "hello", "alt-tab-hello.png")
    rows = wait_for_screen(
        m, os.path.join(build, "boot-test", "hello.png"),
        lambda r: len(colours_in(r, hello)) >= 2)
    check(focus_ring_at(rows, hello) and len(colours_in(rows, hello)) >= 2,
          "and again: hello, which shows its drawing")
    accents["hello"] = accent_of(rows, hello)
    # The apps with windows outnumber the six colours (one per app, by its
    # place among them): the terminal, hello and paint share one.
    check(all(c in TITLE_ACCENTS for c in accents.values()),
          "each title bar is in its app's accent, from the shell's palette",
          {a: hex(c) for a, c in accents.items()})

    # hello's title bar dragged with the tablet moves the window.
    x, y, w, h = hello
    q.drag(x + 60, y - 10, x + 60 + 640, y - 10 + 380)
    moved = (x + 640 + 2, y + 380 - TITLE_BAR // 2)
    png = os.path.join(build, "boot-test", "dragged.png")
    rows = wait_for_screen(m, png, lambda r: r[moved[1]][moved[0]] ==
                           accents["hello"] and
                           notes_greeting_in(r, notes) > 100)
    check(rows[moved[1]][moved[0]] == accents["hello"] and
          notes_greeting_in(rows, notes) > 100,
          "dragging hello's title bar with the tablet moved the window "
          "(notes shows again where it was)")

    # F1 shows the shortcut overlay over everything, Escape hides it.
    def heading_pixels(rows):
        x0, y0, x1, y1 = OVERLAY_HEADING
        return sum(1 for yy in range(y0, y1) for xx in range(x0, x1)
                   if rows[yy][xx] == FOCUS_RGB)
    q.press("f1")
    png = os.path.join(build, "boot-test", "overlay.png")
    rows = wait_for_screen(m, png, lambda r: heading_pixels(r) > 100)
    check(heading_pixels(rows) > 100, "F1 shows the shortcut overlay")
    q.press("esc")
    png = os.path.join(build, "boot-test", "overlay-gone.png")
    rows = wait_for_screen(m, png, lambda r: heading_pixels(r) == 0)
    check(heading_pixels(rows) == 0, "Escape hides it")


def data_on_disk(disk, path):
    debugfs = shutil.which("debugfs") or "/sbin/debugfs"
    out = subprocess.run([debugfs, "-R", "cat " + path, disk],
                         capture_output=True, text=True)
    return out.stdout


def app_data(app, user=USER):
    """Where an app's /data is on the data disk, for the user it ran for."""
    return "/.vyoma/appdata/%s/%s" % (user, app)


def home(user=USER):
    return "/.vyoma/home/" + user


def repository_apps():
    """apps/REPOSITORY: the apps packed for the repository (docs/
    packages.md)."""
    with open(os.path.join(ROOT, "apps", "REPOSITORY")) as f:
        return {line.split("#")[0].strip() for line in f} - {""}


def image_apps(build):
    """The apps in the image: every built app but the repository's."""
    optional = repository_apps()
    return [a for a in os.listdir(os.path.join(build, "apps"))
            if a not in optional]


def second_boot(build, disk, work, token):
    print("boot 2: /data persists")
    check("hello from hello" in data_on_disk(disk, app_data("notes") +
                                             "/last.txt"),
          "notes' file is on the disk image after power-off")
    check(data_on_disk(disk, home() + "/boot.txt") == token.upper() + "\n",
          "the file the terminal's shell wrote is on the disk image",
          data_on_disk(disk, home() + "/boot.txt"))
    with booted("second boot", build, disk, work,
                extra_cmdline=AS_USER) as m:
        _, ready = m.wait_for(r"vyoma: ready: .*", BOOT_TIMEOUT)
        apps = len(image_apps(build))
        check(re.search(r"modules: 0 compiled, %d from the cache" % apps,
                        ready.group(0)),
              "compiled modules come from /data's cache on the second boot",
              ready.group(0))
        m.wait_for(r"vyoma: console: sh#\d+ on the console for %s$" % USER,
                   REACT_TIMEOUT)
        # notes alone (no hello to greet it): the first line it shows is
        # the one it kept.
        notes = start_from_console(m, "notes", b"cat boot.txt; ")
        check(any(l == token.upper() for _, l in m.console),
              "the serial console's shell reads the file after a reboot")
        m.wait_for(r"\[notes\] kept: hello: hello from hello", REACT_TIMEOUT)
        rows = wait_for_screen(
            m, os.path.join(build, "boot-test", "kept.png"),
            lambda r: notes_greeting_in(r, notes) > 100)
        check(notes_greeting_in(rows, notes) > 100,
              "notes shows the line it kept before the reboot",
              notes_greeting_in(rows, notes))
        check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "second power-off")


def diskless_boot(build, work):
    print("boot 3: no data disk")
    with booted("diskless boot", build, None, work) as m:
        m.wait_for(r"vyoma: first frame", BOOT_TIMEOUT)
        text = m.transcript()
        check("warning: no data disk" in text,
              "a missing disk is a warning, not a failure")
        check("/data: tmpfs" in text, "/data falls back to a tmpfs")
        # Nobody on the command line: the greeter, and with an empty
        # /data no user yet, so it asks for the first.
        m.wait_for(r"\[login\] screen: setup$", REACT_TIMEOUT)
        check(True, "the greeter shows its setup screen")
        check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "diskless power-off")


def fatal_boot(build, work):
    print("boot 4: a fatal error powers off instead of panicking")
    # Words after "--" on the kernel command line are /init's arguments.
    with booted("fatal boot", build, None, work,
                extra_cmdline="-- --no-such-option") as m:
        status = m.wait_exit(BOOT_TIMEOUT)
        text = m.transcript()
        check("vyoma: fatal: the supervisor stopped with status 2" in text,
              "the console says why", text[-800:])
        check(status == 0 and "reboot: Power down" in text,
              "the machine powers off", status)
        check("Kernel panic" not in text, "the kernel does not panic")


def quota_boot(build, work):
    """The kernel holds each app's /data to its [resources] disk limit:
    diskhog (4 MiB) fills its own and gets EDQUOT there, and late-writer
    can still write its /data afterwards. Test apps come from the data
    disk (--apps may be given more than once on the command line)."""
    print("boot 5: disk quotas")
    content = os.path.join(work, "quota-content")
    for app in ("diskhog", "late-writer"):
        shutil.copytree(os.path.join(build, "test-apps", app),
                        os.path.join(content, ".test-apps", app))
    disk = os.path.join(work, "quota.img")
    qemu.make_data_disk(disk, populate=content)
    with booted("quota boot", build, disk, work,
                extra_cmdline=AS_USER + " --apps /apps "
                "--apps /data/.test-apps") as m:
        _, hog = m.wait_for(r"\[diskhog\] wrote (\d+) KiB, then (\S+)", BOOT_TIMEOUT)
        _, df = m.wait_for(r"\[diskhog\] df total_kib=(\d+) used_kib=(\d+) "
                           r".* mount=(\S+)", REACT_TIMEOUT)
        m.wait_for(r"\[late-writer\] write", REACT_TIMEOUT)
        text = m.transcript()
        check(df.group(1) == "4096" and df.group(3) == "/data" and
              abs(int(df.group(2)) - int(hog.group(1))) <= 512,
              "df's /data is its quota: 4 MiB, about what it wrote used",
              df.group(0))
        check("/data: ext4 on /dev/vda, with project quotas" in text,
              "the data disk is mounted with project quotas")
        check("disk quotas: each app's /data is held" in text,
              "the supervisor enforces them")
        check(hog.group(2) == "EDQUOT" and 3584 <= int(hog.group(1)) <= 4608,
              "diskhog stops near its 4 MiB limit with EDQUOT, not at the "
              "disk's end", hog.group(0))
        check("[late-writer] write ok" in text, "another app still writes its /data")
        check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "quota boot power-off")
    check("written after the hog" in data_on_disk(
        disk, app_data("late-writer") + "/late.txt"),
          "and its file is on the disk")


def fetch_variant(build, apps_dir, port):
    """fetch under another name whose manifest grants the host's server:
    10.0.2.2 (QEMU's alias for the host) is a private address, which
    the shipped fetch's name grant ("*:*") never reaches by design."""
    with open(os.path.join(build, "apps", "fetch", "vyoma.toml")) as f:
        text = f.read()
    text = re.sub(r'(?m)^name = "fetch"', 'name = "fetch-host"', text)
    text = re.sub(r'(?m)^hosts = .*$', 'hosts = ["10.0.2.2:%d"]' % port,
                  text)
    dest = os.path.join(apps_dir, "fetch-host")
    os.makedirs(dest)
    with open(os.path.join(dest, "vyoma.toml"), "w") as f:
        f.write(text)
    shutil.copy(os.path.join(build, "apps", "fetch", "fetch.wasm"), dest)
    parsed = tomllib.loads(text)
    return (parsed["app"]["name"] == "fetch-host" and
            parsed["capabilities"]["network"]["hosts"] ==
            ["10.0.2.2:%d" % port])


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def curl(url, timeout):
    """The host's curl until it gets url's body (the guest's server may
    still be starting), or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = subprocess.run(["curl", "-sSf", "--max-time", "30", url],
                             capture_output=True)
        if got.returncode == 0:
            return got.stdout
        time.sleep(0.5)
    return None


def network_boot(build, work):
    """QEMU's user network: the kernel's DHCP client configures eth0,
    fetch in the guest downloads from a server this test runs on the
    host (10.0.2.2 from inside), and the host's curl reaches httpd in
    the guest through a forwarded port."""
    print("boot 6: network")
    served = os.path.join(work, "served")
    os.makedirs(served)
    blob = random.randbytes(150000)
    with open(os.path.join(served, "blob.bin"), "wb") as f:
        f.write(blob)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=served))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    content = os.path.join(work, "net-content")
    check(fetch_variant(build, os.path.join(content, ".test-apps"), port),
          "fetch-host: fetch with the host's server granted")
    disk = os.path.join(work, "net.img")
    qemu.make_data_disk(disk, populate=content)
    try:
        with booted("network boot", build, disk, work, forwards=(8080,),
                    extra_cmdline=AS_USER + " --apps /apps "
                    "--apps /data/.test-apps") as m:
            _, net = m.wait_for(r"vyoma: network: .*", BOOT_TIMEOUT)
            check(net.group(0) == "vyoma: network: eth0 10.0.2.15/24 "
                  "gateway 10.0.2.2 dns 10.0.2.3",
                  "eth0 has QEMU's DHCP lease, DNS server and gateway",
                  net.group(0))
            # One line, so nothing is typed while a command runs.
            m.wait_for(r"vyoma: console: sh#\d+ on the console for %s$"
                       % USER, BOOT_TIMEOUT)
            m.type_console(b"ip; host localhost; "
                           b"fetch-host -o blob.bin http://10.0.2.2:%d/"
                           b"blob.bin && sha256sum blob.bin; "
                           b"httpd -p 8080 . &\r" % port)
            m.wait_for(r"^eth0 +UP +10\.0\.2\.15/24 +52:54:00:", REACT_TIMEOUT)
            m.wait_for(r"^default via 10\.0\.2\.2 dev eth0$", REACT_TIMEOUT)
            check(True, "ip on the serial console shows eth0 up with "
                  "10.0.2.15/24 and the default route")
            # PID 1 is static: its libc resolver reads /etc/hosts (netif.c
            # writes it) with no NSS modules to load.
            _, named = m.wait_for(r"^localhost has address .*|^host: .*",
                                  REACT_TIMEOUT)
            check(named.group(0) == "localhost has address 127.0.0.1",
                  "host looks a name up through the supervisor's resolver",
                  named.group(0))
            _, got = m.wait_for(r"^([0-9a-f]{64})  blob\.bin$|^fetch-host: .*",
                                REACT_TIMEOUT)
            check(got.group(1) == hashlib.sha256(blob).hexdigest(),
                  "fetch in the guest downloads from the host's server "
                  "(sha256sum agrees)", got.group(0))

            m.wait_for(r"httpd: serving \S+ on port 8080|^httpd: .*",
                       REACT_TIMEOUT)
            url = "http://127.0.0.1:%d/blob.bin" % m.forwarded[8080]
            served_back = curl(url, REACT_TIMEOUT)
            check(served_back == blob, "the host's curl gets the file from "
                  "httpd in the guest through the forwarded port",
                  "%s bytes" % (len(served_back) if served_back else None))
            check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "network boot power-off")
    finally:
        server.shutdown()


def host_variant(build, apps_dir, app, port):
    """app (pkg, updater) as <app>-host, whose manifest grants the host's
    server on this test's port (the shipped apps' grant is 10.0.2.2:8765,
    the port `make repo-serve` uses)."""
    with open(os.path.join(build, "apps", app, "vyoma.toml")) as f:
        text = f.read()
    text = re.sub(r'(?m)^name = "%s"' % app, 'name = "%s-host"' % app, text)
    text = re.sub(r'(?m)^hosts = .*$', 'hosts = ["10.0.2.2:%d"]' % port, text)
    dest = os.path.join(apps_dir, app + "-host")
    os.makedirs(dest)
    with open(os.path.join(dest, "vyoma.toml"), "w") as f:
        f.write(text)
    shutil.copy(os.path.join(build, "apps", app, app + ".wasm"), dest)
    return tomllib.loads(text)["app"]["name"] == app + "-host"


def packages_boots(build, work):
    """The repository `make repo` built (signed with the keys whose root
    the image carries), served from the host: pkg in the guest trusts its
    index, installs an app that is not in the image, which runs, is still
    there after a reboot, and is gone after pkg remove."""
    print("boot 8: packages")
    repo = os.path.join(build, "repo")
    index = os.path.join(repo, "index")
    check(os.path.exists(index) and
          "\npackage tac " in open(index).read(),
          "make repo built the repository, with tac (not in the image)")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=repo))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    url = b"http://10.0.2.2:%d" % port
    content = os.path.join(work, "pkg-content")
    check(host_variant(build, os.path.join(content, ".test-apps"), "pkg",
                       port),
          "pkg-host: pkg with the host's server granted")
    disk = os.path.join(work, "pkg.img")
    qemu.make_data_disk(disk, populate=content)
    cmdline = AS_USER + " --apps /apps --apps /data/.test-apps"
    console = r"vyoma: console: sh#\d+ on the console for %s$" % USER
    try:
        with booted("packages boot", build, disk, work,
                    extra_cmdline=cmdline) as m:
            m.wait_for(console, BOOT_TIMEOUT)
            # One line, so nothing is typed while a command runs.
            m.type_console(b"pkg-host -r %s update && pkg-host -r %s "
                           b"install tac && printf 'one\\ntwo\\n' | tac\r"
                           % (url, url))
            at_up, up = m.wait_for(r"^updated version=\d+ packages=\d+$|"
                                   r"^pkg-host: .*", REACT_TIMEOUT)
            check(up.group(0).startswith("updated"), "the guest trusts the "
                  "host's index (signed under the image's root key)",
                  up.group(0))
            at_done, done = m.wait_for(r"^installed tac \S+$|"
                                       r"^pkg-host: (?!downloading).*",
                                       REACT_TIMEOUT)
            check(done.group(0).startswith("installed tac"),
                  "pkg installs tac from the host's repository", done.group(0))
            print("  pkg install tac in the image (TCG), from the index to "
                  "installed: %.1f s" % (at_done - at_up))
            m.wait_for(r"^two$", REACT_TIMEOUT)
            m.wait_for(r"^one$", REACT_TIMEOUT)
            check(True, "the installed app runs")
            check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "packages boot power-off")
        with booted("packages reboot", build, disk, work,
                    extra_cmdline=cmdline) as m:
            m.wait_for(console, BOOT_TIMEOUT)
            m.type_console(b"printf 'a\\nb\\n' | tac; pkg-host verify; "
                           b"pkg-host remove tac; tac\r")
            m.wait_for(r"^b$", REACT_TIMEOUT)
            m.wait_for(r"^a$", REACT_TIMEOUT)
            check(True, "after a reboot it is still installed and runs")
            _, v = m.wait_for(r"^pkg verify tac .*", REACT_TIMEOUT)
            check(v.group(0) == "pkg verify tac ok", "pkg verify agrees",
                  v.group(0))
            m.wait_for(r"^pkg removed tac$", REACT_TIMEOUT)
            _, gone = m.wait_for(r"tac: .*not found", REACT_TIMEOUT)
            check(True, "pkg remove removes it: " + gone.group(0))
            check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "packages reboot power-off")
        packages_power_cuts(build, disk, work, cmdline, console, url)
        store_boots(build, disk, work, cmdline, console, repo)
    finally:
        server.shutdown()


def line_after(m, seen, typed, pattern, timeout=REACT_TIMEOUT):
    """Types typed, then the first serial line after the first seen ones
    that matches pattern (wait_for would find an older one), or None."""
    rx = re.compile(pattern)
    m.type_console(typed)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for _, line in m.lines[seen:]:
            if rx.search(line):
                return line
        time.sleep(0.1)
    return None


def store_boots(build, disk, work, cmdline, console, repo):
    """The store, as shipped: its pkg child reaches the repository where
    `make repo-serve` puts it (port 8765 on the host, 10.0.2.2 inside).
    It lists the repository, installs snake from snake's page, the
    launcher finds snake and starts it; after a reboot it is there, and
    pkg removes it once it is stopped."""
    try:
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 8765), functools.partial(QuietHandler,
                                                   directory=repo))
    except OSError as e:
        check(False, "port 8765 (make repo-serve's) is free for the store "
              "boot", e)
        return
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with booted("store boot", build, disk, work,
                    extra_cmdline=cmdline) as m:
            m.wait_for(console, BOOT_TIMEOUT)
            start_from_console(m, "store")
            _, listed = m.wait_for(r"\[store\] listed (\d+) apps|"
                                   r"\[store\] (update failed: .*)",
                                   REACT_TIMEOUT)
            want = len(repository_apps())
            check(listed.group(1) == str(want), "the store lists the %d "
                  "apps of the host-served repository (apps/REPOSITORY)" %
                  want, listed.group(0))
            q = m.connect()
            q.press("tab")		# to the search field
            q.type("snake")
            q.press("ret")
            m.wait_for(r"\[store\] page snake$", REACT_TIMEOUT)
            shot(m, os.path.join(build, "boot-test", "store-page.png"))
            q.type("i")
            start = time.monotonic()
            _, done = m.wait_for(r"\[store\] installed snake \S+$|"
                                 r"\[store\] failed: .*", REACT_TIMEOUT)
            check(done.group(0).startswith("[store] installed snake"),
                  "the store installs snake from its page", done.group(0))
            print("  store install of snake in the image (TCG): %.1f s"
                  % (time.monotonic() - start))
            start_from_launcher(m, build, "snake", "snak")
            check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "store boot power-off")
        with booted("store reboot", build, disk, work,
                    extra_cmdline=cmdline) as m:
            m.wait_for(console, BOOT_TIMEOUT)
            start_from_console(m, "snake")
            check(True, "after a reboot snake is installed and starts")
            m.type_console(b"stop snake\r")
            m.wait_for(r"vyoma: snake: (stopped|exited)", REACT_TIMEOUT)
            # Down once the supervisor has reaped it: until then pkg says
            # to stop it first, and is asked again.
            for _ in range(10):
                m.wait_for_prompt("@vyoma:~$ ", REACT_TIMEOUT)
                said = line_after(m, len(m.lines), b"pkg remove snake\r",
                                  r"^pkg removed snake$|^pkg: .*")
                if said == "pkg removed snake":
                    break
            check(said == "pkg removed snake", "pkg removes snake once it "
                  "is down", said)
            m.wait_for_prompt("@vyoma:~$ ", REACT_TIMEOUT)
            gone = line_after(m, len(m.lines), b"start snake\r",
                              r"^start: .*|^start snake requested$")
            check(gone and gone != "start snake requested",
                  "pkg remove removes it: %s" % gone)
            check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "store reboot power-off")
    finally:
        server.shutdown()
        server.server_close()


def packages_power_cuts(build, disk, work, cmdline, console, url):
    """The power cut (--pkg-cut-at: PID 1 powers off without a sync) just
    before an install's switch (step 4) and just after it (step 5): the
    next boot finds no tac and nothing half-made, then the whole of it."""
    install = b"pkg-host -r %s update && pkg-host -r %s install tac\r" % (
        url, url)
    with booted("packages cut before the switch", build, disk, work,
                extra_cmdline=cmdline + " --pkg-cut-at 4") as m:
        m.wait_for(console, BOOT_TIMEOUT)
        m.type_console(install)
        m.wait_for(r"packages: power cut at step 4", REACT_TIMEOUT)
        check(m.wait_exit(SHUTDOWN_TIMEOUT) is not None,
              "the power is cut before the switch")
    with booted("packages cut after the switch", build, disk, work,
                extra_cmdline=cmdline + " --pkg-cut-at 5") as m:
        m.wait_for(console, BOOT_TIMEOUT)
        m.type_console(b"pkg-host list; tac < /dev/null; " + install)
        _, listed = m.wait_for(r"^pkg end \d+$", REACT_TIMEOUT)
        check(listed.group(0) == "pkg end 0",
              "after a cut before the switch: not installed", listed.group(0))
        m.wait_for(r"tac: .*not found", REACT_TIMEOUT)
        m.wait_for(r"removing .*left by an install that did not finish|"
                   r"removing .*no longer installed", 5)
        check(True, "and the half-made version was swept at boot")
        m.wait_for(r"packages: power cut at step 5", REACT_TIMEOUT)
        check(m.wait_exit(SHUTDOWN_TIMEOUT) is not None,
              "the power is cut after the switch")
    with booted("packages after the cuts", build, disk, work,
                extra_cmdline=cmdline) as m:
        m.wait_for(console, BOOT_TIMEOUT)
        m.type_console(b"pkg-host verify; printf 'x\\ny\\n' | tac\r")
        _, v = m.wait_for(r"^pkg verify tac .*", REACT_TIMEOUT)
        check(v.group(0) == "pkg verify tac ok",
              "after a cut after the switch: installed, whole", v.group(0))
        m.wait_for(r"^y$", REACT_TIMEOUT)
        m.wait_for(r"^x$", REACT_TIMEOUT)
        check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "packages cut boots power-off")


# The greeter (apps/system/login) on the 1280x800 screen: a card of the
# surface colour in the middle; a text field ends in 3 px of its
# underline and outline (2 px of the accent when it has the focus).
DANGER = 0xE5484D
ALICE_PW, BOB_PW, WRONG_PW = "Alice-pw-1", "bob-Pass-2", "not-alices"


def card_of(rows):
    """The greeter's card: the surface colour's bounding box (x0, y0,
    x1, y1), ends excluded, or None."""
    box = None
    for y, row in enumerate(rows):
        if SURFACE not in row:
            continue
        x0 = row.index(SURFACE)
        x1 = len(row) - row[::-1].index(SURFACE)
        box = (x0, y, x1, y + 1) if not box else (
            min(box[0], x0), box[1], max(box[2], x1), y + 1)
    return box


def card_fields(rows, card):
    """How many text fields the card has: the runs of one colour down a
    column near its right edge, where no text reaches."""
    x, runs = card[2] - 24, []
    for y in range(card[1], card[3]):
        c = rows[y][x]
        if runs and runs[-1][0] == c:
            runs[-1][1] += 1
        else:
            runs.append([c, 1])
    return sum(1 for c, n in runs if n == 3 or (n == 2 and c == ACCENT))


def greeter_up(rows, fields=None):
    """The greeter covers the screen (with that many fields: its app
    says what it drew once it has flushed, a moment before the screen
    shows it)."""
    card = card_of(rows)
    return (card is not None and share(rows, SURFACE, TASKBAR) < 0.1 and
            (fields is None or card_fields(rows, card) == fields))


def greeter_checks(rows, layout, fields):
    """The greeter's card in the middle of the screen, with fields
    text fields, and no desktop; returns the column it is in as a
    type_seen() frame."""
    card = card_of(rows)
    check(card is not None and share(rows, SURFACE, TASKBAR) < 0.1,
          "the %s screen covers the screen: its card, no taskbar" % layout,
          card)
    if not card:
        return (0, 0) + qemu.SCREEN
    w, h = qemu.SCREEN
    check(abs((card[0] + card[2]) / 2 - w / 2) <= 2 and
          abs((card[1] + card[3]) / 2 - h / 2) <= 2,
          "its card is in the middle of the screen", card)
    check(card_fields(rows, card) == fields, "the %s card has %d text "
          "fields" % (layout, fields), card_fields(rows, card))
    return (card[0], 0, card[2] - card[0], h)


def console_login(m, name, password):
    """Logs name in at the serial console's "VyomaOS login: "; returns
    once their shell prompts."""
    m.wait_for_prompt("VyomaOS login: ", REACT_TIMEOUT)
    m.type_console(name.encode() + b"\r")
    m.wait_for_prompt("Password: ", REACT_TIMEOUT)
    m.type_console(password.encode() + b"\r")
    m.wait_for(r"vyoma: console: sh#\d+ on the console for %s$" % name,
               REACT_TIMEOUT)
    m.wait_for_prompt("%s@vyoma:~$ " % name, REACT_TIMEOUT)
    check(True, "%s logs in on the serial console" % name)


def console_since(m, start):
    return [l for at, l in m.console if at >= start]


def no_password_shown(m, what):
    text = m.transcript()
    shown = [p for p in (ALICE_PW, BOB_PW, WRONG_PW)
             if p in text or p.encode().hex() in text]
    check(not shown, "%s: no password typed is on the console or in the "
          "log" % what, shown)


def users_first_boot(build, disk, work, secret):
    """A fresh data disk, nobody on the command line: the greeter's setup
    screen makes alice, the first user, and her desktop comes; on the
    console she logs in, adds bob and writes a file in her home."""
    with booted("users: first boot", build, disk, work) as m:
        m.wait_for(r"\[login\] screen: setup$", BOOT_TIMEOUT)
        m.wait_for_prompt("New user name: ", REACT_TIMEOUT)
        check(True, "first boot: the greeter shows its setup screen and "
              "the console offers to make the first user")
        png = os.path.join(build, "boot-test", "users-setup.png")
        rows = wait_for_screen(m, png, lambda r: greeter_up(r, 3))
        strip = greeter_checks(rows, "setup", 3)
        check(not any("window desktop" in l for _, l in m.lines),
              "no desktop before there is a user")
        # The name, Enter (to the password), it, Enter, it again, Enter.
        type_seen(m, strip, "alice\n%s\n%s\n" % (ALICE_PW, ALICE_PW),
                  os.path.join(build, "boot-test", "users-typing.ppm"))
        m.wait_for(r"users: alice \(uid \d+\) set up as the first user, "
                   r"an admin", REACT_TIMEOUT)
        m.wait_for(r"session: alice logged in on the screen", REACT_TIMEOUT)
        # Her desktop starts once its module is compiled (a fresh disk
        # has none cached yet).
        m.wait_for(r"vyoma: desktop: first frame,", BOOT_TIMEOUT)
        rows = wait_for_screen(
            m, os.path.join(build, "boot-test", "users-desktop.png"),
            lambda r: share(r, SURFACE, TASKBAR) > 0.5)
        check(share(rows, SURFACE, TASKBAR) > 0.5,
              "the setup screen made alice and her desktop came",
              share(rows, SURFACE, TASKBAR))

        # The console still asks for a new user: made on the screen
        # meanwhile, so Ctrl-C there, and it asks for a login.
        m.type_console(b"\x03")
        console_login(m, "alice", ALICE_PW)
        m.type_console(b"useradd bob\r")
        m.wait_for_prompt("New password: ", REACT_TIMEOUT)
        m.type_console(BOB_PW.encode() + b"\r")
        m.wait_for_prompt("Retype new password: ", REACT_TIMEOUT)
        m.type_console(BOB_PW.encode() + b"\r")
        m.wait_for(r"users: bob \(uid \d+\) added by", REACT_TIMEOUT)
        m.wait_for_prompt("alice@vyoma:~$ ", REACT_TIMEOUT)
        check(True, "useradd bob on alice's console asks bob's password "
              "twice and adds him")
        start = time.monotonic() - m.started
        m.type_console(b"whoami; echo %s > mine.txt; id bob; ls ~; "
                       b"echo done-alice\r" % secret.encode())
        m.wait_for(r"^done-alice$", REACT_TIMEOUT)
        said = console_since(m, start)
        check("alice" in said, "the console's shell runs as alice", said)
        check(any(re.match(r"uid=\d+\(bob\) gid=\d+\(bob\) "
                           r"groups=\d+\(bob\)$", l) for l in said),
              "id knows bob, no admin", said)
        check("mine.txt" in said, "alice wrote mine.txt in her home", said)
        no_password_shown(m, "first boot")
        check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "users: first power-off")
    check(data_on_disk(disk, home("alice") + "/mine.txt") == secret + "\n",
          "alice's file is in her home on the disk",
          data_on_disk(disk, home("alice") + "/mine.txt"))


def users_second_boot(build, disk, work, secret):
    """The same disk again: the login screen lists both users and refuses
    a wrong password; the right one opens alice's desktop (timed). bob
    logs in on the console and cannot read alice's home."""
    with booted("users: second boot", build, disk, work) as m:
        _, scr = m.wait_for(r"\[login\] screen: .*$", BOOT_TIMEOUT)
        check(scr.group(0) == "[login] screen: login alice,bob",
              "the second boot shows the login screen with alice and bob",
              scr.group(0))
        # The apps come from the cache; the login is timed without them.
        m.wait_for(r"vyoma: ready: ", BOOT_TIMEOUT)
        png = os.path.join(build, "boot-test", "users-login.png")
        rows = wait_for_screen(m, png, lambda r: greeter_up(r, 2))
        strip = greeter_checks(rows, "login", 2)
        # alice, the first, is chosen; the focus is on the password.
        ppm = os.path.join(build, "boot-test", "users-typing.ppm")
        type_seen(m, strip, WRONG_PW + "\n", ppm)
        m.wait_for(r"\[login\] status: Wrong user name or password$",
                   REACT_TIMEOUT)
        m.wait_for(r"session: a login on the screen failed", REACT_TIMEOUT)
        x0, _, w, h = strip
        box = (x0, 0, x0 + w, h)
        rows = wait_for_screen(
            m, os.path.join(build, "boot-test", "users-refused.png"),
            lambda r: share(r, DANGER, box) > 0)
        check(share(rows, DANGER, box) * w * h > 60 and greeter_up(rows) and
              not any("logged in" in l for _, l in m.lines),
              "a wrong password is refused: the greeter says so, no "
              "desktop", share(rows, DANGER, box))

        type_seen(m, strip, ALICE_PW, ppm)
        enter = time.monotonic() - m.started
        m.connect().press("ret")
        m.wait_for(r"session: alice logged in on the screen", REACT_TIMEOUT)
        at, _ = m.wait_for(r"vyoma: desktop: first frame,", REACT_TIMEOUT)
        rows = wait_for_screen(
            m, os.path.join(build, "boot-test", "users-logged-in.png"),
            lambda r: share(r, SURFACE, TASKBAR) > 0.5)
        check(share(rows, SURFACE, TASKBAR) > 0.5,
              "the right password opens alice's desktop")
        print("boot: login took %.1f s (Enter on the login screen to the "
              "desktop's first frame, Argon2id, %s)"
              % (at - enter, qemu.accel()[0]))

        console_login(m, "bob", BOB_PW)
        start = time.monotonic() - m.started
        m.type_console(b"whoami; echo bobs > bobs.txt; "
                       b"cat /home/alice/mine.txt; echo cat=$?; "
                       b"ls /home/alice; echo ls=$?; ls ~; "
                       b"echo done-bob\r")
        m.wait_for(r"^done-bob$", REACT_TIMEOUT)
        said = console_since(m, start)
        status = {l.split("=")[0]: l.split("=")[1] for l in said
                  if re.match(r"(cat|ls)=\d+$", l)}
        check("bob" in said, "the console's shell runs as bob", said)
        check(status.get("cat", "0") != "0" and
              status.get("ls", "0") != "0",
              "bob can neither read alice's file nor list her home", said)
        check(not any(secret in l for l in said),
              "alice's file's text never reaches bob's console", said)
        # What `ls ~` printed: after ls's status, before the end.
        listed = said[said.index("ls=" + status["ls"]) + 1:-1] \
            if "ls" in status else []
        check("bobs.txt" in listed and "mine.txt" not in listed,
              "bob's own ls ~ lists his file, not alice's", listed)
        no_password_shown(m, "second boot")
        check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "users: second power-off")


def users_boots(build, work):
    print("boot 7: users: setup on the first boot, logins on the screen "
          "and the console, homes kept apart")
    disk = os.path.join(work, "users.img")
    qemu.make_data_disk(disk)
    secret = "secret%06d" % random.randint(0, 999999)
    users_first_boot(build, disk, work, secret)
    users_second_boot(build, disk, work, secret)


def reproducible_rootfs(build, work):
    print("rootfs: reproducible")
    other = os.path.join(work, "rebuild")
    os.makedirs(os.path.join(other, "images"))
    for part in ("bin", "apps"):
        shutil.copytree(os.path.join(build, part), os.path.join(other, part))
    for name in ("bzImage", "gen_init_cpio"):
        shutil.copy(os.path.join(build, "images", name),
                    os.path.join(other, "images", name))
    # Different mtimes on every input must not change the archive.
    now = time.time() - random.randint(1000, 100000)
    for dirpath, _, files in os.walk(other):
        for f in files:
            os.utime(os.path.join(dirpath, f), (now, now))
    subprocess.run(["bash", os.path.join(ROOT, "tools", "build-rootfs.sh"),
                    other, os.path.join(ROOT, "apps", "REPOSITORY"),
                    os.path.join(build, "images", "root.pub")],
                   check=True, stdout=subprocess.DEVNULL)

    def sums(d):
        with open(os.path.join(d, "images", "SHA256SUMS")) as f:
            return f.read()
    check(sums(other) == sums(build),
          "a second initramfs build has the same SHA256SUMS",
          sums(other))
    # Issue 20: the base image holds what a fresh system needs and the
    # repository the rest (apps/REPOSITORY), so the initramfs stays small.
    size = os.path.getsize(os.path.join(build, "images", "initramfs.cpio.xz"))
    check(size <= 12 * 1024 * 1024, "the initramfs is at most 12 MB",
          size)
    base = image_apps(build)
    check({"sh", "desktop", "login", "terminal", "pkg", "store"} <=
          set(base) and len(base) + len(repository_apps()) >= 200,
          "the image holds the base system (the session, sh, pkg, the "
          "store); the repository the rest of the 200 apps",
          (len(base), len(repository_apps())))


def desktop_boots(build, work):
    """Boots 1 and 2: one data disk, powered off between them."""
    token = "kept%06d" % random.randint(0, 999999)
    disk = os.path.join(work, "data.img")
    qemu.make_data_disk(disk)
    first_boot(build, disk, work, token)
    second_boot(build, disk, work, token)


SCENARIOS = (("desktop", desktop_boots), ("diskless", diskless_boot),
             ("fatal", fatal_boot), ("quota", quota_boot),
             ("network", network_boot), ("users", users_boots),
             ("packages", packages_boots),
             ("updates", lambda b, w: ota.boots(b, w, check, booted,
                                                    host_variant)),
             ("drivers", lambda b, w: boot_drivers.boots(b, w, check, booted,
                                                    AS_USER, USER)),
             ("rootfs", reproducible_rootfs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("-k", default="", metavar="NAME",
                    help="run only the scenarios whose name contains "
                    "NAME: " + ", ".join(n for n, _ in SCENARIOS))
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    chosen = [f for n, f in SCENARIOS if args.k in n]
    if not chosen:
        ap.error("no scenario matches -k %r" % args.k)
    work = tempfile.mkdtemp(prefix="vyoma-boot-")
    # Screenshots stay in build/boot-test/ for a person to look at.
    os.makedirs(os.path.join(build, "boot-test"), exist_ok=True)
    try:
        for scenario in chosen:
            scenario(build, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("boot: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
