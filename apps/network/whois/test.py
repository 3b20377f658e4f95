"""whois (apps/network/whois): asks a WHOIS server of the test's own on
loopback (granted to a copy of the app, as a user would add it), and is
refused by a closed port and by its shipped manifest."""
import os
import shutil
import tempfile
import threading

import harness
from command import run_command
from harness import check
from netapps import granted_apps, loopback_listener

ANSWER = (b"% IANA WHOIS server\r\n\r\ndomain:       EXAMPLE.COM\r\n"
          b"organisation: Internet Assigned Numbers Authority\r\n" +
          b"remarks: " + b"x" * 70 + b"\r\n") * 200


def test_whois_asks_a_server_and_reports_failures():
    srv, port = loopback_listener(4)
    got = []

    def serve():
        c, _ = srv.accept()
        data = b""
        while not data.endswith(b"\n"):
            more = c.recv(4096)
            if not more:
                break
            data += more
        got.append(data)
        c.sendall(ANSWER)
        c.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    tmp = tempfile.mkdtemp(prefix="whois-")
    try:
        apps = granted_apps(tmp, "whois", "127.0.0.1:*")
        rc, out, err = run_command(f"whois -h 127.0.0.1 -p {port} example.com"
                                   " extra", apps=apps)
        t.join(10)
        check(got == [b"example.com extra\r\n"],
              "the query, words joined by spaces, ended by CRLF", got)
        check(rc == 0 and out == ANSWER, "the whole answer, byte for byte",
              (rc, out[:200], err))
        srv.close()     # nobody listens there now
        rc, out, err = run_command(f"whois -h 127.0.0.1 -p {port} x",
                                   apps=apps)
        check(rc == 1 and out == b"" and err ==
              f"whois: 127.0.0.1:{port}: Connection refused\n".encode(),
              "a refused connection: a clear error, status 1", (rc, err))
        rc, out, err = run_command("whois -h 127.0.0.1 -p 4343 x",
                                   apps=os.path.join(harness.BUILD, "apps"))
        check(rc == 1 and b"Permission denied (not granted)" in err, "loopback is not in the shipped grant",
              (rc, err))
        for bad, why in (("whois", b"missing query"),
                         ("whois -p 0 x", b"-p takes a port"),
                         ("whois -p 70000 x", b"-p takes a port"),
                         ("whois -z x", b"invalid option")):
            rc, out, err = run_command(bad, apps=apps)
            check(rc == 1 and why in err, f"{bad!r} refused", (rc, err))
        rc, out, err = run_command("whois --help", apps=apps)
        check(rc == 0 and out.startswith(b"Usage: whois"), "--help", out)
    finally:
        srv.close()
        shutil.rmtree(tmp, ignore_errors=True)
