#!/usr/bin/env python3
"""qemu.py - VyomaOS in QEMU: the one place that knows the machine.

`make run`, the boot test (tests/boot/run.py) and the boot benchmark
(bench/boot.py) all build their QEMU command line here, so what is tested
is what a user boots:

    python3 tools/qemu.py run --build build         # make run: the disk image
    python3 tools/qemu.py run --direct --build build  # make run-direct
    python3 tools/qemu.py screenshot out.png        # of a running `make run`
    python3 tools/qemu.py accel                     # kvm or tcg, and why

KVM is used when it works, TCG otherwise: /dev/kvm can exist and still
fail or crawl, so a probe boots the kernel under KVM to its first panic
and keeps KVM only if that is quick. VYOMA_ACCEL=kvm|tcg overrides it.
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

QEMU = "qemu-system-x86_64"
SCREEN = (1280, 800)
MEMORY_MB = 512
CPUS = 2  # the kernel is built for two (NR_CPUS in kernel/vyoma.config)
# The kernel's command line; words after "--" reach /init as arguments.
# Not acpi=noirq: it saved 0.7 s under TCG (ACPI's PCI interrupt links
# are slow to evaluate in emulation) but left the kernel on one CPU, as
# without ACPI's interrupt model it looks for MP tables, which it is built
# not to parse. Boot 1 checks both CPUs run.
# ip=:::::eth0:dhcp: the kernel's own DHCP client configures eth0 before
# /init runs (QEMU's user network: 10.0.2.15/24, gateway 10.0.2.2, DNS
# 10.0.2.3); naming eth0 means it waits for no other device. It costs
# no measurable boot time here (a lease in milliseconds); without a DHCP
# server it would retry for about three minutes (170 s under TCG), but
# QEMU's user network always has one.
CMDLINE = ("console=ttyS0 quiet loglevel=4 panic=-1 video=1280x800 "
           "ip=:::::eth0:dhcp")
# The guest port `make run` forwards from the host's 127.0.0.1, so a
# service in VyomaOS (httpd's default port) is reachable from the host.
GUEST_HTTP_PORT = 8080
ABS_MAX = 0x7FFF  # QEMU's range for absolute pointer axes
KVM_PROBE_SECONDS = 5
DEFAULT_KERNEL = os.path.join("build", "images", "bzImage")

_accel_cache = None


def _probe_kvm(kernel):
    """Boots kernel under KVM to its no-root-fs panic: True if quick.

    /dev/kvm can open and QEMU can start and still be unusable: on some
    nested hosts a guest runs hundreds of times slower than under TCG.
    A healthy KVM gets this kernel to its panic in well under a second.
    """
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return False, "/dev/kvm is missing or not accessible"
    cmd = [QEMU, "-accel", "kvm", "-M", "pc", "-m", "128", "-cpu", "host",
           "-nodefaults", "-no-user-config", "-no-reboot",
           "-display", "none", "-serial", "none",
           "-kernel", kernel, "-append", "panic=-1 quiet"]
    start = time.monotonic()
    try:
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True,
                              timeout=KVM_PROBE_SECONDS)
    except subprocess.TimeoutExpired:
        return False, ("KVM too slow: the kernel did not reach its panic"
                       " in %d s" % KVM_PROBE_SECONDS)
    except OSError as e:
        return False, str(e)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["QEMU failed"])[-1]
        return False, "KVM failed: " + reason
    return True, "KVM probe booted the kernel in %.2f s" % (
        time.monotonic() - start)


def accel(kernel=None):
    """("kvm" | "tcg", reason), decided once per process."""
    global _accel_cache
    if _accel_cache is None:
        forced = os.environ.get("VYOMA_ACCEL")
        if forced in ("kvm", "tcg"):
            _accel_cache = (forced, "VYOMA_ACCEL=" + forced)
        else:
            ok, why = _probe_kvm(kernel or DEFAULT_KERNEL)
            _accel_cache = ("kvm" if ok else "tcg", why)
    return _accel_cache


def make_data_disk(path, size_mb=64, populate=None):
    """An ext4 image for /data, created once; an existing one is kept.
    populate: a directory whose contents the new disk starts with."""
    if os.path.exists(path):
        return False
    mkfs = shutil.which("mkfs.ext4") or "/sbin/mkfs.ext4"
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.truncate(size_mb << 20)
    # Project quotas: the supervisor holds each app's /data to its limit.
    subprocess.run([mkfs, "-q", "-F", "-L", "vyoma-data", "-O", "quota,project",
                    "-E", "quotatype=prjquota,root_owner=0:0"] +
                   (["-d", populate] if populate else []) + [tmp], check=True)
    os.rename(tmp, path)
    return True


def gpt_partitions(path):
    """{GPT name: (first byte, size in bytes)} of a disk image."""
    import struct
    with open(path, "rb") as f:
        f.seek(512)
        header = f.read(92)
        if header[:8] != b"EFI PART":
            return {}
        entries_lba, count, size = struct.unpack_from("<QII", header, 72)
        f.seek(entries_lba * 512)
        table = f.read(count * size)
    parts = {}
    for i in range(count):
        e = table[i * size:(i + 1) * size]
        first, last = struct.unpack_from("<QQ", e, 32)
        if first == 0:
            continue
        name = e[56:128].decode("utf-16-le").split("\0")[0]
        parts[name] = (first * 512, (last - first + 1) * 512)
    return parts


def flash(image, disk):
    """The machine's disk from a new image, as a user who flashes it
    keeping their data would: the image's boot loader, state and slots,
    the old disk's /data when the layouts agree. True if data was kept."""
    old = gpt_partitions(disk) if os.path.exists(disk) else {}
    new = gpt_partitions(image)
    tmp = disk + ".tmp"
    subprocess.run(["cp", "--sparse=always", image, tmp], check=True)
    kept = "vyoma-data" in old and old.get("vyoma-data") == new.get(
        "vyoma-data")
    if kept:
        start, size = old["vyoma-data"]
        subprocess.run(["dd", "if=" + disk, "of=" + tmp, "bs=1M",
                        "skip=%d" % (start >> 20), "seek=%d" % (start >> 20),
                        "count=%d" % (size >> 20), "conv=notrunc,sparse",
                        "status=none"], check=True)
    os.rename(tmp, disk)
    return kept


def free_port():
    """A TCP port on the host's 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_is_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def command(kernel, initrd, disk=None, qmp=None, display="none",
            serial="stdio", log="null", accel_name=None, extra_cmdline="",
            forwards=(), line="null"):
    """The QEMU command line for booting kernel + initrd, or with no
    kernel, the disk (the disk image's boot loader).

    Two serial ports: ttyS0 (serial) is the console, where the kernel
    speaks and the supervisor runs a shell; ttyS1 (log) carries the
    supervisor's log, so log lines never garble what a person types;
    ttyS2 (line) is the serial port the `serial` driver app owns.
    forwards: (host port, guest port) pairs, TCP from the host's
    127.0.0.1 to the guest (QEMU's user network, hostfwd)."""
    accel_name = accel_name or accel(kernel or DEFAULT_KERNEL)[0]
    netdev = "user,id=net0" + "".join(
        ",hostfwd=tcp:127.0.0.1:%d-:%d" % pair for pair in forwards)
    cmd = [QEMU, "-accel", accel_name, "-M", "pc", "-m", str(MEMORY_MB),
           "-smp", str(CPUS), "-nodefaults", "-no-user-config",
           "-cpu", "host" if accel_name == "kvm" else "max"]
    if kernel:
        cmd += ["-kernel", kernel, "-initrd", initrd,
                "-append", (CMDLINE + " " + extra_cmdline).strip()]
    cmd += ["-serial", serial, "-serial", log, "-serial", line,
            "-display", display,
           "-device", "VGA,xres=%d,yres=%d" % SCREEN,
           "-device", "virtio-keyboard-pci",
           "-device", "virtio-tablet-pci",
           "-device", "virtio-rng-pci",
           "-netdev", netdev, "-device",
           "virtio-net-pci,netdev=net0",
           "-rtc", "base=utc"]
    if disk:
        cmd += ["-drive", "file=%s,format=raw,if=virtio,cache=writeback"
                % disk]
    if qmp:
        cmd += ["-qmp", "unix:%s,server=on,wait=off" % qmp]
    return cmd


class QMP:
    """A minimal QMP client: one command at a time, events kept aside."""

    def __init__(self, path, timeout=30):
        deadline = time.time() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        self.file = self.sock.makefile("rw")
        self.events = []
        json.loads(self.file.readline())  # the greeting
        self.execute("qmp_capabilities")

    def execute(self, name, **args):
        msg = {"execute": name}
        if args:
            msg["arguments"] = args
        self.file.write(json.dumps(msg) + "\n")
        self.file.flush()
        while True:
            line = self.file.readline()
            if not line:
                raise EOFError("QMP closed during " + name)
            reply = json.loads(line)
            if "event" in reply:
                self.events.append(reply)
                continue
            if "error" in reply:
                raise RuntimeError("%s: %s" % (name, reply["error"]))
            return reply.get("return")

    def screendump(self, path):
        self.execute("screendump", filename=os.path.abspath(path),
                     format="png")

    def keys(self, qcodes, down):
        events = [{"type": "key", "data": {
            "down": down, "key": {"type": "qcode", "data": q}}}
            for q in qcodes]
        self.execute("input-send-event", events=events)

    def press(self, *qcodes):
        """Presses the keys in order (modifiers first), releases them."""
        self.keys(qcodes, True)
        self.keys(list(reversed(qcodes)), False)

    def type(self, text, pause=0.015):
        """Types text at about 60 characters a second.

        QEMU's virtio keyboard drops a whole report when the guest has
        not yet handed back event buffers (64 of them), and a guest
        under TCG on a busy host can be that slow: faster than a person
        types, keys were lost.
        """
        for ch in text:
            self.press(*QCODES[ch])
            time.sleep(pause)

    def move(self, x, y):
        w, h = SCREEN
        self.pointer_events([
            {"type": "abs", "data": {"axis": "x",
                                     "value": x * ABS_MAX // (w - 1)}},
            {"type": "abs", "data": {"axis": "y",
                                     "value": y * ABS_MAX // (h - 1)}}])

    def pointer_events(self, events, pause=0.03):
        """Sends tablet events, then gives the guest time to take them:
        like keys (see type()), a report the guest has no buffer for yet
        is dropped by QEMU, and a lost move makes a click land where the
        pointer was before."""
        self.execute("input-send-event", events=events)
        time.sleep(pause)

    def click(self, x, y, button="left"):
        self.move(x, y)
        self.button(True, button)
        self.button(False, button)

    def button(self, down, button="left"):
        self.pointer_events([
            {"type": "btn", "data": {"down": down, "button": button}}])

    def drag(self, x0, y0, x1, y1, steps=8):
        """Left button down at (x0, y0), moved in steps, up at (x1, y1)."""
        self.move(x0, y0)
        self.button(True)
        for i in range(1, steps + 1):
            self.move(x0 + (x1 - x0) * i // steps, y0 + (y1 - y0) * i // steps)
        self.button(False)

    def close(self):
        self.file.close()
        self.sock.close()


def _qcodes():
    """Character -> QEMU key names on a US keyboard."""
    table = {" ": ["spc"], "\n": ["ret"], "-": ["minus"], "=": ["equal"],
             ".": ["dot"], ",": ["comma"], "/": ["slash"],
             ";": ["semicolon"], "'": ["apostrophe"],
             ":": ["shift", "semicolon"], "@": ["shift", "2"],
             "_": ["shift", "minus"], "!": ["shift", "1"],
             "|": ["shift", "backslash"], ">": ["shift", "dot"],
             "<": ["shift", "comma"], "$": ["shift", "4"],
             "&": ["shift", "7"], "*": ["shift", "8"],
             "\\": ["backslash"], "~": ["shift", "grave_accent"]}
    for c in "abcdefghijklmnopqrstuvwxyz0123456789":
        table[c] = [c]
    for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[c] = ["shift", c.lower()]
    return table


QCODES = _qcodes()


class Machine:
    """A booted VyomaOS: serial transcript, QMP, and clean shutdown."""

    def __init__(self, build, disk, workdir, accel_name=None,
                 extra_cmdline="", kernel=None, initrd=None, forwards=(),
                 boot_disk=False, line=None):
        """forwards: guest TCP ports to reach from the host, each from a
        free port on the host's 127.0.0.1: self.forwarded[guest_port].
        boot_disk: boot disk (a copy of the disk image) through its boot
        loader instead of the kernel directly. line: a Unix socket path
        QEMU listens on for ttyS2 (the serial driver's port)."""
        self.qmp_path = os.path.join(workdir, "qmp.sock")
        self.forwarded = {guest: free_port() for guest in forwards}
        self.lines = []  # (seconds since start, line)
        self.cond = threading.Condition()
        images = os.path.join(build, "images")
        # The log port connects to us: listening first, no line is lost.
        log_path = os.path.join(workdir, "log.sock")
        if os.path.exists(log_path):  # the last boot's, in the same place
            os.unlink(log_path)
        self.log_listener = socket.socket(socket.AF_UNIX)
        self.log_listener.bind(log_path)
        self.log_listener.listen(1)
        if boot_disk:
            kernel = initrd = None
        else:
            kernel = kernel or os.path.join(images, "bzImage")
            initrd = initrd or os.path.join(images, "initramfs.cpio.xz")
        cmd = command(kernel, initrd,
                      disk=disk, qmp=self.qmp_path, accel_name=accel_name,
                      extra_cmdline=extra_cmdline,
                      log="unix:%s" % log_path,
                      forwards=[(host, guest) for guest, host in
                                self.forwarded.items()],
                      line="unix:%s,server=on,wait=off" % line if line
                      else "null")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.console = []  # (seconds, line) from ttyS0 alone
        self.partial = ""  # ttyS0's unfinished line: a prompt, say
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.log_reader = threading.Thread(target=self._read_log, daemon=True)
        self.log_reader.start()
        self.qmp = None

    def _add(self, raw, console):
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        with self.cond:
            entry = (time.monotonic() - self.started, line)
            self.lines.append(entry)
            if console:
                self.console.append(entry)
            self.cond.notify_all()

    def _read(self):
        """ttyS0: the kernel and the console's shell (QEMU's stdout).
        What follows the last new line is kept in self.partial: a
        prompt ("Password: ") ends no line until it is answered."""
        pending = b""
        while True:
            chunk = self.proc.stdout.read1(65536)
            if not chunk:
                break
            *done, pending = (pending + chunk).split(b"\n")
            for raw in done:
                self._add(raw, True)
            with self.cond:
                self.partial = pending.decode("utf-8", "replace")
                self.cond.notify_all()
        if pending:
            self._add(pending, True)
        with self.cond:
            self.partial = ""
            self.cond.notify_all()

    def _read_log(self):
        """ttyS1: the supervisor's log."""
        self.log_listener.settimeout(60)
        try:
            conn, _ = self.log_listener.accept()
        except OSError:
            return
        with conn, conn.makefile("rb") as f:
            for raw in f:
                self._add(raw, False)
        with self.cond:
            self.cond.notify_all()

    def type_console(self, data):
        """Bytes to the serial console, as if typed on a serial line."""
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def wait_for(self, pattern, timeout):
        """The first serial line matching pattern: (seconds, match)."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            seen = 0
            while True:
                for at, line in self.lines[seen:]:
                    m = rx.search(line)
                    if m:
                        return at, m
                seen = len(self.lines)
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None
                                 and not self.reader.is_alive()):
                    raise TimeoutError("no serial line matching %r in %.0f s"
                                       "; last lines:\n%s" % (
                                           pattern, timeout,
                                           self.transcript(-25)))
                self.cond.wait(min(left, 0.5))

    def wait_for_prompt(self, prompt, timeout):
        """Until the console's unfinished line ends with prompt (one
        that asks and waits: no new line after it). The prompt waited
        for must differ from the one answered just before."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while not self.partial.endswith(prompt):
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None
                                 and not self.reader.is_alive()):
                    raise TimeoutError("no prompt %r on the console in "
                                       "%.0f s; it shows %r after:\n%s" % (
                                           prompt, timeout, self.partial,
                                           self.transcript(-25)))
                self.cond.wait(min(left, 0.5))

    def transcript(self, last=None):
        with self.cond:
            lines = self.lines if last is None else self.lines[last:]
            return "\n".join(line for _, line in lines)

    def connect(self):
        if not self.qmp:
            self.qmp = QMP(self.qmp_path)
        return self.qmp

    def power_off(self, timeout):
        """The ACPI power button; returns QEMU's exit status."""
        self.connect().execute("system_powerdown")
        return self.wait_exit(timeout)

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout)
        finally:
            if self.qmp:
                self.qmp.close()
                self.qmp = None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log_listener.close()


def run(build, direct=False):
    """make run: a window on a desktop, the serial console on the terminal.
    The disk image through its boot loader, or (direct) the kernel and
    initramfs with /data on a disk of its own."""
    images = os.path.join(build, "images")
    if direct:
        disk = os.path.join(build, "data.img")
        if make_data_disk(disk):
            print("qemu: created %s (ext4, 64 MiB) for /data" % disk)
    else:
        disk = os.path.join(build, "disk.img")
        image = os.path.join(images, "vyoma.img")
        if not os.path.exists(disk) or (os.path.getmtime(image) >
                                        os.path.getmtime(disk)):
            kept = flash(image, disk)
            print("qemu: flashed %s onto %s%s" % (
                image, disk, ", keeping its /data" if kept else ""))
    name, why = accel(os.path.join(images, "bzImage"))
    display = "none"
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        if subprocess.run(["bash", os.path.join(os.path.dirname(__file__),
                                                "setup.sh"), "--gui"]
                          ).returncode == 0:
            display = "gtk"
    qmp = os.path.join(build, "qmp.sock")
    log = os.path.join(build, "vyoma.log")
    host_port = int(os.environ.get("VYOMA_HOST_PORT", GUEST_HTTP_PORT))
    forwards = [(host_port, GUEST_HTTP_PORT)]
    if not port_is_free(host_port):
        print("qemu: the host's port %d is taken, so nothing is forwarded"
              " to the guest (VYOMA_HOST_PORT=N picks another)" % host_port)
        forwards = []
    cmd = command(os.path.join(images, "bzImage") if direct else None,
                  os.path.join(images, "initramfs.cpio.xz"), disk=disk,
                  qmp=qmp, display=display, serial="mon:stdio",
                  log="file:" + log, forwards=forwards)
    print("qemu: %s (%s); the serial console's shell below; Ctrl-A X quits;"
          " the supervisor's log: tail -f %s" % (name.upper(), why, log))
    for host, guest in forwards:
        print("qemu: http://127.0.0.1:%d/ on this machine reaches port %d"
              " in VyomaOS (for example: httpd &)" % (host, guest))
    if display == "none":
        print("qemu: no desktop display, so no window; for a screenshot,"
              " from another terminal:\n"
              "      python3 tools/qemu.py screenshot shot.png")
    sys.stdout.flush()
    os.execvp(cmd[0], cmd)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    r = sub.add_parser("run")
    r.add_argument("--build", default="build")
    r.add_argument("--direct", action="store_true",
                   help="the kernel directly: no boot loader, no slots")
    s = sub.add_parser("screenshot")
    s.add_argument("png")
    s.add_argument("--build", default="build")
    a = sub.add_parser("accel")
    a.add_argument("--build", default="build")
    sub.add_parser("cmdline")  # for the disk image's boot loader
    d = sub.add_parser("mkdata")
    d.add_argument("path")
    d.add_argument("mib", type=int)
    args = ap.parse_args()
    if args.what == "run":
        run(args.build, args.direct)
    elif args.what == "cmdline":
        print(CMDLINE)
    elif args.what == "mkdata":
        make_data_disk(args.path, args.mib)
    elif args.what == "screenshot":
        q = QMP(os.path.join(args.build, "qmp.sock"), timeout=2)
        q.screendump(args.png)
        print(args.png)
    else:
        print("%s (%s)" % accel(os.path.join(args.build, "images",
                                             "bzImage")))


if __name__ == "__main__":
    main()
