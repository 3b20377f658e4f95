"""Command apps run from the host (issue 12): `vyoma-supervisor --run`.

The command's stdin, stdout and stderr are the host's, byte for byte; its
words are its argv; its exit status is the supervisor's. What WASI gives
it (argv, environment, preopens at any guest path, stdio that follows
fd_renumber and fd_close, CPU clocks) is what `wasmtime run` gives.
"""
import glob
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from harness import Run, app_wasm, check, install_app
import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import import_names  # noqa: E402
import wasm_sections  # noqa: E402


def run_command(line, apps=None, stdin=b"", env=(), timeout=60, extra=()):
    """Runs one command line; returns (status, stdout bytes, stderr bytes)."""
    cmd = [harness.supervisor_binary(), "--apps",
           apps or os.path.join(harness.BUILD, "test-apps")]
    for e in env:
        cmd += ["--env", e]
    cmd += list(extra) + ["--run", line]
    p = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def matches_gnu(tool, args="", stdin=b"", env=(), files=None, stderr=True,
                note="", host="GNU's"):
    """Runs `TOOL ARGS` as a command app from the build's catalogue and the
    host's TOOL (GNU's, or util-linux's: name it in host) with ARGS split
    at blanks, both given stdin and env ("NAME=value" strings, beside
    LC_ALL=C); check()s that the exit status and stdout are the same and,
    unless stderr is False, that both or neither wrote to stderr (the
    words of a message may differ). With files ({name: bytes}) each runs
    in a fresh home holding them: ours has it as /home/user, its working
    directory; the host's runs in it. note is added to the check's name,
    for what args do not show (stdin, env). Returns ours as
    (status, stdout, stderr), for the test's own checks."""
    home = None if files is None else tempfile.mkdtemp(prefix=f"vyoma-{tool}-")
    try:
        for name, data in (files or {}).items():
            with open(os.path.join(home, name), "wb") as f:
                f.write(data)
        rc, out, err = run_command(
            f"{tool} {args}", apps=os.path.join(harness.BUILD, "apps"),
            stdin=stdin, env=env,
            extra=["--home", home, "--env", "PWD=/home/user"] if home else ())
        p = subprocess.run([tool] + args.split(), input=stdin, cwd=home,
                           capture_output=True,
                           env=dict([("LC_ALL", "C")] +
                                    [e.split("=", 1) for e in env]))
    finally:
        if home:
            shutil.rmtree(home)
    ours, host_run = (rc, out), (p.returncode, p.stdout)
    if stderr:
        ours, host_run = ours + (bool(err),), host_run + (bool(p.stderr),)
    check(ours == host_run, f"{tool} {args!r}{note}: as {host}",
          f"{rc} {out!r} {err!r} vs {p.returncode} {p.stdout!r} "
          f"{p.stderr!r}")
    return rc, out, err


def command_manifest(name, grants=""):
    return (f'[app]\nname = "{name}"\nversion = "1"\nentry = "cmdprobe.wasm"\n'
            f'kind = "command"\n' + grants)


def test_command_argv_environment_and_status():
    rc, out, err = run_command("cmdprobe args  one\ttwo --three",
                               env=["HOME=/home/user", "GREETING=a b=c"])
    check(rc == 0, "a command that returns from main exits 0", err)
    check(out == b"argv[0]=cmdprobe\nargv[1]=args\nargv[2]=one\nargv[3]=two\n"
          b"argv[4]=--three\nenv HOME=/home/user\nenv GREETING=a b=c\n"
          b"env VYOMA_ID=1\n",
          "argv[0] is the app's name, the words follow, and the environment "
          "is exactly what was given and the app's own id", out)
    check(err == b"", "nothing of the supervisor's on stderr when all is well", err)
    rc, out, _ = run_command("cmdprobe args", env=["VYOMA_ID=77"])
    check(out.count(b"env ") == 1 and b"env VYOMA_ID=1\n" in out,
          "no environment unless one is given, but the app's id, the "
          "supervisor's and not one passed in", out)
    for status in (0, 1, 7, 125, 126, 127, 200, 255):
        rc, _, err = run_command(f"cmdprobe exit {status}")
        check(rc == status and b"trapped" not in err,
              f"exit({status}) is the supervisor's status, as exit(3) has "
              "it (0-255, not only WASI's < 126)", f"{rc} {err!r}")
    rc, _, err = run_command("cmdprobe exit 300")
    check(rc == 300 & 0xFF, "exit(300) is 300 & 0xFF, as POSIX has it", str(rc))
    rc, out, err = run_command("cmdprobe trap")
    check(rc == 134 and b"trapped" in err,
          "a trap is status 134 (128 + SIGABRT, as under wasmtime run), "
          "said on stderr", f"{rc} {err!r}")
    rc, _, err = run_command("nosuchapp arg")
    check(rc == 127 and err == b"vyoma: error: nosuchapp: command not found\n",
          "an unknown command is 127 with the shell's message", f"{rc} {err!r}")
    rc, _, err = run_command("../apps/x")
    check(rc == 127, "a command name is never a path", f"{rc} {err!r}")
    rc, _, err = run_command("green")
    check(rc == 126 and b"a window app, not a command" in err,
          "a window app is not run as a command (126)", f"{rc} {err!r}")
    rc, _, err = run_command("   ")
    check(rc == 126 and b"no command given" in err, "an empty command line is refused",
          f"{rc} {err!r}")


def test_command_streams_are_bytes():
    """stdin to stdout through `cat`, 8 MiB of every byte value, including
    lines the protocol would act on: nothing is parsed, lost or added."""
    data = bytearray(os.urandom(8 << 20))
    for i, line in enumerate((b"\n@supervisor: quit\n", b"\nfill 0 0 10 10 #ff0000\n",
                              b"\n@broadcast hello\n", b"\0\r\n\x1b[2J")):
        data[i * 4096:i * 4096 + len(line)] = line
    data = bytes(data)
    rc, out, err = run_command("cmdprobe cat", stdin=data)
    check(rc == 0, "cat ran to its end", err[-300:])
    check(hashlib.sha256(out).digest() == hashlib.sha256(data).digest(),
          "stdout is stdin, byte for byte", f"{len(out)} of {len(data)} bytes")
    check(err == f"bytes {len(data)}\n".encode(),
          "stderr holds only the command's own bytes", err[-300:])
    rc, out, err = run_command("cmdprobe streams")
    check((rc, out, err) == (0, b"out", b"err"),
          "stdout and stderr stay apart, with no newline added", f"{out!r} {err!r}")
    rc, out, err = run_command("cmdprobe cat", stdin=b"")
    check(rc == 0 and out == b"" and err == b"bytes 0\n", "an empty stdin is at its end",
          f"{out!r} {err!r}")


def test_command_stdio_follows_renumber_and_close():
    tmp = tempfile.mkdtemp(prefix="vyoma-cmd-")
    apps, share = os.path.join(tmp, "apps"), os.path.join(tmp, "share")
    os.makedirs(os.path.join(share, "sub"))
    for name in ("a", "b"):
        open(os.path.join(share, name), "w").close()
    install_app(apps, "probe", app_wasm("cmdprobe"), command_manifest(
        "probe", "[capabilities.filesystem]\ndata = false\n"
        f'grant = [{{ path = "{share}", mount = "/", mode = "rw" }}, '
        f'{{ path = "{share}/sub", mount = "fs-tests.dir", mode = "rw" }}]\n'))
    rc, out, err = run_command("probe renumber /moved.txt", apps=apps)
    with open(os.path.join(share, "moved.txt"), "rb") as f:
        moved = f.read()
    check(rc == 0 and moved == b"into the file\n" and out == b"",
          "a file renumbered onto fd 1 takes what the app prints",
          f"{rc} file {moved!r} stdout {out!r} {err!r}")
    check(err == b"renumbered\n", "stderr is still the stream", err)
    rc, out, err = run_command("probe close-stdout", apps=apps)
    check(rc == 0 and out == b"" and err == b"write after close: -1 Bad file descriptor\n",
          "a closed stdout takes no more writes (EBADF)", f"{out!r} {err!r}")
    rc, out, err = run_command("probe read-errors /sub /a", apps=apps)
    check(rc == 0 and out == b"directory, 1 byte: -1 Is a directory\n"
          b"directory, 4096 bytes: -1 Is a directory\n"
          b"directory, count outside memory: -1 Bad file descriptor\n"
          b"closed: -1 Bad file descriptor\n"
          b"write-only: -1 Bad file descriptor\n",
          "reading a directory is EISDIR, as on Linux (Wasmtime says EBADF); "
          "a closed or write-only descriptor stays EBADF", f"{out!r} {err!r}")
    rc, out, err = run_command("probe clocks", apps=apps)
    check(rc == 0 and out == b"cpu clocks agree\n",
          "clock_getres and clock_gettime agree on the CPU-time clocks", f"{out!r} {err!r}")
    rc, out, err = run_command("probe ls /", apps=apps)
    check(rc == 0 and out == b"a\nb\nmoved.txt\nsub\n",
          "a directory preopened at / is the app's root", f"{out!r} {err!r}")
    rc, out, err = run_command("probe renumber fs-tests.dir/x", apps=apps)
    check(rc == 0 and os.path.exists(os.path.join(share, "sub", "x")),
          "a directory preopened at a relative name, as `wasmtime run --dir d`",
          f"{rc} {err!r}")
    shutil.rmtree(tmp)


def test_command_is_stopped_by_a_signal():
    """A command blocked reading a stdin that never ends is stopped by
    SIGINT (status 130) and SIGTERM (143), like any process."""
    for sig, want in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
        r, w = os.pipe()
        p = subprocess.Popen([harness.supervisor_binary(), "--apps",
                              os.path.join(harness.BUILD, "test-apps"), "--verbose",
                              "--run", "cmdprobe read-forever"],
                             stdin=r, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.close(r)
        # Started: the verbose log says so on stderr.
        seen = b""
        while b"-> running" not in seen:
            chunk = p.stderr.read1(4096)
            if not chunk:
                break
            seen += chunk
        p.send_signal(sig)
        try:
            rc = p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = p.wait()
        os.close(w)
        check(rc == want, f"signal {sig.name} stops a command blocked on stdin "
              f"with status {want}", f"{rc} {seen[-400:]!r}")


def test_command_apps_are_not_started_at_boot():
    r = Run(["cmdprobe", "green"], until=["ready:"])
    check(r.has("cmdprobe: not started (autostart = false)"),
          "a command app is installed but waits to be run", r.out[-800:])
    check(not r.has("[cmdprobe]"), "and says nothing", r.out[-800:])
    r.cleanup()


def test_a_long_line_read_by_the_library_keeps_the_tools_own_memory():
    """lib_vytool's line reader grows its buffer in the library's arena
    while the tool grows memory of its own between lines (sed's hold
    space): a line that then needs fresh pages must not be grown in
    place over the tool's pages (a review found sed's output garbled
    and tsort trapping). Both must say what GNU's say."""
    home = tempfile.mkdtemp(prefix="vyoma-longline-")
    try:
        path = os.path.join(home, "in.txt")
        with open(path, "w") as f:
            f.write("a" * 70000 + "\n")
            f.writelines(f"w{i} w{i + 1}\n" for i in range(60000))
            f.write("c" * 3000000 + "\n")
        for argv in (["sed", "-n", "H;${x;s/\\n/,/g;p}"], ["tsort"]):
            want = subprocess.run(argv + [path], capture_output=True)
            cmd = " ".join(argv) + " in.txt"	# split at spaces only
            rc, out, err = run_command(
                cmd, apps=os.path.join(harness.BUILD, "apps"),
                env=["PWD=/home/user"], extra=["--home", home])
            check((rc, out) == (want.returncode, want.stdout),
                  f"{argv[0]}: as GNU's over a long line after many",
                  (rc, len(out), len(want.stdout), err[-200:]))
    finally:
        shutil.rmtree(home)


def test_tools_end_trouble_with_the_status_gnu_gives():
    """Trouble a tool's runtime meets (here memory, exhausted under a
    1 MiB limit by a 2 MiB line) ends grep and sort with 2, as GNU's
    do, because their 1 is an answer (no line matched, out of order);
    uniq, whose 1 is trouble, with 1. Each says why on stderr."""
    apps = tempfile.mkdtemp(prefix="vyoma-trouble-")
    try:
        harness.install_libs(apps)
        for name in ("grep", "sort", "uniq"):
            install_app(apps, name, os.path.join(harness.BUILD, "apps", name,
                                                 name + ".wasm"),
                        f'[app]\nname = "{name}"\nversion = "1"\n'
                        f'entry = "{name}.wasm"\nkind = "command"\n\n'
                        '[capabilities]\nstdio = true\n\n'
                        '[resources]\nmemory = "1MiB"\n')
        line = b"x" * (2 << 20)
        for cmd, want in (("grep y", 2), ("sort", 2), ("uniq", 1)):
            rc, out, err = run_command(cmd, apps=apps, stdin=line)
            check(rc == want and b"memory exhausted" in err and not out,
                  f"{cmd}: memory exhausted, status {want}",
                  (rc, out[:40], err[-120:]))
        # and a small line is still an answer
        rc, out, _ = run_command("grep y", apps=apps, stdin=b"x\n")
        check((rc, out) == (1, b""), "grep: no match is still 1", rc)
    finally:
        shutil.rmtree(apps)


def test_short_import_names_run_as_the_full_ones():
    """supervisor/importnames.h: the build writes every import the
    supervisor knows as two one-character names; the compile helper
    expands them before Wasmtime sees the module. The same tool with
    its names short and written out in full (as any WASI toolchain
    writes them) gives the same transcript; a forged short name (a
    place past its module's list, a letter no module has) is refused
    naming it, as an unknown full name is, and the next command runs."""
    table = import_names.lists()
    known = set(table.values())
    full = []
    for path in glob.glob(os.path.join(harness.BUILD, "apps", "*", "*.wasm")):
        with open(path, "rb") as f:
            found, _ = wasm_sections.module_contents(f.read())
        full += [(os.path.basename(path), m, n) for m, n, _, _ in found
                 if (m, n) in known]
    check(not full, "every import the supervisor knows is built short",
          full[:5])
    apps = tempfile.mkdtemp(prefix="vyoma-names-")
    try:
        def install(name, module, rename):
            src = os.path.join(harness.BUILD, "apps", module,
                               module + ".wasm")
            with open(src, "rb") as f:
                buf = rename(f.read())
            path = os.path.join(apps, name + ".wasm")
            with open(path, "wb") as f:
                f.write(buf)
            install_app(apps, name, path,
                        f'[app]\nname = "{name}"\nversion = "1"\n'
                        f'entry = "{name}.wasm"\nkind = "command"\n\n'
                        '[capabilities]\nstdio = true\nspawn = true\n'
                        'shell = true\n')
            os.unlink(path)
            return buf
        short = install("wc", "wc", lambda b: b)
        full_buf = install("wcfull", "wc", import_names.expand)
        install("shfull", "sh", import_names.expand)
        check(len(full_buf) - len(short) >= 100,
              "the full names are the longer form", len(full_buf) - len(short))
        text = b"one two\nthree\n"
        runs = [run_command(cmd, apps=apps, stdin=stdin) for cmd, stdin in
                (("wc", text), ("wcfull", text),
                 ("shfull", b"echo a b | wc -w; echo c | wcfull -w\n"))]
        check(runs[0] == runs[1] and runs[0][0] == 0 and
              runs[0][1].split() == [b"2", b"3", b"14"],
              "wc short and in full: the same transcript", runs[:2])
        check(runs[2][0] == 0 and runs[2][1].split() == [b"2", b"1"],
              "a full-named sh spawns a short-named wc and a full one",
              runs[2])
        for forged in (("w", "~"), ("h", "z"), ("q", "a")):
            name = "forged" + forged[0]
            install(name, "wc", lambda b, f=forged: import_names.rename(
                b, {("w", "A"): f}))
            rc, out, err = run_command(name, apps=apps)
            check(rc != 0 and not out and
                  f"{forged[0]}::{forged[1]}".encode() in err,
                  f"a forged short name {forged} is refused, named", err[-300:])
        check(run_command("wc", apps=apps, stdin=text) == runs[0],
              "and the next command runs as before")
    finally:
        shutil.rmtree(apps)


def test_tools_that_need_vyomaos_ask_it_for_error_words():
    """supervisor/errtext.h: a tool that already imports VyomaOS's calls
    (sha256sum hashes through the host) gets its errors in words from
    the supervisor (vyoma_process.strerror, no capability needed) and
    says what a plain WASI tool (cat, its own table) and GNU's say."""
    apps = os.path.join(harness.BUILD, "apps")
    home = tempfile.mkdtemp(prefix="vyoma-errtext-")
    try:
        os.mkdir(os.path.join(home, "dir"))
        extra = ["--home", home, "--env", "PWD=/home/user"]
        for missing, want in (("nofile", "No such file or directory"),
                              ("dir", "Is a directory")):
            words = []
            for tool in ("sha256sum", "cat"):
                rc, out, err = run_command(f"{tool} {missing}", apps=apps,
                                           extra=extra)
                words.append(err.decode())
                check(rc == 1 and err.decode() ==
                      f"{tool}: {missing}: {want}\n",
                      f"{tool} {missing}: '{want}', status 1",
                      (rc, err[-120:]))
            p = subprocess.run(["sha256sum", missing], cwd=home,
                               capture_output=True, text=True)
            check(p.stderr == words[0],
                  f"GNU sha256sum {missing} says the same", p.stderr)
        with open(app_wasm_of("sha256sum"), "rb") as f:
            found, data = wasm_sections.module_contents(
                import_names.expand(f.read()))
        check(("vyoma_process", "strerror") in
              {(m, n) for m, n, _, _ in found} and
              b"Disk quota exceeded" not in data,
              "sha256sum carries no table of its own")
    finally:
        shutil.rmtree(home)


def app_wasm_of(name):
    return os.path.join(harness.BUILD, "apps", name, name + ".wasm")


def test_ls_long_names_the_user_it_runs_for():
    """WASI has no owners: ls -l names the user the command runs for
    (USER), as both owner and group; it once said "user" for anyone."""
    home = tempfile.mkdtemp(prefix="vyoma-ls-")
    try:
        with open(os.path.join(home, "note.txt"), "w") as f:
            f.write("hi\n")
        for env, who in ((["USER=alice"], "alice"), ([], "user")):
            rc, out, err = run_command(
                "ls -l", apps=os.path.join(harness.BUILD, "apps"),
                env=env + ["PWD=/home/user"], extra=["--home", home])
            check(rc == 0 and f" 1 {who} {who} 3 ".encode() in out,
                  f"ls -l: {who} owns note.txt", out + err)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_which_s_answers_with_its_status_alone():
    """which -s (BSD's; Debian's which has none): no output, status 0
    only if every command is installed. It once printed as without."""
    apps = os.path.join(harness.BUILD, "apps")
    for line, status in (("which -s ls cat", 0), ("which -s ls nosuch", 1)):
        rc, out, err = run_command(line, apps=apps)
        check((rc, out) == (status, b""), f"{line}: status {status}, silent",
              (rc, out, err))
    rc, out, _ = run_command("which ls", apps=apps)
    check((rc, out) == (0, b"/bin/ls\n"), "without -s, the path", out)


def test_test_w_tells_a_read_only_grant_from_a_writable_one():
    """test -w, the tool's and sh's builtin's: false wherever the app's
    grant is read-only (Wasmtime reports the same rights for both kinds,
    so both once said yes for any file that exists); true for a file and
    a folder it may write; and asking changes nothing on the host."""
    home = tempfile.mkdtemp(prefix="vyoma-testw-")
    apps = tempfile.mkdtemp(prefix="vyoma-testw-apps-")
    try:
        with open(os.path.join(home, "f.txt"), "w") as f:
            f.write("x\n")
        os.mkdir(os.path.join(home, "d"))
        os.symlink("f.txt", os.path.join(home, "link"))
        stamps = {n: os.stat(os.path.join(home, n)).st_mtime_ns
                  for n in ("f.txt", "d")}
        names = ("f.txt", "d", "link", "nosuch")
        with open(os.path.join(home, "w.sh"), "w") as f:
            f.write("for p in %s; do if [ -w $p ]; then echo \"$p w\"; "
                    "else echo \"$p -\"; fi; done\n" % " ".join(names))
        for mode in ("rw", "ro"):
            shutil.rmtree(apps)
            os.mkdir(apps)
            harness.install_libs(apps)
            for tool in ("sh", "test"):
                with open(os.path.join(harness.BUILD, "apps", tool,
                                       "vyoma.toml")) as f:
                    text = f.read()
                check('user = "rw"' in text, f"{tool}'s manifest grants the "
                      "user's files read-write")
                install_app(apps, tool, app_wasm_of(tool),
                            text.replace('user = "rw"', f'user = "{mode}"'))
            extra = ["--home", home]
            rc, out, err = run_command("sh w.sh", apps=apps,
                                       env=["PWD=/home/user"], extra=extra)
            want = "".join(f"{n} {'w' if mode == 'rw' and n != 'nosuch' else '-'}\n"
                           for n in names)
            check(rc == 0 and out.decode() == want,
                  f"sh's test -w with the user's files {mode}", (out, err))
            for n in names:
                rc, out, err = run_command(f"test -w {n}", apps=apps,
                                           env=["PWD=/home/user"], extra=extra)
                check(rc == (0 if mode == "rw" and n != "nosuch" else 1),
                      f"test -w {n} with the user's files {mode}: {rc}", err)
        check({n: os.stat(os.path.join(home, n)).st_mtime_ns
               for n in stamps} == stamps, "asking changed no time")
    finally:
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(apps, ignore_errors=True)
