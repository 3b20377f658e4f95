#!/usr/bin/env python3
"""Makes the greeter's screenshots in docs/: the hosted supervisor
(headless, 1280x800) started with --greeter, nobody logged in, with every
app of build/apps installed and an input script that types as a person
would.

  docs/screenshot-setup.png   first boot: the first user being made
  docs/screenshot-login.png   the login screen of a machine with two users

For the login screen, two short runs with --user make alice and bob
first (a user --user makes has no password yet: that is enough to be
listed). Each run checks the greeter's console for the screen it should
show ("screen: setup", "screen: login alice,bob"), so a greeter that
shows something else fails instead of making a wrong picture.

Run from the repository root after `make supervisor apps`:
python3 docs/screenshot-login.py [setup|login...] (default: both).
"""
import os
import shutil
import subprocess
import sys
import tempfile

W, H = 1280, 800


def supervisor(apps, data, extra, exit_after, out=None, script=None):
    """One run; its log (stdout and stderr)."""
    cmd = ["timeout", "120", "build/bin/vyoma-supervisor", "--apps", apps,
           "--data", data, "--display", "headless", "--size", f"{W}x{H}",
           "--exit-after", str(exit_after)] + extra
    if script:
        cmd += ["--input", script]
    if out:
        cmd += ["--screenshot", out]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if r.returncode != 0:
        sys.exit(f"the supervisor exited with {r.returncode}:\n"
                 + r.stdout[-2000:])
    return r.stdout


def shot_setup(tmp, apps, data):
    """The name typed, the password twice, the focus on the second."""
    return ("screen: setup",
            "800 type priya\n"
            "1000 key Tab\n"
            "1100 type correct horse\n"
            "1400 key Tab\n"
            "1500 type correct horse\n")


def shot_login(tmp, apps, data):
    """alice and bob exist; alice is chosen, a password being typed."""
    for name in ("alice", "bob"):
        log = supervisor(apps, data, ["--user", name], 800)
        if f"session: made user {name}" not in log and \
                f"session: {name} logged in" not in log:
            sys.exit(f"login: --user {name} did not make {name}:\n"
                     + log[-2000:])
    return ("screen: login alice,bob",
            "800 type hunter22\n")


SHOTS = {
    "setup": (shot_setup, "screenshot-setup.png"),
    "login": (shot_login, "screenshot-login.png"),
}


def run(name):
    make, png_name = SHOTS[name]
    tmp = tempfile.mkdtemp(prefix="vyoma-shot-")
    apps = os.path.join(tmp, "apps")
    data = os.path.join(tmp, "data")
    shutil.copytree("build/apps", apps)
    screen, typed = make(tmp, apps, data)
    script = os.path.join(tmp, "input.txt")
    with open(script, "w") as f:
        f.write(typed)
    out = os.path.join("docs", png_name)
    log = supervisor(apps, data, ["--greeter"], 2500, out, script)
    shutil.rmtree(tmp)
    if f"[login] {screen}" not in log:
        sys.exit(f"{name}: the greeter did not show '{screen}':\n"
                 + log[-2000:])
    if "[login] status:" in log.split("screenshot written")[0]:
        sys.exit(f"{name}: the greeter showed a message:\n" + log[-2000:])
    print(f"{out}: {os.path.getsize(out)} bytes")


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    for name in sys.argv[1:] or list(SHOTS):
        run(name)


if __name__ == "__main__":
    main()
