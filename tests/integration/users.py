"""Users (issue 16), hostile: bob's apps against alice's files, apps and
password, each attempt refused where bob's app sees it and logged by
the supervisor.

alice is the first user (an admin) and is logged in on the screen
(--user alice); bob is made by `useradd` in the same data directory
before the run. Every app is one module, tests/apps/userprobe, under a
manifest per role (its header says what each does):

  uservictim  alice's service, with her /data and files; prints each
              message it gets
  userlaunch  alice's service: starts a sleeper as alice, `su bob`, then
              runs the probe's phases as bob one after another, then
              stops two of bob's apps as an admin (the positive control)
  userprobe   the command run as bob, one instance per phase (fs, open,
              cwd, manage, ipc), so that each phase's warnings are its own
              (the supervisor logs 20 an app at most)
  usersender  bob's service, started by bob's `new`: messages

The supervisor's warning for a refusal names the app (its instance
label) and says "refused" or "denied"; the file checks also want the
path the app gave, so each attempt names a file of its own.

Alone: python3 tests/integration/users.py [--build DIR] [-k NAME].
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from harness import Run, app_wasm, check, install_app, said, snapshot  # noqa: E402
import harness  # noqa: E402

__all__ = ["test_users_bob_cannot_reach_alice",
           "test_users_manifest_grants_cannot_name_a_home",
           "test_users_password_guessing_hits_the_delay"]

BOB_PASSWORD = "bob-secret"     # tests/apps/userprobe's BOB_PASSWORD
PRIVATE = "ALICE-PRIVATE"       # in every file of hers: must never be read

# Her home and app data: a file for each way there, so that a log line
# can be told apart by the name in it.
ALICE_HOME = {f: f"{PRIVATE} {f}\n" for f in
              ("secret.txt", "letter.txt", "plans.txt", "raw.txt", "raw2.txt",
               "note.txt", "todo.txt")}
ALICE_DIARY = f"{PRIVATE} diary\n"


def _manifest(name, kind, caps, more=""):
    return (f'[app]\nname = "{name}"\nversion = "1"\nentry = "userprobe.wasm"\n'
            f'kind = "{kind}"\n\n[capabilities]\nstdio = true\n{caps}{more}')


CLONES = {
    "uservictim": ("userprobe", _manifest(
        "uservictim", "service",
        'shell = ["whoami"]\nfilesystem = { user = "rw" }\n')),
    "userlaunch": ("userprobe", _manifest(
        "userlaunch", "service",
        'spawn = true\nshell = true\nfilesystem = { user = "rw" }\n')),
    "usersleep": ("userprobe", _manifest(
        "usersleep", "command", 'shell = ["whoami"]\n')),
    "userprobe": ("userprobe", _manifest(
        "userprobe", "command",
        'spawn = true\nshell = true\nfilesystem = { user = "rw" }\n')),
    "usersender": ("userprobe", _manifest(
        "usersender", "service", 'shell = ["ps"]\n',
        "\n[lifecycle]\nautostart = false\n")),
}


def vyoma_dir(data, *rest):
    return os.path.join(data, ".vyoma", *rest)


def make_users(data):
    """alice (the first user: an admin, no password) and bob (a user,
    with BOB_PASSWORD), made by `useradd` as alice."""
    p = subprocess.run([harness.supervisor_binary(), "--apps",
                        os.path.join(harness.BUILD, "apps"), "--data", data,
                        "--user", "alice", "--run", "useradd", "bob"],
                       input=f"{BOB_PASSWORD}\n{BOB_PASSWORD}\n".encode(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    check(p.returncode == 0, "useradd bob (as alice, the first user)",
          (p.stdout + p.stderr).decode(errors="replace"))


def write(path, text):
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def says(r, label, text):
    return any(text in line for line in said(r, label))


def logged(r, label, *needles, pattern=None):
    """A supervisor warning about label's refusal holding every needle
    (and matching pattern, a regex, if given)."""
    for line in r.lines:
        if not line.startswith("vyoma: ") or f" {label}: " not in line:
            continue
        if "refused" not in line and "denied" not in line:
            continue
        if all(n in line for n in needles) and \
                (pattern is None or re.search(pattern, line)):
            return True
    return False


def index_of(r, text):
    """The first transcript line holding text, or len(lines)."""
    for i, line in enumerate(r.lines):
        if text in line:
            return i
    return len(r.lines)


# ---- bob against alice ------------------------------------------------------

def prepare_two_users(run):
    data = run.data_dir
    make_users(data)
    alice, bob = vyoma_dir(data, "home", "alice"), vyoma_dir(data, "home", "bob")
    her_data = vyoma_dir(data, "appdata", "alice", "uservictim")
    for name, text in ALICE_HOME.items():
        write(os.path.join(alice, name), text)
    write(os.path.join(her_data, "diary.txt"), ALICE_DIARY)
    write(os.path.join(bob, "own.txt"), "bob's own\n")
    # Links bob's home holds on the host (as if the host had made them).
    for link, target in (("link-abs", os.path.join(alice, "secret.txt")),
                         ("link-rel", "../alice/note.txt"),
                         ("link-dir", "../alice"),
                         ("link-data", her_data),
                         ("link-write", os.path.join(alice, "secret.txt"))):
        os.symlink(target, os.path.join(bob, link))
    run.before = {"home": snapshot(alice), "data": snapshot(her_data)}


def labels_of_phases(r):
    """{phase: its userprobe instance's label}, from the launcher."""
    found = {}
    for line in said(r, "userlaunch"):
        m = re.match(r"phase (\w+): (userprobe#\d+) status", line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


def check_files(r, label):
    check(says(r, label, "preopen /home/bob found"), "bob's probe has his home at /home/bob",
          "\n".join(said(r, label)))
    for what in ("write own home", "read own home: read 'bob's own'", "write own data"):
        check(says(r, label, f"ok {what}"), f"control: bob's app may {what}")
    # (what, the name a log line must hold; None: the app's libc finds no
    # preopen for the path, so it is refused before any host call and
    # the supervisor never sees it.)
    attempts = [("absolute path", None),
                ("dotdot from home", "alice/letter.txt"),
                ("dotdot from cwd", "alice/plans.txt"),
                ("dotdot from data", "alice/uservictim/diary.txt"),
                ("raw absolute path", "alice/raw.txt"),
                ("raw dotdot", "alice/raw2.txt"),
                ("host symlink absolute", "link-abs"),
                ("host symlink relative", "link-rel"),
                ("host symlink to her home", "link-dir/todo.txt"),
                ("host symlink to her app data", "link-data"),
                ("write through symlink", "link-write"),
                ("create through symlinked dir", "planted.txt"),
                ("own symlink", "link-made"),
                ("her tmp", None)]      # his /tmp is his own: not there
    for what, needle in attempts:
        check(says(r, label, f"denied {what} "), f"files: {what} is refused to bob's app",
              "\n".join(line for line in said(r, label) if what in line))
        if needle:
            check(logged(r, label, needle), f"files: {what} is logged (naming {needle})")


def check_opens(r, label):
    check(says(r, label, "ok vy_open own file"), "control: vy_open of his own file",
          "\n".join(said(r, label)))
    for what, needle in (("vy_open absolute path", "/home/alice/secret.txt"),
                         ("vy_open dotdot", "alice/letter.txt"),
                         ("vy_open host symlink", "link-abs"),
                         ("vy_open symlinked dir", "link-dir/todo.txt")):
        check(says(r, label, f"denied {what} "), f"opens: {what} is refused")
        check(logged(r, label, needle), f"opens: {what} is logged (naming {needle})")
    check(says(r, label, "reply open own: error no app opens '.txt' files"),
          "control: `open` reaches his own file (and finds no opener)")
    for what, needle in (("hers", "alice/plans.txt"), ("link", "link-rel")):
        check(says(r, label, f"reply open {what}: error permission denied"),
              f"opens: `open` of {needle} is refused")
        check(logged(r, label, needle), f"opens: `open` of {needle} is logged")


def check_cwd(r, label):
    """The children (userprobe#N too) print as themselves: they share
    the probe's stdio, which is theirs in the log."""
    lines = said(r, label)
    children = [x.split("] ", 1)[1] for x in r.lines
                if x.startswith("[userprobe#") and
                re.search(r"\] (ok |denied )?child in ", x)]
    check(says(r, label, "spawn ran in /home/bob: status 0") and
          "ok child in /home/bob read own.txt: 'bob's own'" in children,
          "control: a child spawned in his home works there", "\n".join(lines + children))
    for d in ("/home/alice", "../alice", "/home/bob/../alice"):
        check(says(r, label, f"spawn refused in {d} "),
              f"cwd: a spawn in {d} is refused",
              "\n".join(line for line in lines if d in line))
        whole = r"(?<![\w/.])" + re.escape(d) + r"(?![\w/])"
        check(logged(r, label, pattern=whole), f"cwd: a spawn in {d} is logged")
    leaked = [x for x in children if x.startswith("ok child in") and
              not x.startswith("ok child in /home/bob read own.txt")]
    check(not leaked, "cwd: no child read her file from where it was put", "\n".join(leaked))


def check_manage(r, label, hers):
    lines = said(r, label)
    for cmd, verb, target in (("stop uservictim", "stop", "uservictim"),
                              ("kill uservictim", "kill", "uservictim"),
                              ("restart uservictim", "restart", "uservictim"),
                              ("stop userlaunch", "stop", "userlaunch"),
                              (f"stop {hers}", "stop", hers),
                              (f"kill {hers}", "kill", hers)):
        check(says(r, label, f"reply {cmd}: error permission denied"),
              f"manage: bob's `{cmd}` is refused", "\n".join(lines))
        check(logged(r, label, verb, target), f"manage: bob's `{cmd}` is logged")
    check(says(r, label, "reply log uservictim: error permission denied"),
          "manage: her app's console is not bob's to read")
    check(says(r, label, "denied vy_kill her sleeper"), "manage: vy_kill of her instance fails")
    check(says(r, label, "denied vy_wait her sleeper"), "manage: vy_wait on her instance fails")
    check(any(re.match(r"reply kill own: kill usersleep#\d+ requested", x) for x in lines) and
          says(r, label, "own sleeper ended: status 137"),
          "control: bob kills his own instance with the same command")
    check(says(r, label, f"after: ps {hers} state=running"),
          "manage: her sleeper is still running after bob's tries")
    check(says(r, label, "after: ps uservictim state=running"),
          "manage: her app is still running after bob's tries")
    done = index_of(r, "[userlaunch] launcher done")
    check(index_of(r, "vyoma: uservictim: stopped") > done and
          index_of(r, f"vyoma: {hers}: stopped") > done,
          "manage: neither of hers stopped before the end of the scenario")
    check(not r.has("vyoma: uservictim: started again"), "manage: her app was not restarted")


def check_ipc(r, label):
    lines = said(r, label)
    m = [re.match(r"reply new (\w+): new (\S+) requested", x) for x in lines]
    names = {x.group(1): x.group(2) for x in m if x}
    check("uservictim" in names and "usersender" in names,
          "ipc: bob started his own uservictim and usersender", "\n".join(lines))
    check(says(r, label, "sender ended: 1"), "ipc: bob's sender ran to its end")
    victim, sender = names.get("uservictim", "?"), names.get("usersender", "?")
    check(says(r, victim, "me bob") and says(r, victim, "diary none"),
          "bob's instance of her app runs for him, with his own (empty) /data",
          "\n".join(said(r, victim)))
    check(says(r, "uservictim", "me alice") and
          says(r, "uservictim", f"diary '{ALICE_DIARY.strip()}'"),
          "control: her instance has her /data", "\n".join(said(r, "uservictim")))
    for target in ("uservictim", "userlaunch"):
        check(says(r, sender, f"got supervisor: error permission denied: '{target}' runs "
                              "for another user"),
              f"ipc: bob's message to her {target} is refused", "\n".join(said(r, sender)))
        check(logged(r, sender, target), f"ipc: bob's message to her {target} is logged")
    check(says(r, victim, f"got {sender}: unicast-to-own") and
          says(r, victim, f"got {sender}: broadcast-from-bob"),
          "control: bob's own app gets his message and his broadcast",
          "\n".join(said(r, victim)))
    for hers in ("uservictim", "userlaunch"):
        got = [x for x in said(r, hers) if x.startswith("got ") and
               ("usersender" in x or "bob" in x)]
        check(not got, f"ipc: her {hers} got nothing of bob's, unicast or broadcast",
              "\n".join(got))
    check(says(r, "uservictim", "got userlaunch: hello-from-alice"),
          "control: her app was reading all along (her own message, sent after bob's)")


def test_users_bob_cannot_reach_alice():
    """bob's apps against alice's files, working directories, apps and
    messages; alice, an admin, stops bob's apps."""
    until = ["[userlaunch] launcher done", "[uservictim] got userlaunch: hello-from-alice"]
    r = Run([], clones=CLONES, prepare=prepare_two_users, extra=["--user", "alice"],
            until=until, timeout=120)
    launcher = said(r, "userlaunch")
    check(not r.timed_out and r.has("[userlaunch] launcher done"),
          "the scenario ran to its end", "\n".join(launcher) or r.out[-3000:])
    check(says(r, "userlaunch", "launcher whoami alice"), "the launcher runs for alice")
    check(any(x.startswith("su: su ok bob uid=") for x in launcher),
          "alice's launcher is su bob for what it starts next", "\n".join(launcher))
    hers = his = None
    for x in launcher:
        m = re.match(r"her sleeper (usersleep#\d+) running: 1", x)
        hers = m.group(1) if m else hers
        m = re.match(r"his sleeper (usersleep#\d+) running: 1", x)
        his = m.group(1) if m else his
    check(hers and says(r, hers, "sleeping as whoami alice"), "her sleeper runs for alice")
    check(his and says(r, his, "sleeping as whoami bob"), "his sleeper runs for bob")
    phases = labels_of_phases(r)
    check(sorted(phases) == ["cwd", "fs", "ipc", "manage", "open"],
          "every phase of bob's probe ran", str(phases))
    for phase, label in phases.items():
        check(says(r, label, f"phase {phase} done"), f"bob's {phase} phase ran to its end",
              "\n".join(said(r, label)))
    if "fs" in phases:
        check(index_of(r, "[uservictim] tmp written: 1") <
              index_of(r, f"[{phases['fs']}] denied her tmp"),
              "her /tmp held her file when bob looked for it in his")
        check_files(r, phases["fs"])
    if "open" in phases:
        check_opens(r, phases["open"])
    if "cwd" in phases:
        check_cwd(r, phases["cwd"])
    if "manage" in phases and hers:
        check_manage(r, phases["manage"], hers)
    if "ipc" in phases:
        check_ipc(r, phases["ipc"])
    check(hers and says(r, "userlaunch", f"her sleeper after: ps {hers} state=running"),
          "her sleeper still runs after all of bob's phases")
    # Nothing of hers reached any of bob's apps, and nothing changed.
    bobs = ("[userprobe#", "[usersender#", "[uservictim#", f"[{his}]")
    leaked = [x for x in r.lines if x.startswith(bobs) and PRIVATE in x]
    check(not leaked, "nothing of alice's files reached bob's apps", "\n".join(leaked))
    data = r.data_dir
    check(snapshot(vyoma_dir(data, "home", "alice")) == r.before["home"],
          "her home is unchanged on the host")
    check(snapshot(vyoma_dir(data, "appdata", "alice", "uservictim")) == r.before["data"],
          "her app data is unchanged on the host")
    check(os.path.isfile(vyoma_dir(data, "home", "bob", "mine.txt")),
          "control: what bob wrote is in his home on the host")
    # An admin manages any user's apps.
    victim = re.search(r"admin stop (uservictim#\d+): stop \1 requested", "\n".join(launcher))
    check(victim and says(r, "userlaunch", "bob's victim ended: 1"),
          "control: alice, an admin, stops bob's uservictim", "\n".join(launcher))
    check(his and says(r, "userlaunch", f"admin stop {his}: stop {his} requested") and
          says(r, "userlaunch", "his sleeper ended: status 137"),
          "control: alice, an admin, stops bob's sleeper")
    r.cleanup()


# ---- manifests --------------------------------------------------------------

def test_users_manifest_grants_cannot_name_a_home():
    """A grant of /home, of a user's home, or of the host directories
    where homes and app data are, stops the app at load with its reason
    (bob is logged in; alice's home and data exist)."""
    bad = {}

    def prepare(run):
        data, t = run.data_dir, run.tmp
        make_users(data)
        write(vyoma_dir(data, "home", "alice", "secret.txt"), ALICE_HOME["secret.txt"])
        write(vyoma_dir(data, "appdata", "alice", "uservictim", "diary.txt"), ALICE_DIARY)
        os.makedirs(os.path.join(t, "shared"))
        os.symlink(vyoma_dir(data, "home", "alice"), os.path.join(t, "innocent"))
        users = "is where the users' files are"
        own = "no app may be granted"
        grants = {"grant-home": ("/home", None, users),
                  "grant-alice": ("/home/alice", None, users),
                  "grant-alice-mount": (os.path.join(t, "shared"), "/home/alice", users),
                  "grant-homes-host": (vyoma_dir(data, "home"), "/homes", own),
                  "grant-alice-host": (vyoma_dir(data, "home", "alice"), "/alice", own),
                  "grant-alice-data": (vyoma_dir(data, "appdata", "alice"), "/adata", own),
                  "grant-alice-link": (os.path.join(t, "innocent"), "/innocent", own),
                  "grant-ok": (os.path.join(t, "shared"), "/shared", None)}
        for name, (path, mount, why) in grants.items():
            grant = f'\n[[capabilities.filesystem.grant]]\npath = "{path}"\n'
            if mount:
                grant += f'mount = "{mount}"\n'
            install_app(run.apps_dir, name, app_wasm("userprobe"),
                        _manifest(name, "service", "", grant))
            if why:
                bad[name] = (path, mount, why)

    r = Run([], prepare=prepare, extra=["--user", "bob"],
            until=["vyoma: ready:", "[grant-ok] grant app ran"])
    check(r.has("[grant-ok] grant app ran"), "control: a grant of a shared directory works",
          r.out[-3000:])
    for name, (path, mount, why) in bad.items():
        lines = [x for x in r.lines if x.startswith("vyoma: error: not starting") and
                 re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", x)]
        check(any(why in x for x in lines),
              f"{name} (path {path}, mount {mount or path}) is refused at load: {why}",
              "\n".join(lines) or r.out[-3000:])
        check(not said(r, name), f"{name} never ran")
    r.cleanup()


# ---- passwords ----------------------------------------------------------------

def test_users_password_guessing_hits_the_delay():
    """su from one app (userguess, run as bob with --run): a wrong
    password and an unknown user cost the same (Argon2 for both); after
    three failures at a name each further try waits, longer each time,
    and bob's own right password between them clears nothing of the
    name he guesses; an unknown name is held back alike; every failure
    is refused in the same words and logged."""
    tmp = tempfile.mkdtemp(prefix="vyoma-users-")
    data, apps = os.path.join(tmp, "data"), os.path.join(tmp, "apps")
    make_users(data)
    install_app(apps, "userguess", app_wasm("userprobe"), _manifest(
        "userguess", "command", 'spawn = true\nshell = ["su", "whoami"]\n'))
    p = subprocess.run([harness.supervisor_binary(), "--apps", apps, "--data", data,
                        "--user", "bob", "--verbose", "--run", "userguess"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    out, err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    check(p.returncode == 0, "userguess ran", out + err[-2000:])
    tries = {}
    for line in out.splitlines():
        tag, ms, reply = (line.split(" ", 2) + ["", ""])[:3]
        tries.setdefault(tag, []).append((float(ms), reply))
    ms = {tag: [t for t, _ in v] for tag, v in tries.items()}
    failed = "error authentication failed"
    check(all(reply == failed for tag in ("wrong", "nosuch") for _, reply in tries.get(tag, [])),
          "a wrong password and an unknown user get the same answer", out)
    check(len(ms.get("right", [])) == 5 and
          all(reply.startswith("su ok bob") for _, reply in tries["right"]),
          "control: the right password lets su in (and clears the count)", out)
    if not all(ms.get(tag) for tag in ("base", "wrong", "nosuch", "right")):
        check(False, "every timing was printed", out)
        shutil.rmtree(tmp, ignore_errors=True)
        return
    base = statistics.median(ms["base"])
    wrong, nosuch = statistics.median(ms["wrong"]), statistics.median(ms["nosuch"])
    right = statistics.median(ms["right"])
    timing = f"median ms: whoami {base:.2f}, wrong {wrong:.1f}, nosuch {nosuch:.1f}, " \
             f"right {right:.1f}"
    check(1 / 1.5 <= wrong / nosuch <= 1.5,
          "an unknown user takes as long as a wrong password (within 1.5x)", timing)
    check(nosuch >= 5 * base and wrong >= 5 * base and nosuch >= right / 1.5,
          "both are hashed (Argon2): far slower than a command that is not", timing)
    g = [ms.get(f"guess{i}", [0])[0] for i in range(1, 6)]
    u = [ms.get(f"unknown{i}", [0])[0] for i in range(1, 5)]
    free = statistics.median(g[:3])
    delays = "guesses at alice ms: " + ", ".join(f"{x:.0f}" for x in g) + \
        "; at nosuch: " + ", ".join(f"{x:.0f}" for x in u)
    check(2 * max(g[:3]) < g[3],
          "the first three failures in a row are not delayed", delays + "; " + timing)
    check(tries.get("own", [(0, "")])[0][1].startswith("su ok bob"),
          "bob's own password, between his guesses, lets him in", out)
    check(g[3] >= 3 * free, "the fourth failure at alice waits, bob's own "
          "right password before it notwithstanding", delays)
    check(g[4] >= 1.5 * g[3], "and the fifth waits longer", delays)
    check(2 * max(u[:3]) < u[3] and 1 / 1.5 <= u[3] / g[3] <= 1.5,
          "an unknown name is held back as a real one is", delays)
    check(all(tries.get(t, [(0, "")])[0][1] == failed
              for t in ("guess4", "guess5", "unknown4")),
          "the delayed tries are refused in the same words", out)
    counts = (err.count("userguess: su to 'bob' refused"),
              err.count("userguess: su to 'alice' refused"),
              err.count("userguess: su to 'nosuch"))
    check(counts == (5, 5, 9), "every failed su is logged, unknown users too",
          f"bob, alice, nosuch: {counts}\n" + err[-3000:])
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(harness.run_alone("users", __all__, globals()))
