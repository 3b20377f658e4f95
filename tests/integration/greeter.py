"""The greeter (apps/system/login): the hosted supervisor started with
--greeter, nobody logged in, on an 800x600 screen.

First boot (an empty data directory): the setup screen, a centred card
with three fields (name, password, confirm) and the primary button; an
empty password and two passwords that differ are refused by the greeter
itself, with the reason in the danger colour; two that match make alice
and log her in. A second boot on the same data directory: the login
screen lists alice (chosen, her row selected) above two fields; a wrong
password is "Wrong user name or password", the right one logs her in.

The greeter says on its console what it has drawn ("screen: setup",
"screen: login alice", "status: <text>", each once the frame is on the
screen), and the supervisor logs "session: <name> logged in" when a
session starts. Each run ends when those lines have come; the
screenshot is taken then. The greeter holds the keyboard while it is up,
so the input scripts only type.

Part of run.py's suite; alone: python3 tests/integration/greeter.py
[--build DIR] [-k NAME].
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import Run, check, counted  # noqa: E402
import harness  # noqa: E402

__all__ = ["test_greeter_first_boot_refuses_then_makes_the_first_user",
           "test_greeter_logs_a_user_in",
           "test_greeter_lock_unlock_and_log_out",
           "test_greeter_switch_user_from_the_lock_screen"]

SIZE = "800x600"
W, H = 800, 600
SURFACE = 0x202736      # vyoma_ui.h's palette
BORDER = 0x3A4457
TEXT = 0xE6E9EF
ACCENT = 0x3B82F6
SELECT = 0x2D4F8A
DANGER = 0xE5484D

PASSWORD = "secret-one"
OTHER = "secret-two"
WRONG = "not-her-password"

# Name, Tab, Enter (to the confirm field), Enter: an empty password,
# refused; then two passwords that differ, refused.
SETUP_REFUSED = ("1000 type alice\n"
                 "1200 key Tab\n"
                 "1300 key Enter\n"
                 "1400 key Enter\n"
                 f"1800 type {PASSWORD}\n"
                 "2100 key Tab\n"
                 f"2300 type {OTHER}\n"
                 "2600 key Enter\n")
# Then the same password twice (the focus is back on the first field).
SETUP_DONE = SETUP_REFUSED + (f"3200 type {PASSWORD}\n"
                              "3500 key Tab\n"
                              f"3700 type {PASSWORD}\n"
                              "4000 key Enter\n")
# alice is chosen at once, the focus in the password field.
LOGIN_WRONG = (f"1000 type {WRONG}\n"
               "1400 key Enter\n")
LOGIN_RIGHT = LOGIN_WRONG + (f"3000 type {PASSWORD}\n"
                             "3400 key Enter\n")

NO_PASSWORD = "[login] status: Choose a password"
MISMATCH = "[login] status: The passwords do not match"
WRONG_SHOWN = "[login] status: Wrong user name or password"
LOGGED_IN = "session: alice logged in"


def greeter_run(script, until, data_from=None, timeout=60):
    """The greeter and the desktop, --greeter, typing script; data_from:
    a finished run whose data directory this one starts with."""
    f = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    f.write(script)
    f.close()

    def prepare(run):
        if data_from:
            shutil.copytree(data_from.data_dir, run.data_dir)

    try:
        return Run(["login", "desktop"], size=SIZE,
                   extra=["--greeter", "--input", f.name], until=until,
                   prepare=prepare, timeout=timeout)
    finally:
        os.unlink(f.name)


def index_of(r, text):
    for i, line in enumerate(r.lines):
        if text in line:
            return i
    return None


def stripes(r, x, y0, y1):
    """The runs of one colour down column x from y0 to y1, as
    (colour, first y, length)."""
    out = []
    for y in range(y0, y1):
        c = r.rows[y][x]
        if out and out[-1][0] == c and out[-1][1] + out[-1][2] == y:
            out[-1] = (c, out[-1][1], out[-1][2] + 1)
        else:
            out.append((c, y, 1))
    return out


def fields(r, card):
    """How many text fields the card has, and whether the first one's
    underline is the accent (the keyboard focus there): down a column
    near the card's right edge (where no text reaches), a field ends in
    3 px of its underline (2) and its outline (1)."""
    x = card[2] - 24
    ends = [s for s in stripes(r, x, card[1], card[3])
            if s[2] == 3 or (s[2] == 2 and s[0] == ACCENT)]
    return len(ends), bool(ends) and ends[0][0] == ACCENT


def card_of(r):
    """The card's box: the surface colour's bounding box."""
    return r.bbox(SURFACE)


def check_card(r, what):
    card = card_of(r)
    check(card is not None, f"{what}: the card is drawn")
    if not card:
        return None
    cx, cy = (card[0] + card[2]) / 2, (card[1] + card[3]) / 2
    check(abs(cx - W / 2) <= 2 and abs(cy - H / 2) <= 2,
          f"{what}: the card is in the middle of the screen", str(card))
    check(r.count(TEXT, (card[0], card[1], card[2], card[1] + 56)) > 200,
          f"{what}: the title is written at the card's top")
    button = [s for s in stripes(r, card[2] - 24, card[1], card[3])
              if s[0] == ACCENT and s[2] >= 16]
    check(len(button) == 1, f"{what}: the card has its primary button",
          str(button))
    return card


def no_secret(r, what):
    """Neither a password nor its hex is in the supervisor's transcript."""
    for p in (PASSWORD, OTHER, WRONG):
        check(p not in r.out and p.encode().hex() not in r.out,
              f"{what}: the password '{p}' is not in the log")


def test_greeter_first_boot_refuses_then_makes_the_first_user():
    """First boot: the setup screen; an empty password and two that
    differ are refused on the screen, nothing sent; then alice is made
    and logged in."""
    r = greeter_run(SETUP_REFUSED, until=["[login] screen: setup",
                                          NO_PASSWORD, MISMATCH])
    check(not r.timed_out, "the setup screen refused both tries",
          r.out[-2000:])
    check(not r.has(LOGGED_IN), "nobody was logged in")
    card = check_card(r, "setup")
    if card:
        n, focus_first = fields(r, card)
        check(n == 3, "three fields: name, password, confirm", str(n))
        check(not focus_first,
              "after the refusal the focus left the name field")
        check(r.count(DANGER, card) > 60,
              "the refusal is written in the danger colour",
              f"{r.count(DANGER, card)} px")
    no_secret(r, "setup refused")
    r.cleanup()

    r = greeter_run(SETUP_DONE, until=[MISMATCH, LOGGED_IN])
    check(not r.timed_out, "the first user was made", r.out[-2000:])
    seen = index_of(r, MISMATCH), index_of(r, LOGGED_IN)
    check(None not in seen and seen[0] < seen[1],
          "refused first, logged in after", str(seen))
    said = {line.split("[login] status: ", 1)[1] for line in r.lines
            if "[login] status: " in line}
    check(said <= {"Choose a password", "The passwords do not match",
                   "Checking...", "Logging in..."},
          "the greeter showed no other status", str(said))
    no_secret(r, "setup")
    r.cleanup()


def test_greeter_logs_a_user_in():
    """A second boot: the login screen lists alice; a wrong password is
    refused without saying what was wrong, the right one logs her in."""
    first = greeter_run(SETUP_DONE, until=[LOGGED_IN])
    check(not first.timed_out, "first boot made alice", first.out[-2000:])

    r = greeter_run(LOGIN_WRONG, data_from=first,
                    until=["[login] screen: login alice", WRONG_SHOWN])
    check(not r.timed_out, "the login screen refused the wrong password",
          r.out[-2000:])
    check(not r.has("[login] screen: setup"), "no setup screen this time")
    check(not r.has(LOGGED_IN), "nobody was logged in")
    card = check_card(r, "login")
    if card:
        n, _ = fields(r, card)
        check(n == 2, "two fields: name and password", str(n))
        row = r.bbox(SELECT, card)
        check(row is not None and row[3] - row[1] == 24,
              "alice's row is selected in the list", str(row))
        if row:
            check(r.count(TEXT, row) > 30, "with her name in it")
        check(r.count(DANGER, card) > 60,
              "the refusal is written in the danger colour",
              f"{r.count(DANGER, card)} px")
    no_secret(r, "login refused")
    r.cleanup()

    r = greeter_run(LOGIN_RIGHT, data_from=first,
                    until=[WRONG_SHOWN, LOGGED_IN])
    check(not r.timed_out, "the right password logged alice in",
          r.out[-2000:])
    seen = index_of(r, WRONG_SHOWN), index_of(r, LOGGED_IN)
    check(None not in seen and seen[0] < seen[1],
          "refused first, logged in after", str(seen))
    no_secret(r, "login")
    r.cleanup()
    first.cleanup()


# Logged in, alice locks with Super+L and unlocks; locks from the
# session menu and unlocks; then logs out from it (a second Enter).
# The gaps leave room for a password check on a loaded machine.
LOCK_CYCLE = (f"1000 type {PASSWORD}\n"
              "1400 key Enter\n"
              "6000 key Super+l\n"
              f"8000 type {PASSWORD}\n"
              "8400 key Enter\n"
              "12000 key Super+Space\n"
              "12600 type lock\n"
              "13000 key Enter\n"
              f"15000 type {PASSWORD}\n"
              "15400 key Enter\n"
              "19000 key Super+Space\n"
              "19600 type log-out\n"
              "20000 key Enter\n"
              "20400 key Enter\n")
LOCKED = "session: the screen is locked"
UNLOCKED = "session: the screen is unlocked"
LOGGED_OUT = "session: alice logged out"


def test_greeter_lock_unlock_and_log_out():
    """Super+L and the desktop's session menu lock the screen: the
    greeter comes back in lock mode for alice, her password unlocks it
    (her session goes on: logged in once). "log-out" in the session menu,
    confirmed, ends her session and the greeter asks for a login."""
    first = greeter_run(SETUP_DONE, until=[LOGGED_IN])
    check(not first.timed_out, "first boot made alice", first.out[-2000:])
    r = greeter_run(LOCK_CYCLE, data_from=first, timeout=90,
                    until=[LOGGED_IN, counted(LOCKED, 2),
                           counted(UNLOCKED, 2), LOGGED_OUT,
                           counted("[login] screen: login alice", 2)])
    check(not r.timed_out, "locked twice, unlocked twice, logged out",
          r.out[-3000:])
    order = [line for line in r.lines
             if any(t in line for t in (LOGGED_IN, LOCKED, UNLOCKED,
                                        LOGGED_OUT, "[login] screen: "))]
    want = ["[login] screen: login alice", LOGGED_IN,
            LOCKED, "[login] screen: lock alice", UNLOCKED,
            LOCKED, "[login] screen: lock alice", UNLOCKED,
            LOGGED_OUT, "[login] screen: login alice"]
    got = [next((t for t in want if t in line), line) for line in order]
    check(got == want, "each step in order, the session kept until the "
          "log out", str(got))
    no_secret(r, "lock")
    r.cleanup()
    first.cleanup()


BOB_PASSWORD = "bobs-own-pw"
# alice logs in and locks; on the lock screen Tab, Tab to "Switch user",
# Enter; bob's name, Enter, his password, Enter.
SWITCH = (f"1000 type {PASSWORD}\n"
          "1400 key Enter\n"
          "6000 key Super+l\n"
          "8000 key Tab\n"
          "8100 key Tab\n"
          "8300 key Enter\n"
          "8700 type bob\n"
          "9000 key Enter\n"
          f"9300 type {BOB_PASSWORD}\n"
          "9700 key Enter\n")
BOB_IN = "session: bob logged in on the screen"


def test_greeter_switch_user_from_the_lock_screen():
    """alice locks; "Switch user" on the lock screen lets bob log in:
    alice's session ends first (her apps stop), then bob's begins, and
    the desktop runs again, for him."""
    first = greeter_run(SETUP_DONE, until=[LOGGED_IN])
    check(not first.timed_out, "first boot made alice", first.out[-2000:])
    p = subprocess.run([harness.supervisor_binary(), "--apps",
                        os.path.join(harness.BUILD, "apps"),
                        "--data", first.data_dir, "--user", "alice",
                        "--run", "useradd", "bob"],
                       input=f"{BOB_PASSWORD}\n{BOB_PASSWORD}\n".encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=60)
    check(p.returncode == 0, "alice (an admin) added bob",
          p.stdout.decode(errors="replace"))
    r = greeter_run(SWITCH, data_from=first, timeout=90,
                    until=[BOB_IN, counted("desktop: first frame", 2)])
    check(not r.timed_out, "bob logged in from alice's lock screen",
          r.out[-3000:])
    steps = [LOGGED_IN, LOCKED, "[login] screen: lock alice",
             "session: alice logged out", BOB_IN]
    at = [index_of(r, t) for t in steps]
    check(None not in at and at == sorted(at),
          "logged in, locked, switched: alice's session ends before "
          "bob's begins", str(list(zip(steps, at))))
    frames = [i for i, line in enumerate(r.lines)
              if "desktop: first frame" in line]
    check(len(frames) == 2 and at[3] is not None and
          frames[0] < at[3] < frames[1],
          "the desktop drew for alice, stopped with her session, and drew "
          "again for bob", str(frames))
    check(not any(BOB_PASSWORD in line or
                  BOB_PASSWORD.encode().hex() in line for line in r.lines),
          "bob's password is not in the log")
    no_secret(r, "switch")
    r.cleanup()
    first.cleanup()


if __name__ == "__main__":
    sys.exit(harness.run_alone("greeter", __all__, globals()))
