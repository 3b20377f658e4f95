"""Drivers as apps (issue 19, docs/drivers.md), hosted: the `devices`
capability against a hostile driver, one owner per device, and the real
driver apps (rng, serial, power) and their clients (random, sercon) run
against stand-in devices given with --device NAME=PATH: /dev/urandom for
the RNG, a FIFO the test writes to for a failing RNG and for the power
button, a pseudo terminal for the serial port, plain files for the
battery. The QEMU boot test (tests/boot, `drivers`) runs the same apps
on the real devices. Every wait is for an event; timeouts only bound a
failure."""
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import tempfile
import time

from harness import Run, check
import harness
from console import Console, PROMPT

__all__ = ["test_devices_hostile_driver_reaches_nothing_else",
           "test_devices_one_owner_at_a_time",
           "test_rng_serves_the_random_command",
           "test_driver_failure_is_an_error_then_a_restart",
           "test_killed_driver_is_restarted_and_its_client_recovers",
           "test_a_restarted_driver_still_owns_its_device",
           "test_only_an_admin_sets_the_clock",
           "test_power_button_and_battery_through_the_power_driver",
           "test_serial_line_reaches_an_app_and_its_answer_comes_back",
           "test_desktop_shows_the_battery_from_the_power_driver"]

NOTCAPABLE, FAULT, ACCES, BADF, BUSY = 76, 21, 2, 8, 10


def probe(name, caps='devices = ["hwrng"]\n'):
    return name, ("devprobe",
                  f'[app]\nname = "{name}"\nversion = "1"\n'
                  f'entry = "devprobe.wasm"\nkind = "service"\n\n'
                  f'[capabilities]\nstdio = true\n' + caps)


def results(r, app):
    """{attempt: errno} from the probe's lines."""
    out = {}
    for line in r.lines:
        m = re.search(rf"\[{app}\] {app}: (.+) -> (-?\d+)$", line)
        if m:
            out[m.group(1)] = int(m.group(2))
    return out


def test_devices_hostile_driver_reaches_nothing_else():
    """Granted hwrng, a driver reaches hwrng and nothing else: no other
    row by name, path trick, NUL, case or length; no node by path; no
    RTC control on it. Without the capability, nothing at all."""
    clones = dict([probe("devprobe"), probe("devnone", "")])
    r = Run([], clones=clones, extra=["--device", "hwrng=/dev/urandom"],
            until=["[devprobe] devprobe: done", "[devnone] devnone: done"])
    got = results(r, "devprobe")
    for name in ("rtc0", "../rtc0", "hwrng/../rtc0", "/dev/rtc0",
                 "nul inside", "upper case", "empty", "too long"):
        check(got.get(name) == NOTCAPABLE,
              f"a name outside the grant ({name}) is ENOTCAPABLE", got)
    check(got.get("bad name pointer") == FAULT and
          got.get("bad fd pointer") == FAULT,
          "pointers outside its memory are EFAULT, and nothing is opened", got)
    check(got.get("hwrng to write") == ACCES and
          got.get("hwrng both ways") == ACCES,
          "hwrng is granted to read only", got)
    for path in ("/dev/rtc0", "/dev/hwrng", "../../dev/rtc0"):
        check(got.get(f"path {path}", 0) != 0,
              f"no node is reachable by path ({path})", got)
    check(got.get("hwrng") == 0 and got.get("hwrng again") == 0,
          "its own device opens, and again (the owner holds it)", got)
    check(got.get("rtc control on hwrng") == BADF and
          got.get("rtc control on stdin") == BADF,
          "the RTC's controls work on an rtc0 descriptor only", got)
    check(got.get("two reads differ") == 0, "the device's bytes arrive", got)
    check(r.has("device rtc0 refused: it is not in its devices grant"),
          "a refusal is said in the log, naming the device")
    none = results(r, "devnone")
    check(none.get("hwrng") == NOTCAPABLE and none.get("path /dev/hwrng", 0),
          "an app without devices opens no device, by name or path", none)
    check(r.has("device hwrng: owned by devprobe"), "the claim is logged")
    r.cleanup()


def test_devices_one_owner_at_a_time():
    """Two drivers granted the same device: the first to open it owns
    it, the other is refused with EBUSY and the log names the owner."""
    clones = dict([probe("devclaim-a"), probe("devclaim-b")])
    r = Run([], clones=clones, extra=["--device", "hwrng=/dev/urandom"],
            until=["[devclaim-a] devclaim-a: done",
                   "[devclaim-b] devclaim-b: done"])
    codes = sorted([results(r, "devclaim-a").get("claim hwrng"),
                    results(r, "devclaim-b").get("claim hwrng")],
                   key=lambda c: -1 if c is None else c)
    check(codes == [0, BUSY], "one owns hwrng, the other gets EBUSY", codes)
    check(any(re.search(r"device hwrng refused: devclaim-[ab] owns it", line)
              for line in r.lines), "the refusal names the owner")
    r.cleanup()


class DriverConsole(Console):
    """The console with driver apps installed and stand-in devices."""

    def __init__(self, apps, devices, clones=None):
        super().__init__(tools=("sh",) + tuple(apps),
                         extra=[a for name, path in devices.items()
                                for a in ("--device", f"{name}={path}")],
                         clones=clones)

    def wait_run(self, line, pattern, timeout=60):
        """Runs line again until its output matches pattern (each run
        waits for its prompt); the last output."""
        deadline = time.monotonic() + timeout
        got = None
        while time.monotonic() < deadline:
            got = self.run(line)
            if got is not None and re.search(pattern, got):
                break
        return got

    def run(self, line, until=re.escape(PROMPT)):
        """Types a command line; returns what it printed up to the next
        prompt (or None if the prompt never came)."""
        self.send(line.encode() + b"\r")
        m = self.expect(re.escape(line.encode()) + rb"\r?\n(.*?)" + until)
        return m.group(1).decode("utf-8", "replace") if m else None


def test_rng_serves_the_random_command():
    """`random` asks the rng driver, which reads its device: bytes that
    differ between reads; a bad count is an error."""
    tmp = tempfile.mkdtemp(prefix="vyoma-rng-")
    # The host's own /dev/random: its poll never says writable once the
    # pool is ready (as in the image), and rng feeds it before serving.
    c = DriverConsole(("rng", "random"),
                      {"hwrng": "/dev/urandom", "random": "/dev/random"})
    try:
        check(c.expect(re.escape(PROMPT)) is not None, "the console is up")
        a = c.run("random -n 32")
        b = c.run("random -n 32")
        hexes = [re.fullmatch(r"([0-9a-f]{64})\r\n", x or "") for x in (a, b)]
        check(all(hexes), "random -n 32 prints 64 hex digits", (a, b))
        check(all(hexes) and hexes[0].group(1) != hexes[1].group(1),
              "two reads differ", (a, b))
        bad = c.run("random -n 0; echo status $?")
        check(bad is not None and "status 1" in bad and "random:" in bad,
              "a bad count is refused with a message", bad)
    finally:
        log = c.close()
        shutil.rmtree(tmp, ignore_errors=True)
    check("device hwrng: owned by rng" in log, "rng owns the RNG", log[-800:])
    check(re.search(r"device random: owned by rng", log) is not None,
          "and feeds the kernel's pool", log[-800:])


def test_driver_failure_is_an_error_then_a_restart():
    """A driver whose device fails mid-request: its client gets an error
    at once, never a hang; the driver is restarted with back-off and,
    once the device works again, the client's next request succeeds with
    the device's own bytes."""
    tmp = tempfile.mkdtemp(prefix="vyoma-rngfail-")
    fifo = os.path.join(tmp, "hwrng")
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    os.write(writer, bytes(64))  # what rng feeds the pool at start
    c = DriverConsole(("rng", "random", "echo"), {"hwrng": fifo,
                                                  "random": "/dev/null"})
    try:
        check(c.expect(re.escape(PROMPT)) is not None, "the console is up")
        os.write(writer, bytes(range(0xa0, 0xb0)))
        got = c.run("random -n 16")
        check(got == bytes(range(0xa0, 0xb0)).hex() + "\r\n",
              "the bytes are the device's", got)
        # Nothing in the FIFO: rng waits on it; then the device fails.
        c.send(b"random -n 16; echo status $?\r")
        c.expect(rb"random -n 16; echo status \$\?\r?\n")
        os.close(writer)
        writer = None
        failed = c.expect(rb"(.*?)status (\d+)\r\n", timeout=30)
        check(failed is not None and failed.group(2) == b"1" and
              b"rng" in failed.group(1),
              "the client gets an error naming the driver, not a hang",
              failed and failed.group(0))
        c.expect(re.escape(PROMPT))
        # rng fails again at each start (no device) and backs off; with
        # the device back, a start succeeds and takes its 64 bytes.
        writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
        os.write(writer, bytes(64))
        want = bytes(range(0x10, 0x20)).hex() + "\r\n"
        # Wait for a start to take them (the FIFO empties), then ask.
        deadline = time.monotonic() + 90
        while not fifo_empty(writer) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.write(writer, bytes(range(0x10, 0x20)))
        got = c.run("random -n 16")
        check(got == want, "after the restart the client's request "
              "succeeds, with the device's bytes", got)
    finally:
        log = c.close()
        if writer is not None:
            os.close(writer)
        shutil.rmtree(tmp, ignore_errors=True)
    restarts = re.findall(r"rng: restarting in ([0-9.]+) s", log)
    check(len(restarts) >= 1, "the failed driver is restarted by its policy",
          log[-1500:])
    check(len(restarts) < 30, "with back-off, not in a tight loop", len(restarts))


def test_killed_driver_is_restarted_and_its_client_recovers():
    """`kill rng` ends its run as a failure would (as s6-svc -k or
    systemctl kill): its policy (on-failure) starts it again, and the
    client's next request is served by the new run."""
    c = DriverConsole(("rng", "random", "kill", "ps"),
                      {"hwrng": "/dev/urandom", "random": "/dev/null"})
    got = None
    try:
        check(c.expect(re.escape(PROMPT)) is not None, "the console is up")
        before = c.run("random -n 8")
        killed = c.run("kill rng; echo status $?")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            got = c.run("random -n 8")
            if got and re.fullmatch(r"[0-9a-f]{16}\r\n", got):
                break
        rows = c.run("ps rng")
    finally:
        log = c.close()
    check(before and re.fullmatch(r"[0-9a-f]{16}\r\n", before),
          "rng serves before the kill", before)
    check(killed and "status 0" in killed, "kill rng is accepted", killed)
    check(re.search(r"rng: restarting in [0-9.]+ s \(restart = on-failure\)",
                    log) and "rng: started again (1)" in log,
          "the killed driver is restarted by its policy", log[-1500:])
    check(got and re.fullmatch(r"[0-9a-f]{16}\r\n", got),
          "and the client's request is served by the new run", got)
    check(rows and re.search(r"running .* rng", rows), "rng runs again",
          rows)


def test_a_restarted_driver_still_owns_its_device():
    """After rng is killed and started again by its policy, the new run
    owns hwrng as the first did: another driver granted it is refused."""
    name, (module, text) = probe("devclaim-b")
    text += "\n[lifecycle]\nautostart = false\n"
    c = DriverConsole(("rng", "kill", "start", "log"),
                      {"hwrng": "/dev/urandom", "random": "/dev/null"},
                      clones={name: (module, text)})
    try:
        check(c.expect(re.escape(PROMPT)) is not None, "the console is up")
        c.run("kill rng")
        again = c.wait_run("log rng", r"(?s)serving.*serving")
        c.run("start devclaim-b")
        claim = c.wait_run("log devclaim-b", r"devclaim-b: done")
    finally:
        log = c.close()
    check(again and len(re.findall("serving", again)) >= 2,
          "rng was killed and started again", again)
    check(claim and re.search(rf"claim hwrng -> {BUSY}\b", claim),
          "devclaim-b is refused hwrng: the new run of rng owns it", claim)
    check(re.search(r"device hwrng refused: rng owns it", log) is not None,
          "the refusal names the owner", log[-800:])


def test_only_an_admin_sets_the_clock():
    """rtc asks the supervisor who a set's sender acts for (`peer`) and
    sets the clock for an admin only. The stand-in RTC is a plain file,
    so the admin's set gets as far as the device, which refuses its
    controls; bob's is refused before it."""
    tmp = tempfile.mkdtemp(prefix="vyoma-rtc-")
    rtc = os.path.join(tmp, "rtc0")
    open(rtc, "w").close()
    c = DriverConsole(("rtc", "hwclock", "useradd", "su"), {"rtc0": rtc})
    try:
        check(c.expect(re.escape(PROMPT)) is not None, "the console is up")
        admin = c.run("hwclock --set 2031-01-02T03:04:05Z")
        c.send(b"useradd bob\r")
        c.expect(rb"New password: ")
        c.send(b"secret\r")
        c.expect(rb"Retype new password: ")
        c.send(b"secret\r")
        c.expect(re.escape(PROMPT))
        c.send(b"su bob -c 'hwclock --set 2031-01-02T03:04:05Z'\r")
        c.expect(rb"Password: ")
        c.send(b"secret\r")
        bob = c.expect(rb"\r?\n(.*?)" + re.escape(PROMPT))
        bob = bob.group(1).decode("utf-8", "replace") if bob else None
    finally:
        log = c.close()
        shutil.rmtree(tmp, ignore_errors=True)
    check(admin and "hwclock: rtc: " in admin and "for admins" not in admin,
          "the admin's set passes the check and reaches the device", admin)
    check(bob and "hwclock: setting the clock is for admins" in bob,
          "bob's set is refused", bob)
    check("device rtc0: owned by rtc" in log, "rtc owns rtc0", log[-800:])


def fifo_empty(fd):
    """Has the reader taken everything written to the FIFO?"""
    import fcntl
    import termios
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD,
                                          b"\0\0\0\0"))[0] == 0


def input_event(type_, code, value):
    return struct.pack("<qqHHi", 0, 0, type_, code, value)


def test_power_button_and_battery_through_the_power_driver():
    """The power driver reports the battery and AC from their sysfs
    files, and a press of the power button goes through it to a clean
    shutdown."""
    tmp = tempfile.mkdtemp(prefix="vyoma-power-")
    files = {"battery": "57\n", "battery-status": "Discharging\n", "ac": "0\n"}
    extra = []
    for name, text in files.items():
        with open(os.path.join(tmp, name), "w") as f:
            f.write(text)
        extra += ["--device", f"{name}={os.path.join(tmp, name)}"]
    button = os.path.join(tmp, "button")
    os.mkfifo(button)
    holder = os.open(button, os.O_RDWR | os.O_NONBLOCK)
    extra += ["--device", f"power-button={button}"]

    asked = probe("devask", "")
    r = Run(["power"], clones=dict([asked]), extra=extra,
            until=["[devask] devask: from power: status"])
    got = [line for line in r.lines if "devask: from power:" in line]
    check(got and got[-1].endswith(
        "status ac=offline battery=57 state=Discharging"),
        "status reads the battery and AC", got)
    r.cleanup()
    # The button: the supervisor runs until the driver powers it off.
    cmd = [harness.supervisor_binary(), "--apps", os.path.join(tmp, "apps"),
           "--data", os.path.join(tmp, "data"), "--display", "headless"] + extra
    os.makedirs(os.path.join(tmp, "apps"))
    shutil.copytree(os.path.join(harness.BUILD, "apps", "power"),
                    os.path.join(tmp, "apps", "power"))
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = b""
    deadline = time.monotonic() + 60
    while b"device power-button: owned by power" not in out and \
            time.monotonic() < deadline:
        r_, _, _ = select.select([p.stdout], [], [], 1)
        if r_:
            out += os.read(p.stdout.fileno(), 65536)
    os.write(holder, input_event(1, 116, 1) + input_event(0, 0, 0) +
             input_event(1, 116, 0) + input_event(0, 0, 0))
    try:
        rest, _ = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        rest, _ = p.communicate()
    log = (out + rest).decode("utf-8", "replace")
    os.close(holder)
    shutil.rmtree(tmp, ignore_errors=True)
    check("power: button pressed" in log,
          "the driver sees the press", log[-1500:])
    check(p.returncode == 0 and "power asked to power off" in log \
          and "shutdown complete" in log,
          "and the supervisor shuts down cleanly at its request",
          f"{p.returncode} {log[-800:]}")


def test_serial_line_reaches_an_app_and_its_answer_comes_back():
    """A line typed on the far end of the serial port reaches sercon
    through the serial driver; sercon's answer comes back on the line."""
    master, slave = pty.openpty()
    tty = os.ttyname(slave)
    extra = ["--device", f"ttyS2={tty}", "--device", "hwrng=/dev/urandom",
             "--device", "random=/dev/null"]
    tmp = tempfile.mkdtemp(prefix="vyoma-serial-")
    apps = os.path.join(tmp, "apps")
    for a in ("serial", "sercon", "rng"):
        shutil.copytree(os.path.join(harness.BUILD, "apps", a),
                        os.path.join(apps, a))
    p = subprocess.Popen([harness.supervisor_binary(), "--apps", apps, "--data",
                          os.path.join(tmp, "data"), "--display", "headless"]
                         + extra, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    got = b""

    def wait_for(pattern, timeout=30):
        nonlocal got
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = re.search(pattern, got)
            if m:
                got = got[m.end():]
                return m
            r_, _, _ = select.select([master], [], [], 0.2)
            if r_:
                got += os.read(master, 4096)
        return None
    try:
        answer = None
        # sercon subscribes once serial runs; until then lines are dropped.
        for _ in range(60):
            os.write(master, b"ping\n")
            answer = wait_for(rb"pong\r\n", timeout=1)
            if answer:
                break
        check(answer is not None, "ping typed on the line is answered pong")
        os.write(master, b"echo hello over the wire\n")
        check(wait_for(rb"hello over the wire\r\n") is not None,
              "a line's text comes back through the app")
        os.write(master, b"random\n")
        check(wait_for(rb"[0-9a-f]{16}\r\n") is not None,
              "sercon asks the rng driver and answers with its bytes")
    finally:
        p.terminate()
        try:
            log, _ = p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            log, _ = p.communicate()
        os.close(master)
        os.close(slave)
        shutil.rmtree(tmp, ignore_errors=True)
    check(b"device ttyS2: owned by serial" in log, "serial owns the port",
          log[-800:])


def test_desktop_shows_the_battery_from_the_power_driver():
    """The desktop asks the power driver for the battery: the taskbar
    shows an outline filled as charged and the session menu a line with
    the percentage and state. Geometry at 1024x768: the clock starts at
    x 912, the battery 64 px left of it (outline 848-865, y 746-757,
    its fill from x 850, y 748, 14 px wide when full and 8 high); the
    session menu is 272x144 at (752, 592), its first line at y 604."""
    tmp = tempfile.mkdtemp(prefix="vyoma-battery-")
    files = {"battery": "57\n", "battery-status": "Discharging\n",
             "ac": "0\n"}
    extra = []
    for name, text in files.items():
        with open(os.path.join(tmp, name), "w") as f:
            f.write(text)
        extra += ["--device", f"{name}={os.path.join(tmp, name)}"]
    script = os.path.join(tmp, "input.txt")
    with open(script, "w") as f:
        f.write("1500 click 990 752\n")  # the Power button
    r = Run(["desktop", "power"], size="1024x768",
            extra=extra + ["--input", script],
            until=["[desktop] power: battery 57%",
                   "[desktop] session menu shown"])
    shutil.rmtree(tmp, ignore_errors=True)
    check(not r.timed_out, "the desktop got the battery from power",
          r.out[-2000:])
    text, dim = 0xE6E9EF, 0x98A2B3     # vyoma_ui.h's palette
    fill = r.count(text, (849, 747, 865, 757))
    check(fill == 7 * 8, "the outline is filled 57% (7 of 14 px wide)",
          f"{fill} pixels")
    check(r.count(text, (872, 742, 900, 762)) > 30, "and says 57%")
    check(r.count(dim, (760, 600, 1016, 622)) > 60,
          "the session menu says the battery's charge and state")
    check(not any(line.startswith("[desktop] error") for line in r.lines),
          "the desktop's requests were all taken")
    r.cleanup()
