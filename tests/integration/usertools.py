"""The user tools (issue 16): whoami, id, users, passwd, useradd, userdel
and su, run from the host with `--run`, as the user `--user` logs in
(alice: made on first use, an admin, with no password until passwd gives
her one). Every run of a scenario shares one --data directory, so the
users one run makes are there in the next.

Passwords come on stdin: from a pipe, a line each; from a raw terminal
(a pty here, as the serial console and the terminal app are), read
without echo, with the tool as the line discipline (Backspace, Ctrl-U,
escape sequences dropped, Ctrl-C and Ctrl-D to give up). Prompts are on
stderr; the password is never in the output.

Not in run.py's list yet: it needs the supervisor's side of the users
protocol (--user and the users commands). Run it alone with
python3 tests/integration/usertools.py [--build DIR] [-k NAME].
"""
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import tty

sys.path.insert(0, os.path.dirname(__file__))
from harness import check  # noqa: E402
import harness  # noqa: E402

__all__ = ["test_user_tools_usage_and_help",
           "test_whoami_id_and_users_say_who_is_logged_in",
           "test_useradd_su_passwd_and_userdel",
           "test_a_user_who_is_not_an_admin_cannot_manage_users",
           "test_passwords_from_a_raw_terminal_are_not_echoed"]

TOOLS = ("whoami", "id", "users", "passwd", "useradd", "userdel", "su")
PROMPTS_NEW = b"New password: Retype new password: "


class Users:
    """A data directory for a scenario; run() is one `--run` in it."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="vyoma-users-")
        self.data = os.path.join(self.tmp, "data")

    def command(self, line, user):
        """line: one string split at blanks, or a list of words."""
        return [harness.supervisor_binary(), "--apps",
                os.path.join(harness.BUILD, "apps"), "--data", self.data,
                "--user", user, "--run"] + (line if isinstance(line, list) else [line])

    def run(self, line, stdin=b"", user="alice"):
        """(status, stdout, stderr) of one command line run as user."""
        p = subprocess.run(self.command(line, user), input=stdin,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
        return p.returncode, p.stdout, p.stderr

    def run_on_terminal(self, line, typed, user="alice"):
        """The same with a raw pty as stdin, typed already waiting on it;
        also what the tool wrote to the terminal (an echo would be
        there)."""
        master, slave = pty.openpty()
        try:
            tty.setraw(slave)
            os.write(master, typed)
            p = subprocess.run(self.command(line, user), stdin=slave,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=60)
            echoed = b""
            while select.select([master], [], [], 0)[0]:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                echoed += chunk
            return p.returncode, p.stdout, p.stderr, echoed
        finally:
            os.close(master)
            os.close(slave)

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def test_user_tools_usage_and_help():
    """--help and usage errors: GNU's two lines, status 1, nothing
    asked of the supervisor."""
    u = Users()
    for tool in TOOLS:
        rc, out, err = u.run(f"{tool} --help")
        check(rc == 0 and out.startswith(f"Usage: {tool}".encode()) and not err,
              f"{tool} --help prints its usage", out + err)
    for line, why in (("whoami extra", b"extra operand 'extra'"),
                      ("id -u -g", b"cannot print \"only\" of more than one choice"),
                      ("id -n", b"cannot print only names or real IDs"),
                      ("id a b", b"extra operand 'b'"),
                      ("users extra", b"extra operand 'extra'"),
                      ("passwd a b", b"extra operand 'b'"),
                      ("useradd", b"missing user name"),
                      ("useradd -x bob", b"invalid option -- 'x'"),
                      ("userdel", b"missing user name"),
                      ("userdel a b", b"extra operand 'b'"),
                      ("su", b"missing user name"),
                      ("su bob carol", b"extra operand 'carol'")):
        tool = line.split()[0]
        rc, out, err = u.run(line)
        check(rc == 1 and not out and err.startswith(f"{tool}: ".encode()) and
              why in err and f"Try '{tool} --help'".encode() in err,
              f"`{line}` is a usage error", err)
    u.cleanup()


def test_whoami_id_and_users_say_who_is_logged_in():
    u = Users()
    rc, out, err = u.run("whoami")
    check((rc, out) == (0, b"alice\n"), "whoami names the user --user logged in",
          out + err)
    rc, out, err = u.run("id")
    check((rc, out) == (0, b"uid=1000(alice) gid=1000(alice) groups=1000(alice),10(admin)\n"),
          "id: the first user is uid 1000, in her own group and admin", out + err)
    for line, want in (("id -u", b"1000\n"), ("id -un", b"alice\n"),
                       ("id -g", b"1000\n"), ("id -gn", b"alice\n"),
                       ("id -G", b"1000 10\n"), ("id -Gn", b"alice admin\n"),
                       ("id alice", b"uid=1000(alice) gid=1000(alice) "
                        b"groups=1000(alice),10(admin)\n")):
        rc, out, err = u.run(line)
        check((rc, out) == (0, want), f"`{line}` as GNU id", out + err)
    rc, out, err = u.run("id nosuch")
    check(rc == 1 and not out and err == b"id: no such user 'nosuch'\n",
          "an unknown user is the supervisor's error, status 1", out + err)
    rc, out, err = u.run(["id", "a b"])
    check(rc == 1 and not out and b"invalid user name" in err,
          "a name with a blank never reaches the supervisor's command line", err)
    rc, out, err = u.run("users")
    names = out.decode().split()
    check(rc == 0 and out.endswith(b"\n") and out.count(b"\n") == 1 and
          "alice" in names and names == sorted(names),
          "users: the logged-in users' names, sorted, on one line", out + err)
    u.cleanup()


def test_useradd_su_passwd_and_userdel():
    u = Users()
    rc, out, err = u.run("useradd bob", b"secret\nsecret\n")
    check((rc, out, err) == (0, b"", PROMPTS_NEW),
          "useradd asks for the password twice on stderr and says nothing more",
          out + err)
    rc, out, err = u.run("id bob")
    m = re.fullmatch(rb"uid=(\d+)\(bob\) gid=\1\(bob\) groups=\1\(bob\)\n", out)
    check(rc == 0 and m and m.group(1) != b"1000",
          "bob has a uid of his own and is no admin", out + err)
    rc, out, err = u.run("useradd bob", b"secret\nsecret\n")
    check(rc == 1 and err.startswith(PROMPTS_NEW + b"useradd: "),
          "a second bob is refused with the supervisor's reason", err)
    rc, out, err = u.run("useradd carol", b"one\ntwo\n")
    check(rc == 1 and err == PROMPTS_NEW + b"useradd: passwords do not match\n",
          "two passwords that differ are refused before the supervisor is asked", err)
    rc, out, err = u.run("useradd carol", b"\n\n")
    check(rc == 1 and b"useradd: no password given" in err, "so is an empty one", err)
    rc, out, err = u.run("useradd carol", b"one\n")
    check(rc == 1 and b"useradd: no password given" in err,
          "and the end of input before the second", err)
    rc, _, _ = u.run("id carol")
    check(rc == 1, "carol was never made")

    rc, out, err = u.run("su bob -c whoami", b"secret\n")
    check((rc, out, err) == (0, b"bob\n", b"Password: "),
          "su with bob's password runs the command as bob", out + err)
    rc, out, err = u.run(["su", "-", "bob", "-c", "echo $HOME $USER $LOGNAME; pwd"],
                         b"secret\n")
    check((rc, out) == (0, b"/home/bob bob bob\n/home/bob\n"),
          "in bob's home, with HOME, USER and LOGNAME his", out + err)
    rc, out, err = u.run(["su", "bob", "-c", "read line; echo got $line"],
                         b"secret\nnext\n")
    check((rc, out) == (0, b"got next\n"),
          "su reads only the password's line: the rest is the shell's", out + err)
    rc, out, err = u.run(["su", "bob", "--command=exit 3"], b"secret\n")
    check(rc == 3, "su's status is the shell's", str(rc))
    rc, out, err = u.run("su bob -c whoami", b"wrong\n")
    check((rc, out, err) == (1, b"", b"Password: su: Authentication failure\n"),
          "a wrong password is su's Authentication failure, status 1", out + err)
    rc, out, err = u.run("su nosuch -c whoami", b"secret\n")
    check((rc, out, err) == (1, b"", b"Password: su: Authentication failure\n"),
          "so is an unknown user, in the same words", out + err)

    rc, out, err = u.run("passwd", b"secret\nnew1\nnew1\n", user="bob")
    check((rc, out, err) == (0, b"passwd: password updated successfully\n",
                             b"Current password: " + PROMPTS_NEW),
          "bob changes his own password after his current one", out + err)
    rc, out, _ = u.run("su bob -c whoami", b"new1\n")
    check((rc, out) == (0, b"bob\n"), "the new password lets su in", out)
    rc, out, _ = u.run("su bob -c whoami", b"secret\n")
    check(rc == 1 and not out, "the old one no longer does", out)
    rc, out, err = u.run("passwd", b"nope\nx\nx\n", user="bob")
    check(rc == 1 and err.endswith(b"passwd: Authentication token manipulation "
                                   b"error\npasswd: password unchanged\n"),
          "a wrong current password changes nothing (shadow's words)", err)
    rc, out, err = u.run("passwd bob", b"pw2\npw2\n")
    check(rc == 0 and err == PROMPTS_NEW,
          "an admin sets another's password without knowing the current one",
          out + err)
    rc, out, _ = u.run("su bob -c whoami", b"pw2\n")
    check((rc, out) == (0, b"bob\n"), "and it is bob's now", out)

    rc, out, err = u.run("useradd -a -n dave")
    check((rc, out, err) == (0, b"", b""), "useradd -n asks for no password", out + err)
    rc, out, _ = u.run("id -Gn dave")
    check(out == b"dave admin\n", "-a made dave an admin", out)
    rc, out, err = u.run("su dave -c whoami", b"\n")
    check(rc == 1 and b"su: Authentication failure" in err,
          "a locked account cannot be entered with su", out + err)

    for name in ("bob", "dave"):
        rc, out, err = u.run(f"userdel {name}")
        check((rc, out, err) == (0, b"", b""), f"userdel {name}", out + err)
        rc, out, err = u.run(f"id {name}")
        check(rc == 1 and b"no such user" in err, f"{name} is gone", out + err)
    rc, out, err = u.run("userdel nosuch")
    check(rc == 1 and err.startswith(b"userdel: "), "userdel of no one fails", err)
    u.cleanup()


def test_a_user_who_is_not_an_admin_cannot_manage_users():
    u = Users()
    u.run("whoami")  # alice, the first user, an admin
    rc, _, err = u.run("useradd bob", b"secret\nsecret\n")
    check(rc == 0, "alice makes bob, no admin", err)
    rc, out, err = u.run("useradd -n carol", user="bob")
    check(rc == 1 and err == b"useradd: permission denied\n",
          "bob may not add a user, and is told before typing a password", err)
    rc, out, err = u.run("userdel alice", user="bob")
    check(rc == 1 and b"userdel: " in err and b"permission denied" in err,
          "nor remove one", err)
    rc, out, err = u.run("passwd alice", user="bob")
    check(rc == 1 and b"permission denied" in err and b"password:" not in err,
          "nor set another's password", err)
    rc, out, err = u.run("id -un", user="bob")
    check(out == b"bob\n", "bob is still bob", out + err)
    rc, _, _ = u.run("id alice")
    check(rc == 0, "and alice is still there")
    u.cleanup()


def test_passwords_from_a_raw_terminal_are_not_echoed():
    u = Users()
    # ESC [ A (an arrow key) is dropped, two Backspaces erase "bc", one
    # erases the two bytes of an e-acute: "aX". Then Ctrl-U drops "junk".
    typed = b"ab\x1b[Ac\x7f\x7f\xc3\xa9\x7fX\r" + b"junk\x15aX\r"
    rc, out, err, echoed = u.run_on_terminal("useradd erin", typed)
    check((rc, out) == (0, b"") and err == b"New password: \nRetype new password: \n",
          "on a terminal each Enter (CR) ends a password with a newline on stderr",
          out + err)
    check(echoed == b"", "nothing is echoed to the terminal", echoed)
    rc, out, _ = u.run("su erin -c whoami", b"aX\n")
    check((rc, out) == (0, b"erin\n"),
          "the password is what the line discipline made of the keys", out)
    rc, out, err, echoed = u.run_on_terminal("useradd fay", b"ab\x03")
    check(rc == 1 and err == b"New password: \n" and not echoed,
          "Ctrl-C gives up at once", err)
    rc, _, _ = u.run("id fay")
    check(rc == 1, "and makes no user")
    rc, out, err, _ = u.run_on_terminal("su erin -c whoami", b"\x04")
    check(rc == 1 and not out and err == b"Password: \nsu: no password given\n",
          "Ctrl-D gives up too", err)
    u.cleanup()


if __name__ == "__main__":
    sys.exit(harness.run_alone("usertools", __all__, globals()))
