"""Boot 9: system updates on the disk image (docs/updates.md).

The factory image (build/images/vyoma.img, 0.18.0 in slot A) boots
through GRUB. Bundles made here with the build's keys, served from the
host to an updater whose grant names this test's port:
  - a tampered bundle and one whose version is not newer are refused
    before anything is written (the state block and slot B unchanged);
  - power cuts (--update-cut-at: PID 1 powers off without a sync) in the
    middle of the slot write and after it, before the switch, and a kill
    of QEMU during a download: every next boot is slot A, healthy;
  - the good update (0.18.1) is written to slot B and the machine
    restarts into it; QEMU is killed during that first try; the next try
    passes the health check and B becomes the good slot, the user's file
    intact; QEMU is killed right after, and B still boots;
  - a bad update (0.18.2, whose /init exits at once) is tried three times
    (kernel panics, GRUB counts) and the machine is back on B, saying so.
Also measures the boot time with the boot loader against a direct
kernel boot of the same kernel and initramfs.
"""
import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
import time

import qemu

BOOT_TIMEOUT = 240
REACT_TIMEOUT = 120
SHUTDOWN_TIMEOUT = 90
USER = "tester"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
ENV_HEADER = b"# GRUB Environment Block\n"
ENV_NAMES = ("slot_good", "slot_try", "tries", "rolled_back", "try_version",
             "why", "cmdline_extra")


def env_at(disk):
    """Where the GRUB environment block is: the state partition's first
    line says (docs/updates.md)."""
    start, _ = qemu.gpt_partitions(disk)["vyoma-state"]
    with open(disk, "rb") as f:
        f.seek(start)
        head = f.read(64).split(b"\n")[0].split()
    assert head[0] == b"vyoma-bootenv", head
    return start + int(head[1])


def read_env(disk):
    """The state partition's GRUB environment block, as a dict."""
    with open(disk, "rb") as f:
        f.seek(env_at(disk))
        block = f.read(1024)
    assert block.startswith(ENV_HEADER), block[:40]
    env = {}
    for line in block[len(ENV_HEADER):].split(b"\n"):
        if not line or line.startswith(b"#"):
            break
        name, _, value = line.decode().partition("=")
        env[name] = value
    return env


def write_env(disk, env):
    """The block as PID 1 writes it (bootenv.c): every name, '#' after."""
    text = ENV_HEADER + b"".join(
        b"%s=%s\n" % (n.encode(), env.get(n, "").encode()) for n in ENV_NAMES)
    assert len(text) <= 512
    at = env_at(disk)
    with open(disk, "r+b") as f:
        f.seek(at)
        f.write(text + b"#" * (1024 - len(text)))


def set_cmdline(disk, extra):
    env = read_env(disk)
    env["cmdline_extra"] = extra
    write_env(disk, env)


def slot_bytes(disk, slot, n=1 << 20):
    start, _ = qemu.gpt_partitions(disk)["vyoma-" + slot]
    with open(disk, "rb") as f:
        f.seek(start)
        return f.read(n)


def keys_dir():
    return os.environ.get("VYOMA_KEYS") or os.path.expanduser(
        "~/.config/vyoma/keys")


def slot_image(build, work, version, init=None):
    """A slot image of this build at version; with init (a static
    program), an initramfs of only that /init: a system that fails."""
    d = os.path.join(work, "slot-" + version)
    images = os.path.join(d, "images")
    os.makedirs(images)
    for part in ("bin", "apps"):
        os.symlink(os.path.join(build, part), os.path.join(d, part))
    for name in ("bzImage", "gen_init_cpio"):
        shutil.copy(os.path.join(build, "images", name), images)
    env = dict(os.environ, VYOMA_VERSION=version)
    quiet = dict(check=True, stdout=subprocess.DEVNULL, env=env)
    if init is None:
        subprocess.run(["bash", os.path.join(ROOT, "tools", "build-rootfs.sh"),
                        d, os.path.join(ROOT, "apps", "REPOSITORY"),
                        os.path.join(build, "images", "root.pub")], **quiet)
    else:
        listing = os.path.join(d, "list")
        with open(listing, "w") as f:
            f.write("dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\n"
                    "file /init %s 0755 0 0\n" % init)
        cpio = subprocess.run([os.path.join(images, "gen_init_cpio"),
                               listing], check=True, capture_output=True)
        with open(os.path.join(images, "initramfs.cpio.xz"), "wb") as f:
            subprocess.run(["xz", "--check=crc32", "-c"],
                           input=cpio.stdout, stdout=f, check=True)
    subprocess.run(["bash", os.path.join(ROOT, "tools", "build-image.sh"), d,
                    "--slot-only"], **quiet)
    return os.path.join(images, "slot.img")


def bundle(build, work, slot, version, out_dir, notes="a test release"):
    """Signs slot as version into out_dir/updates, with updates/latest."""
    tool = os.path.join(build, "bin", "vyoma-repo")
    cert = os.path.join(work, "system.cert")
    if not os.path.exists(cert):
        subprocess.run([tool, "certify", keys_dir(), "root", "system", "1",
                        str(int(time.time()) + 86400), cert, "system"],
                       check=True)
    updates = os.path.join(out_dir, "updates")
    os.makedirs(updates, exist_ok=True)
    name = "vyoma-%s.bundle" % version
    path = os.path.join(updates, name)
    subprocess.run([tool, "bundle", keys_dir(), "system", cert, version,
                    notes, slot, path], check=True)
    with open(os.path.join(updates, "latest"), "w") as f:
        f.write("%s %s %d\n" % (version, name, os.path.getsize(path)))
    return path


class SlowHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files; those under /slow/ a little at a time, so a test can
    cut the power in the middle of a download."""

    def log_message(self, *args):
        pass

    def copyfile(self, source, outputfile):
        if not self.path.startswith("/slow/"):
            return super().copyfile(source, outputfile)
        try:
            while True:
                chunk = source.read(256 << 10)
                if not chunk:
                    break
                outputfile.write(chunk)
                time.sleep(0.5)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the machine was cut off mid-download: the point


def data_partition(disk, work, content):
    """The disk's /data, made again with content in it."""
    start, size = qemu.gpt_partitions(disk)["vyoma-data"]
    img = os.path.join(work, "data-part.img")
    qemu.make_data_disk(img, size >> 20, populate=content)
    subprocess.run(["dd", "if=" + img, "of=" + disk, "bs=1M",
                    "seek=%d" % (start >> 20), "conv=notrunc,sparse",
                    "status=none"], check=True)
    os.unlink(img)


def exit_init(work):
    """A static /init that exits at once: the kernel panics (and, with
    panic=-1, restarts), as a system that cannot come up would."""
    src = os.path.join(work, "exit-init.c")
    out = os.path.join(work, "exit-init")
    with open(src, "w") as f:
        f.write("int main(void) { return 1; }\n")
    subprocess.run(["cc", "-static", "-Os", "-o", out, src], check=True)
    return out


def wait_after(m, seen, pattern, timeout):
    """The first serial line after the first seen ones matching pattern
    (wait_for looks from the start: after a restart, the boot before
    would answer)."""
    rx = re.compile(pattern)
    deadline = time.monotonic() + timeout
    with m.cond:
        while True:
            for _, line in m.lines[seen:]:
                found = rx.search(line)
                if found:
                    return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no line matching %r in %.0f s:\n%s" % (
                    pattern, timeout, m.transcript(-25)))
            m.cond.wait(min(left, 0.5))


def running(m, check, version, slot, what, seen=0):
    """Waits for PID 1's line saying what it runs, checks it."""
    up = wait_after(m, seen, r"vyoma: running \S+ from slot \w", BOOT_TIMEOUT)
    want = "vyoma: running %s from slot %s" % (version, slot)
    check(up.group(0) == want, what, up.group(0))


def boots(build, work, check, booted, host_variant):
    print("boot 9: system updates: A/B slots through GRUB, signed bundles,"
          " power cuts, roll back")
    image = os.path.join(build, "images", "vyoma.img")
    disk = os.path.join(work, "ab.img")
    subprocess.run(["cp", "--sparse=always", image, disk], check=True)
    serve = os.path.join(work, "serve")
    good = slot_image(build, work, "0.18.1")
    bad = slot_image(build, work, "0.18.2", init=exit_init(work))
    good_path = bundle(build, work, good, "0.18.1", os.path.join(serve, "good"),
                       notes="the first update")
    print("  bundle: %d bytes (slot image %d)" % (
        os.path.getsize(good_path), os.path.getsize(good)))
    bundle(build, work, bad, "0.18.2", os.path.join(serve, "bad"))
    bundle(build, work, good, "0.17.9", os.path.join(serve, "old"))
    tampered = os.path.join(serve, "tampered")
    shutil.copytree(os.path.join(serve, "good"), tampered)
    with open(os.path.join(tampered, "updates", "vyoma-0.18.1.bundle"),
              "r+b") as f:
        f.seek(-5000, os.SEEK_END)
        byte = f.read(1)
        f.seek(-5000, os.SEEK_END)
        f.write(bytes([byte[0] ^ 1]))
    shutil.copytree(os.path.join(serve, "good"), os.path.join(serve, "slow"))

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(SlowHandler, directory=serve))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    url = "http://10.0.2.2:%d" % port
    content = os.path.join(work, "ab-content")
    host_variant(build, os.path.join(content, ".test-apps"), "updater", port)
    data_partition(disk, work, content)
    base = "--user %s --apps /apps --apps /data/.test-apps" % USER
    console = r"vyoma: console: sh#\d+ on the console for %s$" % USER
    env0 = read_env(disk)
    slot_b0 = slot_bytes(disk, "b")

    def run(what, extra=""):
        set_cmdline(disk, (base + " " + extra).strip())
        return booted(what, build, disk, work, boot_disk=True)

    def install(m, where, yes=True):
        m.type_console(("updater-host -r %s/%s %sinstall\r" % (
            url, where, "-y " if yes else "")).encode())

    try:
        with run("updates: refusals") as m:
            running(m, check, "0.18.0", "a",
                    "the image boots 0.18.0 from slot A through GRUB")
            m.wait_for(console, BOOT_TIMEOUT)
            # The user's file, in their home, to find after the updates.
            m.type_console(b"echo kept across updates > token\r")
            seen = len(m.lines)
            install(m, "tampered")
            r = wait_after(m, seen, r"^updater-host: .*", REACT_TIMEOUT)
            check("SHA-256" in r.group(0), "a tampered bundle is refused",
                  r.group(0))
            # What is typed while a command runs is its input: wait for
            # the shell.
            m.wait_for_prompt("$ ", REACT_TIMEOUT)
            seen = len(m.lines)
            install(m, "old")
            r = wait_after(m, seen, r"^updater-host: .*", REACT_TIMEOUT)
            check("not newer" in r.group(0),
                  "an older bundle is refused", r.group(0))
            check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "power-off")
        env = read_env(disk)
        check(env.get("slot_try") == "" and env.get("slot_good") == "a" and
              slot_bytes(disk, "b") == slot_b0,
              "nothing was written: no slot to try, slot B untouched", env)

        for step, what in ((2, "in the middle of the slot write"),
                           (3, "after the write, before the switch")):
            with run("updates: cut " + what,
                     "--update-cut-at %d" % step) as m:
                m.wait_for(console, BOOT_TIMEOUT)
                install(m, "good")
                m.wait_for(r"update: power cut at step %d" % step,
                           REACT_TIMEOUT)
                check(m.wait_exit(SHUTDOWN_TIMEOUT) is not None,
                      "power cut " + what)
            check(read_env(disk).get("slot_try") == "",
                  "after a cut %s: no slot to try" % what, read_env(disk))

        with run("updates: cut during a download") as m:
            running(m, check, "0.18.0", "a", "after the cuts: slot A, 0.18.0")
            m.wait_for(console, BOOT_TIMEOUT)
            install(m, "slow")
            m.wait_for(r"^downloading: [1-9]\d* of", REACT_TIMEOUT)
            m.kill()
        check(read_env(disk).get("slot_try") == "",
              "a cut during a download changes nothing", read_env(disk))

        with run("updates: A to B") as m:
            m.wait_for(console, BOOT_TIMEOUT)
            install(m, "good")
            at_new, _ = m.wait_for(r"^newest release: ", REACT_TIMEOUT)
            kib = os.path.getsize(good_path) >> 10
            at_got, _ = m.wait_for(r"^downloading: %d of %d KiB" % (kib, kib),
                                   REACT_TIMEOUT)
            at_done, done = m.wait_for(r"^(written|updater-host:) .*",
                                       REACT_TIMEOUT)
            print("  applying 0.18.1 in the image (TCG): download %.1f s, "
                  "check and slot write %.1f s" % (at_got - at_new,
                                                   at_done - at_got))
            check(done.group(0).startswith("written 0.18.1"),
                  "the good bundle is checked and written to slot B",
                  done.group(0))
            progress = [l for _, l in m.console if l.startswith("downloading")]
            check(len(progress) >= 2, "the download shows its progress",
                  progress)
            started = time.monotonic()
            # -y: it restarts by itself; GRUB counts the first try.
            _, t = m.wait_for(r"vyoma: trying \S+ in slot b", BOOT_TIMEOUT)
            check("0.18.1" in t.group(0), "the restart tries 0.18.1 in B",
                  t.group(0))
            m.kill()  # a power cut during B's first boot
        check(read_env(disk).get("tries") == "2",
              "the cut try was counted", read_env(disk))

        with run("updates: B's second try") as m:
            _, ok = m.wait_for(r"vyoma: updated to .*|vyoma: rolled back.*",
                               BOOT_TIMEOUT)
            check(ok.group(0).startswith("vyoma: updated to 0.18.1"),
                  "B passes its health check and is the good slot",
                  ok.group(0))
            print("  from the restart to B proven good (two tries, TCG): "
                  "%.0f s" % (time.monotonic() - started))
            # Marked good soon after it is healthy, not when something
            # else happens to wake the supervisor: from the first frame,
            # in less time than the boot took to reach it.
            frame = next(t for t, l in m.lines if "vyoma: first frame:" in l)
            good = next(t for t, l in m.lines if "vyoma: updated to" in l)
            check(good - frame <= frame,
                  "B is marked good within a boot's time of its first frame",
                  "first frame %.1f s, good %.1f s" % (frame, good))
            m.wait_for(r"toast shown: system", REACT_TIMEOUT)
            check(True, "the desktop shows it in a toast")
            m.kill()  # a power cut right after B was marked good
        env = read_env(disk)
        check(env.get("slot_good") == "b" and env.get("slot_try") == "",
              "the boot state says B is good", env)

        with run("updates: bad update") as m:
            running(m, check, "0.18.1", "b", "after the cut: B, 0.18.1")
            m.wait_for(console, BOOT_TIMEOUT)
            install(m, "bad")
            _, done = m.wait_for(r"^(written|updater-host:) .*",
                                 REACT_TIMEOUT)
            check(done.group(0).startswith("written 0.18.2"),
                  "the bad bundle (it is signed) is written to slot A",
                  done.group(0))
            at, rb = m.wait_for(r"vyoma: rolled back.*", BOOT_TIMEOUT * 3)
            seen = next(i for i, (t, _) in enumerate(m.lines) if t >= at)
            panics = sum(1 for _, l in m.lines
                         if "Attempted to kill init" in l)
            check(panics == 3, "slot A was tried three times", panics)
            check("0.18.2 in slot a" in rb.group(0) and
                  "running 0.18.1 from slot b" in rb.group(0),
                  "then GRUB went back to B, and the system says so",
                  rb.group(0))
            wait_after(m, seen, console, BOOT_TIMEOUT)
            wait_after(m, seen, r"toast shown: system", REACT_TIMEOUT)
            check(True, "and the desktop shows the roll back in a toast")
            m.type_console(b"cat token; updater-host status\r")
            m.wait_for(r"^kept across updates$", REACT_TIMEOUT)
            check(True, "the user's files are intact")
            _, st = m.wait_for(r"^update slot .*", REACT_TIMEOUT)
            check(st.group(0).startswith("update slot b good=b try=-"),
                  "updater status: B, nothing pending", st.group(0))
            check(m.power_off(SHUTDOWN_TIMEOUT) == 0, "power-off")
        env = read_env(disk)
        check(env.get("slot_good") == "b" and env.get("slot_try") == "" and
              env.get("rolled_back") == "", "the boot state is B, settled",
              env)
    finally:
        server.shutdown()
    boot_time(build, work, check, booted, disk)


def boot_time(build, work, check, booted, disk):
    """The boot loader's cost, in the same run: from QEMU's start to the
    kernel's clock starting (QEMU's time at PID 1's first line less the
    kernel's uptime in it), through GRUB and with QEMU loading the same
    kernel and initramfs itself. What comes after (apps, caches on
    /data) is the same system either way and is left out."""
    before = {}
    data = os.path.join(work, "direct.img")
    qemu.make_data_disk(data)
    for name, kw, d in (("GRUB", dict(boot_disk=True), disk),
                        ("direct", {}, data)):
        with booted("boot time " + name, build, d, work, **kw) as m:
            at, pid1 = m.wait_for(r"PID 1 started at uptime ([0-9.]+) s",
                                  BOOT_TIMEOUT)
            before[name] = (at - float(pid1.group(1)), float(pid1.group(1)))
            m.kill()
    check(len(before) == 2, "the same system boots both ways", before)
    if len(before) == 2:
        print("  before the kernel's clock starts (TCG): GRUB %.1f s, "
              "direct %.1f s: the boot loader costs %.1f s; PID 1 at "
              "kernel uptime %.2f s / %.2f s" % (
                  before["GRUB"][0], before["direct"][0],
                  before["GRUB"][0] - before["direct"][0],
                  before["GRUB"][1], before["direct"][1]))
