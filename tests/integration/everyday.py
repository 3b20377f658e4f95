"""The everyday apps: calculator, calendar and settings
(apps/productivity/*), driven with the keyboard and the mouse.

Each app says on its console what it has just put on the screen
("calculator: 2+3*4 = 14", "calendar: 2026-12", "settings: Applied"),
after the frame that shows it, so a run ends when the line arrives and
its screenshot shows what the line says. The apps wait for the launcher
(autostart = false); the tests' copies start at boot. Clicks are placed
from the window's position in the supervisor's log ("vyoma: window
<app>: x,y WxH", from a short run first) and the app's own layout.
"""
import datetime
import os
import re

from harness import (Run, app_wasm, check, counted, install_app, manifest,
                     said, start_at_boot, window_of)
import harness

__all__ = ["test_calculator_keys", "test_calculator_clicks",
           "test_calendar_months", "test_settings_about_and_choices",
           "test_settings_without_a_desktop"]

TEXT = 0xE6E9EF         # vyoma_ui.h's VY_UI_TEXT
DANGER = 0xE5484D       # VY_UI_DANGER
ACCENT = 0x3B82F6       # VY_UI_ACCENT
OK = 0x30A46C           # VY_UI_OK


def apps_at_boot(apps, fake_desktop=False, data=None):
    """A prepare= for Run: these apps start at boot; with fake_desktop,
    tests/apps/fake-desktop is installed as "desktop"; data maps
    (app, file) to text put in the app's /data beforehand."""
    def prepare(run):
        for app in apps:
            start_at_boot(os.path.join(run.apps_dir, app))
        if fake_desktop:
            install_app(run.apps_dir, "desktop", app_wasm("fake-desktop"),
                        manifest("desktop", "fake-desktop"))
        for (app, name), text in (data or {}).items():
            os.makedirs(run.app_data(app), exist_ok=True)
            with open(run.app_data(app, name), "w") as f:
                f.write(text)
    return prepare


def placed(app):
    """Where the supervisor puts app's window (a short run)."""
    r = Run([app], prepare=apps_at_boot([app]), until=["vyoma: ready:"])
    r.cleanup()
    return window_of(r, app)


def scripted(apps, script, until, prepare, timeout=60):
    """harness.scripted on the screen placed() measures on."""
    return harness.scripted(apps, script, until, size="640x480",
                            prepare=prepare, timeout=timeout)


# ---- calculator ------------------------------------------------------------

CALC_W, CALC_H = 264, 340
RESULT_BOX = (16, 64, CALC_W - 16, 96)     # the result line, in the window


def calc_button(win, label):
    """Screen (x, y) of the middle of a calculator button: the 4x5 grid
    under the display, as apps/productivity/calculator lays it out."""
    grid = ["C", "<-", "%", "/", "7", "8", "9", "*", "4", "5", "6", "-",
            "1", "2", "3", "+", "+-", "0", ".", "="]
    x, y, w, h = win
    i = grid.index(label)
    bw = (w - 16 - 12) // 4
    bh = (h - 112 - 8 - 16) // 5
    return (x + 8 + i % 4 * (bw + 4) + bw // 2,
            y + 112 + i // 4 * (bh + 4) + bh // 2)


def in_window(win, box):
    x, y = win[0], win[1]
    return (x + box[0], y + box[1], x + box[2], y + box[3])


def test_calculator_keys():
    """Typed: 2+3*4 Enter is 14 (precedence), 1/0 is Error, 0.1+0.2 is
    0.3 (12 significant digits), Backspace takes back a digit and Escape
    clears what was typed, 200+10% is 220 and 50*10% is 5; the result
    is on the screen."""
    r = scripted(["calculator"], """
100 focus calculator
200 type 2+3*4
250 key Enter
300 type 1/0
350 key Enter
400 type 0.1+0.2
450 key Enter
500 type 9*12
550 key Backspace
600 type 3
650 key Enter
700 type 5+5
750 key Escape
800 type 8-3=
850 type 6/4
900 key Enter
950 type 200+10%=
1000 type 50*10%=
1050 type 7%=
""", until=[counted("[calculator] calculator: ", 9)],
        prepare=apps_at_boot(["calculator"]))
    got = said(r, "calculator", "calculator: ")
    check(got == ["2+3*4 = 14", "1/0 = Error", "0.1+0.2 = 0.3",
                  "9*13 = 117", "8-3 = 5", "6/4 = 1.5", "200+20 = 220",
                  "50*0.1 = 5", "0.07 = 0.07"],
          "each expression evaluated as typed, with precedence and "
          "decimals printed short; % after + is a percentage of what "
          "comes before, else hundredths", got)
    win = window_of(r, "calculator")
    check(win is not None and win[2:] == (CALC_W, CALC_H),
          "the window has the manifest's size", win)
    if win:
        box = in_window(win, RESULT_BOX)
        check(r.count(TEXT, box) > 60 and r.count(DANGER, box) == 0,
              "the last result (1.5) is drawn on the result line",
              (r.count(TEXT, box), r.count(DANGER, box)))
    r.cleanup()


def test_calculator_clicks():
    """The buttons do what the keys do: 7 × 6 = is 42, then ÷ 0 = shows
    Error in the danger colour."""
    win = placed("calculator")
    check(win is not None, "the calculator has a window")
    if not win:
        return
    clicks = ["7", "*", "6", "=", "/", "0", "="]
    script = "".join(f"{200 + 100 * i} click {calc_button(win, b)[0]} "
                     f"{calc_button(win, b)[1]}\n"
                     for i, b in enumerate(clicks))
    r = scripted(["calculator"], script,
                 until=[counted("[calculator] calculator: ", 2)],
                 prepare=apps_at_boot(["calculator"]))
    got = said(r, "calculator", "calculator: ")
    check(got == ["7*6 = 42", "42/0 = Error"],
          "clicked expressions, the result carried into the next", got)
    check(window_of(r, "calculator") == win, "the window is where it was")
    box = in_window(win, RESULT_BOX)
    check(r.count(DANGER, box) > 60, "Error is shown in the danger colour",
          r.count(DANGER, box))
    r.cleanup()


# ---- calendar --------------------------------------------------------------

def month_after(year, month, n):
    m = year * 12 + month - 1 + n
    return (m // 12, m % 12 + 1)


def test_calendar_months():
    """The calendar opens on this month (UTC), today in the accent;
    PageDown steps month by month into the next year, Home comes back
    to today's month, and a click on < goes to the month before."""
    win = placed("calendar")
    check(win is not None and win[2:] == (300, 300),
          "the calendar has a 300x300 window", win)
    if not win:
        return
    before = datetime.datetime.now(datetime.timezone.utc)
    year, month = before.year, before.month
    downs = 13 - month + 1          # to January next year, and February
    script = "100 focus calendar\n" + "".join(
        f"{200 + 50 * i} key PageDown\n" for i in range(downs))
    t = 200 + 50 * downs
    # The "<" button: the second from the header's right edge.
    back = (win[0] + 300 - 8 - 24 - 4 - 12, win[1] + 16)
    script += f"{t} key Home\n{t + 100} click {back[0]} {back[1]}\n"
    want = [month_after(year, month, i) for i in range(downs + 1)]
    want += [(year, month), month_after(year, month, -1)]
    want = [f"{y}-{m:02d}" for y, m in want]
    r = scripted(["calendar"], script,
                 until=[counted("[calendar] calendar: ", len(want))],
                 prepare=apps_at_boot(["calendar"]))
    after = datetime.datetime.now(datetime.timezone.utc)
    got = said(r, "calendar", "calendar: ")
    if (after.year, after.month) != (year, month):
        print("       (the month changed during the run: not checked)")
    else:
        check(got == want, "this month, then PageDown across the new year, "
              "Home back, and < to the month before", (got, want))
        check(want[downs - 1].endswith("-01") and
              want[downs - 1][:4] == str(year + 1),
              "the steps crossed into January of the next year", want)
    r.cleanup()
    # Today, shown as it opens: one accent cell in the grid.
    r = Run(["calendar"], prepare=apps_at_boot(["calendar"]),
            until=["[calendar] calendar: "])
    win = window_of(r, "calendar")
    grid = in_window(win, (8, 64, 292, 292)) if win else None
    cell = r.bbox(ACCENT, grid) if grid else None
    check(cell is not None and 30 <= cell[2] - cell[0] <= 40 and
          30 <= cell[3] - cell[1] <= 40,
          "today's cell is filled with the accent", cell)
    r.cleanup()


# ---- settings --------------------------------------------------------------

LIST_W = 136
PX = LIST_W + 16


def test_settings_about_and_choices():
    """About shows the supervisor's version; a wallpaper chosen with
    the keys and an accent clicked are sent to the desktop (here a
    stand-in named desktop), which answers ok, and settings says
    Applied; the choices are kept in /data and shown next time."""
    win = placed("settings")
    check(win is not None and win[2:] == (520, 380),
          "settings has a 520x380 window", win)
    if not win:
        return
    # The fourth accent swatch (8B5CF6FF): 32 px squares, 16 apart.
    ax, ay = win[0] + PX + 3 * 48 + 16, win[1] + 32 + 164 + 16
    r = scripted(["settings"], f"""
100 focus settings
200 key Down
250 key Down
400 key Up
450 key Up
500 key Tab
550 key Right
600 key Enter
900 click {ax} {ay}
""", until=[counted("[settings] settings: Applied", 2),
            "[settings] settings: version "],
        prepare=apps_at_boot(["settings"], fake_desktop=True))
    banner = re.search(r"VyomaOS supervisor (\S+):", r.out)
    versions = said(r, "settings", "settings: version ")
    check(banner is not None and versions == [banner.group(1)],
          "About shows the supervisor's own version, once",
          (versions, banner and banner.group(1)))
    check(said(r, "desktop", "got ") == ["settings: set wallpaper=ocean",
                                         "settings: set accent=8B5CF6FF"],
          "the desktop got the wallpaper and the accent chosen",
          said(r, "desktop", "got "))
    check(said(r, "settings", "settings: ").count("Applied") == 2,
          "and settings said each was applied", said(r, "settings", "settings: "))
    status = in_window(win, (PX, 380 - 32, 520, 380 - 8))
    check(r.count(OK, status) > 30, "Applied is shown in the ok colour",
          r.count(OK, status))
    kept = r.app_data("settings", "settings.txt")
    text = open(kept).read() if os.path.exists(kept) else ""
    check(text == "wallpaper=ocean\naccent=8B5CF6FF\nclock=24\n",
          "the choices are kept in settings' /data", repr(text))
    r.cleanup()
    # Next time: the kept wallpaper (slate, the third) is framed in the
    # accent, the others are not.
    r = Run(["settings"], until=["vyoma: settings: first frame"],
            prepare=apps_at_boot(["settings"], data={
                ("settings", "settings.txt"):
                "wallpaper=slate\naccent=14B8A6FF\nclock=12\n"}))
    x, y = win[0] + PX - 2, win[1] + 32 + 40 + 10
    framed = [r.rows[y][x + 88 * i] == ACCENT for i in range(4)] \
        if r.rows else []
    check(framed == [False, False, True, False],
          "the kept wallpaper is shown chosen", framed)
    r.cleanup()


def test_settings_without_a_desktop():
    """With no desktop installed, a choice says so."""
    r = scripted(["settings"], """
100 focus settings
200 key Tab
300 key Enter
""", until=["[settings] settings: The desktop is not running"],
        prepare=apps_at_boot(["settings"]))
    check(r.has("[settings] settings: The desktop is not running"),
          "settings says the desktop is not running", r.out[-1500:])
    win = window_of(r, "settings")
    if win:
        status = in_window(win, (PX, 380 - 32, 520, 380 - 8))
        check(r.count(DANGER, status) > 30,
              "in the danger colour", r.count(DANGER, status))
    r.cleanup()
