"""The desktop shell (apps/system/desktop, docs/desktop.md): its taskbar
at the bottom of a 1024x768 screen, the launcher (Super+Space, typing,
Enter) starting an app, the app's taskbar button minimising and
restoring its window, notification toasts that go after about four
seconds, and the session menu's confirmed power-off.

The desktop says on its console what a test waits for: "starting
<app>", "windows: n1 m0" (each window's state and focus, after every
change of the window list), "toast shown: <app>" and "toast hidden"
(each once the frame is on the screen). Each run ends when those lines
have come; the screenshot is taken then.

Geometry at 1024x768: the taskbar is y 736-767; "Apps" is x 4-67, the
first window's button x 76-239, "Power" x 960-1019 (buttons y 740-763);
toasts are 328x64 at x 688, the newest just above the taskbar (y 664).
"""
import os
import re
import shutil
import tempfile

import harness
from harness import Run, check, counted, manifest

__all__ = ["test_desktop_taskbar_at_boot",
           "test_desktop_launcher_starts_and_taskbar_minimises",
           "test_desktop_notification_toast_comes_and_goes",
           "test_desktop_power_off_needs_a_second_enter",
           "test_desktop_takes_settings_from_the_settings_app_only",
           "test_desktop_runs_a_command_app_in_a_new_terminal",
           "test_terminal_runs_only_what_the_desktop_asks"]

SIZE = "1024x768"
BG = 0x161B26           # vyoma_ui.h's palette
SURFACE = 0x202736
RAISED = 0x2B3345
ACCENT = 0x3B82F6
SELECT = 0x2D4F8A
DIM = 0x98A2B3
GREEN = 0x00C000        # tests/apps/green fills its window with it

BAR = (0, 737, 1024, 768)
APPS_BUTTON = (6, 742, 66, 762)
FIRST_BUTTON = (78, 742, 238, 762)
POWER_BUTTON = (962, 742, 1018, 762)
TOAST = (688, 664, 1016, 728)

GREEN_MANIFEST = manifest(
    "green", "green",
    'stdio = true\ndisplay = { title = "Green", width = 320, height = 200 }\n'
    '\n[lifecycle]\nautostart = false\n')


def script_file(text):
    f = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    f.write(text)
    f.close()
    return f.name


def desktop_run(script=None, until=None, clones=None, apps=("desktop",),
                timeout=60):
    extra = []
    path = None
    if script:
        path = script_file(script)
        extra = ["--input", path]
    try:
        return Run(list(apps), size=SIZE, extra=extra, clones=clones,
                   until=until, timeout=timeout)
    finally:
        if path:
            os.unlink(path)


def share(r, rgb, box):
    """The share of the box's pixels that are rgb."""
    x0, y0, x1, y1 = box
    return r.count(rgb, box) / float((x1 - x0) * (y1 - y0))


def desktop_errors(r):
    """The desktop's refused commands until the run was told to end (a
    command then is refused as "the supervisor is stopping")."""
    errors = []
    for line in r.lines:
        if line.startswith("vyoma: signal"):
            break
        if line.startswith("[desktop] error"):
            errors.append(line)
    return errors


def test_desktop_taskbar_at_boot():
    """At boot the desktop draws the wallpaper and its taskbar (Apps,
    the clock, Power) along the bottom, reserves it (a window is placed
    above it) and lists the window there."""
    clones = {"green": ("green", manifest(
        "green", "green",
        'stdio = true\ndisplay = { title = "Green", width = 320, '
        'height = 200 }\n'))}
    r = desktop_run(clones=clones,
                    until=["vyoma: desktop: first frame",
                           "vyoma: green: first frame",
                           re.compile(r"\[desktop\] windows: [nx][01]$")])
    check(not r.timed_out, "the desktop drew and listed the window",
          r.out[-2000:])
    check(not desktop_errors(r), "the supervisor accepted every command",
          "\n".join(desktop_errors(r)))
    check(share(r, SURFACE, BAR) > 0.5, "the taskbar runs along the bottom",
          f"{share(r, SURFACE, BAR):.2f} of it is the surface colour")
    check(share(r, RAISED, APPS_BUTTON) > 0.5 and
          share(r, RAISED, POWER_BUTTON) > 0.5,
          "the Apps and Power buttons are drawn")
    check(r.count(0xE6E9EF, (880, 742, 956, 762)) > 20,
          "the clock is drawn left of Power")
    check(r.count(DIM, (940, 0, 1024, 32)) > 20,
          "VyomaOS is written small in the top-right corner")
    green = r.bbox(GREEN)
    check(green is not None and green[3] <= 736,
          "the window is placed above the reserved taskbar", str(green))
    button = share(r, ACCENT, FIRST_BUTTON) + share(r, RAISED, FIRST_BUTTON)
    check(button > 0.5, "the taskbar has a button for the window",
          f"{button:.2f}")
    r.cleanup()


LAUNCH = ("500 key Super+Space\n"
          "1000 type gre\n"
          "1500 key Enter\n"
          "3500 click 150 752\n")


def test_desktop_launcher_starts_and_taskbar_minimises():
    """Super+Space, "gre", Enter starts green; its taskbar button then
    minimises it (its pixels leave the screen) and restores it."""
    r = desktop_run(LAUNCH, clones={"green": ("green", GREEN_MANIFEST)},
                    until=["[desktop] starting green",
                           "vyoma: green: first frame",
                           re.compile(r"\[desktop\] windows: m0$")])
    check(not r.timed_out, "green started and was minimised",
          r.out[-2000:])
    check(r.has("vyoma: window green:"), "green got a window")
    check(r.has("[desktop] windows: n"),
          "the taskbar listed green's window before the click")
    check(r.count(GREEN) == 0, "the minimised window left the screen",
          f"{r.count(GREEN)} green pixels")
    check(share(r, BG, FIRST_BUTTON) > 0.4,
          "its taskbar button is dimmed while it is minimised",
          f"{share(r, BG, FIRST_BUTTON):.2f}")
    check(r.count(SELECT) == 0, "the launcher closed when green started")
    check(not desktop_errors(r), "no command was refused",
          "\n".join(desktop_errors(r)))
    r.cleanup()

    def restored(lines):
        seen = False
        for line in lines:
            if line.endswith("[desktop] windows: m0"):
                seen = True
            elif seen and re.search(r"\[desktop\] windows: n[01]$", line):
                return True
        return False

    r = desktop_run(LAUNCH + "5500 click 150 752\n",
                    clones={"green": ("green", GREEN_MANIFEST)},
                    until=restored)
    check(not r.timed_out, "a second click restored green", r.out[-2000:])
    check(r.count(GREEN) >= 300 * 180, "the restored window is back",
          f"{r.count(GREEN)} green pixels")
    button = share(r, ACCENT, FIRST_BUTTON) + share(r, RAISED, FIRST_BUTTON)
    check(button > 0.5, "its button is no longer dimmed", f"{button:.2f}")
    r.cleanup()


def test_desktop_notification_toast_comes_and_goes():
    """A notification (tests/apps/notifier) is shown as a toast above the
    taskbar's right end and taken away about four seconds later; the
    taskbar counts it."""
    r = desktop_run(apps=("desktop", "notifier"),
                    until=["[desktop] toast shown: notifier"])
    check(not r.timed_out, "the desktop showed the notification",
          r.out[-2000:])
    check(share(r, SURFACE, TOAST) > 0.6, "the toast is on the screen",
          f"{share(r, SURFACE, TOAST):.2f}")
    check(r.count(ACCENT, (688, 664, 692, 728)) == 4 * 64,
          "the toast has its accent edge")
    check(r.count(0xE6E9EF, TOAST) > 100, "the toast shows the text")
    r.cleanup()

    r = desktop_run(apps=("desktop", "notifier"),
                    until=["[desktop] toast hidden"])
    check(not r.timed_out, "the toast went away", r.out[-2000:])
    shown, hidden = r.seen_at("toast shown"), r.seen_at("toast hidden")
    if shown is not None and hidden is not None:
        check(3.5 <= hidden - shown <= 8, "it stayed about four seconds",
              f"{hidden - shown:.2f} s")
    check(r.has("[notifier] reply: notify sent"), "the notifier was told")
    check(share(r, SURFACE, TOAST) < 0.05, "the toast left the screen",
          f"{share(r, SURFACE, TOAST):.2f}")
    check(share(r, ACCENT, (874, 742, 902, 762)) > 0.5,
          "the taskbar's badge counts the notification")
    r.cleanup()


def test_desktop_power_off_needs_a_second_enter():
    """Keyboard only: the launcher's "power-off" entry asks for a second
    Enter; Escape forgets the first; the second Enter powers off (hosted:
    the supervisor ends with status 0)."""
    script = ("500 key Super+Space\n"
              "900 type power\n"
              "1300 key Enter\n"
              "1700 key Escape\n"
              "2100 key Super+Space\n"
              "2500 type power\n"
              "2900 key Enter\n"
              "3300 key Enter\n")
    r = desktop_run(script, until=["desktop asked to power off"])
    check(not r.timed_out, "the desktop asked to power off", r.out[-2000:])
    ready, asked = r.seen_at("vyoma: ready"), r.seen_at("asked to power off")
    if ready is not None and asked is not None:
        check(asked - ready >= 3.2,
              "not before the second Enter of the second try",
              f"{asked - ready:.2f} s after ready")
    check(r.rc == 0, "the supervisor shut down cleanly", str(r.rc))
    r.cleanup()


def twelve_hour_clock(r):
    """The clock's text starts 24 px further left as "hh:mm AM"."""
    return r.count(0xE6E9EF, (888, 742, 910, 762)) > 10


def test_desktop_takes_settings_from_the_settings_app_only():
    """"set" messages from the app named settings (tests/apps/setter
    under that name) change the wallpaper, accent and clock, are kept in
    the desktop's /data and answered ok (bad ones: an error); the same
    messages from another app are ignored. A desktop started with a
    settings file uses it."""
    setter = manifest("settings", "setter")
    impostor = manifest("impostor", "setter")
    r = desktop_run(clones={"settings": ("setter", setter),
                            "impostor": ("setter", impostor)},
                    until=[counted("[settings] got desktop:", 5)])
    check(not r.timed_out, "the desktop answered the settings app",
          r.out[-2000:])
    got = [line.split("got desktop: ", 1)[1] for line in r.lines
           if line.startswith("[settings] got desktop: ")]
    check(got == ["ok", "ok", "ok", "error unknown setting",
                  "error unknown setting"],
          "three settings taken, two refused", str(got))
    check(not any(line.startswith("[impostor] got desktop") for line in r.lines),
          "another app's settings are ignored, not even answered")
    path = r.app_data("desktop", "settings.txt")
    kept = open(path).read() if os.path.exists(path) else ""
    check(kept == "wallpaper=ocean\naccent=E5484DFF\nclock=12\n",
          "the settings are kept in the desktop's /data", repr(kept))
    check(twelve_hour_clock(r), "the clock shows the 12-hour form")
    r.cleanup()

    def prepare(run):
        d = run.app_data("desktop")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "settings.txt"), "w") as f:
            f.write("wallpaper=forest\nclock=12\nbogus\n")

    r = Run(["desktop"], size=SIZE, prepare=prepare,
            until=["vyoma: desktop: first frame"])
    check(twelve_hour_clock(r), "a desktop started later reads its settings")
    r.cleanup()


# ---- a command app from the launcher: the terminal runs it -------------

TERM_FG = 0xD1D5DB      # the terminal's default foreground
PROMPT = len("user@vyoma:~$ ")
RUN_UNAME = ("500 key Super+Space\n"
             "1000 type uname\n"
             "1500 key Enter\n"
             # Then into the new terminal (focused, being the newest):
             # once the shell has gone, the terminal says so on its
             # console, which is what the runs wait for.
             "4500 type exit\n"
             "4600 key Enter\n")
TERMINAL_EXITED = re.compile(r"\[terminal#\d+\] \[process exited with "
                             r"status 0\]$")


def installed(run, app, name=None):
    """The built app copied in as name, as its manifest says (the
    terminal waits for the launcher: autostart = false)."""
    src = os.path.join(harness.BUILD, "apps", app)
    dst = os.path.join(run.apps_dir, name or app)
    shutil.copytree(src, dst)
    if name:
        path = os.path.join(dst, "vyoma.toml")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(re.sub(r'(?m)^name = "[^"]*"', f'name = "{name}"', text))


def terminal_cells(r):
    """A function (col, row, ncols) -> the default foreground's pixels in
    those cells of the new terminal instance's window (8x16 a cell)."""
    x = y = None
    for line in r.lines:
        m = re.search(r"vyoma: window terminal#\d+: (\d+),(\d+) ", line)
        if m:
            x, y = int(m.group(1)), int(m.group(2))

    def lit(col, row, ncols=1):
        if x is None or not r.rows:
            return 0
        return r.count(TERM_FG, (x + 8 * col, y + 16 * row,
                                 x + 8 * (col + ncols), y + 16 * (row + 1)))
    return lit


def test_desktop_runs_a_command_app_in_a_new_terminal():
    """The launcher starts a command app (uname, kind = "command") in a
    new terminal: `new terminal`, then `run uname` to that instance,
    which types it into its shell. Its window shows the prompt and
    uname, uname's one line (VyomaOS: 7 characters), then the prompt
    again for the exit typed after it."""
    r = Run(["desktop", "sh", "uname"], size=SIZE,
            extra=["--input", script_file(RUN_UNAME)],
            prepare=lambda run: installed(run, "terminal"),
            until=["[desktop] starting uname", TERMINAL_EXITED])
    check(not r.timed_out, "uname ran in a new terminal, which then ended",
          r.out[-2000:])
    check(any(re.search(r"vyoma: window terminal#\d+:", line)
              for line in r.lines), "a new terminal instance got a window")
    check(any(re.search(r"\[terminal#\d+\] desktop: run uname$", line)
              for line in r.lines), "the desktop asked it to run uname")
    lit = terminal_cells(r)
    check(lit(0, 0, PROMPT) > 100 and lit(PROMPT, 0, 5) > 40,
          "the first line is the prompt and uname typed after it",
          f"{lit(0, 0, PROMPT)}, {lit(PROMPT, 0, 5)}")
    check(lit(0, 1, 7) > 40 and lit(7, 1, 73) == 0,
          "the second is uname's output, VyomaOS",
          f"{lit(0, 1, 7)}, {lit(7, 1, 73)}")
    check(lit(0, 2, PROMPT) == lit(0, 0, PROMPT) and lit(0, 3, 20) > 40,
          "then the prompt again (exit) and the terminal's last word")
    check(not desktop_errors(r), "no command was refused",
          "\n".join(desktop_errors(r)))
    r.cleanup()


def test_terminal_runs_only_what_the_desktop_asks():
    """The very desktop under another name (impostor) asks a new terminal
    to `run uname` the same way: the terminal logs the message and types
    nothing, so its window shows only the exit typed by the person."""
    def prepare(run):
        installed(run, "terminal")
        installed(run, "desktop", "impostor")

    r = Run(["sh", "uname"], size=SIZE,
            extra=["--input", script_file(RUN_UNAME)], prepare=prepare,
            until=["[impostor] starting uname", TERMINAL_EXITED])
    check(not r.timed_out, "the impostor's terminal started and ended",
          r.out[-2000:])
    check(any(re.search(r"\[terminal#\d+\] impostor: run uname$", line)
              for line in r.lines),
          "the impostor's run reached the terminal (and was logged)")
    lit = terminal_cells(r)
    check(lit(0, 0, PROMPT) > 100 and lit(PROMPT, 0, 4) > 30,
          "the first line is the prompt and the person's exit",
          f"{lit(0, 0, PROMPT)}, {lit(PROMPT, 0, 4)}")
    check(lit(0, 1, 20) > 40 and lit(0, 2, 80) == 0,
          "then only the terminal's last word: uname never ran",
          f"{lit(0, 1, 20)}, {lit(0, 2, 80)}")
    r.cleanup()
