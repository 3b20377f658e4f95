"""Boot 10: drivers as apps on QEMU's real devices (docs/drivers.md).

  - rng owns virtio-rng: `random` gives bytes that differ between reads
    and pass a monobit and a chi-square test; `kill rng` and its policy
    starts it again, and `random` is served by the new run;
  - rtc owns the CMOS clock: `hwclock --set` sets it, the system clock
    follows (`date`), and after a reset of the machine (QEMU's RTC keeps
    its time, as a PC's battery-backed one does) the new boot reads the
    time that was set;
  - serial owns ttyS2, a Unix socket on the host: a line typed there
    reaches sercon and its answer comes back, the RTC's date included;
  - power owns the ACPI power button: the button (QMP system_powerdown)
    goes through it to a clean power-off.
"""
import math
import os
import re
import socket
import time

import qemu

BOOT_TIMEOUT = 240
REACT_TIMEOUT = 120
SHUTDOWN_TIMEOUT = 90
SET_TO = "2031-01-02T03:04:05Z"


def lines_since(m, seen, pattern, timeout=REACT_TIMEOUT):
    """The first match of pattern in a serial line after the first seen."""
    rx = re.compile(pattern)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for _, line in m.lines[seen:]:
            found = rx.search(line)
            if found:
                return found
        time.sleep(0.1)
    return None


def random_bits_ok(data):
    """Monobit within 4.5 sigma, and a chi-square over nibbles below
    the 1e-5 tail (df 15): a working RNG fails about once in 10^5 runs."""
    bits = sum(bin(b).count("1") for b in data)
    n = 8 * len(data)
    monobit = abs(bits - n / 2) / (math.sqrt(n) / 2)
    counts = [0] * 16
    for b in data:
        counts[b >> 4] += 1
        counts[b & 15] += 1
    expect = 2 * len(data) / 16
    chi2 = sum((c - expect) ** 2 / expect for c in counts)
    return monobit < 4.5 and chi2 < 44.3, monobit, chi2


class Line:
    """The host's end of ttyS2."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        deadline = time.monotonic() + 30
        while True:
            try:
                self.sock.connect(path)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.got = b""

    def ask(self, text, pattern, timeout=REACT_TIMEOUT, again=1.0):
        """Sends text (again every `again` seconds until the answer:
        lines before a driver runs are dropped) and returns the match."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        sent = 0.0
        while time.monotonic() < deadline:
            if time.monotonic() - sent >= again:
                self.sock.sendall(text)
                sent = time.monotonic()
            self.sock.settimeout(0.2)
            try:
                chunk = self.sock.recv(4096)
            except socket.timeout:
                chunk = b""
            self.got += chunk
            found = rx.search(self.got)
            if found:
                self.got = self.got[found.end():]
                return found
        return None

    def close(self):
        self.sock.close()


def boots(build, work, check, booted, as_user, user):
    print("boot 10: drivers as apps")
    disk = os.path.join(work, "drivers.img")
    qemu.make_data_disk(disk)
    line_path = os.path.join(work, "ttyS2.sock")
    with booted("drivers boot", build, disk, work, line=line_path,
                extra_cmdline=as_user) as m:
        for device, driver in (("hwrng", "rng"), ("rtc0", "rtc"),
                               ("ttyS2", "serial"),
                               ("power-button", "power")):
            m.wait_for(r"vyoma: device %s: owned by %s$" % (device, driver),
                       BOOT_TIMEOUT)
            check(True, "%s owns %s" % (driver, device))
        m.wait_for(r"vyoma: console: sh#\d+ on the console for %s$" % user,
                   BOOT_TIMEOUT)
        # rng: two reads differ, and the bytes look random.
        seen = len(m.lines)
        m.type_console(b"random -n 2048; random -n 2048\r")
        reads = []
        deadline = time.monotonic() + REACT_TIMEOUT
        while len(reads) < 2 and time.monotonic() < deadline:
            reads = [line for _, line in m.lines[seen:]
                     if re.fullmatch(r"[0-9a-f]{4096}", line)]
            time.sleep(0.1)
        check(len(reads) == 2, "random -n 2048 prints 4096 hex digits, twice",
              m.transcript(-5))
        if len(reads) == 2:
            check(reads[0] != reads[1], "two reads from rng differ")
            ok, monobit, chi2 = random_bits_ok(bytes.fromhex(reads[0]) +
                                               bytes.fromhex(reads[1]))
            check(ok, "rng's bytes pass a monobit (%.2f sigma) and a "
                  "chi-square (%.1f, df 15) test" % (monobit, chi2))
        # A killed driver is started again by its policy; the client's
        # next request is served by the new run. One line, so nothing is
        # typed while kill runs (it returns once the run it stopped has
        # ended, here when the policy has started the next).
        # What is typed while a command runs is its input: each line
        # waits for the shell's prompt (a CI run lost half of one).
        m.wait_for_prompt("@vyoma:~$ ", REACT_TIMEOUT)
        seen = len(m.lines)
        m.type_console(b"kill rng; random -n 16\r")
        check(lines_since(m, seen, r"vyoma: rng: started again") is not None,
              "kill rng: the driver is restarted by its policy",
              m.transcript(-6))
        check(lines_since(m, seen, r"^[0-9a-f]{32}$") is not None,
              "and random is served by the new run", m.transcript(-4))
        # rtc: set it; the system clock follows.
        m.wait_for_prompt("@vyoma:~$ ", REACT_TIMEOUT)
        seen = len(m.lines)
        m.type_console(b"hwclock --set %s; date -u +%%Y-%%m-%%d\r"
                       % SET_TO.encode())
        check(lines_since(m, seen, r"^%s$" % re.escape(SET_TO)) is not None,
              "hwclock --set answers with the RTC's new time",
              m.transcript(-6))
        check(lines_since(m, seen, r"^2031-01-02$") is not None,
              "and date shows the system clock set from it",
              m.transcript(-6))
        # serial: a line from the host reaches sercon, and back.
        line = Line(line_path)
        try:
            check(line.ask(b"ping\n", rb"pong\r\n") is not None,
                  "ping typed on ttyS2's far end is answered pong")
            check(line.ask(b"date\n", rb"2031-01-02T0\d:\d\d:\d\dZ\r\n",
                           again=30) is not None,
                  "sercon asks rtc for the date and answers on the line")
            check(line.ask(b"random\n", rb"[0-9a-f]{16}\r\n", again=30)
                  is not None, "and rng for random bytes")
        finally:
            line.close()
        # A reset: QEMU's RTC keeps the time set, as a PC's does.
        seen = len(m.lines)
        m.connect().execute("system_reset")
        found = lines_since(m, seen, r"vyoma: clock: set from the RTC to "
                            r"(\d{4}-\d\d-\d\d)", BOOT_TIMEOUT)
        check(found is not None and found.group(1) == "2031-01-02",
              "after a reboot the rtc driver reads the time that was set",
              found and found.group(0))
        lines_since(m, seen, r"vyoma: device power-button: owned by power",
                    BOOT_TIMEOUT)
        # The power button, through the power driver.
        seen = len(m.lines)
        status = m.power_off(SHUTDOWN_TIMEOUT)
        text = "\n".join(line for _, line in m.lines[seen:])
        check("power: button pressed" in text,
              "the power button's press reaches the power driver",
              text[-600:])
        check(status == 0 and "reboot: Power down" in text,
              "which shuts the machine down cleanly", status)
