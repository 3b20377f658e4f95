"""The window manager's side of the desktop (docs/desktop.md): resizing
by an edge, a corner or the keyboard; the desktop role (a full-screen
window under the others whose raised strip stays on top, the work area it
reserves, the window list and verbs it alone may use, the launcher
shortcut); notifications and their rate limit; a start asked for
while the module compiles."""
import os
import shutil
import tempfile

import slowmod
from harness import install_app
from harness import (Run, app_wasm, check, counted, first_frames, manifest,
                     scripted, ticker_box, ticker_sizes, window_layout,
                     windows_in)

MAGENTA = 0xFF00FF   # deskprobe's raised strip
GREEN = 0x00C000     # the green test app


def test_resize_by_a_corner_and_an_edge():
    """Dragging a window's bottom-right corner resizes it on release: the
    app is told the new size and draws at it, its top-left stays put;
    dragging the left edge grows it leftwards."""
    apps = ["green", "ticker"]
    tx, ty, tw, th = window_layout(apps)["ticker"]
    r = scripted(apps, f"100 drag {tx + tw + 2} {ty + th + 2} "
                 f"{tx + tw - 58} {ty + th - 38}\n",
                 until=first_frames("green") + [counted("[ticker] size ", 2)])
    sizes = ticker_sizes(r)
    check(sizes[:2] == [(tw, th), (tw - 60, th - 40)],
          "a corner drag told the app its new size", (sizes, tw, th))
    check(ticker_box(r) == (tx, ty, tx + tw - 60, ty + th - 40),
          "and the app drew at that size, where it was",
          (ticker_box(r), (tx, ty, tw, th)))
    r.cleanup()
    r = scripted(apps, f"100 drag {tx - 3} {ty + th // 2} {tx - 43} "
                 f"{ty + th // 2}\n",
                 until=first_frames("green") + [counted("[ticker] size ", 2)])
    sizes = ticker_sizes(r)
    check(sizes[:2] == [(tw, th), (tw + 40, th)],
          "a left-edge drag widened the window", sizes)
    check(ticker_box(r) == (tx - 40, ty, tx + tw, ty + th),
          "leftwards, its right edge kept", ticker_box(r))
    r.cleanup()


def test_resize_with_the_keyboard():
    """Super+Ctrl+Right and Down grow the focused window a step each;
    Super+Ctrl+Left shrinks it; keys that were shortcuts reach no app."""
    apps = ["green", "ticker"]
    tx, ty, tw, th = window_layout(apps)["ticker"]
    r = scripted(apps, f"""
100 click {tx + tw // 2} {ty - 10}
200 key Super+Ctrl+Right
400 key Super+Ctrl+Down
600 key Super+Ctrl+Left
""", until=first_frames("green") + [counted("[ticker] size ", 4)])
    sizes = ticker_sizes(r)
    check(sizes[:4] == [(tw, th), (tw + 32, th), (tw + 32, th + 32),
                        (tw, th + 32)],
          "each step changed the size by 32 pixels", sizes)
    r.cleanup()


def deskprobe_run(script, until, extra_apps=("green",), clones=None):
    return scripted(["deskprobe"] + list(extra_apps), script, until=until,
                    clones=clones)


def test_desktop_role_commands_and_hostile_arguments():
    """The desktop's commands: malformed ones are refused with a reason
    and change nothing; reserve and raise take effect; the window list
    comes with an event and the verbs act on it."""
    r = deskprobe_run("", until=["[deskprobe] got @supervisor: window restore",
                                 counted("[deskprobe] got @supervisor: windows end", 3)])
    got = [line.split("got @supervisor: ", 1)[1] for line in r.lines
           if line.startswith("[deskprobe] got @supervisor: ")]
    errors = [g for g in got if g.startswith("error")]
    check(errors[:16] == [
        "error want window focus <id>",
        "error want window <focus|minimise|restore|maximise|close> <id>",
        "error no window 99999",
        "error want window focus <id>",
        "error want window close <id>",
        "error want window focus <id>",
        "error want desktop raise <x>,<y>,<w>,<h> ...",
        "error want desktop raise <x>,<y>,<w>,<h> ...",
        "error at most 8 rectangles",
        "error want desktop raise <x>,<y>,<w>,<h> ...",
        "error the reserve may take at most half the screen",
        "error want desktop reserve <top> <bottom>",
        "error want desktop reserve <top> <bottom>",
        "error want desktop <reserve|raise|focus> ...",
        "error windows takes no arguments",
        "error want desktop <reserve|raise|focus> ...",
    ], "every malformed command is refused with its reason", errors)
    check("desktop reserve 0 40" in got and "desktop raise 1" in got,
          "reserve and raise are taken", got[-8:])
    rows = [g for g in got if g.startswith("windows ") and "app=green" in g]
    states = [g.split("state=")[1].split()[0] for g in rows]
    check(states[:3] == ["normal", "minimised", "normal"],
          "the list follows minimise and restore", rows)
    check(not any("app=deskprobe" in g for g in got),
          "the desktop's own window is not in the list")
    check(r.count(MAGENTA, (0, 560, 800, 600)) == 800 * 40,
          "the raised strip is on screen", r.count(MAGENTA, (0, 560, 800, 600)))
    r.cleanup()


def test_raised_strip_stays_over_windows_and_maximise_avoids_it():
    """A window dragged over the desktop's raised strip stays under it;
    a maximised window ends above the reserved strip."""
    wins = window_layout(["deskprobe", "green"])
    gx, gy, gw, gh = wins["green"]
    # The launcher key after the drag: its event says the drag is done
    # (input is handled in order), so the run cannot end before it.
    r = deskprobe_run(f"300 drag {gx + 40} {gy - 10} {gx + 40} {gy + 190}\n"
                      "600 key Alt+F1\n",
                      until=["[deskprobe] got @supervisor: desktop raise 1",
                             "vyoma: green: first frame",
                             "[deskprobe] got VYOMA_EVENT:launcher"])
    check(r.count(MAGENTA, (0, 560, 800, 600)) == 800 * 40,
          "the strip is whole over a window dragged onto it")
    check(r.count(GREEN, (0, 500, 800, 560)) > 1000,
          "the window did move down to it")
    r.cleanup()
    r = deskprobe_run(f"300 click {gx + 40} {gy - 10}\n500 key Super+Up\n",
                      until=["[deskprobe] got @supervisor: desktop raise 1",
                             "windows 2 app=green state=maximised"])
    row = [line for line in r.lines if "state=maximised" in line][-1]
    y = int(row.split(" y=")[1].split()[0])
    h = int(row.split(" h=")[1].split()[0])
    check(y + h <= 560 - 3, "maximised, the window ends above the strip",
          row)
    check(r.count(MAGENTA, (0, 560, 800, 600)) == 800 * 40,
          "and the strip is whole")
    r.cleanup()


def test_launcher_shortcut_and_the_desktop_stays():
    """Super+Space and Alt+F1 tell the desktop and give it the keys;
    Alt+F4 there does not close it; Alt+Tab never lands on it; a second
    app with the desktop capability is an ordinary window whose desktop
    commands are refused."""
    clones = {"deskprobe2": ("deskprobe", manifest(
        "deskprobe2", "deskprobe",
        "stdio = true\ndisplay = true\nmouse = true\ndesktop = true\n"))}
    r = deskprobe_run("""
300 key Super+Space
400 key Alt+F4
500 key Alt+F1
600 key Alt+Tab
700 key Alt+Tab
800 key Alt+Tab
""", until=[counted("[deskprobe] got VYOMA_EVENT:launcher", 2),
            "[deskprobe2] got @supervisor: error another app is the desktop"],
        clones=clones)
    check(r.has("[deskprobe] focus in"), "the launcher shortcut focused it")
    check(not r.has("deskprobe: closed from its window"),
          "Alt+F4 on the desktop did not close it")
    wins = windows_in(r.lines)
    check("deskprobe2" in wins and wins["deskprobe2"][2] < 800,
          "a second desktop app gets an ordinary window", wins)
    launcher = r.lines.index(next(line for line in r.lines if
                                  "got VYOMA_EVENT:launcher" in line))
    focus = [line for line in r.lines[launcher:] if line.startswith("[deskprobe] focus")]
    check(focus[:1] == ["[deskprobe] focus in"] or r.has("[deskprobe] focus in"),
          "keys went to the desktop", focus)
    r.cleanup()


def test_notifications_reach_the_desktop_at_a_rate():
    """notify: three at once reach the desktop as events naming the
    sender, the next are refused until a second has passed; a text shaped
    like an event stays text; the desktop's commands need its capability."""
    r = scripted(["deskprobe", "notebomb"], "",
                 until=[counted("[notebomb] reply ", 8),
                        counted("[deskprobe] got VYOMA_EVENT:notify:", 3)])
    replies = [line.split("reply ", 1)[1] for line in r.lines
               if line.startswith("[notebomb] reply ")]
    check(replies[:5] == ["notify sent"] * 3 +
          ["error too many notifications: one a second"] * 2,
          "three notifications, then the rate limit", replies)
    check(all(x.startswith("error permission denied") for x in replies[5:8]),
          "windows, desktop and window need the desktop capability",
          replies[5:])
    seen = [line.split("got ", 1)[1] for line in r.lines
            if line.startswith("[deskprobe] got VYOMA_EVENT:notify:")]
    check(seen == ["VYOMA_EVENT:notify:notebomb,hello 1",
                   "VYOMA_EVENT:notify:notebomb,hello 2, with a comma",
                   "VYOMA_EVENT:notify:notebomb,VYOMA_EVENT:launcher"],
          "the desktop got each with the sender's installed name", seen)
    check(not r.has("[deskprobe] got VYOMA_EVENT:launcher"),
          "a notification's text never became an event")
    r.cleanup()


def asked_while_compiling(verb):
    def prepare(run):
        d = os.path.join(run.apps_dir, "slowstart")
        os.makedirs(d)
        # About two seconds of Cranelift: long enough to ask meanwhile.
        with open(os.path.join(d, "slowstart.wasm"), "wb") as f:
            f.write(slowmod.module(8, 60000))
        with open(os.path.join(d, "vyoma.toml"), "w") as f:
            f.write(manifest("slowstart", "slowstart") +
                    "\n[lifecycle]\nautostart = false\n")
        install_app(run.apps_dir, "starter", app_wasm("rvdesk"),
                    manifest("starter", "rvdesk", 'stdio = true\n'
                             'filesystem = true\nshell = ["%s"]' % verb + '\n'))
        os.makedirs(run.app_data("starter"), exist_ok=True)
        with open(run.app_data("starter", "cmds.txt"), "w") as f:
            f.write("send %s slowstart\nwait slowstart\n" % verb)

    def attempt():
        cache = tempfile.mkdtemp(prefix="vyoma-cache-")   # so it compiles
        r = Run([], prepare=prepare,
                until=["vyoma: ready:", "slowstart: trapped"],
                extra=["--cache", cache], timeout=90)
        shutil.rmtree(cache, ignore_errors=True)
        if os.path.exists(cache.rstrip("/") + ".key"):
            os.unlink(cache.rstrip("/") + ".key")
        return r

    # What is tested needs the ask to come while slowstart compiles. On a
    # busy machine the starter's own compile can end after it: then the
    # run tests nothing, and is made again (at most three times).
    for _ in range(3):
        r = attempt()
        asked = [i for i, line in enumerate(r.lines)
                 if "[starter] rv got @supervisor: %s slowstart requested"
                 % verb in line]
        ready = [i for i, line in enumerate(r.lines)
                 if "vyoma: ready:" in line]
        if asked and ready and asked[0] < ready[0]:
            break
        r.cleanup()
    ran = [i for i, line in enumerate(r.lines) if "slowstart: trapped" in line]
    check(asked and ready and asked[0] < ready[0],
          "asked while the module compiled, the %s was taken" % verb,
          [line for line in r.lines if "slowstart" in line or "ready" in line])
    check(not r.has("still being compiled"), "not refused")
    # Carried out when the module is ready, which the "ready:" line
    # (logged by the main loop once every module is in) may trail.
    check(ran and asked and ran[0] > asked[0],
          "and carried out once the module was ready (its run traps on "
          "purpose: its _start returns a value)", r.out[-1500:])
    r.cleanup()


def test_a_start_asked_while_compiling_waits_for_the_module():
    """A person picking an app in the launcher on a first boot, while its
    module is still being compiled: the start is taken and carried out
    once the module is ready, not refused with "try again"."""
    asked_while_compiling("start")


def test_a_restart_asked_while_compiling_waits_for_the_module():
    """A script restarting an app that a login has just begun to load
    (seen as a flaky refusal under ASan): kept like a start."""
    asked_while_compiling("restart")
