"""A hostile-app review of the desktop role and its services (supervisor
desktop.c, wm.c, shell.c's clipboard, draw.c's pixels).

Every test runs tests/apps/rvdesk, a commander that sends what the
script in its /data/cmds.txt says and prints every line it is sent
("rv got ..."), installed under several names with the capabilities
each attack needs: a desktop, a second desktop, notifiers, clipboard
users. Each test fails if the hole it names is there.
"""
import os
import re

from harness import Run, check, manifest

__all__ = ["test_review_desktop_reserve_refusal_is_an_error",
           "test_review_desktop_forged_window_ids",
           "test_review_desktop_second_desktop_is_refused",
           "test_review_desktop_notify_cannot_forge_events",
           "test_review_desktop_flood_does_not_starve_the_desktop",
           "test_review_desktop_clipboard_edges",
           "test_review_desktop_hostile_pixels"]

DESK = "stdio = true\nfilesystem = true\ndisplay = true\ndesktop = true\n"
NOTE = "stdio = true\nfilesystem = true\nnotify = true\n"
CLIP = "stdio = true\nfilesystem = true\nclipboard = true\n"


def clones(**caps):
    return {name: ("rvdesk", manifest(name, "rvdesk", c))
            for name, c in caps.items()}


def scripts(**texts):
    def prepare(run):
        for name, text in texts.items():
            d = run.app_data(name)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "cmds.txt"), "wb") as f:
                f.write(text.encode() if isinstance(text, str) else text)
    return prepare


def got(run, app, pattern):
    """The lines app was sent that match pattern (a regex)."""
    rx = re.compile(pattern)
    return [ln for ln in run.lines
            if re.search(rf"\b{app}\b.*rv got ", ln) and rx.search(ln)]


def done(*apps):
    return [re.compile(rf"\b{a}\b.*rv done") for a in apps]


def test_review_desktop_reserve_refusal_is_an_error():
    """`desktop reserve 0 4096` (more than half the screen) is refused by
    wm_set_reserve; the answer must say so, not echo success."""
    r = Run([], clones=clones(desk=DESK), size="1024x768",
            prepare=scripts(desk="send desktop reserve 0 4096\n"
                            "wait desktop reserve\n"
                            "send desktop reserve 400 0\n"
                            "wait reserve\n"
                            "send desktop raise 32767,32767,32767,32767 "
                            "-32767,-32767,32767,32767 0,0,32767,32767\n"
                            "wait desktop raise\n"),
            until=done("desk"))
    check(not got(r, "desk", r"desktop reserve 0 4096"),
          "a refused reserve (0 4096) is not answered as done",
          "\n".join(got(r, "desk", "reserve")))
    check(got(r, "desk", r"error the reserve may take at most half"),
          "a reserve over half the screen is refused")
    check(got(r, "desk", r"desktop raise 1\b"),
          "raised rectangles far off screen are dropped, a huge one cut")
    r.cleanup()


def test_review_desktop_forged_window_ids():
    """The desktop closing/minimising its own window by id, ids of no
    instance and ids 4096 past a live one: every one refused, and the
    desktop is still the desktop afterwards."""
    ids = list(range(1, 13)) + list(range(4097, 4109))
    cmds = "".join(f"send window close {i}\nsend window minimise {i}\n"
                   for i in ids)
    r = Run(["sleeper"], clones=clones(desk=DESK), size="1024x768",
            prepare=scripts(desk=cmds + "sleep 300\nsend desktop focus\n"
                            "wait desktop focus\nsend windows\n"
                            "wait windows end\n"),
            until=done("desk"))
    oks = got(r, "desk", r"@supervisor: window (close|minimise) \d+$")
    check(not oks, "no forged or own id closes or minimises a window",
          "\n".join(oks))
    check(got(r, "desk", r"@supervisor: desktop focus$") and
          got(r, "desk", r"windows end 0"),
          "the desktop is still the desktop after its own id was tried")
    r.cleanup()


def test_review_desktop_second_desktop_is_refused():
    """A second app with the desktop capability gets an ordinary window:
    its desktop commands (focus, raise, reserve, windows, window) are
    refused while the first runs."""
    evil = ("sleep 500\nsend desktop focus\nsend desktop raise 0,0,1024,768\n"
            "send desktop reserve 100 100\nsend windows\n" +
            "".join(f"send window focus {i}\n" for i in range(1, 8)) +
            "sleep 500\n")
    r = Run([], clones=clones(desk=DESK, evil=DESK), size="1024x768",
            prepare=scripts(desk="sleep 1500\n", evil=evil),
            until=done("desk", "evil"))
    replies = got(r, "evil", r"@supervisor: ")
    ok = [ln for ln in replies if "error another app is the desktop"
          not in ln]
    check(len(replies) == 11 and not ok,
          "all eleven desktop commands of a second desktop are refused",
          "\n".join(replies))
    r.cleanup()


def test_review_desktop_notify_cannot_forge_events():
    """A notification's text is one line to the desktop, whatever it
    holds (commas, colons, VYOMA_EVENT:, a carriage return), and a flood
    is held to three at once and then one a second."""
    forged = (b"send notify x,y:VYOMA_EVENT:windows\n"
              b"send notify a\rVYOMA_EVENT:launcher\n"
              b"send notify VYOMA_EVENT:notify:desk,fake\n"
              b"count notify sent\ncount too many\nquiet\n"
              b"flood 300 notify spam\nsleep 1200\ntally\n")
    r = Run([], clones=clones(desk=DESK, note=NOTE), size="1024x768",
            prepare=scripts(desk="sleep 2500\n", note=forged),
            until=done("desk", "note"))
    lines = got(r, "desk", r"VYOMA_EVENT:")
    bad = [ln for ln in lines if not re.search(
        r"rv got VYOMA_EVENT:(notify:note,|windows$)", ln)]
    check(not bad, "every event the notifier causes is one notify line",
          "\n".join(bad))
    sent = [int(m.group(1)) for ln in r.lines
            for m in [re.search(r"rv tally notify sent=(\d+)", ln)] if m]
    check(sent and sent[0] <= 3 + 2,
          "a flood of 300 notifications sends at most 3 + one a second",
          str(sent))
    r.cleanup()


def test_review_desktop_flood_does_not_starve_the_desktop():
    """Ten notifiers flooding the queue (each held to 8 waiting) must not
    fill it for the desktop: its own commands are never refused busy."""
    flooders = {f"fl{i}": NOTE for i in range(10)}
    texts = {f"fl{i}": "quiet\nflood 4000 notify x\n" for i in range(10)}
    desk = ("sleep 300\ncount busy\ncount windows end\nquiet\n" +
            "send windows\nsleep 5\n" * 150 + "sleep 300\ntally\n")
    r = Run([], clones=clones(desk=DESK, **flooders), size="1024x768",
            prepare=scripts(desk=desk, **texts),
            until=done("desk"), timeout=90)
    busy = [int(m.group(1)) for ln in r.lines
            for m in [re.search(r"desk.*rv tally busy=(\d+)", ln)] if m]
    check(busy == [0], "no desktop command refused busy by others' flood",
          str(busy))
    r.cleanup()


def test_review_desktop_clipboard_edges():
    """Exactly 4000 bytes (ending in an escaped backslash) round-trips,
    4001 is refused, a lone trailing backslash is refused, and four apps
    setting and getting at once only ever read whole texts."""
    full = "a" * 3998 + "\\\\"
    one = ("send clipboard set " + full + "\nwait clipboard set\n"
           "send clipboard get\nwait clipboard text\n"
           "send clipboard set " + full + "b\nwait clipboard\n"
           "send clipboard set ab\\\nwait clipboard\nsay rv phase2\n")
    # The racers start once c0's exact-size round trip is over.
    race = ("sleep 2000\ncount clipboard text\nquiet\n" +
            "flood 300 clipboard set " + "x" * 100 + "\n"
            "flood 300 clipboard get\nsleep 500\ntally\n")
    two = ("sleep 2000\ncount clipboard text\nquiet\n" +
           "flood 300 clipboard set " + "y" * 3000 + "\n"
           "flood 300 clipboard get\nsleep 500\ntally\n")
    r = Run([], clones=clones(c0=CLIP, c1=CLIP, c2=CLIP, c3=CLIP),
            prepare=scripts(c0=one, c1=race, c2=two, c3=race),
            until=done("c0", "c1", "c2", "c3"))
    check(got(r, "c0", "clipboard set 4000$"), "4000 bytes are taken")
    check(got(r, "c0", "clipboard text " + re.escape(full) + "$"),
          "4000 bytes come back whole")
    check(got(r, "c0", "error clipboard text longer than 4000"),
          "4001 bytes are refused")
    check(got(r, "c0", "error bad escape"), "a lone backslash is refused")
    torn = [ln for ln in r.lines if "rv got @supervisor: clipboard text" in
            ln and not re.search(r"clipboard text (|a{3998}\\\\|x{100}|"
                                 r"y{3000}|ab)$", ln)]
    check(not torn, "every get reads one whole text", torn[:1])
    r.cleanup()


def test_review_desktop_hostile_pixels():
    """pixels lines at negative and far-off places, with sizes whose
    w*h*3 overflows 32 bits, with wrong lengths and bad padding: drawn
    clipped or refused, and the supervisor runs on (ASan: no overrun)."""
    px = "AAAA" * 4  # 12 bytes: 4 pixels
    lines = [f"VYOMA_DRAW:pixels:-1,-1,2,2,{px}",
             f"VYOMA_DRAW:pixels:-32767,-32767,2,2,{px}",
             f"VYOMA_DRAW:pixels:32767,32767,2,2,{px}",
             f"VYOMA_DRAW:pixels:1000,700,4,1,{px}",
             f"VYOMA_DRAW:pixels:0,0,32767,32767,{px}",
             f"VYOMA_DRAW:pixels:0,0,65536,65536,{px}",
             "VYOMA_DRAW:pixels:0,0,1,1,AAA=",
             "VYOMA_DRAW:pixels:0,0,1,1,====",
             "VYOMA_DRAW:pixels:0,0,1,1,AAB=",
             "VYOMA_DRAW:pixels:0,0,0,1,",
             "VYOMA_DRAW:pixels:0,0,32,32," + "A" * 4096,
             "VYOMA_DRAW:flush"]
    script = "sleep 400\n" + "".join(f"raw {ln}\n" for ln in lines) + \
        "raw VYOMA_DRAW:pixels:5,5,2,2,/wAA/wAA/wAA/wAA\n" \
        "raw VYOMA_DRAW:flush\nsleep 500\n"
    r = Run([], clones=clones(desk=DESK), size="1024x768",
            prepare=scripts(desk=script), until=done("desk"))
    check(r.rc == 0 and r.rows, "the supervisor runs on and shuts down",
          f"rc={r.rc}")
    check(r.rows and r.rows[5][5] == 0xFF0000 and r.rows[6][6] == 0xFF0000,
          "a good pixels line after the hostile ones is drawn",
          hex(r.rows[5][5]) if r.rows else "")
    r.cleanup()
