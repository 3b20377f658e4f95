"""The serial console's shell, hosted: the supervisor gets a pseudo
terminal as its console (--console), runs `sh -i` on it (console.c) and
the test types on the other end as a person on a serial line would:
raw bytes in, the shell's echo and output back. Every wait is for what
the screen shows (a prompt, a line), never a fixed time."""
import os
import pty
import re
import select
import shutil
import subprocess
import tempfile
import time

from harness import check
import harness

PROMPT = b"user@vyoma:~$ "
WAIT = 30  # seconds for anything to show up: generous, never slept

# The command apps the console tests use, and the shell.
TOOLS = ("sh", "echo", "cat", "tr", "yes", "sleep", "wc", "seq", "head",
         "ls", "ps", "true", "false", "su", "useradd")


class Console:
    """A supervisor whose console is a pty; send() types, expect() waits."""

    def __init__(self, tools=TOOLS, extra=(), clones=None):
        self.tmp = tempfile.mkdtemp(prefix="vyoma-console-")
        apps = os.path.join(self.tmp, "apps")
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(apps)
        os.makedirs(self.home)
        for t in tools:
            src = os.path.join(harness.BUILD, "apps", t)
            if os.path.isdir(src):
                shutil.copytree(src, os.path.join(apps, t))
        harness.install_libs(apps)
        # name -> (test app module, manifest text), as Run's clones.
        for name, (module, text) in (clones or {}).items():
            harness.install_app(apps, name, harness.app_wasm(module), text)
        # The test keeps the slave open too: a pty whose slave no one
        # holds reads EIO, as before the supervisor opens it.
        self.master, self.slave = pty.openpty()
        self.proc = subprocess.Popen(
            [harness.supervisor_binary(), "--apps", apps, "--home", self.home,
             "--data", os.path.join(self.tmp, "data"),
             "--console", os.ttyname(self.slave)] + list(extra),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.out = b""
        self.screen = b""  # everything shown, expect() or not

    def send(self, data):
        os.write(self.master, data)

    def expect(self, pattern, timeout=WAIT):
        """Waits until the screen so far matches pattern (bytes regex)
        after what earlier expects consumed; returns the match."""
        rx = re.compile(pattern, re.S)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.out)
            if m:
                self.out = self.out[m.end():]
                return m
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if r:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return None
                self.out += chunk
                self.screen += chunk

    def close(self):
        self.proc.terminate()
        try:
            log, _ = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            log, _ = self.proc.communicate()
        os.close(self.master)
        os.close(self.slave)
        shutil.rmtree(self.tmp, ignore_errors=True)
        return log.decode("utf-8", "replace")


def test_console_shell_runs_a_pipeline():
    c = Console()
    try:
        check(c.expect(re.escape(PROMPT)) is not None,
              "the console shows the shell's prompt with the working directory",
              c.out[-300:])
        c.send(b"echo hello world | tr a-z A-Z\r")
        check(c.expect(rb"echo hello world \| tr a-z A-Z\r?\n") is not None,
              "what is typed is echoed (the shell is the line discipline)")
        check(c.expect(rb"HELLO WORLD\r\n") is not None,
              "the pipeline's output is on the console, CR LF", c.out[-300:])
        check(c.expect(re.escape(PROMPT)) is not None, "then a new prompt")
        c.send(b"nosuchcommand\r")
        check(c.expect(rb"sh: nosuchcommand: command not found") is not None,
              "an unknown command says so", c.out[-300:])
        c.send(b"echo status $?\r")
        check(c.expect(rb"status 127\r\n") is not None, "with status 127")
    finally:
        log = c.close()
    check("console: sh#" in log, "the supervisor logged the console's shell",
          log[-500:])


def test_console_ctrl_c_stops_the_foreground_job():
    c = Console()
    try:
        c.expect(re.escape(PROMPT))
        c.send(b"yes\r")
        check(c.expect(rb"(y\r\n){50}") is not None, "yes floods the console")
        c.send(b"\x03")
        check(c.expect(rb"\^C.*" + re.escape(PROMPT)) is not None,
              "Ctrl-C stops it and the prompt comes back", c.out[-200:])
        c.send(b"echo after $?\r")
        check(c.expect(rb"after 130\r\n") is not None,
              "the interrupted job's status is 130", c.out[-200:])
    finally:
        c.close()


def test_console_line_editing_history_and_completion():
    c = Console()
    try:
        c.expect(re.escape(PROMPT))
        # Backspace, Ctrl-U (kill the line), Ctrl-A/E (home/end).
        c.send(b"echo abcX\x7f\r")
        check(c.expect(rb"\nabc\r\n") is not None, "Backspace edits the line",
              c.out[-200:])
        c.send(b"rubbish\x15echo clean\r")
        check(c.expect(rb"\nclean\r\n") is not None, "Ctrl-U kills the line",
              c.out[-200:])
        c.send(b"cho middle\x01e\x05 end\r")
        check(c.expect(rb"\nmiddle end\r\n") is not None,
              "Ctrl-A goes home, Ctrl-E to the end", c.out[-200:])
        c.send(b"echo from history\r")
        c.expect(rb"\nfrom history\r\n")
        c.send(b"\x1b[A\r")
        check(c.expect(rb"\nfrom history\r\n") is not None,
              "Up brings back the last line", c.out[-200:])
        c.send(b"ech\t wow\r")
        check(c.expect(rb"\nwow\r\n") is not None,
              "Tab completes a command name", c.out[-200:])
        c.expect(re.escape(PROMPT))
        c.send(b"\x04")
        check(c.expect(re.escape(PROMPT)) is not None,
              "Ctrl-D on an empty line ends the shell, and the console "
              "starts another", c.out[-200:])
    finally:
        c.close()


def test_console_history_is_kept_in_the_home():
    c = Console()
    try:
        c.expect(re.escape(PROMPT))
        c.send(b"echo remember me\r")
        c.expect(rb"\nremember me\r\n")
        c.expect(re.escape(PROMPT))
        c.send(b"\x04")
        c.expect(re.escape(PROMPT))
        c.send(b"cat ~/.sh_history\r")
        check(c.expect(rb"echo remember me\r\n") is not None,
              "the history is in ~/.sh_history and survives the shell",
              c.out[-300:])
        # What is typed while a job runs is the job's input: wait.
        c.expect(re.escape(PROMPT))
        c.send(b"\x1b[A\x1b[A\r")
        check(c.expect(rb"\nremember me\r\n") is not None,
              "a new shell's Up reaches the last one's lines", c.out[-300:])
    finally:
        c.close()


def test_console_background_jobs():
    c = Console()
    try:
        c.expect(re.escape(PROMPT))
        c.send(b"sleep 30 &\r")
        check(c.expect(re.escape(PROMPT)) is not None,
              "& gives the prompt back at once", c.out[-200:])
        c.send(b"jobs\r")
        check(c.expect(rb"\[1\]\+? +Running +sleep 30") is not None,
              "jobs lists it as running", c.out[-200:])
        c.send(b"fg\r")
        c.expect(rb"sleep 30")
        c.send(b"\x03")
        check(c.expect(re.escape(PROMPT)) is not None,
              "fg brings it to the foreground, where Ctrl-C stops it",
              c.out[-200:])
        c.send(b"echo x; jobs; echo y\r")
        check(c.expect(rb"\nx\r\ny\r\n") is not None, "and it is gone",
              c.out[-200:])
    finally:
        c.close()


def test_console_passwords_typed_to_a_job_are_not_echoed():
    """A password tool under the shell reads a pipe from it, and the
    shell echoes what is typed; the tool's echo sequence (docs/shell.md)
    turns that off for its line: erasing and Enter still work, Ctrl-C
    still stops the job, the echo is back for the next command even
    when the job was stopped before it said so, and in su's shell (a
    shell under the shell) the inner one passes the sequence on. The
    sequence itself never reaches the screen. `user` has no password,
    so su to it fails: after the password has been read."""
    secrets = [b"Sekr1tPw", b"Hidd3nPw", b"B0bsPass", b"Inn3rPw"]
    c = Console()
    try:
        c.expect(re.escape(PROMPT))
        c.send(b"su user -c true\r")
        check(c.expect(rb"su user -c true\r\nPassword: ") is not None,
              "the command is echoed, then the prompt", c.out[-200:])
        c.send(b"Sekr1tPwX\x7f\r")
        check(c.expect(rb"\A\r\nsu: Authentication failure\r\n"
                       + re.escape(PROMPT)) is not None,
              "only Enter's new line shows for the password, which is "
              "refused", c.out[-200:])
        c.send(b"echo shown again\r")
        check(c.expect(rb"echo shown again\r\nshown again\r\n") is not None,
              "the next command is echoed", c.out[-200:])
        c.expect(re.escape(PROMPT))
        c.send(b"su user -c true\r")
        c.expect(rb"Password: ")
        c.send(b"Hidd3nPw\x03")
        check(c.expect(rb"\A\^C\r\n" + re.escape(PROMPT)) is not None,
              "Ctrl-C stops a job that turned the echo off", c.out[-200:])
        c.send(b"echo after $?\r")
        check(c.expect(rb"echo after \$\?\r\nafter 130\r\n") is not None,
              "and the echo is back without the job saying so",
              c.out[-200:])
        c.expect(re.escape(PROMPT))
        c.send(b"useradd bob\r")
        c.expect(rb"New password: ")
        c.send(b"B0bsPass\r")
        check(c.expect(rb"\A\r\nRetype new password: ") is not None,
              "a tool that asks twice turns the echo off twice", c.out[-200:])
        c.send(b"B0bsPass\r")
        check(c.expect(rb"\A\r\n" + re.escape(PROMPT)) is not None,
              "and shows neither", c.out[-200:])
        c.send(b"su bob\r")
        c.expect(rb"Password: ")
        c.send(b"B0bsPass\r")
        check(c.expect(rb"bob@vyoma:~\$ ") is not None, "su starts bob's shell",
              c.out[-200:])
        c.send(b"su user -c true\r")
        c.expect(rb"Password: ")
        c.send(b"Inn3rPw\r")
        check(c.expect(rb"su: Authentication failure\r\n") is not None,
              "su in su's shell asks too", c.out[-200:])
        c.expect(rb"bob@vyoma:~\$ ")
        c.send(b"echo bob again\r")
        check(c.expect(rb"bob again\r\n.*bob@vyoma:~\$ ") is not None,
              "bob's shell runs the next command", c.out[-200:])
    finally:
        c.close()
    shown = [s for s in secrets if s in c.screen]
    check(not shown, "no password typed was ever on the screen", shown)
    check(b"7700" not in c.screen and b"echo shown again" in c.screen,
          "nor the echo sequence; what is typed at the prompt is",
          c.screen[-300:])
