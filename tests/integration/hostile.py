"""Hostile apps, one test per finding of the hardening review (issue 11).

Each test runs an app written to break the supervisor the way the review
did, and checks that the app harmed only itself and that the log says
what was refused. Every one of them failed (crashed the supervisor, hung
it, or let the app through) on the supervisor before the fix.
"""
import os
import re
import resource
import shutil
import stat
import subprocess
import tempfile

from harness import Run, app_wasm, check, counted, exits, install_app, manifest
import harness
import slowmod


def no_raw_escapes(r):
    """Nothing in the transcript can move a terminal's cursor."""
    return not any(b in r.raw for b in (b"\x1b", b"\r", b"\x07", b"\x9b"))


def test_hostile_shim_arguments():
    """Finding 1 (a, c) and 6: every shimmed call with hostile pointers,
    an iovec overlapping its own array, timeouts near UINT64_MAX, more
    than 16 subscriptions, aliased iovecs asking for 60 GiB; then a poll
    with 100 subscriptions that only the supervisor can end."""
    r = Run(["shimprobe", "green"], until=["[shimprobe] blocking in a 100-subscription poll"])
    oks = [line for line in r.lines if line.startswith("[shimprobe] ok ")]
    fails = [line for line in r.lines if line.startswith("[shimprobe] FAIL ")]
    check(len(oks) == 21 and not fails, "every hostile call got its error, nothing else",
          "\n".join(fails) or r.out[-3000:])
    check(r.has("[shimprobe] ok overlapping iovecs read into the buffers given at the call"),
          "the overlapping iovec did not redirect the read")
    check(r.has("vyoma: shimprobe: stopped (interrupted)") and not r.has("did not stop"),
          "the 100-subscription poll was interrupted at shutdown")
    check(r.has("vyoma: green: first frame"), "another app ran meanwhile")
    check(r.rc == 0, "the supervisor survived and exits 0", str(r.rc))
    r.cleanup()


def test_hostile_lines_at_the_end_of_memory():
    """Finding 1b: malformed lines whose newline is the last byte of the
    app's memory are logged and dropped without reading past it."""
    r = Run(["memedge", "green"], until=["[memedge] edge lines written"])
    check(r.has("memedge: draw line dropped: unknown draw command: VYOMA_DRAW:x"),
          "the draw line at the end of memory was read and refused")
    check(r.has("memedge: draw line dropped: expected ','"), "and the next one")
    check(r.has("memedge: malformed message dropped"), "a message line there too")
    check(r.has("memedge: first frame"), "the app went on to draw")
    check(r.rc == 0, "the supervisor survived", r.out[-2000:])
    r.cleanup()


def test_hostile_names():
    """Finding 2: protocol names are reserved, and an app's name is its
    folder's, so no app can pose as the supervisor or take another
    app's name, messages and /data."""
    def prepare(run):
        install_app(run.apps_dir, "supervisor", app_wasm("green"), manifest("supervisor", "green"))
        install_app(run.apps_dir, "broadcast", app_wasm("green"), manifest("broadcast", "green"))
        # Sorts before "notes" and claims its name.
        install_app(run.apps_dir, "aaa-squatter", app_wasm("green"), manifest("notes", "green"))
        # A folder name that is not a valid app name at all.
        install_app(run.apps_dir, "Bad_Name", app_wasm("green"), manifest("bad-name", "green"))
    r = Run(["hello", "notes"], prepare=prepare,
            until=["[notes] hello: hello from hello", "vyoma: ready:"])
    check(r.has('vyoma.toml:2:8: [app] name "supervisor" is reserved: the protocol uses it'),
          "'supervisor' is refused", "\n".join(r.lines[:12]))
    check(r.has('[app] name "broadcast" is reserved'), "'broadcast' is refused")
    check(r.has("aaa-squatter: its manifest says name = \"notes\", but an app's name is "
                "its folder's ('aaa-squatter')"), "the squatter is refused")
    check(r.has("its manifest says name = \"bad-name\", but an app's name is its folder's "
                "('Bad_Name')"), "a folder that is no app name is refused")
    check(r.has("ready: 2 apps,"), "only hello and notes are loaded")
    last = r.app_data("notes", "last.txt")
    check(os.path.exists(last) and open(last).read() == "hello: hello from hello\n",
          "the real notes got its message and its /data")
    r.cleanup()


def test_hostile_text_cannot_become_a_command():
    """Finding 2 (the terminal) and 8: an app without the shell
    capability sends the terminal (which has it) a line that looks like
    a command and terminal control sequences, and prints a console line
    dressed as the supervisor's. The terminal only shows the text, the
    control sequences are refused or escaped, and the clock keeps
    running."""
    r = Run(["terminal", "clock", "whisper"], size="800x600",
            until=["[whisper] whisper done", "[terminal] whisper: @supervisor: stop clock"])
    check(r.has("[terminal] whisper: @supervisor: stop clock"),
          "the terminal shows the text as a message from whisper")
    check(not r.has("stop clock requested") and not r.has("clock: closed") and
          not any(re.match(r"vyoma: clock: (exited|stopped)", line)
                  for line in r.lines[:r.lines.index(next(
                      (line for line in r.lines if "signal 15" in line), r.lines[-1]))]),
          "and nothing stopped the clock before shutdown")
    check(r.has("[whisper] reply: error control characters are not allowed in messages"),
          "a message with control characters is refused, and the sender told")
    check(r.has("[whisper] \\x0d\\x1b[1Avyoma: error: forged by whisper"),
          "the forged console line is escaped")
    check(not any(line.startswith("vyoma: error: forged") for line in r.lines),
          "no log line looks like the supervisor's own")
    check(no_raw_escapes(r), "no control character reaches the log")
    r.cleanup()


def test_hostile_folder_names_are_escaped_and_load_errors_are_one_line():
    """Finding 8: a folder name with control characters, and a module
    Wasmtime rejects with a multi-line message: each is one line, and
    escaped."""
    def prepare(run):
        install_app(run.apps_dir, "evil\x1b[31mred\rvyoma: fake", app_wasm("green"),
                    manifest("evil", "green"))
        d = os.path.join(run.apps_dir, "notwasm")
        os.makedirs(d)
        with open(os.path.join(d, "notwasm.wasm"), "wb") as f:
            f.write(b"\0asm\x01\0\0\0\x01\xff\xff\xff\xff\x0f")
        with open(os.path.join(d, "vyoma.toml"), "w") as f:
            f.write(manifest("notwasm", "notwasm"))
    r = Run(["green"], prepare=prepare, until=["vyoma: ready:"])
    check(r.has("evil\\x1b[31mred\\x0dvyoma: fake"), "the folder name is escaped in the log",
          "\n".join(r.lines[:6]))
    check(no_raw_escapes(r), "no raw control character in the transcript")
    bad = [line for line in r.lines if "notwasm" in line and "not starting" in line]
    check(len(bad) == 1 and bad[0].startswith("vyoma: error: not starting "),
          "a module Wasmtime rejects is one line", "\n".join(bad))
    check(all(line.startswith(("vyoma: ", "[")) for line in r.lines),
          "every line is the supervisor's or an app's, no backtrace",
          "\n".join(line for line in r.lines if not line.startswith(("vyoma: ", "["))))
    check(r.has("green: first frame"), "the good app runs")
    r.cleanup()


def test_hostile_grants_cannot_reach_the_supervisor():
    """Finding 3: a manifest may not grant the data root (every app's
    data), the module cache, the apps folder, or anything above them;
    a grant that resolves there through a symlink is refused too."""
    cache = tempfile.mkdtemp(prefix="vyoma-cache-")

    def grant(name, path, mode="rw"):
        return (name, f'[[capabilities.filesystem.grant]]\npath = "{path}"\n'
                      f'mount = "/x"\nmode = "{mode}"\n')

    def prepare(run):
        os.makedirs(run.data_dir)
        os.makedirs(os.path.join(run.tmp, "share"))
        os.symlink(run.data_dir, os.path.join(run.tmp, "share", "link-to-data"))
        for name, body in (grant("g-data", run.data_dir), grant("g-cache", cache),
                           grant("g-apps", run.apps_dir), grant("g-above", run.tmp),
                           grant("g-link", os.path.join(run.tmp, "share", "link-to-data")),
                           grant("g-etc", "/etc", "ro"), grant("g-usr", "/usr", "ro"),
                           grant("g-fine", os.path.join(run.tmp, "share"))):
            install_app(run.apps_dir, name, app_wasm("green"),
                        manifest(name, "green", "stdio = true\n[capabilities.filesystem]\n" + body))
    r = Run(["green"], prepare=prepare, extra=["--cache", cache], until=["vyoma: ready:"])
    for name in ("g-data", "g-cache", "g-apps", "g-above", "g-link", "g-etc"):
        check(any(f"not starting {name}: its filesystem grant" in line and
                  "reaches the supervisor's own" in line for line in r.lines),
              f"{name}: refused, naming the supervisor's directory", "\n".join(r.lines[:14]))
    check(r.has("not starting g-usr: its filesystem grant /usr (/usr) is outside the "
                "directories grants may name"), "a grant outside the allowed roots is refused")
    check(r.has("ready: 2 apps,"), "a grant under an allowed root is fine (green and g-fine)")
    r.cleanup()
    shutil.rmtree(cache, ignore_errors=True)


def test_hostile_module_cache_substitution():
    """Finding 3: whoever can write the module cache could swap in
    another compiled artifact and fix up its digest. Artifacts now carry
    a MAC with a key only the supervisor holds: a swapped artifact (with
    the other module's valid MAC) is refused and recompiled."""
    cache = tempfile.mkdtemp(prefix="vyoma-cache-")
    first = Run(["green", "trapper"], extra=["--cache", cache],
                until=["vyoma: ready:"], libs=False)
    check(first.has("modules: 2 compiled"), "two modules compiled", "\n".join(first.lines[:4]))
    first.cleanup()
    arts = sorted(f[:-6] for f in os.listdir(cache) if f.endswith(".cwasm"))
    key = os.path.join(os.path.dirname(cache), os.path.basename(cache) + ".key")
    check(len(arts) == 2, "two artifacts on disk")
    check(os.path.exists(key) and stat.S_IMODE(os.stat(key).st_mode) == 0o600,
          "the machine key is beside the cache, readable by the supervisor alone")
    if len(arts) == 2:
        a, b = arts
        for ext in (".cwasm", ".mac", ".sha256"):
            if os.path.exists(os.path.join(cache, b + ext)):
                shutil.copy(os.path.join(cache, b + ext), os.path.join(cache, a + ext))
    second = Run(["green", "trapper"], extra=["--cache", cache],
                 until=["vyoma: ready:"], libs=False)
    check(second.has("does not match its MAC; recompiling"), "the swapped artifact is caught",
          "\n".join(second.lines[:6]))
    check(second.has("modules: 1 compiled, 1 from the cache"), "and recompiled")
    check(second.has("vyoma: error: trapper: trapped") and second.has("green: first frame"),
          "each app runs its own code")
    second.cleanup()
    shutil.rmtree(cache, ignore_errors=True)
    if os.path.exists(key):
        os.unlink(key)


def test_hostile_screenshot_traps():
    """Finding 3: the supervisor writes screenshots into an app's /data.
    The app planted a symlink to a host file and a FIFO under the names
    it will use: the file is not touched, the FIFO does not block."""
    victim = tempfile.NamedTemporaryFile(prefix="vyoma-victim-", delete=False)
    victim.write(b"precious\n")
    victim.close()

    def prepare(run):
        d = run.app_data("shooter")
        os.makedirs(d)
        os.symlink(victim.name, os.path.join(d, "screenshot-1.png"))
        os.mkfifo(os.path.join(d, "screenshot-2.png"))
    r = Run(["shooter", "green"], prepare=prepare, until=["[shooter] shots done"], timeout=30)
    check(open(victim.name, "rb").read() == b"precious\n", "the symlink's target is untouched")
    d = r.app_data("shooter")
    for i in (1, 2, 3):
        p = os.path.join(d, f"screenshot-{i}.png")
        check(r.has(f"[shooter] reply: screenshot /data/screenshot-{i}.png"),
              f"screenshot {i} was answered", r.out[-1500:])
        check(os.path.isfile(p) and not os.path.islink(p) and
              open(p, "rb").read(8) == b"\x89PNG\r\n\x1a\n",
              f"screenshot {i} is a regular PNG file in place of the trap")
    r.cleanup()
    os.unlink(victim.name)


def test_hostile_reply_cannot_be_stolen():
    """Finding 4: @reply answers the sender of the last message the app
    read, not the last app whose message was offered to it (and dropped
    on its full queue)."""
    r = Run(["asker", "thief", "replier"],
            until=["[replier] answered a message from", lambda lines: any(
                "[asker] got" in line or "[thief] stole" in line for line in lines)])
    check(r.has("[thief] my message was dropped"), "the thief's message was dropped")
    check(r.has("[replier] answered a message from asker"), "replier read asker's question")
    check(r.has("[asker] got '42' from replier"), "the answer went to asker")
    check(not r.has("[thief] stole"), "not to the thief")
    r.cleanup()


def test_hostile_restart_of_a_never_started_app():
    """Finding 5: `restart` of an app that was never started starts it
    with its stdin open (it used to exit at once)."""
    r = Run(["restarter", "lazy-echo"], until=["[restarter] restarter done"])
    check(r.has("[restarter] got: restart lazy-echo requested"), "the restart was accepted")
    check(r.has("[restarter] got: got are you there?"), "and the app answers messages",
          r.out[-1500:])
    check(not any(line.startswith("vyoma: lazy-echo: exited") for line in
                  r.lines[:len(r.lines) - 6]), "it did not exit before shutdown")
    r.cleanup()


def test_hostile_slow_compile_is_bounded_and_off_the_main_thread():
    """Finding 6: modules built to be slow to compile (seconds of CPU,
    hundreds of MiB in Cranelift) are compiled in a helper process with a
    memory and CPU bound, while every app whose module is ready starts at
    once (two of them at a time cannot hold up the others) and the
    supervisor stays small; a module over the size limit is not read;
    FIFOs named like a manifest or a module do not hang anything."""
    cache = tempfile.mkdtemp(prefix="vyoma-cache-")
    warm = Run(["green", "hello"], extra=["--cache", cache],
               until=["vyoma: ready:", "green: first frame", "hello: first frame"])
    warm.cleanup()

    def prepare(run):
        for name, depth in (("slowpoke", 200000), ("slowpoke-too", 200001)):
            d = os.path.join(run.apps_dir, name)
            os.makedirs(d)
            with open(os.path.join(d, name + ".wasm"), "wb") as f:
                f.write(slowmod.module(8, depth))
            with open(os.path.join(d, "vyoma.toml"), "w") as f:
                f.write(manifest(name, name))
        d = os.path.join(run.apps_dir, "bloated")
        os.makedirs(d)
        with open(os.path.join(d, "bloated.wasm"), "wb") as f:
            f.truncate(17 << 20)
        with open(os.path.join(d, "vyoma.toml"), "w") as f:
            f.write(manifest("bloated", "bloated"))
        d = os.path.join(run.apps_dir, "fifo-manifest")
        os.makedirs(d)
        os.mkfifo(os.path.join(d, "vyoma.toml"))
        d = os.path.join(run.apps_dir, "fifo-module")
        os.makedirs(d)
        os.mkfifo(os.path.join(d, "fifo-module.wasm"))
        with open(os.path.join(d, "vyoma.toml"), "w") as f:
            f.write(manifest("fifo-module", "fifo-module"))
    r = Run(["green", "hello"], prepare=prepare, sample_rss=True,
            extra=["--cache", cache, "--compile-limits", "128,1"], until=["vyoma: ready:"],
            timeout=90)
    slow = [i for i, line in enumerate(r.lines) if "not starting" in line and "slowpoke" in line]
    started = [i for i, line in enumerate(r.lines)
               if "green: first frame" in line or "hello: first frame" in line]
    check(len(slow) == 2, "both slow modules are refused", r.out[-2000:])
    for i in slow:
        check("bound of 128 MiB and 1 s" in r.lines[i] or "took longer" in r.lines[i],
              "because it went over the compiler's bound", r.lines[i])
    check(len(started) == 2 and slow and max(started) < min(slow),
          "apps whose modules were ready started while both compiled, not after")
    check(r.has("not starting") and r.has("bloated.wasm: larger than 16 MiB"),
          "a module over 16 MiB is refused unread")
    check(r.has("fifo-manifest/vyoma.toml: not a regular file"), "a FIFO manifest is refused")
    check(r.has("fifo-module.wasm: not a regular file"), "a FIFO module is refused")
    peak = max(r.rss_kib) if r.rss_kib else 0
    check(0 < peak < 120 * 1024, "the supervisor's memory stayed small", f"{peak} KiB")
    check(r.rc == 0, "and it exits cleanly")
    r.cleanup()
    shutil.rmtree(cache, ignore_errors=True)
    key = cache.rstrip("/") + ".key"
    if os.path.exists(key):
        os.unlink(key)


def test_hostile_descriptor_hog():
    """Finding 6: one app opening every file it can is held to its own
    limit ([resources] files, 256 by default), so another app's /data
    writes still work, and every descriptor comes back when it ends."""
    r = Run(["fdhog", "late-writer", "green"], until=["[late-writer] write"])
    check(r.has("[fdhog] opened 252 files, then EMFILE"),
          "it got 252 files (256 less stdio and its /data), then EMFILE",
          "\n".join(line for line in r.lines if "fdhog" in line))
    check(r.has("fdhog: open refused: it holds 256 descriptors, its limit ([resources] files)"),
          "the refusal is logged")
    check(r.has("[late-writer] write ok"), "another app can still write its /data after it")
    check(r.has("fdhog: exited;") or r.has("fdhog: stopped;"), "and it ends like any app")
    r.cleanup()


def test_hostile_console_flood_inside_one_second():
    """Finding 7: a flood that ends within one second still has its
    dropped lines counted and said, at the end of the run and in the
    summary."""
    r = Run(["burst"], until=["vyoma: burst: exited"])
    warn = [line for line in r.lines if "burst: " in line and "console lines in a second" in line]
    check(bool(warn), "the drop is reported when the run ends", r.out[-1500:])
    kept = sum(line.startswith("[burst] burst line ") for line in r.lines)
    summary = [re.search(r"console lines dropped (\d+)", line) for line in r.lines
               if line.startswith("vyoma: burst: exited;")]
    dropped = int(summary[0].group(1)) if summary and summary[0] else -1
    check(kept + dropped == 1000, "every line was logged or counted", f"{kept} + {dropped}")
    check(warn and f"({dropped} in all)" in warn[-1], "the warning carries the count")
    r.cleanup()


def test_hostile_longest_line_arrives_whole():
    """Finding 9: a legal 4096-byte line arrives as one line (it used to
    arrive as 4095 bytes plus a phantom event), and the next line is
    not disturbed."""
    r = Run(["longline-a", "longline-b"],
            until=["[longline-b] message of 5 bytes from longline-a"])
    got = [line for line in r.lines if line.startswith("[longline-b] message of ")]
    check(got == ["[longline-b] message of 4083 bytes from longline-a",
                  "[longline-b] message of 5 bytes from longline-a"],
          "one 4083-byte body (4096 with '@longline-a: '), then the short one", "\n".join(got))
    r.cleanup()


def _supervisor(args, as_limit):
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (as_limit, as_limit))
    return subprocess.run([harness.supervisor_binary()] + args,
                          preexec_fn=limit, capture_output=True, timeout=120)


def test_hostile_address_space_limit():
    """Finding 10: under an address-space limit the engine's pool is
    sized to fit (or the supervisor says in one line why it cannot
    start) instead of aborting inside Wasmtime."""
    apps = tempfile.mkdtemp(prefix="vyoma-as-")
    install_app(apps, "green", app_wasm("green"),
                manifest("green", "green", "stdio = true\ndisplay = true\n"))
    args = ["--apps", apps, "--display", "headless", "--exit-after", "200", "--cache", "none"]
    tight = _supervisor(args, 8 << 30)
    out = tight.stdout.decode(errors="replace")
    check(tight.returncode == 1, "with 8 GiB it exits with status 1, not an abort",
          f"{tight.returncode}\n{out[-800:]}{tight.stderr.decode(errors='replace')[-800:]}")
    check("cannot reserve address space for 16 apps" in out, "and says why in one line", out)
    roomy = _supervisor(args, 256 << 30)
    out = roomy.stdout.decode(errors="replace")
    check(roomy.returncode == 0 and re.search(r"address space for \d+ apps at once", out),
          "with 256 GiB the pool is made smaller, and the system runs", out[-800:])
    check("green: first frame" in out, "an app runs in it")
    shutil.rmtree(apps, ignore_errors=True)


# ---- Found by a hostile review of the hardening itself -------------------


def test_review_stdout_cannot_be_moved_off_the_shim():
    """fd_renumber(1, 0) used to put Wasmtime's own stdout where the shim
    passes calls on to Wasmtime: one write of any size, on a Tokio
    thread, that no stop could end. The shim now follows its streams
    wherever they are moved (as `wasmtime run` does), so the write on
    fd 0 is the shim's, capped at 1 MiB a call like one on fd 1."""
    r = Run(["rv-bigwrite", "green"], until=exits("rv-bigwrite") + ["green: first frame"])
    lines = "\n".join(line for line in r.lines if "bigwrite" in line)
    check(r.has("[rv-bigwrite] one big write on the renumbered stdout"),
          "stdout could be moved", lines)
    check(r.has("[rv-bigwrite] wrote 1048576 bytes in one call"),
          "and a write there is still the shim's: 1 MiB of 2 taken", lines)
    check(r.has("vyoma: rv-bigwrite: exited with status 0"), "it ended by itself", lines)
    r.cleanup()


def test_review_a_half_read_line_does_not_reach_the_next_run():
    """A line the app had read half of when it exited used to be read by
    its next run as a line of its own, so another app could forge a
    VYOMA_EVENT line. What a run did not read now goes with it."""
    r = Run(["rv-splitter", "rv-splitvictim"],
            until=[counted("[rv-splitvictim] started", 2)], timeout=30)
    check(r.has("vyoma: rv-splitvictim: started again"), "the victim ran twice",
          r.out[-1500:])
    check(not r.has("[rv-splitvictim] KEY event"), "and saw no forged key event")
    check(not r.has("[rv-splitvictim] other: VYOMA"), "nor the rest of a line")
    r.cleanup()


def test_review_memory_of_the_machine_is_shared_out():
    """An app within its own declared limit (1 GiB) must not take more
    memory than the machine can give all apps: it is stopped when it
    passes the budget, and the supervisor stays up."""
    clones = {"rv-memfill-too": ("rv-memfill", manifest("rv-memfill-too", "rv-memfill") +
                                 '[resources]\nmemory = "1GiB"\n')}
    r = Run(["rv-memfill", "green"], clones=clones, sample_rss=True,
            extra=["--memory-budget", "256"],
            until=[lambda lines: any(": stopped: its" in line for line in lines),
                   "green: first frame"])
    check(r.has("vyoma: memory: apps may use 256 MiB"), "the budget is said")
    check(r.has("rv-memfill: memory limit lowered to 256 MiB"),
          "no one app is promised more than the budget")
    # Both clones keep growing, so whichever asks next after the budget is
    # spent is stopped: one or both of them, never anyone else.
    stopped = [line for line in r.lines if ": stopped: its" in line]
    check(1 <= len(stopped) <= 2 and
          all("rv-memfill" in line and "past the 256 MiB the machine can give" in line
              for line in stopped),
          "an app whose growth went past it is stopped, and the log says why",
          "\n".join(line for line in r.lines if "memfill" in line))
    peak = max(r.rss_kib) if r.rss_kib else 0
    check(0 < peak < 400 * 1024, "the supervisor never held much more than the budget",
          f"{peak} KiB")
    check(r.rc == 0, "the supervisor survived")
    r.cleanup()


def test_review_refused_commands_do_not_flood_the_log():
    """Every command outside an app's shell grant used to be logged: tens
    of megabytes a second. Now it is a counted warning like any other."""
    r = Run(["rv-denied"], until=["rv-denied: further warnings about this app are counted"])
    n = sum("rejected: not in its shell grant" in line for line in r.lines)
    check(n == 20, "20 refusals logged, then only counted", str(n))
    r.cleanup()


def test_review_host_call_work_is_shared_and_interruptible():
    """Drawing is done by the supervisor inside the app's write: a kill
    must land between lines, not after the whole write, and that work
    must count against the app's CPU share like any other."""
    r = Run(["rv-drawhog", "rv-killer"],
            until=["vyoma: rv-drawhog: stopped (interrupted)"], timeout=60)
    took = [int(line.split()[-1]) for line in r.lines
            if line.startswith("[rv-drawhog] one write of ")]
    sent, gone = r.seen_at("[rv-killer] kill sent"), r.seen_at("rv-drawhog: stopped (interrupted)")
    check(took and sent and gone, "a write was timed, then the app was killed", r.out[-1500:])
    if took and sent and gone:
        check((gone - sent) * 1000 < max(took[0], 1),
              "the kill ended it sooner than one whole write takes",
              f"{(gone - sent) * 1000:.0f} ms against {took[0]} ms")
    r.cleanup()
    # Share 1 drawing beside share 10 spinning, on one CPU.
    r = Run(["rv-drawhog", "rv-spin10"], exit_after=3000, cpus="0")
    cpu = {m.group(1): float(m.group(2)) for m in
           (re.match(r"vyoma: (rv-\S+): \S+; cpu ([\d.]+) s", line) for line in r.lines) if m}
    ratio = cpu.get("rv-spin10", 0) / max(cpu.get("rv-drawhog", 0), 1e-9)
    # (It got a tenth of share 1's before; the scheduler pauses an app
    # at most 30 ms a tick, so share 1 keeps at least about a quarter,
    # and drawing is checked every 16 lines.)
    check(ratio > 1.2, "share 10 gets more CPU than share 1, drawing or not", str(cpu))
    r.cleanup()


def test_review_log_and_caps_hand_on_only_clean_text():
    """log hands one app's console lines to another: they arrive escaped
    and cut at a whole character; and manifest strings may not hold
    control characters at all."""
    bad_mount = ('[[capabilities.filesystem.grant]]\npath = "/tmp"\n'
                 'mount = "/x\\u001b[2J\\r"\n')

    def prepare(run):
        install_app(run.apps_dir, "bad-mount", app_wasm("green"),
                    manifest("bad-mount", "green", "stdio = true\n[capabilities.filesystem]\n"
                             "data = false\n" + bad_mount))
    r = Run(["rv-logsrc", "rv-logreader"], prepare=prepare, until=["[rv-logreader] done"])
    rows = [line for line in r.lines if line.startswith("[rv-logreader] ") and "row:" in line]
    check(len(rows) == 3 and all(" clean valid UTF-8" in line for line in rows),
          "every log and caps row is clean, valid UTF-8", "\n".join(rows))
    check(r.has("grant mount must not contain control characters"),
          "a mount path with control characters is refused at load")
    r.cleanup()


def test_review_screenshots_and_restarts_are_rate_limited():
    """An app could keep the main thread composing and encoding
    screenshots, or restart itself thousands of times a second: now one
    of each a second."""
    r = Run(["rv-shotflood", "green"], until=["[rv-shotflood] screenshots in 3 s"],
            size="1024x768", timeout=60)
    m = [re.search(r"screenshots in 3 s: (\d+) errors: (\d+)", line) for line in r.lines]
    m = [x for x in m if x]
    check(m and int(m[0].group(1)) <= 4, "at most one screenshot a second",
          m[0].group(0) if m else r.out[-800:])
    r.cleanup()
    r = Run(["rv-selfrestart"], exit_after=2500)
    n = sum("started again" in line for line in r.lines)
    check(1 <= n <= 4, "an app restarting itself starts about once a second", str(n))
    r.cleanup()


def test_review_console_bytes_are_limited_too():
    """100 lines a second of 4 KiB each was 1.6 MB/s of log from one app;
    the console limit counts bytes as well."""
    r = Run(["rv-loud"], exit_after=2500)
    loud = sum(len(line) for line in r.lines if line.startswith("[rv-loud]"))
    check(0 < loud < 3 * 16384 * 4 + 4096, "at most about 16 KiB a second of its lines",
          f"{loud} bytes")
    check(r.has("rv-loud: ") and r.has("console lines in a second"),
          "and the drops are said")
    r.cleanup()


def test_review_crlf_after_the_longest_line():
    """A legal 4096-byte line ending in CRLF is a line, not too long."""
    r = Run(["rv-crline"], until=exits("rv-crline"))
    check(not r.has("rv-crline: line longer than"), "it is not dropped",
          "\n".join(line for line in r.lines if "crline" in line))
    check(r.has("[rv-crline] after the CRLF line"), "and the next line follows")
    r.cleanup()


def test_review_no_grant_into_the_kernel():
    """Even with /proc among the roots, a grant of a view into the kernel
    or its processes (/proc/1/mem is the supervisor) is refused."""
    r = Run(["rv-procread", "green"], extra=["--grant-root", "/proc"],
            until=["vyoma: ready:"])
    check(r.has("not starting rv-procread: its filesystem grant /proc (/proc) is a view "
                "into the kernel or its processes"), "a /proc grant is refused",
          "\n".join(line for line in r.lines if "procread" in line))
    r.cleanup()


def test_hostile_calls_into_a_shared_library():
    """lib_vytool (docs/libraries.md) called as no tool would: a pointer
    past the end of memory (a pattern's, a path's) traps that app alone,
    and so does room for -5 arguments; a length that wraps (a pattern's,
    a replacement's, a line reader's room), and a result struct over the
    library's own data, give it nonsense but no escape; a back reference on a long line ends by the step
    budget; patterns compiled over and over and given back leave the
    memory as it was. After each, in the same supervisor, grep (which
    imports the same library, in its own store) still matches. An
    import of the wrong type, or a library that is not there, is
    refused at the link, naming the import."""
    from command import run_command
    home = tempfile.mkdtemp(prefix="vyoma-libhostile-")
    try:
        with open(os.path.join(home, "f.txt"), "w") as f:
            f.write("apple\nbanana\n")
        apps = os.path.join(harness.BUILD, "apps")
        tests = os.path.join(harness.BUILD, "test-apps")
        run = dict(apps=apps, env=["PWD=/home/user"],
                   extra=["--apps", tests, "--home", home])
        n = 1000
        trapped = {"wild", "path", "opts"}
        for mode, want in (("wild", "comp 0\n"), ("wrap", "comp 0\n"),
                           ("onlib", "comp 0\nexec 1\n"),
                           (f"many {n}", "found %d\n" % sum(
                               i % 97 == i % 89 for i in range(n))),
                           ("slow", "comp 0\nexec -1\n"),
                           # an empty replacement: the length wrapped
                           ("subst", "comp 0\nsubst 1\nlen 2\n"),
                           # no mounts, so no file; then a trap
                           ("path", "path -1\n"),
                           # the read past memory is refused (EFAULT)
                           ("in", "line 0\nerr 21\n"),
                           # -5 arguments: room that no memory has
                           ("opts", "opts 2\n")):
            with open(os.path.join(home, "t.sh"), "w") as f:
                f.write(f"libhostile {mode}\necho status $?\n"
                        "grep -n an f.txt\n")
            rc, out, err = run_command("sh t.sh", **run)
            status = 134 if mode in trapped else 0
            check(out.decode() == f"{want}status {status}\n2:banana\n",
                  f"{mode}: harms the app alone; grep matches after it",
                  out + err)
        pages = {}
        for n, give_back in ((100, 1), (20000, 1), (20000, 0)):
            rc, out, err = run_command(f"libhostile arena {n} {give_back}",
                                       **run)
            pages[n, give_back] = int(out.split()[-1]) if rc == 0 else None
        check(pages[100, 1] == pages[20000, 1] and
              pages[20000, 0] > pages[20000, 1],
              "compiles given back (vr_mark, vr_release) do not grow the "
              "memory; kept, they do", pages)
        rc, out, err = run_command("libhostile wild", **run)
        check(rc == 134 and b"libhostile: trapped: wasm trap: out of bounds "
              b"memory access" in err, "wild: the trap is said", err)
        rc, out, err = run_command("libhostile opts", **run)
        check(rc == 134 and b"shared library: memory exhausted\n" in err,
              "opts: the library says why before it traps", err)
        rc, out, err = run_command("libwrongtype", **run)
        check(rc != 0 and b"incompatible import type for `lib_vytool::comp`"
              in err, "an import of the wrong type is refused at the link",
              err)
        rc, out, err = run_command("libhostile many 1", apps=tests,
                                   extra=["--home", home])
        check(rc != 0 and b"unknown import: `lib_vytool::comp`" in err,
              "without the library, its import is named as missing", err)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def library_scene(tmp, text, libs):
    """Under tmp: a home holding f.txt (text) and an apps directory whose
    .lib holds these test libraries (tests/libs). Returns (home, apps,
    where the test libraries are built)."""
    home, apps = os.path.join(tmp, "home"), os.path.join(tmp, "apps")
    built = os.path.join(harness.BUILD, "test-libs")
    os.makedirs(home)
    os.makedirs(os.path.join(apps, ".lib"))
    with open(os.path.join(home, "f.txt"), "w") as f:
        f.write(text)
    for lib in libs:
        shutil.copy(os.path.join(built, lib + ".wasm"), os.path.join(apps, ".lib"))
    return home, apps, built


def test_a_shared_librarys_wasi_calls_are_the_apps_own():
    """A library may make WASI calls (docs/libraries.md): they are linked
    to the calling app's own, so the library reaches the app's mounts and
    nothing else, and its descriptors count against the app's limit. A
    library importing anything else (another library's function), or not
    exporting the memory its WASI calls read, is left out at load, saying
    why, and the others still link."""
    from command import run_command
    tmp = tempfile.mkdtemp(prefix="vyoma-libwasi-")
    try:
        home, apps, libs = library_scene(tmp, "hello from home\n", ["wasitest"])
        wasm = app_wasm("libwasi")
        with open(os.path.join(harness.BUILD, "test-apps", "libwasi",
                               "vyoma.toml")) as f:
            text = f.read()
        install_app(apps, "libwasi", wasm, text)
        install_app(apps, "libwasi-nofiles", wasm,
                    text.replace('filesystem = { user = "ro", data = false }\n', "")
                    .replace('name = "libwasi"', 'name = "libwasi-nofiles"'))
        run = dict(apps=os.path.join(harness.BUILD, "apps"), env=["PWD=/home/user"],
                   extra=["--apps", apps, "--home", home])
        rc, out, err = run_command("libwasi cat /home/user/f.txt", **run)
        check((rc, out) == (0, b"hello from home\ncat 0\n"),
              "the library reads a file of the app's home and writes it to "
              "the app's stdout", out + err)
        for path in ("/etc/passwd", "/home/user/../../etc/passwd", "/tmp/../etc/passwd"):
            rc, out, err = run_command(f"libwasi cat {path}", **run)
            check(rc == 0 and re.fullmatch(rb"cat [1-9]\d*\n", out) is not None,
                  f"{path}: outside the app's mounts, refused", out + err)
        rc, out, err = run_command("libwasi-nofiles cat /home/user/f.txt", **run)
        check((rc, out) == (0, b"cat 44\n"),
              "an app without files: its library sees none (ENOENT)", out + err)
        rc, out, err = run_command("libwasi hold /home/user/f.txt 100", **run)
        # files = 16, less stdin, stdout, stderr and its two mounts
        check((rc, out) == (0, b"held 11\n"),
              "the library's descriptors count against the app's limit",
              out + err)
        shutil.copy(os.path.join(libs, "nestlib.wasm"), os.path.join(apps, ".lib"))
        with open(os.path.join(libs, "wasitest.wasm"), "rb") as f:
            data = f.read()
        # the same library, its memory export made one of its first
        # function, under another name of the same length
        at = data.rfind(b"\x06memory\x02\x00")
        with open(os.path.join(apps, ".lib", "noexport.wasm"), "wb") as f:
            f.write(data[:at] + b"\x06memorx\x00\x00" + data[at + 9:])
        rc, out, err = run_command("libwasi cat /home/user/f.txt", **run)
        check(b"library nestlib" in err and b"left out: it may import its "
              b"caller's memory (env memory) and WASI functions only" in err,
              "a library importing another library's function is left out",
              err)
        check(b"library noexport" in err and b"left out: it must export its "
              b"memory" in err, "so is one that does not export its memory", err)
        check(out == b"hello from home\ncat 0\n", "and the others still link",
              out + err)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def test_a_library_is_tried_alone_before_any_app_links_it():
    """At load each library is instantiated once in a store of its own,
    over a fresh memory, its WASI imports checked against the
    supervisor's and standing in as traps: a start function that calls
    WASI (it would run as the first app to link it), data that lands
    past the bytes apps leave a library whatever its __heap_base says
    (zeros too), a start function that never ends or grows memory past
    the trial's 16 MiB, and a WASI import that does not exist or has
    another type (v128 among them, which the C API cannot describe) are
    refused then, each saying why, and the supervisor lives on; so is a
    function that takes or returns anything but numbers (a reference, a
    v128), since calls pass values through raw. The good library beside
    them still links."""
    from command import run_command
    tmp = tempfile.mkdtemp(prefix="vyoma-libtrial-")
    try:
        home, apps, _ = library_scene(tmp, "still here\n", [
            "wasitest", "startcall", "fardata", "zerodata", "bigfill", "spin",
            "bogus", "wrongtype", "v128", "refexport", "v128export"])
        shutil.copytree(os.path.join(harness.BUILD, "test-apps", "libwasi"),
                        os.path.join(apps, "libwasi"))
        rc, out, err = run_command("libwasi cat /home/user/f.txt",
                                   apps=os.path.join(harness.BUILD, "apps"),
                                   env=["PWD=/home/user"],
                                   extra=["--apps", apps, "--home", home])
        check(b"PWNED" not in out + err,
              "startcall's WASI call never ran as anyone", out + err)
        for lib, why in (("startcall", b"instantiated alone, it fails: "),
                         ("startcall", b"a WASI call while it is instantiated"),
                         ("fardata", b"its data lands past the bytes apps leave it"),
                         ("spin", b"instantiated alone, it fails: "),
                         ("bogus", b"it imports WASI's bogus_call, which the "
                                   b"supervisor does not define"),
                         ("zerodata", b"its data lands past the bytes apps leave it"),
                         ("bigfill", b"instantiated alone, it fails: "),
                         ("wrongtype", b"incompatible import type for "
                                       b"`wasi_snapshot_preview1::fd_write`"),
                         ("v128", b"incompatible import type for "
                                  b"`wasi_snapshot_preview1::fd_close`"),
                         ("refexport", b"its functions may take and return "
                                       b"numbers only"),
                         ("v128export", b"its functions may take and return "
                                        b"numbers only")):
            said = [line for line in err.splitlines()
                    if b"library " + lib.encode() + b" (" in line]
            check(len(said) == 1 and b"left out: " in said[0] and why in said[0],
                  f"{lib}: left out at load, saying why", err)
        check((rc, out) == (0, b"still here\ncat 0\n"),
              "the good library beside them still links", out + err)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
