"""The desktop's services (docs/desktop.md) as apps use them: the one
system clipboard, the `apps` listing and `open`, which starts the app
that opens a file's type on that file.

Most runs install one module, svcprobe, under several names and
manifests (its script is chosen by its name), so that what differs
between two runs is only what a manifest grants. openlog is the app
that opens `.vtxt` files: it prints the events it gets before anything
else, then what it can reach of the file's directory.
"""
import os
import re

from harness import Run, app_wasm, check, exits
import harness
from command import run_command

__all__ = ["test_clipboard_between_apps",
           "test_clipboard_malformed_and_refused",
           "test_apps_lists_installed_apps",
           "test_open_starts_the_opener_with_the_file",
           "test_open_refuses_what_the_caller_cannot_reach",
           "test_open_read_only_caller_and_tool",
           "test_terminal_pastes_and_copies"]

TEXT_ESCAPED = "line one\\nline\\ttwo \\\\ three"


def probe(name, caps):
    """svcprobe installed as name, granted caps (manifest lines)."""
    return name, ("svcprobe",
                  f'[app]\nname = "{name}"\nversion = "1"\n'
                  f'entry = "svcprobe.wasm"\n\n[capabilities]\nstdio = true\n'
                  + caps)


def replies(r, app):
    head = f"[{app}] reply: "
    return [line.split(head, 1)[1] for line in r.lines if head in line]


def test_clipboard_between_apps():
    """An app with only `clipboard` copies; another pastes the same text,
    newline, tab and backslash included."""
    clones = dict([probe("clip-set", "clipboard = true\n"),
                   probe("clip-get", "clipboard = true\n")])
    r = Run([], clones=clones, until=["[clip-get] round trip"])
    check(replies(r, "clip-set") == [f"clipboard set {len(TEXT_ESCAPED)}"],
          "a copy is answered with its escaped length", replies(r, "clip-set"))
    check(replies(r, "clip-get") == ["clipboard text " + TEXT_ESCAPED],
          "the paste is the escaped text", replies(r, "clip-get"))
    check(r.has("[clip-get] round trip ok"),
          "unescaped, it is the text copied (newline, tab, backslash)")
    r.cleanup()


def test_clipboard_malformed_and_refused():
    """Malformed copies are refused and change nothing; the limit is 4000
    escaped bytes; without `clipboard` (shell or not) nothing is granted."""
    # clip-notify sets the one clipboard, so it runs on its own below:
    # beside clip-bad, its copy could land between clip-bad's empty copy
    # and the paste that must find it empty.
    clones = dict([probe("clip-bad", "clipboard = true\n"),
                   probe("clip-none", ""),
                   probe("clip-shell", "shell = true\n")])
    r = Run([], clones=clones,
            until=exits("clip-bad", "clip-none", "clip-shell"))
    bad = replies(r, "clip-bad")
    escape = "error bad escape in clipboard text: only \\\\, \\n and \\t"
    want = [escape, escape,
            "error control characters must be escaped as \\n or \\t",
            "error clipboard takes 'set <text>' or 'get'",
            "error clipboard takes 'set <text>' or 'get'",
            "error clipboard text longer than 4000 bytes",
            "clipboard set 4000",
            "clipboard text " + "x" * 45 + "... (4015 bytes)",
            "clipboard set 0", "clipboard text ",
            "clipboard set 14", "clipboard text   two  spaces "]
    check(len(bad) == len(want), "every malformed copy is answered", bad)
    for got, exp in zip(bad, want):
        check(got == exp, f"clip-bad: {exp!r}", got)
    denied = "error permission denied: the clipboard capability is not granted"
    none = replies(r, "clip-none")
    check(none[:1] == [denied] and none[1:2] == [denied],
          "without clipboard, get and set are refused", none)
    check(none[2:] == ["error permission denied: the notify capability is "
                       "not granted",
                       "error permission denied: the shell capability is "
                       "not granted"],
          "nor notify, nor (without shell) help", none)
    shell = replies(r, "clip-shell")
    check(shell[:2] == [denied, denied],
          "shell = true does not grant the clipboard", shell)
    check(len(shell) == 4 and shell[3].startswith("help help ps ") and
          "clipboard" not in shell[3] and " apps open " in shell[3],
          "help lists what shell grants, not the clipboard", shell)
    check(r.has("clip-none: supervisor command 'clipboard' rejected: the "
                "clipboard capability is not granted"),
          "a refusal is logged")
    r.cleanup()
    r = Run([], clones=dict([probe("clip-notify", "clipboard = true\n"
                                   "notify = true\n")]),
            until=exits("clip-notify"))
    notify = replies(r, "clip-notify")
    check(notify[:2] == ["clipboard text ", "clipboard set 1"],
          "clipboard alone grants clipboard", notify)
    check(notify[2] in ("error no desktop is running", "notify sent"),
          "notify is granted by notify (no desktop here)", notify)
    check(notify[3] == "error permission denied: the shell capability is "
          "not granted", "clipboard and notify grant nothing else", notify)
    r.cleanup()


def test_apps_lists_installed_apps():
    """apps: one row per installed app with its kind, state, category,
    accent, file types and description (control characters made
    spaces), then the count; instances are not rows."""
    clones = dict([probe("lister", 'shell = ["apps"]\n'),
                   probe("quiet-svc", "")])
    r = Run(["openlog", "green"], clones=clones, until=exits("lister"))
    rows = replies(r, "lister")
    check(rows[-1:] == ["apps end 4"], "four installed apps", rows)
    by = {row.split()[1]: row for row in rows[:-1]}
    check(sorted(by) == ["green", "lister", "openlog", "quiet-svc"],
          "one row each, by name", rows)
    ol = by.get("openlog", "")
    check(re.match(r"apps openlog kind=window state=(compiling|loaded) "
                   r"category=test accent=[0-9A-F]{8} ", ol) and
          " opens=vtxt,md description=test app: logs the open event and "
          "what it can reach" in ol, "openlog's row", ol)
    accents = {row.split("accent=")[1].split()[0] for row in by.values()}
    check(all(len(a) == 8 and a.endswith("FF") for a in accents),
          "accents are RRGGBBAA", accents)
    check(by.get("green", "").split("accent=")[1][:8] !=
          ol.split("accent=")[1][:8], "two window apps, two accents")
    # lister lists as soon as it starts, beside green: on a loaded
    # machine (ASan) green's module may still be compiling then.
    gr = by.get("green", "")
    check(re.search(r" state=(compiling|running) ", gr) and
          " opens=- " in gr, "an app without file types", gr)
    ls = by.get("lister", "")
    check(" kind=service " in ls and " category=- " in ls and
          ls.endswith(" description="), "no category, no description", ls)
    r.cleanup()


def make_home(run):
    """The user's files the open tests reach for (and the links out)."""
    home = os.path.join(run.data_dir, ".vyoma", "home", "user")
    for d in ("docs", "other", "docs.vtxt"):
        os.makedirs(os.path.join(home, d), exist_ok=True)
    files = {"docs/a.vtxt": "alpha\n", "docs/B.VTXT": "bravo\n",
             "docs/c.txt": "charlie\n", "docs/noext": "n\n",
             "docs/.vtxt": "dot\n", "docs/a.zzz": "z\n",
             "other/b.txt": "secret\n", "top.txt": "top\n"}
    for name, text in files.items():
        with open(os.path.join(home, name), "w") as f:
            f.write(text)
    os.symlink("/etc/passwd", os.path.join(home, "link-etc.vtxt"))
    os.symlink(run.data_dir, os.path.join(home, "link-data"))
    with open(os.path.join(run.data_dir, "x.vtxt"), "w") as f:
        f.write("data root\n")
    return home


def opened_lines(r):
    """openlog instances' lines, by label."""
    out = {}
    for line in r.lines:
        if line.startswith("[openlog#"):
            label, text = line[1:].split("] ", 1)
            out.setdefault(label, []).append(text)
    return out


def test_open_starts_the_opener_with_the_file():
    """open starts a new instance of the app that opens the type, which
    gets its resize and then the open event before anything else, and
    (holding no user files) the file's directory and nothing more."""
    clones = dict([probe("open-probe",
                         'shell = ["open"]\nfilesystem = { user = "rw" }\n')])
    r = Run(["openlog"], clones=clones, prepare=make_home,
            until=exits("open-probe") + [
                lambda lines: sum("openlog done" in x for x in lines) >= 2])
    got = replies(r, "open-probe")
    ok = [x for x in got if x.startswith("open ")]
    check(len(ok) == 2, "two files opened", got)
    check(ok[:1] and ok[0].startswith("open /home/user/docs/a.vtxt openlog#"),
          "the reply names the file and the new instance", ok)
    check(ok[1:] and ok[1].startswith("open /home/user/docs/B.VTXT openlog#"),
          "the extension is matched without regard to case", ok)
    inst = opened_lines(r)
    label = ok[0].split()[2] if ok else ""
    lines = inst.get(label, [])
    check(lines[:2] == ["event: VYOMA_EVENT:resize:" +
                        lines[0].split("resize:")[-1],
                        "event: VYOMA_EVENT:open:/home/user/docs/a.vtxt"]
          if lines else False, "resize first, then the open event", lines)
    check("read: [alpha]" in lines, "it reads the file", lines)
    check("same dir: [charlie]" in lines, "and another file beside it", lines)
    check("sibling dir: denied" in lines and "parent: denied" in lines and
          "etc: denied" in lines, "but nothing outside the directory", lines)
    check("write: ok" in lines, "with the caller's mode (rw)", lines)
    home = os.path.join(r.data_dir, ".vyoma", "home", "user")
    check(os.path.exists(os.path.join(home, "docs", "new.txt")),
          "its write landed in the user's directory")
    check(any(f"vyoma: {label}: " in x or f"[{label}]" in x for x in r.lines),
          "the instance ran under its own label")
    r.cleanup()


def test_open_refuses_what_the_caller_cannot_reach():
    """Hostile paths: out of the home by '..' or a link, a directory, no
    extension, a type no app opens, a missing file, outside the user's
    files, relative, a tab, nothing, too long; and a caller without the
    user's files reaches none of them."""
    clones = dict([probe("open-probe",
                         'shell = ["open"]\nfilesystem = { user = "rw" }\n'),
                   probe("open-nouser", 'shell = ["open"]\n')])
    r = Run(["openlog"], clones=clones, prepare=make_home,
            until=exits("open-probe", "open-nouser"))
    got = [x for x in replies(r, "open-probe") if not x.startswith("open ")]
    deny = "error permission denied: '%s' is not in your files"
    want = [deny % "/home/user/../../etc/passwd",
            deny % "/home/user/docs/../../../etc/passwd",
            deny % "/home/user/link-etc.vtxt",
            deny % "/home/user/link-data/x.vtxt",
            "error '/home/user/docs' is a directory",
            "error '/home/user/docs.vtxt' is a directory",
            "error no app opens files without an extension",
            "error no app opens files without an extension",
            "error no app opens '.zzz' files",
            "error no such file '/home/user/missing.vtxt'",
            deny % "/etc/passwd",
            "error open takes an absolute path",
            "error control characters are not allowed in paths",
            "error open needs a file's path",
            "error path longer than 1024 bytes"]
    check(len(got) == len(want), "every hostile open is answered", got)
    for g, w in zip(got, want):
        check(g == w, f"open-probe: {w}", g)
    nouser = replies(r, "open-nouser")
    check(nouser[:2] == [deny % "/home/user/docs/a.vtxt",
                         deny % "/home/user/docs/B.VTXT"],
          "a caller without the user's files opens none of them", nouser)
    check(not any(x.startswith("open ") for x in nouser),
          "and nothing is started for it", nouser)
    starts = sum("spawned by" in x or "window openlog#" in x for x in r.lines)
    check(len(opened_lines(r)) == 2, "only the two fair opens started "
          "openlog", f"{opened_lines(r).keys()} {starts}")
    r.cleanup()


def test_open_read_only_caller_and_tool():
    """A read-only caller gives a read-only directory; the open tool does
    the same through a command (`--run 'open FILE'`), its errors on
    stderr with status 1."""
    clones = dict([probe("open-ro",
                         'shell = ["open"]\nfilesystem = { user = "ro" }\n')])
    r = Run(["openlog"], clones=clones, prepare=make_home,
            until=exits("open-ro") + [
                lambda lines: sum("openlog done" in x for x in lines) >= 2])
    lines = [x for v in opened_lines(r).values() for x in v]
    check("read: [alpha]" in lines and "write: denied" in lines and
          "write: ok" not in lines, "read-only caller: read-only directory",
          lines)
    r.cleanup()

    import tempfile
    import shutil
    tmp = tempfile.mkdtemp(prefix="vyoma-open-")
    apps = os.path.join(tmp, "apps")
    for app, root in (("open", "apps"), ("openlog", "test-apps")):
        shutil.copytree(os.path.join(harness.BUILD, root, app),
                        os.path.join(apps, app))
    data = os.path.join(tmp, "data")
    home = os.path.join(data, ".vyoma", "home", "user")
    os.makedirs(home)
    with open(os.path.join(home, "x.vtxt"), "w") as f:
        f.write("x\n")
    extra = ["--data", data]
    rc, out, err = run_command("open /home/user/x.vtxt", apps=apps,
                               extra=extra)
    check(rc == 0 and out.startswith(b"open /home/user/x.vtxt openlog#"),
          "--run 'open FILE' opens it", f"{rc} {out!r} {err!r}")
    rc, out, err = run_command("open x.vtxt", apps=apps, extra=extra)
    check(rc == 0 and out.startswith(b"open /home/user/x.vtxt openlog#"),
          "a relative path is taken from the working directory (home)",
          f"{rc} {out!r} {err!r}")
    rc, out, err = run_command("open /home/user/nope.vtxt", apps=apps,
                               extra=extra)
    check(rc == 1 and b"no such file '/home/user/nope.vtxt'" in err and
          out == b"", "an error goes to stderr, status 1",
          f"{rc} {out!r} {err!r}")
    rc, out, err = run_command("open /home/user/a\x01b.vtxt", apps=apps,
                               extra=extra)
    check(rc == 1 and b"control characters are not allowed" in err,
          "a control character in a name is refused", f"{rc} {err!r}")
    shutil.rmtree(tmp, ignore_errors=True)


def test_terminal_pastes_and_copies():
    """The terminal: Ctrl+V types the clipboard into the program
    (newlines as Enter), Ctrl+Shift+V too, and neither key reaches the
    program itself; Ctrl+Shift+C copies the line being typed."""
    from terminal import home_of
    import terminal as term
    clones = dict([probe("clip-copy", "clipboard = true\n")])

    def prepare(run):
        home = home_of(run)
        os.makedirs(home, exist_ok=True)
        with open(os.path.join(home, ".terminal-program"), "w") as f:
            f.write("vtprobe keys\n")

    script = _script("""
100 focus terminal
1500 key Ctrl+v
1700 key Ctrl+Shift+v
1900 key Ctrl+Shift+c
2100 key Ctrl+v
2300 type q
""")
    r = Run(["terminal", "vtprobe"], clones=clones, size="800x600",
            extra=["--input", script], prepare=prepare,
            until=[term.exited(0)])
    os.unlink(script)
    try:
        with open(os.path.join(home_of(r), "vtprobe.out")) as f:
            report = f.read()
    except OSError:
        report = ""
    check(replies(r, "clip-copy") == ["clipboard set 8"], "the text was copied",
          replies(r, "clip-copy"))
    check("keys 61 62 09 63 0d 64 61 62 09 63 0d 64\n" in report,
          "each paste typed the text (a newline as Enter); Ctrl+Shift+C "
          "copied the empty row, so the last paste typed nothing", report)
    r.cleanup()

    clones = dict([probe("clip-watch", "clipboard = true\n")])
    script = _script("""
100 focus terminal
1500 type echo marker
1800 key Ctrl+Shift+c
""")
    r = Run(["terminal", "sh", "echo"], clones=clones, size="800x600",
            extra=["--input", script], until=exits("clip-watch"))
    os.unlink(script)
    got = replies(r, "clip-watch")
    check(len(got) == 1 and got[0].startswith("clipboard text ") and
          got[0].endswith("echo marker"),
          "Ctrl+Shift+C copied the line being typed", got)
    r.cleanup()


def _script(text):
    import tempfile
    f = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    f.write(text.lstrip())
    f.close()
    return f.name
