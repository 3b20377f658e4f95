"""The integration suite's harness: runs the real supervisor, headless,
over a chosen set of apps, and reads back its transcript and screenshot.

A run ends when what the test waits for has happened (`until`: lines
the transcript must show), not after a fixed time, so a busy machine
makes a run slower, never wrong. `exit_after` remains for runs that
measure something over a span of time.
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

from pngread import read_png

BUILD = "build"
passed = failed = 0


SUPERVISOR = None  # another supervisor binary to run (e.g. an older build)


def set_build(path, supervisor=None):
    global BUILD, SUPERVISOR
    BUILD = path
    SUPERVISOR = supervisor


def supervisor_binary():
    return SUPERVISOR or os.path.join(BUILD, "bin", "vyoma-supervisor")


def counts():
    return passed, failed


def run_alone(label, names, scope):
    """A test module run by itself (run.py runs them all): its tests
    named in names, found in scope (its globals()); --build DIR, -k NAME,
    --supervisor BINARY as run.py's. Returns the exit status."""
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("-k", default="", help="run tests whose name contains this")
    ap.add_argument("--supervisor", help="run this supervisor binary instead of the build's")
    args = ap.parse_args()
    set_build(args.build, args.supervisor)
    for name in names:
        if args.k not in name:
            continue
        before = counts()[1]
        scope[name]()
        print(f"{'ok  ' if counts()[1] == before else 'FAIL'} {name}", flush=True)
    print(f"{label}: {passed} passed, {failed} failed")
    return 1 if failed else 0


def check(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"  FAIL: {what}" + (f"\n        {detail}" if detail else ""))


def rss_kib(pid):
    """Resident memory of a process in KiB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def open_fds(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


def manifest(name, module, caps="stdio = true\n"):
    return (f'[app]\nname = "{name}"\nversion = "1"\nentry = "{module}.wasm"\n\n'
            f'[capabilities]\n{caps}')


def settler(app):
    """A settle-<app> clone with a window: a click in it, the last step
    of an input script, has it print "<app> settled 2" once app has
    handled (and drawn for) every event before the click."""
    name = "settle-" + app
    return {name: ("settle", manifest(name, "settle", 'stdio = true\ndisplay = true\n'
                                      'mouse = true\nshell = ["ps"]\n'))}


def install_libs(apps_dir):
    """The build's shared libraries (docs/libraries.md) into apps_dir, as
    /apps/.lib is in the image."""
    lib_dir = os.path.join(BUILD, "apps", ".lib")
    if os.path.isdir(lib_dir):
        shutil.copytree(lib_dir, os.path.join(apps_dir, ".lib"))


def install_app(apps_dir, name, wasm, manifest_text):
    """apps_dir/name/ holding the module at wasm and the given manifest."""
    d = os.path.join(apps_dir, name)
    os.makedirs(d)
    shutil.copy(wasm, d)
    with open(os.path.join(d, "vyoma.toml"), "w") as f:
        f.write(manifest_text)


# The demo apps wait for the launcher in the image (autostart = false
# since the desktop shell, docs/desktop.md); the tests that list them use
# them as running fixtures, so their copies start at boot.
BOOT_FIXTURES = {"hello", "clock", "notes", "paint", "snake", "terminal"}


def start_at_boot(app_dir):
    path = os.path.join(app_dir, "vyoma.toml")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(re.sub(r"(?m)^autostart = false", "autostart = true", text))


def app_wasm(module, build=None):
    return os.path.join(build or BUILD, "test-apps", module, module + ".wasm")


def first_frames(*apps):
    """until= entries: each app has flushed its first frame."""
    return [f"vyoma: {app}: first frame," for app in apps]


def exits(*apps):
    """until= entries: each app has ended by itself (any status)."""
    return [f"vyoma: {app}: exited with status" for app in apps]


def counted(text, n):
    """An until= entry: at least n transcript lines contain text."""
    return lambda lines: sum(text in line for line in lines) >= n


class Run:
    """One supervisor run over a chosen set of apps.

    until: strings (or compiled regexes, or functions of the lines so
    far, or one such function) that must all appear in the transcript;
    once they have, the supervisor is sent SIGTERM and shuts down as at
    --exit-after, taking its screenshot. timeout bounds the wait (then
    the run is ended the same way, what was missing is printed, and the
    test's checks say what failed).

    Afterwards: lines (the transcript), seen_at(text) (seconds from the
    start to the arrival of the first line containing text, or None),
    stop_seconds (from SIGTERM to the supervisor's exit), and with
    sample_rss, rss_kib and fds sampled every 0.1 s with their times in
    sample_times.
    """

    def __init__(self, apps, exit_after=None, size="640x480", extra=None,
                 prepare=None, clones=None, sample_rss=False, cpus=None,
                 env=None, during=None, until=None, timeout=60,
                 script=None, started=False, libs=True):
        if exit_after is None and until is None:
            exit_after = 1500
        self.tmp = tempfile.mkdtemp(prefix="vyoma-it-")
        self.apps_dir = os.path.join(self.tmp, "apps")
        self.data_dir = os.path.join(self.tmp, "data")
        self.app_data = lambda app, *rest: app_data(self, app, *rest)
        os.makedirs(self.apps_dir)
        # The shared libraries (docs/libraries.md) are the system's, as
        # /apps/.lib is in the image: every run has them (libs=False for
        # the tests that count what is compiled).
        if libs:
            install_libs(self.apps_dir)
        for app in apps:
            src = os.path.join(BUILD, "apps", app)
            if not os.path.isdir(src):
                src = os.path.join(BUILD, "test-apps", app)
            shutil.copytree(src, os.path.join(self.apps_dir, app))
            # started: as the launcher would start it (an app of the
            # launcher has autostart = false).
            if app in BOOT_FIXTURES or started:
                start_at_boot(os.path.join(self.apps_dir, app))
        for name, (module, text) in (clones or {}).items():
            # One module under another name and manifest.
            install_app(self.apps_dir, name, app_wasm(module), text)
        if prepare:
            prepare(self)
        self.png = os.path.join(self.tmp, "shot.png")
        if script is not None:
            # An input script (docs/protocol.md): "<ms> key|type|click ...".
            path = os.path.join(self.tmp, "input.txt")
            with open(path, "w") as f:
                f.write(script)
            extra = list(extra or []) + ["--input", path]
        cmd = [supervisor_binary(), "--apps", self.apps_dir,
               "--data", self.data_dir, "--display", "headless", "--size", size,
               "--screenshot", self.png] + (extra or [])
        if exit_after is not None:
            cmd += ["--exit-after", str(exit_after)]
        if cpus:
            cmd = ["taskset", "-c", cpus] + cmd
        start = time.monotonic()
        self.rss_kib, self.fds, self.sample_times = [], [], []
        self.timed_out = False
        self.stop_seconds = None
        chunks, arrivals = [], []
        with tempfile.TemporaryFile() as err:
            p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=env)
            reader = threading.Thread(target=_read_all,
                                      args=(p.stdout, chunks, arrivals, start),
                                      daemon=True)
            reader.start()
            if during:
                during(self)
            limit = timeout if until is not None else 120
            signalled = False
            last_sample = -1.0  # the first sample at once: short runs get one
            while p.poll() is None:
                elapsed = time.monotonic() - start
                if until is not None and not signalled and \
                        (_satisfied(until, chunks) or elapsed > limit):
                    self.timed_out = elapsed > limit
                    p.send_signal(signal.SIGTERM)
                    signalled = True
                    start_stop = time.monotonic()
                if signalled and time.monotonic() - start_stop > 30:
                    break
                if not signalled and elapsed > limit + 30:
                    break
                if sample_rss and elapsed - last_sample >= 0.1:
                    last_sample = elapsed
                    self.sample_times.append(elapsed)
                    self.rss_kib.append(rss_kib(p.pid))
                    self.fds.append(open_fds(p.pid))
                time.sleep(0.02 if until is not None else 0.1)
            if p.poll() is None:
                p.kill()
            p.wait()
            if signalled:
                self.stop_seconds = time.monotonic() - start_stop
            reader.join(10)
            err.seek(0)
            if self.timed_out:
                print(f"       run timed out after {limit} s; still missing: "
                      f"{_missing(until, chunks)}")
            self.arrivals = list(zip(arrivals, chunks))
            self.raw = b"".join(chunks)
            self.out = self.raw.decode("utf-8", errors="replace")
            self.err = err.read().decode("utf-8", errors="replace")
        self.seconds = time.monotonic() - start
        self.rc = p.returncode
        self.lines = self.out.splitlines()
        if os.path.exists(self.png):
            self.width, self.height, self.rows = read_png(self.png)
        else:
            self.width = self.height = 0
            self.rows = []

    def count(self, rgb, box=None):
        x0, y0, x1, y1 = box or (0, 0, self.width, self.height)
        return sum(1 for y in range(y0, y1) for x in range(x0, x1) if self.rows[y][x] == rgb)

    def bbox(self, rgb, box=None):
        """The bounding box (x0, y0, x1, y1) of every pixel of colour rgb,
        within box (x0, y0, x1, y1) if given."""
        x0, y0, x1, y1 = box or (0, 0, self.width, self.height)
        xs, ys = [], []
        for y in range(y0, y1):
            row = self.rows[y]
            for x in range(x0, x1):
                if row[x] == rgb:
                    xs.append(x)
                    ys.append(y)
        return (min(xs), min(ys), max(xs) + 1, max(ys) + 1) if xs else None

    def has(self, text):
        return any(text in line for line in self.lines)

    def seen_at(self, text):
        """Seconds from the start to the first line containing text."""
        want = text.encode()
        for at, chunk in self.arrivals:
            if want in chunk:
                return at
        return None

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def _read_all(pipe, chunks, arrivals, start):
    for line in iter(pipe.readline, b""):
        arrivals.append(time.monotonic() - start)
        chunks.append(line)
    pipe.close()


def _found(want, lines):
    if callable(want):
        return want(lines)
    if hasattr(want, "search"):
        return any(want.search(line) for line in lines)
    return any(want in line for line in lines)


def _lines(chunks):
    return b"".join(chunks).decode("utf-8", errors="replace").splitlines()


def _satisfied(until, chunks):
    lines = _lines(chunks)
    if callable(until):
        return until(lines)
    return all(_found(want, lines) for want in until)


def _missing(until, chunks):
    lines = _lines(chunks)
    wants = [until] if callable(until) else until
    return [getattr(w, "pattern", w) for w in wants if not _found(w, lines)]


def windows_in(lines):
    """{app: (x, y, w, h)} from the supervisor's "window" log lines
    (the QEMU boot test reads them off the serial console too)."""
    found = {}
    for line in lines:
        m = re.search(r"vyoma: window (\S+): (\d+),(\d+) (\d+)x(\d+)", line)
        if m:
            found[m.group(1)] = tuple(int(v) for v in m.groups()[1:])
    return found


def window_layout(apps, size="800x600", clones=None):
    """Where the supervisor puts these apps' windows (a short run)."""
    r = Run(apps, size=size, clones=clones, until=["vyoma: ready:"])
    r.cleanup()
    return windows_in(r.lines)


def scripted(apps, script, until, size="800x600", clones=None, prepare=None,
             timeout=60):
    """Runs apps with an input script (text, may use {app} geometry)
    until the transcript shows what until lists; prepare and timeout as
    for Run."""
    f = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    f.write(script)
    f.close()
    try:
        return Run(apps, size=size, extra=["--input", f.name], until=until,
                   clones=clones, prepare=prepare, timeout=timeout)
    finally:
        os.unlink(f.name)


def window_of(r, app):
    """(x, y, w, h) of app's window content when it was first placed,
    from the supervisor's log; None if it never got one."""
    for line in r.lines:
        m = re.search(rf"vyoma: window {re.escape(app)}: "
                      r"(\d+),(\d+) (\d+)x(\d+)", line)
        if m:
            return tuple(int(v) for v in m.groups())
    return None


def said(r, app, prefix=""):
    """What app printed on its console after prefix, line by line, in
    order (the supervisor tags each line "[app] ")."""
    tag = f"[{app}] {prefix}"
    return [line[len(tag):] for line in r.lines if line.startswith(tag)]


def snapshot(root):
    """Every path under root: file contents, link targets, "dir"."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                out[rel] = "-> " + os.readlink(p)
            elif os.path.isfile(p):
                out[rel] = open(p, "rb").read()
            else:
                out[rel] = "dir"
    return out


def app_data(r, app, *rest):
    """An app's /data on the host in a run: the hosted user's own copy
    (apps serving everyone, and the greeter, keep <data>/<app>)."""
    return os.path.join(r.data_dir, ".vyoma", "appdata", "user", app, *rest)


def home_of(r):
    """The user's home of a run, as the apps see /home/user."""
    return os.path.join(r.data_dir, ".vyoma", "home", "user")


def put_files(home, files):
    """files: path -> bytes, str, or None for a folder."""
    for name, data in files.items():
        path = os.path.join(home, name)
        if data is None:
            os.makedirs(path, exist_ok=True)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())


def home_run(app, files, script, until, apps=(), timeout=60):
    """app (one that waits for the launcher) started at boot over a home
    holding files (see put_files), on a 1024x768 screen, the script (an
    input script's lines after `focus <app>`) typed; apps run beside."""
    def prepare(run):
        start_at_boot(os.path.join(run.apps_dir, app))
        home = home_of(run)
        os.makedirs(home, exist_ok=True)
        put_files(home, files)

    return scripted([app] + list(apps), f"100 focus {app}\n" + script,
                    until, size="1024x768", prepare=prepare, timeout=timeout)


def ticker_box(r):
    """The bounding box of what ticker drew (its background and bar)."""
    boxes = [b for b in (r.bbox(0x102030), r.bbox(0xA0E0FF)) if b]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def ticker_sizes(r):
    return [tuple(int(v) for v in line.split()[-1].split("x"))
            for line in r.lines if line.startswith("[ticker] size ")]
