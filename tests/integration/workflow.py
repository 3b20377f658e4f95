"""The README's "Writing an app", followed literally: the shell block
after its `<!-- workflow -->` marker is run line by line from the
repository's root (create, declare, build and test, run on the host in
an SDL window, SDL's dummy video driver here), under a name of its own
so no app of the tree is touched; the app is removed afterwards."""
import glob
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import harness
from harness import check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))), "tools"))
import catalogue  # noqa: E402
import export_memory  # noqa: E402
import import_names  # noqa: E402
import order_globals  # noqa: E402
import wasm_sections  # noqa: E402

__all__ = ["test_readme_workflow_create_declare_build_boot",
           "test_vyoma_new_refuses_bad_names_and_places",
           "test_the_catalogue_page_lists_every_app",
           "test_the_catalogue_has_six_categories_and_keeps_its_budget",
           "test_every_app_is_run_by_some_test",
           "test_every_manifest_declares_only_what_its_app_uses",
           "test_tools_that_need_vyomaos_take_its_error_words",
           "test_every_command_app_answers_help",
           "test_every_window_app_follows_the_ui_guide",
           "test_the_size_breakdown_adds_up_and_refuses_bad_modules",
           "test_statics_are_laid_out_by_uses_per_byte",
           "test_a_librarys_memory_export_is_added_in_its_place"]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
EXAMPLE = "tally"


def readme_steps():
    """The commands of the README's workflow block, comments cut."""
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    m = re.search(r"<!-- workflow[^>]*-->\s*```sh\n(.*?)```", text, re.S)
    if not m:
        return []
    return [line.split("#")[0].strip() for line in m.group(1).splitlines()
            if line.split("#")[0].strip()]


def environment():
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["SDL_VIDEODRIVER"] = "dummy"
    return env


def with_build(line):
    """The runner's build directory for make, when it is not the default."""
    if line.startswith("make ") and harness.BUILD != "build":
        return line + f" B={harness.BUILD}"
    return line


def run_app(line, name, env):
    """`make run-app` runs until closed: until its first frame, then the
    supervisor is told to stop, as closing the window would."""
    p = subprocess.Popen(["bash", "-c", line], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    out = b""
    want = f"vyoma: {name}: first frame".encode()
    deadline = time.monotonic() + 120
    os.set_blocking(p.stdout.fileno(), False)
    while want not in out and p.poll() is None and \
            time.monotonic() < deadline:
        chunk = p.stdout.read()
        if chunk:
            out += chunk
        else:
            time.sleep(0.05)
    seen = want in out
    os.killpg(p.pid, signal.SIGTERM)
    try:
        rest, _ = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        rest, _ = p.communicate()
    return seen, (out + (rest or b"")).decode("utf-8", "replace")


def test_readme_workflow_create_declare_build_boot():
    """Every step of the README's workflow works as written."""
    steps = readme_steps()
    check(len(steps) >= 4 and steps[0].startswith("tools/vyoma new"),
          "the README has the workflow block", steps)
    name = f"wf{os.getpid()}"
    env = environment()
    made = os.path.join(ROOT, "apps", "games", name)
    outputs = []
    try:
        for step in steps:
            line = with_build(re.sub(rf"\b{EXAMPLE}\b", name, step))
            if line.startswith("make run-app"):
                seen, out = run_app(line, name, env)
                check(seen, "step: " + line + ": its window's first frame",
                      out[-1500:])
                outputs.append(out)
                continue
            p = subprocess.run(["bash", "-c", line], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=900)
            out = p.stdout.decode("utf-8", "replace")
            outputs.append(out)
            check(p.returncode == 0, "step: " + line, out[-1500:])
            if p.returncode:
                break
    finally:
        shutil.rmtree(made, ignore_errors=True)
        shutil.rmtree(os.path.join(ROOT, harness.BUILD, "apps", name),
                      ignore_errors=True)
    text = "\n".join(outputs)
    check(f"created apps/games/{name}/" in text, "vyoma new made the app")
    check("stdio = true" in text and "display" in text,
          "its manifest declares stdio and a window")
    check(re.search(rf"ok +test_{name}_counts_keys", text) is not None and
          re.search(r"integration: \d+ passed, 0 failed", text) is not None,
          "its own test passed", text[-1500:])


def test_vyoma_new_refuses_bad_names_and_places():
    """Bad names, unknown categories and kinds, a name taken, a
    description that would break the manifest: each refused with its
    reason, status 1 (2 for usage), nothing written. In a tree of its
    own (--apps)."""
    import tempfile
    tree = tempfile.mkdtemp(prefix="vyoma-new-")
    for cat in ("games", "tools"):
        os.makedirs(os.path.join(tree, cat))
    os.makedirs(os.path.join(tree, "tools", "taken"))
    vyoma = os.path.join(ROOT, "tools", "vyoma")

    def new(*words):
        p = subprocess.run([vyoma, "new", *words, "--apps", tree],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return p.returncode, p.stderr.decode()

    cases = [
        (("Bad", "--category", "games", "--kind", "window"), 1, "not an app name"),
        (("9lives", "--category", "games", "--kind", "window"), 1, "not an app name"),
        (("a" * 33, "--category", "games", "--kind", "window"), 1, "not an app name"),
        (("dash-", "--category", "games", "--kind", "window"), 1, "not an app name"),
        (("../up", "--category", "games", "--kind", "window"), 1, "not an app name"),
        (("ok", "--category", "nope", "--kind", "window"), 1, "not a category; one of: games, tools"),
        (("ok", "--category", "../games", "--kind", "window"), 1, "not a category"),
        (("taken", "--category", "games", "--kind", "window"), 1, "already"),
        (("ok", "--category", "games", "--kind", "daemon"), 2, "invalid choice"),
        (("ok", "--category", "games", "--kind", "window", "--description",
          'say "hi"'), 1, "without quotes"),
    ]
    for words, want_rc, want in cases:
        rc, err = new(*words)
        check(rc == want_rc and want in err, f"vyoma new {' '.join(words)[:40]}",
              f"{rc} {err}")
    check(sorted(os.listdir(os.path.join(tree, "games"))) == [],
          "nothing was written")
    rc, err = new("ok-2", "--category", "games", "--kind", "command")
    made = sorted(os.listdir(os.path.join(tree, "games", "ok-2"))) \
        if rc == 0 else []
    check(made == ["main.c", "test.py", "vyoma.toml"],
          "a good one is made", f"{rc} {err} {made}")
    text = open(os.path.join(tree, "games", "ok-2", "main.c")).read() \
        if made else ""
    check("ok_2_main" in text and not re.search(r"@[A-Z]+@", text),
          "every placeholder filled, the C name without a dash")
    shutil.rmtree(tree, ignore_errors=True)


def test_the_catalogue_page_lists_every_app():
    """docs/apps.md (make catalogue) is in step with the tree: one row
    per app, in its category, and its contact sheet is there."""
    with open(os.path.join(ROOT, "docs", "apps.md")) as f:
        text = f.read()
    listed, repo, cat = set(), set(), None
    for line in text.splitlines():
        m = re.match(r"## .* \(`apps/([a-z]+)/`\)$", line)
        if m:
            cat = m.group(1)
        m = re.match(r"\| `([a-z0-9-]+)`( \*repo\*)? \|", line)
        if m and cat:
            listed.add((cat, m.group(1)))
            if m.group(2):
                repo.add(m.group(1))
    tree = set()
    apps = os.path.join(ROOT, "apps")
    for c in os.listdir(apps):
        if c == c.lower() and os.path.isdir(os.path.join(apps, c)):
            tree.update((c, n) for n in os.listdir(os.path.join(apps, c))
                        if os.path.isfile(os.path.join(apps, c, n,
                                                       "vyoma.toml")))
    check(listed == tree, "docs/apps.md lists every app in its category "
          "(run make catalogue)",
          f"missing {sorted(tree - listed)[:10]}, "
          f"gone {sorted(listed - tree)[:10]}")
    check(repo == catalogue.optional_apps(), "the apps marked repo are "
          "apps/REPOSITORY's", sorted(repo ^ catalogue.optional_apps()))
    check(os.path.getsize(os.path.join(ROOT, "docs", "apps.png")) > 1000,
          "and its contact sheet is there")


def test_the_catalogue_has_six_categories_and_keeps_its_budget():
    """Issue 20: 200 apps or more in the six categories of
    tools/catalogue.py (the directories under apps/, no other), none
    with fewer than 15; every app at most 10 KB but four documented
    exceptions at most 48 KB (one more held at its size); the median at
    most 4 KB, the total, the shared libraries included, held. Every app in apps/REPOSITORY
    exists."""
    apps = catalogue.manifests()
    sizes = catalogue.sizes_of(apps, harness.BUILD)
    dirs = {c for c in os.listdir(os.path.join(ROOT, "apps"))
            if os.path.isdir(os.path.join(ROOT, "apps", c))}
    cats = [c for c, _, _ in catalogue.CATEGORIES]
    check(sorted(dirs) == sorted(cats) and len(cats) == 6,
          "six categories, each a directory under apps/", sorted(dirs))
    per = {c: sum(a[0] == c for a in apps) for c in cats}
    check(len(apps) >= 200, "at least 200 apps", len(apps))
    check(min(per.values()) >= 15, "none with fewer than 15 apps", per)
    check(all(sizes.values()), "every app is built",
          [n for n, s in sizes.items() if not s])
    over = catalogue.over_budget(sizes)
    check(len(catalogue.EXCEPTIONS) <= 4, "at most four exceptions")
    check(not over, "no app over 10 KB (48 KB for the four exceptions)",
          over)
    libs = catalogue.library_sizes(harness.BUILD)
    check("vytool" in libs, "the shared libraries are built", libs)
    total = sum(sizes.values()) + sum(libs.values())
    check(total <= 1024 * 1024, "all together, with the shared libraries, "
          "at most 1 MB", total)
    median = statistics.median(sizes.values())
    check(median <= 4096, "the median at most 4 KB", median)
    names = {n for _, n, _ in apps}
    check(catalogue.optional_apps() <= names,
          "every app in apps/REPOSITORY exists",
          sorted(catalogue.optional_apps() - names))


def test_every_app_is_run_by_some_test():
    """Issue 20's floor: every app has a test that starts it. Its own
    apps/<category>/<app>/test.py, or its name as a command in a
    differential case (at a line's start, after | ; & ( ` env or
    xargs) or at the start of a string in an integration or boot test,
    as an app or a command line (Run(["notes"]), run_command("cat ...")):
    not a word of prose ("a free port" once stood for a test of free)."""
    def text(pattern):
        out = []
        for path in glob.glob(os.path.join(ROOT, pattern)):
            with open(path, encoding="utf-8", errors="replace") as f:
                out.append(f.read())
        return "\n".join(out)
    py = text("tests/integration/*.py") + text("tests/boot/*.py")
    diff = text("tests/diff/cases/*.txt")
    untested = []
    for cat, name, _ in catalogue.manifests():
        if os.path.exists(os.path.join(ROOT, "apps", cat, name, "test.py")):
            continue
        e = re.escape(name)
        if not (re.search(r"(^|[|;&(`]\s*|env\s+|xargs\s+)" + e + r"\b",
                          diff, re.M) or
                re.search(r"(?<![\w.])[bfr]?[\"']" + e + r"([\"' ;|&]|\\n)",
                          py)):
            untested.append(name)
    check(not untested, "every app is started by a test", untested)


def sends(source, command):
    """Is the supervisor command `command` ("ps", "stop <label>") in a
    string literal of source, at its start? Sources, not the module: a
    short literal copied into a buffer is compiled into stores. A
    function's import name (import_name("open"), the SDK's
    VT__SHARED("open")) is no command."""
    for m in re.finditer('"' + re.escape(command) + r'[ "\\]', source):
        if not re.search(r'(import_name|[A-Z_]*(IMPORT|SHARED))\($',
                         source[max(0, m.start() - 40):m.start()]):
            return m
    return None


# What shows that an app uses a capability its manifest declares: its
# built module's imports and drawing, the commands its sources send and
# the events its own code handles. A parent's user files and
# shell commands are what its children get at most (capabilities narrow
# along a spawn, docs/processes.md), so an app that spawns uses them by
# offering them. Each entry: capability -> (evidence, what it lacks).
FS_IMPORTS = {"path_open", "fd_readdir", "path_filestat_get",
              "path_create_directory", "path_unlink_file",
              "path_remove_directory", "path_rename", "path_readlink",
              "path_symlink", "path_link", "path_filestat_set_times"}
# What lib_vytool's functions (docs/libraries.md) call in WASI for the
# app that imports them: the app's own calls, made by its library.
LIBRARY_WASI = {"write_fd": {"fd_write"}, "open": {"path_open"},
                "read": {"fd_read"}, "getdelim": {"fd_read"}}
USES = {
    "stdio": (lambda u: "fd_write" in u["wasi"], "writes nothing"),
    "filesystem": (lambda u: u["wasi"] & FS_IMPORTS or
                   "open" in u["vyoma_process"] or u["spawns"] or
                   sends(u["source"], "open"),
                   "opens no file, spawns nothing, asks no open"),
    "network": (lambda u: u["vyoma_net"], "imports nothing of vyoma_net"),
    "spawn": (lambda u: u["vyoma_process"] - {"supervise", "request",
                                              "strerror"},
              "imports nothing of vyoma_process that spawn grants"),
    "devices": (lambda u: u["vyoma_device"],
                "imports nothing of vyoma_device"),
    "display": (lambda u: b"VYOMA_DRAW:" in u["data"], "never draws"),
    "mouse": (lambda u: re.search(r'VY_EV_POINTER|"pointer:', u["own"]),
              "handles no pointer event"),
    "desktop": (lambda u: any(sends(u["source"], c) for c in
                              ("windows", "window", "desktop")),
                "sends no desktop command"),
    "clipboard": (lambda u: sends(u["source"], "clipboard"),
                  "sends no clipboard command"),
    "notify": (lambda u: sends(u["source"], "notify"),
               "sends no notify command"),
    "login": (lambda u: any(sends(u["source"], c) for c in
                            ("greeter", "login", "setup")),
              "sends no greeter command"),
    "packages": (lambda u: sends(u["source"], "pkg"), "sends no pkg command"),
    "updates": (lambda u: sends(u["source"], "update"),
                "sends no update command"),
}


def sources(app_dir):
    """An app's own .c and .h files as one text, and that with the SDK
    headers they include (followed through the SDK)."""
    def read(path):
        with open(path, encoding="utf-8") as f:
            return f.read()
    own = [read(p) for p in glob.glob(os.path.join(app_dir, "*.[ch]"))]
    texts, seen = list(own), set()
    for text in texts:		# grows as headers are found
        for h in re.findall(r'^#include "([\w.]+)"', text, re.M):
            path = os.path.join(ROOT, "sdk", h)
            if path not in seen and os.path.isfile(path):
                seen.add(path)
                texts.append(read(path))
    return "\n".join(own), "\n".join(texts)


def use_of(cat, name):
    """What app `name` is seen to use: its imports by module, whether it
    spawns, its data bytes and its sources."""
    with open(os.path.join(harness.BUILD, "apps", name, name + ".wasm"),
              "rb") as f:
        found, data = wasm_sections.module_contents(
            import_names.expand(f.read()))
    use = {m: {n for mod, n, _, _ in found if mod == m}
           for m in ("vyoma_net", "vyoma_process", "vyoma_device")}
    use["wasi"] = {n for mod, n, _, _ in found
                   if mod == "wasi_snapshot_preview1"}
    for mod, n, _, _ in found:
        if mod == "lib_vytool":
            use["wasi"] |= LIBRARY_WASI.get(n, set())
    use["spawns"] = "spawn" in use["vyoma_process"]
    use["data"] = data
    use["own"], use["source"] = sources(os.path.join(ROOT, "apps", cat,
                                                    name))
    return use


def test_every_manifest_declares_only_what_its_app_uses():
    """Issue 20's floor: a manifest declares only what its app uses.
    Each capability declared must show in the app (USES): an import of
    the module that serves it, a command it sends, an event it handles;
    every command of a shell list is one it sends, unless it spawns
    (its children's lists are cut to its own). Caught when written: the
    desktop's unused `ps`, the monitor's `stats`, tr's user files and
    the viewer's mouse."""
    unused = []
    for cat, name, m in catalogue.manifests():
        use = use_of(cat, name)
        for cap, value in m.get("capabilities", {}).items():
            if value is False or value == {"data": False}:
                continue
            if cap == "shell":
                if use["spawns"]:
                    continue
                if value is True:
                    unused.append(f"{name}: shell = true, spawns nothing")
                    continue
                unused += [f"{name}: shell {c!r} is never sent"
                           for c in value if not sends(use["source"], c)]
                continue
            evidence, lack = USES.get(cap, (None, "unknown capability"))
            if not evidence or not evidence(use):
                unused.append(f"{name}: {cap}: {lack}")
    check(not unused, "every capability declared is used", unused)
    # The check itself: the same apps with what they lacked put back.
    monitor = use_of("system", "monitor")["source"]
    check(not sends(monitor, "stats") and sends(monitor, "ps") and
          sends(monitor, "stop") and not sends('"stopped"', "stop"),
          "a command counts as sent only when a string starts it")
    tr = use_of("tools", "tr")
    check(not USES["filesystem"][0](tr) and
          USES["filesystem"][0](use_of("tools", "cat")),
          "tr opens no file, cat does")


def test_tools_that_need_vyomaos_take_its_error_words():
    """sdk/vytool.h: a tool that imports VyomaOS's own calls (the
    supervisor's, the network's, the hash's) defines VT_SYSTEM_STRERROR
    and asks the supervisor for its errors in words instead of carrying
    the table (0.45 KB each); a plain WASI tool keeps its table, and is
    never made VyomaOS-only by the words alone."""
    carrying, only_for_words = [], []
    for cat, name, _ in catalogue.manifests():
        with open(os.path.join(harness.BUILD, "apps", name, name + ".wasm"),
                  "rb") as f:
            found, data = wasm_sections.module_contents(
                import_names.expand(f.read()))
        own = {(m, n) for m, n, _, _ in found
               if m != "wasi_snapshot_preview1"}
        if own and own <= {("vyoma_process", "strerror")}:
            only_for_words.append(name)
        if own - {("vyoma_process", "strerror")} and \
                b"Disk quota exceeded" in data:
            carrying.append(name)
    check(not carrying, "no tool that needs VyomaOS carries the table",
          carrying)
    check(not only_for_words, "no plain WASI tool imports strerror alone",
          only_for_words)


def test_every_command_app_answers_help():
    """Issue 20's floor: `--help` for command apps. Every command app,
    run as `env APP --help` by our sh (past its builtins), writes its
    usage to stdout ("Usage: APP ...") and nothing to stderr, and ends
    with status 0 (false with 1, as GNU's). But test, for which
    "--help" is a string to test (POSIX; GNU's answers only `[ --help`),
    as the differential cases check."""
    names = [n for _, n, m in catalogue.manifests()
             if catalogue.kind_of(m) == "command" and n != "test"]
    home = tempfile.mkdtemp(prefix="vyoma-help-")
    try:
        script = "; ".join(f"env {n} --help >{n}.out 2>{n}.err; "
                           f"echo $? >{n}.rc" for n in names)
        p = subprocess.run([harness.supervisor_binary(), "--apps",
                            os.path.join(harness.BUILD, "apps"), "--home",
                            home, "--env", "PWD=/home/user", "--run", "sh",
                            "-c", script], capture_output=True, timeout=300)
        check(p.returncode == 0, "one shell runs them all", p.stderr[-300:])
        wrong = []
        for n in names:
            def read(ext):
                path = os.path.join(home, f"{n}.{ext}")
                if not os.path.exists(path):
                    return ""
                with open(path, encoding="utf-8", errors="replace") as f:
                    return f.read()
            rc, out, err = read("rc").strip(), read("out"), read("err")
            if (rc != ("1" if n == "false" else "0") or err or
                    not re.match(r"(?i)usage: " + re.escape(n) + r"\b",
                                 out)):
                wrong.append(f"{n}: status {rc!r} stdout {out[:40]!r} "
                             f"stderr {err[:40]!r}")
    finally:
        shutil.rmtree(home)
    check(len(names) >= 100 and not wrong,
          f"all {len(names)} command apps answer --help", wrong)


# Window apps whose whole window is something else than docs/ui.md's
# layout, and why.
OWN_LOOK = {
    "desktop": "the desktop itself: wallpaper and taskbar, full screen",
    "login": "the lock screen, full screen, above every window",
    "terminal": "a terminal: its cells' colours are the programs' own",
}
# Window apps with nothing to do by key (nor by pointer), and why.
NOTHING_TO_KEY = {
    "viewer": "shows the one picture it was opened on",
    "notes": "a message board: shows what other apps send it",
    "hello": "the SDK's first example: draws and waits",
}


def test_every_window_app_follows_the_ui_guide():
    """Issue 20's floor: the visual style of docs/ui.md. Every window
    app draws with sdk/vyoma_ui.h (its palette, grid and widgets) and
    has the guide's header bar (vy_ui_header), but the few in OWN_LOOK;
    and every window app handles keys (the guide: every app can be used
    without a pointer; through vy_ui_run, VY_EV_KEY or the key events'
    own "down," lines), but the few in NOTHING_TO_KEY."""
    off = []
    for cat, name, m in catalogue.manifests():
        if catalogue.kind_of(m) != "window":
            continue
        own, _ = sources(os.path.join(ROOT, "apps", cat, name))
        if name not in OWN_LOOK and not (
                re.search(r'^#include "vyoma_ui.h"', own, re.M) and
                "vy_ui_header(" in own):
            off.append(f"{name}: no vyoma_ui.h header bar")
        if name not in NOTHING_TO_KEY and not re.search(
                r'VY_EV_KEY|vy_ui_run\(|"down,', own):
            off.append(f"{name}: handles no key")
    check(not off, "every window app follows docs/ui.md", off)
    check(set(OWN_LOOK) | set(NOTHING_TO_KEY) <=
          {n for _, n, _ in catalogue.manifests()},
          "every app named an exception exists")


def test_the_size_breakdown_adds_up_and_refuses_bad_modules():
    """`make sizes`' breakdown by section (tools/wasm_sections.py, the
    README's "Where the bytes go"): its sections add up to the apps'
    bytes, the code is most of them, and a malformed module is named
    with what is wrong instead of being summed."""
    paths = sorted(glob.glob(os.path.join(harness.BUILD, "apps", "*",
                                          "*.wasm")))
    tool = os.path.join(ROOT, "tools", "wasm_sections.py")
    p = subprocess.run([sys.executable, tool] + paths, capture_output=True,
                       text=True)
    check(p.returncode == 0, "wasm_sections runs on every app", p.stderr)
    rows = dict(re.findall(r"^ {4}(\w[\w ]*?) +(\d+) bytes", p.stdout,
                           re.M))
    total = sum(os.path.getsize(x) for x in paths)
    check(f"{len(paths)} modules, {total} bytes" in p.stdout,
          "it counts every module and byte", p.stdout[:80])
    check(sum(map(int, rows.values())) == total,
          "its sections add up to the total", rows)
    check(int(rows.get("code", 0)) > total // 2, "code is most of it", rows)
    with open(paths[0], "rb") as f:
        good = f.read()
    bad = {"not a WebAssembly": b"\0asm\2\0\0\0" + good[8:],
           "runs past the end": good[:-1],
           "LEB128": good[:8] + b"\x01" + b"\xff" * 6}
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "bad.wasm")
        for what, data in bad.items():
            with open(path, "wb") as f:
                f.write(data)
            p = subprocess.run([sys.executable, tool, paths[0], path],
                               capture_output=True, text=True)
            check(p.returncode != 0 and path in p.stderr and
                  what in p.stderr and not p.stdout,
                  f"a module whose fault is '{what}' is refused by name",
                  (p.returncode, p.stderr))


ORDER_IR = """\
%struct.pair = type { i8, i64 }
%struct.node = type { %struct.node*, [3 x i16] }
%struct.odd = type { i32, %struct.unknown_to_us }
@buf = internal global [8192 x i8] zeroinitializer, align 16
@.str = private unnamed_addr constant [4 x i8] c"abc\\00", align 1
@pairs = internal global [10 x %struct.pair] zeroinitializer, align 16
@count = internal unnamed_addr global i32 0, align 4
@list = internal global %struct.node* null, align 4
@nodes = internal global [2 x %struct.node] zeroinitializer, align 4
@odd = internal global %struct.odd zeroinitializer, align 4
@packed = internal constant <{ i8, i32 }> <{ i8 1, i32 2 }>, align 1

define i32 @f() {
  %a = load i32, i32* @count
  %b = load i32, i32* @count
  %c = load %struct.node*, %struct.node** @list
  %d = getelementptr [8192 x i8], [8192 x i8]* @buf, i32 0, i32 %a
  %e = getelementptr [10 x %struct.pair], [10 x %struct.pair]* @pairs, i32 0, i32 %b
  %g = getelementptr [4 x i8], [4 x i8]* @.str, i32 0, i32 0
  ret i32 %a
}
"""


def test_statics_are_laid_out_by_uses_per_byte():
    """tools/order_globals.py, between clang's optimiser and its code
    generator: the global definitions come out in the order of their
    uses per byte (wasm32 sizes: pointers are 4 bytes, structs padded
    to their alignment), everything else in the module is kept as it
    is, and a type it cannot size counts as four bytes."""
    types = order_globals.Types(ORDER_IR)
    defs = {line.split(" ")[0]: line for line in ORDER_IR.split("\n")
            if line.startswith("@")}
    sizes = {n: types.size_of(d) for n, d in defs.items()}
    want = {"@buf": 8192, "@.str": 4, "@pairs": 160, "@count": 4,
            "@list": 4, "@nodes": 24, "@odd": 4, "@packed": 5}
    check(sizes == want, "wasm32 sizes of arrays, structs, pointers and "
          "packed structs; an unknown type counts as 4", sizes)
    out = order_globals.order(ORDER_IR)
    lines = out.split("\n")
    names = [x.split(" ")[0] for x in lines if x.startswith("@")]
    # count: 2 uses / 4 bytes; .str and list 1/4; pairs 1/160; buf
    # 1/8192; the unused ones last in their first order
    check(names == ["@count", "@.str", "@list", "@pairs", "@buf",
                    "@nodes", "@odd", "@packed"],
          "most uses per byte first, ties in clang's order", names)
    check(sorted(lines) == sorted(ORDER_IR.split("\n")) and
          [x for x in lines if not x.startswith("@")] ==
          [x for x in ORDER_IR.split("\n") if not x.startswith("@")],
          "no line is lost or added, and only the definitions move")
    check(order_globals.order("define void @f() {\n  ret void\n}\n") ==
          "define void @f() {\n  ret void\n}\n",
          "a module without globals is left as it is")
    # the apps were built through it: sed names its counters and
    # pointers below 8192, where an address takes two bytes
    sed = os.path.join(harness.BUILD, "apps", "sed", "sed.wasm")
    p = subprocess.run(["wasm-opt", "--all-features", sed, "--print"],
                       capture_output=True, text=True)
    far = [int(v) for v in re.findall(r"i32\.const (\d+)", p.stdout)
           if 8192 <= int(v) < 60000]
    near = [int(v) for v in re.findall(r"i32\.const (\d+)", p.stdout)
            if 1024 <= int(v) < 8192]
    check(p.returncode == 0 and len(near) > 10 * max(1, len(far)),
          "sed's statics are named below 8192 (the build orders them)",
          (len(near), len(far)))


def test_a_librarys_memory_export_is_added_in_its_place():
    """tools/export_memory.py (docs/libraries.md): a library's imported
    memory exported again as "memory", the export section kept in its
    place in the sections' order (a new one before the start, code and
    data sections, after a tag section); run twice, it adds nothing
    more; a module importing no memory, one whose "memory" export is
    something else, and an export section with bytes past its entries
    are refused."""
    def module(*parts):
        return b"\0asm\1\0\0\0" + b"".join(
            bytes([sid]) + wasm_sections.uleb(len(body)) + body for sid, body in parts)
    imp = (2, b"\1\3env\6memory\2\0\1")        # env memory, 1 page
    data = (11, b"\0")
    code = (10, b"\0")
    tag = (13, b"\0")
    exp = (7, b"\1\1f\0\0")                          # "f", function 0
    for name, given, order in (
            ("no export section", module(imp, tag, code, data), [2, 13, 7, 10, 11]),
            ("an export section", module(imp, exp, code, data), [2, 7, 10, 11])):
        out = export_memory.with_memory_export(given)
        ids = [sid for sid, _, _ in wasm_sections.sections(out)]
        body = dict((sid, b) for sid, _, b in wasm_sections.sections(out))[7]
        check(ids == order, f"{name}: the exports stand in their place", ids)
        check(body.endswith(b"\6memory\2\0") and
              export_memory.exported_memory(body),
              f"{name}: memory 0 exported as memory", body)
        check(export_memory.with_memory_export(out) == out,
              f"{name}: a second run adds nothing", name)
    for what, given in (
            ("imports no memory", module(code)),
            ("not memory 0", module(imp, (7, b"\1\6memory\0\0"), code)),
            ("bytes past its entries", module(imp, (7, b"\0\xff\xff"), code)),
            ("runs past its section", module(imp, (7, b"\1\x30f"), code))):
        try:
            export_memory.with_memory_export(given)
            check(False, f"refused: {what}")
        except wasm_sections.Malformed as e:
            check(what in str(e), f"refused: {what}", str(e))
